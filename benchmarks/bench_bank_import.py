"""Benchmark bank import: read, match and book a 10,000-line CODA (and camt.053) statement
against a 10-year demo book.

    uv run python benchmarks/bench_bank_import.py [--years 10] [--customers 2000] [--lines 10000]

Target: import and match 10,000 lines in under 2 s on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from ledgerdesk.banking import read_file
from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Company, Invoice, Payment
from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.services import bank_import, bank_review
from ledgerdesk.services.demo import DemoSpec, generate

AS_OF = date(2026, 11, 23)


def statement_lines(session, n: int, rng: random.Random) -> list[Tx]:  # type: ignore[no-untyped-def]
    """A mix like a busy year: OGM payments of open invoices (full and partial), transfers to review
    (known payers, invoice numbers in text), unknown money and outgoing costs."""
    open_rows = list_invoices(session, AS_OF, status="open")
    payers = session.execute(
        select(Payment.counterparty_iban, Payment.counterparty_name)
        .where(Payment.counterparty_iban != "")
        .distinct()
        .limit(500)
    ).all()
    txs: list[Tx] = []
    rng.shuffle(open_rows)
    for row in open_rows[: n // 3]:
        cents = row.open_cents if rng.random() < 0.8 else max(row.open_cents // 2, 1)
        txs.append(Tx(cents, ogm=row.structured_communication, ref=f"OGM{len(txs):06d}", name=row.customer))
    while len(txs) < n:
        kind = rng.random()
        ref = f"B{len(txs):07d}"
        if kind < 0.35 and payers:
            iban, name = rng.choice(payers)
            txs.append(Tx(rng.randint(1000, 500_000), ref=ref, iban=iban, name=name, text="betaling"))
        elif kind < 0.55 and open_rows:
            row = rng.choice(open_rows)
            txs.append(Tx(row.open_cents, ref=ref, text=f"factuur {row.number}"))
        elif kind < 0.75:
            txs.append(Tx(rng.randint(100, 900_000), ref=ref, text="onbekend", name="Iemand"))
        else:
            txs.append(Tx(-rng.randint(100, 200_000), ref=ref, text="kosten"))
    return txs[:n]


def _median(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", help="write a cProfile of the CODA import to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = open_book(BookPaths.in_dir(folder / "data"))
        t = time.perf_counter()
        with book.db.transaction() as s:
            generate(s, DemoSpec(years=args.years, customers=args.customers, seed=1, as_of=AS_OF))
        print(f"demo book: {args.years} years, {args.customers} customers, built in {time.perf_counter() - t:.1f} s")
        with book.db.reading() as s:
            iban = s.get(Company, 1).iban
            invoices = s.scalar(select(func.count()).select_from(Invoice))
            payments = s.scalar(select(func.count()).select_from(Payment))
            txs = statement_lines(s, args.lines, random.Random(7))
            open_count = len(list_invoices(s, AS_OF, status="open"))
        print(f"  {invoices} invoices and credit notes, {payments} payments, {open_count} open invoices")
        for fmt, writer, name in (("CODA", coda, "big.cod"), ("camt.053", camt, "big.xml")):
            # each format against the same book state: import, re-import, then undo
            stmt = Stmt(
                account=iban,
                number="001",
                txs=[
                    Tx(t.amount_cents, ogm=t.ogm, text=t.text, name=t.name, iban=t.iban, ref=t.ref, day=AS_OF)
                    for t in txs
                ],
                day=AS_OF,
            )
            path = folder / name
            path.write_bytes(writer([stmt]))
            statements, problems = read_file(path)
            assert not problems, problems[:3]
            read_s = _median(lambda: read_file(path))  # noqa: B023 - timed within this iteration

            def preview():  # type: ignore[no-untyped-def]
                with book.db.reading() as s:
                    return bank_import.preview_file(s, path, today=AS_OF)  # noqa: B023

            preview_s = _median(preview)
            plan = preview()
            imports, undos, dups = [], [], []
            for run in range(args.repeat):
                # import, re-import (all duplicates), undo: the book is back as it was for the next run
                profiler = None
                if args.profile and fmt == "CODA" and run == 0:
                    import cProfile

                    profiler = cProfile.Profile()
                    profiler.enable()
                t = time.perf_counter()
                with book.db.transaction() as s:
                    result = bank_import.import_file(s, path, today=AS_OF)
                imports.append(time.perf_counter() - t)
                if profiler is not None:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
                t = time.perf_counter()
                with book.db.transaction() as s:
                    again = bank_import.import_file(s, path, today=AS_OF)
                dups.append(time.perf_counter() - t)
                t = time.perf_counter()
                with book.db.transaction() as s:
                    bank_review.undo_import(s, result.batch_id, on=AS_OF)
                undos.append(time.perf_counter() - t)
            total_s = statistics.median(imports)
            print(f"{fmt}: {len(txs)} lines, {path.stat().st_size / 1e6:.1f} MB (medians of {args.repeat} runs)")
            print(f"  read {read_s:.2f} s, read+match (preview) {preview_s:.2f} s")
            print(
                f"  import+match+book {total_s:.2f} s (runs: {', '.join(f'{x:.2f}' for x in imports)}): "
                f"{plan.count('matched')} certain ({len(result.matched)} allocations), {plan.count('review')} to "
                f"review, {plan.count('unmatched')} unmatched, {plan.count('outgoing')} outgoing  "
                f"[target < 2 s: {'OK' if total_s < 2 else 'MISSED'}]"
            )
            print(
                f"  re-import of the same file {statistics.median(dups):.2f} s: {again.plan.duplicates} duplicates, "
                f"{again.plan.new} new"
            )
            print(f"  undo import {statistics.median(undos):.2f} s")
        book.close()


if __name__ == "__main__":
    main()
