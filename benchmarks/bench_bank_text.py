"""Benchmark bank import on long free text: one camt.053 Ustrd (or creditor Ref) of 5 KB … 9 MB without spaces.

    uv run python benchmarks/bench_bank_text.py [--sizes 5000,20000,50000,100000,9000000]

Issue 24.1 measured 0.95 s (5 KB), 2.45 s (20 KB), 10.8 s (50 KB), 41.8 s (100 KB) and no end for
9 MB: matching scanned the text with a backtracking pattern. Target: the 100 KB text under 1 s,
time linear in the text. Each figure is the whole import (read, match, book) into a small book.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from ledgerdesk.banking.samples import Stmt, Tx, camt
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import bank_import, company

TODAY = date(2026, 3, 5)


def one_import(folder: Path, text: str, field: str) -> tuple[float, int]:
    book = open_book(BookPaths.in_dir(folder))
    with book.db.transaction() as s:
        company.save_company(
            s,
            company.CompanyData(
                name="Bench",
                street="",
                postcode="",
                city="",
                vat="",
                iban="BE71096123456769",
                bic="",
                email="",
                language="nl",
            ),
        )
    data = camt([Stmt(txs=[Tx(12345, ref="R1", text=text if field == "Ustrd" else "x")])])
    if field == "Ref":  # a creditor reference that is no OGM and no RF: read as text
        data = data.replace(
            b"<RmtInf><Ustrd>x</Ustrd>",
            b"<RmtInf><Strd><CdtrRefInf><Ref>" + text.encode() + b"</Ref></CdtrRefInf></Strd>",
        )
    path = folder / "long.xml"
    path.write_bytes(data)
    start = time.perf_counter()
    with book.db.transaction() as s:
        result = bank_import.import_file(s, path, today=TODAY)
    took = time.perf_counter() - start
    book.close()
    return took, len(result.plan.lines[0].line.notes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5000,20000,50000,100000,1000000,9000000")
    args = parser.parse_args()
    for field in ("Ustrd", "Ref"):
        for size in (int(n) for n in args.sizes.split(",")):
            text = ("2026-0001abc" * (size // 12 + 1))[:size]  # digits and letters, never a space
            with tempfile.TemporaryDirectory() as tmp:
                took, notes = one_import(Path(tmp), text, field)
            print(f"{field:5} {size:>9,} characters: {took:6.3f} s ({notes} cut noted)")


if __name__ == "__main__":
    main()
