"""Small builders for reminder stories: customers, invoices with a chosen due date, payments."""

from __future__ import annotations

from datetime import date, timedelta

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.services import company, invoicing, payments


def customer(book, name: str, *, kind: str = "business", language: str = "nl", **extra) -> int:
    vat = extra.pop("vat", "BE0202239951" if kind == "business" else None)
    with book.db.transaction() as s:
        return company.create_customer(
            s,
            company.CustomerData(
                name=name,
                kind=kind,
                language=language,
                vat=vat,
                street=extra.pop("street", "Markt 5"),
                postcode=extra.pop("postcode", "2000"),
                city=extra.pop("city", "Antwerpen"),
                **extra,
            ),
            today=date(2025, 1, 1),
        ).id


def invoice(book, customer_id: int, amount: str, due: date, *, terms: int = 30, what: str = "Werken") -> int:
    """An issued invoice whose total is exactly `amount` (one line at the 0 % rate keeps figures round)."""
    with book.db.transaction() as s:
        draft = invoicing.create_draft(
            s,
            invoicing.DraftData(
                customer_id=customer_id,
                issue_date=due - timedelta(days=terms),
                payment_terms_days=terms,
                lines=[LineInput.of(what, 1, amount, "0")],
            ),
        )
        invoicing.issue(s, draft)
        return draft


def pay(book, invoice_id: int, cents: int, on: date) -> None:
    with book.db.transaction() as s:
        cust = s.get(invoicing.Invoice, invoice_id).customer_id
        payments.register_payment(
            s, payments.PaymentData(date=on, amount_cents=cents, method="bank", customer_id=cust), [(invoice_id, cents)]
        )
