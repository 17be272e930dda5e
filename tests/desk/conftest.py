"""Fixtures for the desktop app's widgets: a context over a real book, message boxes recorded."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.preferences import Preferences

TODAY = date(2026, 3, 2)


@pytest.fixture
def prefs(tmp_path):
    return Preferences.in_file(tmp_path / "prefs.ini")


@pytest.fixture
def ctx(qapp, book, prefs):
    context = AppContext(book, language="en", today=lambda: TODAY, preferences=prefs)
    yield context
    context.wait_idle()


@pytest.fixture
def messages(monkeypatch):
    """Every warning a widget would show, instead of a blocking message box."""
    shown: list[str] = []
    from ledgerdesk.ui.widgets import feedback

    monkeypatch.setattr(feedback.QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def today():
    return TODAY


def fill_book(book, *, customers: int = 25, invoices: int = 120, today=TODAY) -> None:
    """A small demo-like book through the real services: issued, paid, overdue, credited and drafts."""
    import random
    from datetime import timedelta

    from ledgerdesk.domain.invoicing import LineInput
    from ledgerdesk.services import company, invoicing, payments

    rng = random.Random(7)
    names = ["Bakkerij", "Garage", "Studio", "Brasserie", "Atelier", "Apotheek", "Boekhandel", "Drukkerij"]
    towns = ["Gent", "Antwerpen", "Brugge", "Namur", "Liège", "Leuven", "Hasselt", "Mons"]
    work = [
        ("Consultancy", "95", "21"),
        ("Website maintenance", "450", "21"),
        ("Renovation works", "1250", "6"),
        ("Training day", "780", "21"),
        ("Printed brochures", "2.35", "21"),
        ("Repair", "65", "21"),
    ]
    with book.db.transaction() as s:
        ids = [
            company.create_customer(
                s,
                company.CustomerData(
                    name=f"{rng.choice(names)} {chr(65 + i % 26)}{i}",
                    city=rng.choice(towns),
                    kind="consumer",
                    language=rng.choice(["nl", "fr", "en"]),
                ),
                today=today - timedelta(days=400),
            ).id
            for i in range(customers)
        ]
        for n in range(invoices):
            day = today - timedelta(days=int(360 * (invoices - n) / invoices))
            desc, price, rate = rng.choice(work)
            lines = [LineInput.of(desc, rng.randint(1, 8), price, rate)]
            invoice_id = invoicing.create_draft(
                s, invoicing.DraftData(rng.choice(ids), day, lines, payment_terms_days=30)
            )
            if n >= invoices - 3:
                continue  # a few drafts
            invoicing.issue(s, invoice_id)
            row = s.get(invoicing.Invoice, invoice_id)
            roll = rng.random()
            if roll < 0.6 and day < today - timedelta(days=20):
                payments.register_payment(
                    s,
                    payments.PaymentData(day + timedelta(days=rng.randint(5, 40)), row.total_cents, "bank"),
                    [(invoice_id, row.total_cents)],
                )
            elif roll < 0.65:
                note = invoicing.create_credit_note(s, invoice_id, issue_date=day + timedelta(days=3))
                invoicing.issue(s, note)


@pytest.fixture
def busy_book(book):
    fill_book(book)
    return book
