"""Fixtures for the desktop app's widgets: a context over a real book, message boxes recorded."""

from __future__ import annotations

from datetime import date

import pytest
from builders import credit_note, customer, invoice, payment

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
    from ledgerdesk.services import invoicing

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
            customer(
                s,
                f"{rng.choice(names)} {chr(65 + i % 26)}{i}",
                city=rng.choice(towns),
                kind="consumer",
                language=rng.choice(["nl", "fr", "en"]),
                since=today - timedelta(days=400),
            )
            for i in range(customers)
        ]
        for n in range(invoices):
            day = today - timedelta(days=int(360 * (invoices - n) / invoices))
            desc, price, rate = rng.choice(work)
            lines = [LineInput.of(desc, rng.randint(1, 8), price, rate)]
            drafted = n >= invoices - 3  # a few drafts
            invoice_id = invoice(s, rng.choice(ids), day, lines=lines, terms=30, issue=not drafted)
            if drafted:
                continue
            row = s.get(invoicing.Invoice, invoice_id)
            roll = rng.random()
            if roll < 0.6 and day < today - timedelta(days=20):
                paid_on = day + timedelta(days=rng.randint(5, 40))
                payment(s, invoice_id, paid_on, row.total_cents, known_payer=False)
            elif roll < 0.65:
                credit_note(s, invoice_id, day + timedelta(days=3))


@pytest.fixture
def busy_book(book):
    fill_book(book)
    return book
