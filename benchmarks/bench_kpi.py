"""Benchmark: every KPI of a 10-year demo book (target < 50 ms), against loading ORM objects and summing in Python.

    uv run python benchmarks/bench_kpi.py [--customers 4000] [--keep DIR]

Builds the demo book once (the lead's generator), then times services.kpis.compute
(the tab's and the CLI's code path) and its parts, best of several runs.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import kpis, recurring
from ledgerdesk.services.demo import DemoSpec, generate

AS_OF = date(2026, 11, 23)


def best_ms(fn, runs: int = 7) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=4000, help="4000 customers ≈ 100,000 invoices over 10 years")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="reuse/keep the book in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp()) / "book"
    paths = BookPaths.in_dir(folder)
    fresh = not paths.book.exists()
    book = open_book(paths)
    if fresh:
        start = time.perf_counter()
        with book.db.transaction() as s:
            summary = generate(s, DemoSpec(years=args.years, customers=args.customers, seed=1, as_of=AS_OF))
        print(f"demo book built in {time.perf_counter() - start:.1f} s: {summary}")
    with book.db.reading() as s:
        n = s.execute(queries.select(queries.func.count()).select_from(queries.Invoice)).scalar()
        print(f"{n} invoices and credit notes")
        print(f"aging, full as-of sums (queries.aging)      {best_ms(lambda: queries.aging(s, AS_OF)):7.1f} ms")
        print(f"aging, open candidates only (kpis.aging)    {best_ms(lambda: kpis.aging(s, AS_OF)):7.1f} ms")
        past = date(2024, 6, 30)
        print(f"aging as of {past} (kpis.aging)         {best_ms(lambda: kpis.aging(s, past)):7.1f} ms")
        print(f"monthly revenue (2 years)    {best_ms(lambda: kpis.revenue_series(s, AS_OF)):7.1f} ms")
        print(f"payer sums (12 months)       {best_ms(lambda: kpis.payer_sums(s, AS_OF)):7.1f} ms")
        print(
            f"MRR + to invoice             {best_ms(lambda: (recurring.mrr_cents(s, AS_OF), recurring.to_invoice_in_month(s, AS_OF))):7.1f} ms"
        )
        print(f"all KPIs, one date           {best_ms(lambda: kpis.compute(s, AS_OF, compare=False)):7.1f} ms")
        total = best_ms(lambda: (kpis.compute(s, AS_OF), kpis.revenue_series(s, AS_OF)))
        print(f"all KPIs + last month + chart series (what the tab shows) {total:7.1f} ms  (target < 50 ms)")

        def orm_way() -> int:
            from ledgerdesk.persistence.models import Invoice

            invoices = s.scalars(queries.select(Invoice).where(Invoice.status == "issued")).all()
            return sum(i.net_cents for i in invoices if i.issue_date.month == AS_OF.month)

        print(f"for contrast: load every invoice as ORM objects and sum in Python {best_ms(orm_way, 1):7.1f} ms")
    book.close()


if __name__ == "__main__":
    main()
