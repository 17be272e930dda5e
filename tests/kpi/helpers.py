"""Small hand-made books for KPI and recurring tests: invoices, credit notes and payments on given dates."""

from __future__ import annotations

from datetime import date

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.money import to_cents
from ledgerdesk.services import company as company_service
from ledgerdesk.services import invoicing, payments


def customer(s, name: str, terms: int | None = None) -> int:
    return company_service.create_customer(
        s, company_service.CustomerData(name=name, payment_terms_days=terms), today=date(2020, 1, 1)
    ).id


def invoice(s, customer_id: int, on: date, net: str, *, vat: str = "21", terms: int = 30, issue: bool = True) -> int:
    """An invoice of one line `net` excl. VAT, issued on `on` with `terms` days to pay."""
    invoice_id = invoicing.create_draft(
        s,
        invoicing.DraftData(
            customer_id=customer_id, issue_date=on, lines=[LineInput.of("Work", 1, net, vat)], payment_terms_days=terms
        ),
    )
    if issue:
        invoicing.issue(s, invoice_id, on=on)
    return invoice_id


def credit(s, invoice_id: int, on: date, net: str | None = None, *, vat: str = "21") -> int:
    """A credit note, whole invoice or `net` excl. VAT, issued on `on`."""
    lines = None if net is None else [LineInput.of("Correction", 1, net, vat)]
    note_id = invoicing.create_credit_note(s, invoice_id, issue_date=on, lines=lines)
    invoicing.issue(s, note_id, on=on)
    return note_id


def pay(s, invoice_id: int, on: date, amount: str, customer_id: int | None = None) -> int:
    return payments.register_payment(
        s,
        payments.PaymentData(date=on, amount_cents=to_cents(amount), method="bank", customer_id=customer_id),
        [(invoice_id, to_cents(amount))],
    )
