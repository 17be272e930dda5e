"""Outbox fixtures: a book with customers who have e-mail addresses and issued invoices, and a local SMTP server."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import company as company_service
from ledgerdesk.services import invoicing

from .smtp_server import LocalSmtp


def make_book(folder, invoices: int = 2, *, consumer_email: str = "jan@example.be") -> list[str]:
    """A book in `folder` with a business (Peeters, e-mail) and a consumer (Jan); `invoices` issued invoices
    alternating between them. Returns the invoice numbers. The book is closed again."""
    book = open_book(BookPaths.in_dir(folder))
    try:
        with book.db.transaction() as s:
            company_service.save_company(
                s,
                company_service.CompanyData(
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
            business = company_service.create_customer(
                s,
                company_service.CustomerData(
                    name="Bakkerij Peeters",
                    vat="BE0202239951",
                    street="Markt 5",
                    postcode="2000",
                    city="Antwerpen",
                    email="boekhouding@peeters.be",
                    language="nl",
                ),
                today=date(2026, 1, 1),
            ).id
            consumer = company_service.create_customer(
                s,
                company_service.CustomerData(
                    name="Jan Claes",
                    kind="consumer",
                    street="Veldstraat 3",
                    postcode="9000",
                    city="Gent",
                    email=consumer_email,
                    language="fr",
                ),
                today=date(2026, 1, 1),
            ).id
            numbers = []
            for i in range(invoices):
                customer = business if i % 2 == 0 else consumer
                day = date(2026, 3, 1)
                invoice_id = invoicing.create_draft(
                    s,
                    invoicing.DraftData(customer, day, [LineInput.of(f"Werk {i + 1}", 1, "100", "21")]),
                    now=datetime(2026, 3, 1),
                )
                invoicing.issue(s, invoice_id, on=day, now=datetime(2026, 3, 1))
                numbers.append(s.get(Invoice, invoice_id).number)
        return numbers
    finally:
        book.close()


@pytest.fixture
def smtp():
    server = LocalSmtp()
    yield server
    server.stop()


@pytest.fixture
def memory_keyring():
    """The app reads the mail password from the keyring once the server answers: never the computer's own."""
    import keyring

    from .test_outbox_window import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)
