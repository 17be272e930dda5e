"""Benchmark the accountant's pack of a busy quarter: N documents issued in 2026-Q4, each e-invoice with its PDF.

    uv run python benchmarks/bench_accountant_pack.py [--documents 3000] [--keep DIR]

Prints the time of the first pack (renders every PDF, builds, validates and archives every e-invoice)
and of a second pack of the same quarter (reads the archive, sent again), the zip's size and the peak of
Python's memory while packing (tracemalloc): the zip is written straight to its file, never held whole.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.period import Period
from ledgerdesk.einvoice.validate import warm_up
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import company, invoicing
from ledgerdesk.services.accountant_pack import write_pack

NOW = datetime(2027, 1, 5, 9, 0)


def fill(book, documents: int) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        company.save_company(
            s,
            company.CompanyData(
                name="Atelier Janssens",
                street="Kerkstraat 1",
                postcode="9000",
                city="Gent",
                vat="BE0403170701",
                iban="BE71096123456769",
                bic="GKCCBEBB",
                email="info@janssens.be",
                language="nl",
            ),
        )
        customers = [
            company.create_customer(
                s,
                company.CustomerData(
                    name=f"Klant {i}", vat="BE0202239951", street="Markt 5", postcode="2000", city="Antwerpen"
                ),
                today=date(2026, 1, 1),
            ).id
            for i in range(50)
        ]
        for n in range(documents):
            day = date(2026, 10, 1) + timedelta(days=n * 91 // documents)
            lines = [LineInput.of("Werk", 1 + n % 7, "85", unit="h"), LineInput.of("Boek", 1, "25", "6")]
            invoice_id = invoicing.create_draft(s, invoicing.DraftData(customers[n % 50], day, lines), now=NOW)
            invoicing.issue(s, invoice_id, on=day, now=NOW)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-pack-"))
    book = open_book(BookPaths.in_dir(folder / "data"))
    t = time.perf_counter()
    fill(book, args.documents)
    print(f"book of {args.documents} documents in 2026-Q4 built in {time.perf_counter() - t:.1f} s")
    warm_up()
    for resend, run in (
        (False, "first pack (PDFs rendered, e-invoices built, validated and archived)"),
        (True, "second pack (from the archive, sent again)"),
    ):
        target = folder / "pack.zip"
        tracemalloc.start()
        t = time.perf_counter()
        with book.db.transaction() as s:
            pack = write_pack(s, Period.parse("2026-Q4"), target, today=date(2027, 1, 5), now=NOW, resend=resend)
        took = time.perf_counter() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{run}: {took:.1f} s for {len(pack.documents)} documents ({took / len(pack.documents) * 1000:.0f} ms "
            f"each), zip {pack.size / 1e6:.1f} MB, Python memory peak {peak / 1e6:.0f} MB"
        )
    book.close()


if __name__ == "__main__":
    main()
