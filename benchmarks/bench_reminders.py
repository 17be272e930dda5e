"""Benchmark: propose, confirm and render the reminder letters of a 10-year demo book.

Target: 1,000 letters proposed and rendered in under 20 s. Also times the "payment may have
arrived" check on 20,000 open invoices against 2,000 unresolved bank lines.
Run: uv run python benchmarks/bench_reminders.py [--customers 6000] [--data-dir DIR]
A data dir that already holds a book is reused (the demo takes a while to generate).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import reminder_documents, reminders
from ledgerdesk.services.demo import DemoSpec, generate

AS_OF = date(2026, 11, 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=6000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    folder = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    paths = BookPaths.in_dir(folder)
    fresh = not paths.book.exists()
    book = open_book(paths)
    try:
        if fresh:
            started = time.perf_counter()
            with book.db.transaction() as s:
                summary = generate(s, DemoSpec(years=args.years, customers=args.customers, seed=6, as_of=AS_OF))
            print(f"demo book: {summary} in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with book.db.reading() as s:
            proposal = reminders.propose(s, AS_OF, reminders.Edits(override_bank_check=True))
        t_propose = time.perf_counter() - started
        items = sum(len(letter.items) for letter in proposal.letters)
        print(
            f"propose: {len(proposal.letters)} letters, {items} invoices, {len(proposal.skipped)} skipped in {t_propose:.2f} s"
        )

        started = time.perf_counter()
        with book.db.reading() as s:
            docs = reminder_documents.preview_docs(s, proposal.letters, AS_OF)
        t_docs = time.perf_counter() - started
        started = time.perf_counter()
        data = reminder_documents.render(docs)
        t_render = time.perf_counter() - started
        total = t_propose + t_docs + t_render
        print(f"letter data: {t_docs:.2f} s; PDF render: {t_render:.2f} s ({len(data) / 1e6:.1f} MB)")
        print(
            f"propose + render: {total:.2f} s for {len(docs)} letters "
            f"= {1000 * total / max(len(docs), 1):.1f} ms per letter (target: 1,000 letters < 20 s)"
        )

        started = time.perf_counter()
        with book.db.transaction() as s:
            done = reminders.confirm(s, AS_OF, reminders.Edits(override_bank_check=True))
        print(f"confirm: {len(done.letter_ids)} letters recorded in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        with book.db.reading() as s:
            count = reminder_documents.print_batch(s, AS_OF, folder / "batch.pdf")
        print(
            f"print batch of confirmed letters: {count} letters in {time.perf_counter() - started:.2f} s -> {folder / 'batch.pdf'}"
        )
    finally:
        book.close()
    bench_holds()


def bench_holds(invoices: int = 20_000, lines: int = 2_000) -> None:
    """The pure hold rule at a scale beyond any sole trader's review queue."""
    import random

    from ledgerdesk.domain.pending_payments import OpenInvoice, UnresolvedLine, may_have_arrived

    rng = random.Random(15)
    open_items = [
        OpenInvoice(
            i,
            f"{2016 + i % 10}-{i:04d}",
            date(2016 + i % 10, 1, 1),
            rng.randrange(1000, 900000),
            f"{i:012d}",
            ((f"R2026-{i:04d}", f"9{i:011d}"),) if i % 3 == 0 else (),
        )
        for i in range(invoices)
    ]
    unresolved = [
        UnresolvedLine(
            n,
            date(2026, 11, 1),
            rng.randrange(1000, 900000),
            f"payer {n}",
            rng.choice(
                [
                    f"factuur 2024-{rng.randrange(invoices):04d}",
                    "betaling",
                    f"+++{0:03d}/{rng.randrange(10000):04d}/{rng.randrange(100000):05d}+++",
                ]
            ),
            None,
            frozenset({rng.randrange(invoices)}) if n % 4 == 0 else frozenset(),
        )
        for n in range(lines)
    ]
    started = time.perf_counter()
    held = may_have_arrived(open_items, unresolved, AS_OF)
    print(
        f"payment holds: {invoices:,} open invoices x {lines:,} unresolved lines -> {len(held):,} held "
        f"in {1000 * (time.perf_counter() - started):.0f} ms"
    )


if __name__ == "__main__":
    main()
