"""Benchmark: the month's forecast (KPI tab and `kpi`) on a 10-year book with 20,000 quotes and 50,000 work slips.

    uv run python benchmarks/bench_forecast.py [--customers 400] [--quotes 20000] [--slips 50000] [--keep DIR]

Builds the demo book (the lead's generator), adds quotes (a line each; sent, accepted, refused, converted)
and work slips (most invoiced) in bulk, then times the forecast's new parts (work delivered not invoiced,
accepted quotes planned for this month), the whole services.kpis.compute, the quotes list and the work queue; best of
several runs.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, insert, select, update

from ledgerdesk.domain.money import fmt_cents
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Customer, Invoice, Quote, QuoteConversion, QuoteLine, WorkSlip
from ledgerdesk.services import kpis, quotes, work
from ledgerdesk.services.demo import DemoSpec, generate

AS_OF = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0)


def best_ms(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def add_quotes_and_slips(session, n_quotes: int, n_slips: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    customers = session.scalars(select(Customer.id)).all()
    invoices = session.scalars(select(Invoice.id).where(Invoice.kind == "invoice", Invoice.status == "issued")).all()
    first = AS_OF - timedelta(days=3650)
    quote_rows, statuses = [], []
    for i in range(n_quotes):
        day = first + timedelta(days=int(3650 * i / n_quotes))
        net = rng.randint(200, 20_000) * 100
        status = rng.choice(["sent", "accepted", "refused", "converted", "converted"])
        statuses.append(status)
        quote_rows.append(
            {
                "id": i + 1,
                "status": "draft",  # lines first: the book refuses lines on a sent quote
                "customer_id": rng.choice(customers),
                "number": f"Q{day.year}-{i + 1:05d}",
                "number_year": day.year,
                "number_seq": i + 1,
                "issue_date": day,
                "valid_until": day + timedelta(days=30),
                "language": "nl",
                "currency": "EUR",
                "terms": "",
                "notes": "",
                "net_cents": net,
                "vat_cents": net * 21 // 100,
                "total_cents": net + net * 21 // 100,
                "refusal_reason": "",
                "decided_on": day + timedelta(days=rng.randint(1, 25)) if status != "sent" else None,
                # half the accepted and converted quotes are planned, up to two months after the quote
                "planned_month": (day + timedelta(days=rng.randint(0, 60))).strftime("%Y-%m")
                if status in ("accepted", "converted") and rng.random() < 0.5
                else None,
                "created_at": NOW,
            }
        )
    session.execute(insert(Quote), quote_rows)
    session.execute(
        insert(QuoteLine),
        [
            {
                "quote_id": q["id"],
                "position": 0,
                "description": "Werk",
                "quantity": 1,
                "unit": "",
                "unit_price": Decimal(q["net_cents"]) / 100,
                "discount_pct": 0,
                "vat_rate": 21,
                "vat_exemption": None,
                "net_cents": q["net_cents"],
            }
            for q in quote_rows
        ],
    )
    for status in ("sent", "accepted", "refused", "converted"):
        ids = [q["id"] for q, s in zip(quote_rows, statuses, strict=True) if s == status]
        for start in range(0, len(ids), 900):
            session.execute(update(Quote).where(Quote.id.in_(ids[start : start + 900])).values(status=status))
    line_of_quote = dict(session.execute(select(QuoteLine.quote_id, QuoteLine.id)).all())
    session.execute(
        insert(QuoteConversion),
        [
            {
                "quote_line_id": line_of_quote[q["id"]],
                "invoice_id": rng.choice(invoices),
                "quantity": 1,
                "created_at": NOW,
            }
            for q, s in zip(quote_rows, statuses, strict=True)
            if s == "converted"
        ],
    )
    slips = []
    for i in range(n_slips):
        day = first + timedelta(days=int(3650 * i / n_slips))
        recent = (AS_OF - day).days < 45
        slips.append(
            {
                "customer_id": rng.choice(customers),
                "day": day,
                "note": "",
                "invoice_id": None if recent and rng.random() < 0.7 else rng.choice(invoices),
                "net_cents": rng.randint(1, 16) * 5500,
                "created_at": NOW,
            }
        )
    session.execute(insert(WorkSlip), slips)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=400, help="customers of the 10-year demo book")
    parser.add_argument("--years", type=int, default=10)
    # seed 1 of the demo generator breaks the cash limit over 10 years with 400 customers (its own problem)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--quotes", type=int, default=20_000)
    parser.add_argument("--slips", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the book in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp()) / "book"
    paths = BookPaths.in_dir(folder)
    fresh = not paths.book.exists()
    book = open_book(paths)
    if fresh:
        start = time.perf_counter()
        with book.db.transaction() as s:
            generate(s, DemoSpec(years=args.years, customers=args.customers, seed=args.seed, as_of=AS_OF))
            add_quotes_and_slips(s, args.quotes, args.slips)
        print(f"book built in {time.perf_counter() - start:.1f} s")
    with book.db.reading() as s:
        count = {m.__name__: s.scalar(select(func.count()).select_from(m)) for m in (Invoice, Quote, WorkSlip)}
        print(f"{count}")
        month = AS_OF.replace(day=1)
        print(f"work delivered not invoiced (SQL sum)     {best_ms(lambda: work.uninvoiced_cents(s, AS_OF)):7.1f} ms")
        print(
            "quotes accepted this month (SQL sum)     "
            f"{best_ms(lambda: quotes.accepted_to_invoice_cents(s, month, AS_OF)):7.1f} ms"
        )
        print(f"forecast + every KPI (kpis.compute)      {best_ms(lambda: kpis.compute(s, AS_OF)):7.1f} ms")
        print(f"work queue per customer                   {best_ms(lambda: work.uninvoiced_by_customer(s)):7.1f} ms")
        print(f"warning before the 15th                   {best_ms(lambda: work.deadline_warning(s, AS_OF)):7.1f} ms")
        print(
            "quotes list, accepted (status as of)     "
            f"{best_ms(lambda: quotes.list_quotes(s, AS_OF, status=QuoteStatus.ACCEPTED)):7.1f} ms"
        )
        print(f"quotes list, all 20,000                   {best_ms(lambda: quotes.list_quotes(s, AS_OF), 3):7.1f} ms")
        snap = kpis.compute(s, AS_OF)
        print(
            f"forecast {fmt_cents(snap.forecast_month)} = revenue {fmt_cents(snap.revenue_this_month)} + recurring "
            f"{fmt_cents(snap.recurring_to_invoice)} + work {fmt_cents(snap.work_to_invoice)} + quotes "
            f"{fmt_cents(snap.quotes_to_invoice)}"
        )
    book.close()


if __name__ == "__main__":
    main()
