"""Real UBL documents for the inbox tests: a supplier's own book (Bakkerij Peeters) invoicing our company."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import company as company_service
from ledgerdesk.services import einvoicing, invoicing

OUR_VAT = "BE0403170701"  # Atelier Janssens, the book of tests/conftest.py
SUPPLIER_VAT = "BE0202239951"


def supplier_documents(folder: Path, count: int = 3, *, credit_note: bool = True) -> list[bytes]:
    """`count` invoices (and a credit note on the first) from Bakkerij Peeters to Atelier Janssens, as UBL."""
    book = open_book(BookPaths.in_dir(folder))
    try:
        with book.db.transaction() as s:
            company_service.save_company(
                s,
                company_service.CompanyData(
                    name="Bakkerij Peeters",
                    street="Markt 5",
                    postcode="2000",
                    city="Antwerpen",
                    vat=SUPPLIER_VAT,
                    iban="BE68539007547034",
                    email="info@peeters.be",
                    language="nl",
                ),
            )
            customer = company_service.create_customer(
                s,
                company_service.CustomerData(
                    name="Atelier Janssens",
                    vat=OUR_VAT,
                    street="Kerkstraat 1",
                    postcode="9000",
                    city="Gent",
                    receives_einvoice=True,
                ),
                today=date(2026, 1, 1),
            ).id
        documents = []
        with book.db.transaction() as s:
            ids = []
            for n in range(count):
                day = date(2026, 3, 2 + n)
                draft = invoicing.create_draft(
                    s, invoicing.DraftData(customer, day, [LineInput.of(f"Brood {n + 1}", "3", "12.50", "6")])
                )
                invoicing_number = einvoicing.issue_with_einvoice(s, draft, on=day)
                ids.append((draft, invoicing_number))
            if credit_note:
                note = invoicing.create_credit_note(s, ids[0][0], issue_date=date(2026, 3, 20))
                einvoicing.issue_with_einvoice(s, note, on=date(2026, 3, 20))
                ids.append((note, ""))
            for invoice_id, _number in ids:
                documents.append(einvoicing.export_einvoice(s, invoice_id, on=date(2026, 3, 31)).xml)
        return documents
    finally:
        book.close()
