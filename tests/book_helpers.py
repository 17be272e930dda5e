"""Book helpers for bank and receivables tests: issued invoices with their structured communications."""

from __future__ import annotations

from datetime import date, datetime

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import company as company_service
from ledgerdesk.services import invoicing


def new_customer(session, name: str = "Bakkerij Peeters", language: str = "nl") -> int:
    return company_service.create_customer(
        session, company_service.CustomerData(name=name, language=language), today=date(2026, 1, 1)
    ).id


def issued_invoice(session, customer_id: int, net: str = "100", day: date = date(2026, 1, 10)) -> tuple[int, str, int]:
    """(invoice id, OGM, total cents) of a freshly issued invoice with one 21 % line."""
    invoice_id = invoicing.create_draft(
        session, invoicing.DraftData(customer_id, day, [LineInput.of("Werk", 1, net, "21")]), now=datetime(2026, 1, 1)
    )
    invoicing.issue(session, invoice_id, on=day, now=datetime(2026, 1, 1))
    invoice = session.get(Invoice, invoice_id)
    return invoice_id, invoice.structured_communication, invoice.total_cents
