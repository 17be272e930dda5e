"""Outbox fixtures: a book with customers who have e-mail addresses and issued invoices, and a local SMTP server."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from builders import customer, invoice, new_book

from ledgerdesk.persistence.models import Invoice

from .smtp_server import LocalSmtp


def make_book(folder, invoices: int = 2, *, consumer_email: str = "jan@example.be") -> list[str]:
    """A book in `folder` with a business (Peeters, e-mail) and a consumer (Jan); `invoices` issued invoices
    alternating between them. Returns the invoice numbers. The book is closed again."""
    book = new_book(folder)
    try:
        with book.db.transaction() as s:
            business = customer(s, email="boekhouding@peeters.be", language="nl", since=date(2026, 1, 1))
            consumer = customer(
                s,
                "Jan Claes",
                kind="consumer",
                street="Veldstraat 3",
                postcode="9000",
                city="Gent",
                email=consumer_email,
                language="fr",
                since=date(2026, 1, 1),
            )
            numbers = []
            for i in range(invoices):
                day, now = date(2026, 3, 1), datetime(2026, 3, 1)
                invoice_id = invoice(s, business if i % 2 == 0 else consumer, day, what=f"Werk {i + 1}", now=now)
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
