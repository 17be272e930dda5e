"""Benchmark the Intervat XML of a busy quarter: N documents issued in 2026-Q3 and M suppliers' bills.

    uv run python benchmarks/bench_intervat.py [--documents 3000] [--bills 600]

The sales go to 300 Belgian VAT customers (21 % and 6 %) and, one in five, to customers in three other
member states (services); the bills are a mix of Belgian ones and the four reverse-charge cases. Prints the
time to compute and write, each checked against the official schemas when they are installed
($LEDGERDESK_INTERVAT_DIR or the user data folder): the VAT return, the EC sales list of the quarter and the
client listing of the year; and each file's size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.period import Period
from ledgerdesk.domain.purchases import BillLine
from ledgerdesk.domain.suppliers import SupplierInput
from ledgerdesk.domain.vat import VatTreatment
from ledgerdesk.intervat import schemas
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import company, invoicing, purchases
from ledgerdesk.services.intervat import write_client_listing, write_ec_sales_list, write_vat_return

NOW = datetime(2026, 10, 5, 9, 0)
EU = ("NL004495445B01", "FR40303265045", "DE136695976")
CASES = (None, "intra_eu_goods", "intra_eu_services", "co_contractor", "import")


def _be(first: int) -> str:
    """A valid Belgian VAT number: eight digits (starting 0), then 97 minus their remainder by 97."""
    return f"BE{first:08d}{97 - first % 97:02d}"


def fill(book, documents: int, bills: int) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        company.save_company(
            s,
            company.CompanyData(
                name="Atelier Janssens",
                street="Kerkstraat 1",
                postcode="9000",
                city="Gent",
                vat="BE0403170701",
                email="info@janssens.be",
                language="nl",
            ),
        )
        belgians = [
            company.create_customer(
                s,
                company.CustomerData(
                    name=f"Klant {i}", vat=_be(2000000 + i * 7919), street="Markt 5", postcode="2000", city="Antwerpen"
                ),
                today=date(2026, 1, 1),
            ).id
            for i in range(300)
        ]
        foreign = [
            company.create_customer(
                s,
                company.CustomerData(
                    name=f"EU {vat}", vat=vat, country=vat[:2], street="Dam 1", postcode="1011", city="Elders"
                ),
                today=date(2026, 1, 1),
            ).id
            for vat in EU
        ]
        for n in range(documents):
            day = date(2026, 7, 1) + timedelta(days=n * 92 // documents)
            if n % 5 == 4:
                lines = [LineInput.of("Advies", 1 + n % 9, "95", "0", unit="h", exemption="eu_services")]
                customer = foreign[n % len(foreign)]
            else:
                lines = [LineInput.of("Werk", 1 + n % 7, "85", unit="h"), LineInput.of("Boek", 1, "25", "6")]
                customer = belgians[n % len(belgians)]
            invoice_id = invoicing.create_draft(s, invoicing.DraftData(customer, day, lines), now=NOW)
            invoicing.issue(s, invoice_id, on=day, now=NOW)
        supplier = purchases.add_supplier(
            s,
            SupplierInput(name="Leverancier", vat="BE0202239951", street="Rue 1", postcode="5000", city="Namur"),
            on=date(2026, 1, 1),
        )[0]
        for n in range(bills):
            case = CASES[n % len(CASES)]
            rate = Decimal(21) if case is None else Decimal(0)
            line = BillLine(LineInput("Aankoop", Decimal(1), Decimal(100 + n % 400), VatTreatment(rate)), "goods")
            draft = purchases.BillDraft(
                supplier,
                f"B-{n}",
                date(2026, 7, 1) + timedelta(days=n * 92 // bills),
                (line,),
                kind=DocumentKind.PURCHASE_INVOICE,
                reverse_charge=case,
            )
            purchases.record_bill(s, draft, on=draft.issue_date, now=NOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--bills", type=int, default=600)
    args = parser.parse_args()
    checked = schemas.installed() is not None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = open_book(BookPaths.in_dir(folder / "book"))
        started = time.perf_counter()
        fill(book, args.documents, args.bills)
        print(f"book: {args.documents} documents, {args.bills} bills in {time.perf_counter() - started:.1f} s")
        print(f"official schemas installed: {checked}")
        quarter = Period.parse("2026-Q3")
        for name, write, what in (
            ("VAT return 2026-Q3", write_vat_return, quarter),
            ("EC sales list 2026-Q3", write_ec_sales_list, quarter),
            ("client listing 2026", write_client_listing, 2026),
        ):
            target = folder / f"{name.replace(' ', '-')}.xml"
            started = time.perf_counter()
            with book.db.reading() as s:
                written = write(s, what, target)  # type: ignore[operator]
            seconds = time.perf_counter() - started
            print(f"{name}: {seconds * 1000:.0f} ms, {written.size} bytes, checked {written.checked}")
        book.close()


if __name__ == "__main__":
    main()
