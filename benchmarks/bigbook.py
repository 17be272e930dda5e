"""A large synthetic book for benchmarks: N customers and M issued invoices over some years, bulk-inserted.

Used until (and besides) the demo generator: rows go straight in with executemany,
consistent with the schema (numbers, structured communications, lines, payments).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from ledgerdesk.domain import references
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Allocation, Customer, Invoice, InvoiceLine, Payment
from ledgerdesk.services.company import CompanyData, save_company


def make_big_book(
    folder: Path,
    *,
    invoices: int = 50_000,
    customers: int = 2_000,
    years: int = 10,
    as_of: date = date(2026, 11, 1),
    seed: int = 1,
) -> BookPaths:
    paths = BookPaths.in_dir(folder)
    if paths.book.exists():
        return paths
    rng = random.Random(seed)
    now = datetime(2026, 1, 1)
    with open_book(paths) as book, book.db.transaction() as s:
        save_company(s, CompanyData(name="Bench BV", vat="BE0403170701", iban="BE71096123456769"))
        s.execute(
            insert(Customer),
            [
                {
                    "id": i + 1,
                    "name": f"Customer {i:05d} {rng.choice(['BV', 'NV', 'VOF', 'SRL'])}",
                    "city": rng.choice(["Gent", "Namur", "Brugge", "Liège"]),
                    "created_on": as_of - timedelta(days=years * 365),
                }
                for i in range(customers)
            ],
        )
        start = as_of - timedelta(days=years * 365)
        span = (as_of - start).days
        rows, lines, pays, allocs = [], [], [], []
        per_year: dict[int, int] = {}
        for n in range(invoices):
            day = start + timedelta(days=span * n // invoices)
            seq = per_year[day.year] = per_year.get(day.year, 0) + 1
            net = rng.randint(50, 5000) * 100
            vat = net * 21 // 100
            rows.append(
                {
                    "id": n + 1,
                    "kind": "invoice",
                    "status": "draft",
                    "customer_id": rng.randint(1, customers),
                    "number": f"{day.year}-{seq:05d}",
                    "number_year": day.year,
                    "number_seq": seq,
                    "issue_date": day,
                    "due_date": day + timedelta(days=30),
                    "payment_terms_days": 30,
                    "language": "nl",
                    "structured_communication": references.for_document(day.year, references.INVOICE, seq),
                    "net_cents": net,
                    "vat_cents": vat,
                    "total_cents": net + vat,
                    "created_at": now,
                    "issued_at": now,
                }
            )
            lines.append(
                {
                    "invoice_id": n + 1,
                    "position": 0,
                    "description": "Service",
                    "quantity": "1",
                    "unit_price": f"{net // 100}.00",
                    "vat_rate": "21",
                    "net_cents": net,
                }
            )
            if day < as_of - timedelta(days=60) and rng.random() < 0.9:
                pays.append(
                    {
                        "id": len(pays) + 1,
                        "date": day + timedelta(days=20),
                        "amount_cents": net + vat,
                        "method": "bank",
                        "customer_id": rows[-1]["customer_id"],
                        "created_at": now,
                    }
                )
                allocs.append(
                    {
                        "payment_id": len(pays),
                        "invoice_id": n + 1,
                        "amount_cents": net + vat,
                        "date": day + timedelta(days=20),
                        "created_at": now,
                    }
                )
        s.execute(insert(Invoice), rows)
        s.execute(insert(InvoiceLine), lines)
        # Lines first, then issue: the schema's triggers refuse lines on an issued invoice.
        s.execute(text("UPDATE invoices SET status = 'issued'"))
        s.execute(insert(Payment), pays)
        s.execute(insert(Allocation), allocs)
    return paths
