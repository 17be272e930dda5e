"""Purchases benchmark: importing 1,000 UBL purchase invoices, a pain.001 for 500 bills, the cash-flow view and the
purchase KPIs on a 10-year book (benchmarks/bigbook.py) with 10 years of bills. Prints its figures.

    uv run python benchmarks/bench_purchases.py [--imports 1000] [--bills 500] [--book-bills 6000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bigbook import make_big_book  # noqa: E402
from purchases.supplier_ubl import invoice as supplier_invoice  # noqa: E402

from ledgerdesk.domain.invoicing import LineInput  # noqa: E402
from ledgerdesk.domain.purchases import BillLine  # noqa: E402
from ledgerdesk.domain.suppliers import SupplierInput  # noqa: E402
from ledgerdesk.domain.vat import VatTreatment  # noqa: E402
from ledgerdesk.einvoice.validate import warm_up  # noqa: E402
from ledgerdesk.paths import BookPaths  # noqa: E402
from ledgerdesk.persistence.book import open_book  # noqa: E402
from ledgerdesk.sepa import schema  # noqa: E402
from ledgerdesk.services import company as company_service  # noqa: E402
from ledgerdesk.services import purchase_kpis, purchases  # noqa: E402
from ledgerdesk.services.purchase_import import import_ubl  # noqa: E402
from ledgerdesk.services.purchase_payments import payment_file  # noqa: E402

AS_OF = date(2026, 11, 1)


def _company(book) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        company_service.save_company(
            s,
            company_service.CompanyData(
                name="Bench BV", street="Kerkstraat 1", postcode="9000", city="Gent", vat="BE0403170701",
                iban="BE71096123456769", bic="GKCCBEBB",
            ),
        )  # fmt: skip


def bench_imports(folder: Path, count: int) -> None:
    book = open_book(BookPaths.in_dir(folder))
    _company(book)
    # A Belgian supplier's Peppol BIS invoice, two lines at 21 % and 6 % (OpenPeppol's examples are not shipped).
    files = [supplier_invoice(f"INV-{i:05d}") for i in range(count)]
    warm_up()
    started = time.perf_counter()
    for i, data in enumerate(files):
        with book.db.transaction() as s:  # one user action per file, as the command and the drop do
            import_ubl(s, data, name=f"INV-{i:05d}.xml", on=AS_OF)
    took = time.perf_counter() - started
    print(
        f"import {count} UBL purchase invoices (validated: XSD, EN 16931, Peppol): {took:.1f} s, {took / count * 1000:.1f} ms each"
    )
    book.close()


def bench_payment_file(folder: Path, count: int) -> None:
    book = open_book(BookPaths.in_dir(folder))
    _company(book)
    rng = random.Random(2)
    with book.db.transaction() as s:
        suppliers = [
            purchases.add_supplier(
                s,
                SupplierInput(
                    name=f"Leverancier {n} & Zonen", iban="BE71096123456769", street=f"Stationsstraat {n}",
                    postcode="2000", city="Antwerpen",
                ),
                on=AS_OF,
            )[0]
            for n in range(50)
        ]  # fmt: skip
        ids = []
        for i in range(count):
            line = BillLine(
                LineInput("x", Decimal(1), Decimal(rng.randint(100, 500_000)) / 100, VatTreatment(Decimal(21)))
            )
            recorded = purchases.record_bill(
                s, purchases.BillDraft(suppliers[i % 50], f"B-{i}", AS_OF, (line,)), on=AS_OF
            )
            purchases.approve_bill(s, recorded.id, "Ann", on=AS_OF)
            ids.append(recorded.id)
    started = time.perf_counter()
    with book.db.transaction() as s:
        made = payment_file(s, ids, execution_date=AS_OF, now=datetime(2026, 11, 1, 9))
    took = time.perf_counter() - started
    t0 = time.perf_counter()
    assert schema.problems(made.xml, "pain.001.001.09") == ()
    xsd = time.perf_counter() - t0
    print(
        f"pain.001.001.09 for {count} bills: {took * 1000:.0f} ms (XSD check included; alone {xsd * 1000:.0f} ms), {len(made.xml) // 1024} KiB"
    )
    book.close()


def bench_cash_flow(folder: Path, bills: int) -> None:
    paths = make_big_book(folder / "big", as_of=AS_OF)
    book = open_book(paths)
    rng = random.Random(3)
    with book.db.transaction() as s:
        supplier_ids = [
            purchases.add_supplier(s, SupplierInput(name=f"S{n}", iban="BE71096123456769", city="Gent"), on=AS_OF)[0]
            for n in range(100)
        ]
        codes = [c.code for c in purchases.categories(s)]
        start = date(2016, 11, 1)
        for i in range(bills):
            day = start + timedelta(days=rng.randint(0, (AS_OF - start).days))
            line = BillLine(
                LineInput("x", Decimal(1), Decimal(rng.randint(1000, 300_000)) / 100, VatTreatment(Decimal(21))),
                rng.choice(codes),
            )
            recorded = purchases.record_bill(
                s, purchases.BillDraft(rng.choice(supplier_ids), f"C-{i}", day, (line,)), on=day
            )
            if day < AS_OF - timedelta(days=60):
                purchases.mark_paid(s, recorded.id, on=day + timedelta(days=20))
    for label, fn in (
        ("cash-flow view (8 weeks)", purchase_kpis.cash_flow),
        ("all purchase KPIs", purchase_kpis.compute),
    ):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            with book.db.reading() as s:
                fn(s, AS_OF)
            times.append(time.perf_counter() - t0)
        print(f"{label} on a 10-year book (50,000 invoices, {bills} bills): median {sorted(times)[2] * 1000:.0f} ms")
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--imports", type=int, default=1000)
    parser.add_argument("--bills", type=int, default=500)
    parser.add_argument("--book-bills", type=int, default=6000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_payment_file(folder / "pay", args.bills)
        bench_cash_flow(folder, args.book_bills)
        bench_imports(folder / "imports", args.imports)


if __name__ == "__main__":
    main()
