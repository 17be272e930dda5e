"""Grouped payment references: one structured communication standing for several invoices
(a reminder letter asks for a grouped total). Bank matching treats an exact match like an
invoice's own OGM and spreads the money over the invoices, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import references
from ..domain.errors import DomainError
from ..persistence.models import Invoice, PaymentReference, PaymentReferenceItem


def register(session: Session, reference: str, invoice_ids: Sequence[int], *, on: date, source: str = "") -> str:
    """Record that `reference` pays these issued invoices; returns the 12 bare digits."""
    digits = references.validate(reference)
    if not invoice_ids:
        raise DomainError("a grouped reference needs at least one invoice")
    if session.get(PaymentReference, digits) is not None:
        raise DomainError(f"structured communication {references.format(digits)} is already in use")
    if session.scalar(select(Invoice.id).where(Invoice.structured_communication == digits)) is not None:
        raise DomainError(f"structured communication {references.format(digits)} is an invoice's own")
    found = {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_(list(invoice_ids))))}
    for invoice_id in invoice_ids:
        invoice = found.get(invoice_id)
        if invoice is None or invoice.kind != "invoice" or not invoice.is_issued:
            raise DomainError(f"invoice {invoice_id} is not an issued invoice")
    if len({i.customer_id for i in found.values()}) != 1:
        raise DomainError("a grouped reference covers invoices of one customer")
    session.add(PaymentReference(reference=digits, created_on=on, source=source))
    session.flush()
    session.add_all(
        [
            PaymentReferenceItem(reference=digits, invoice_id=invoice_id, position=n)
            for n, invoice_id in enumerate(invoice_ids)
        ]
    )
    session.flush()
    return digits


def invoices_of(session: Session, reference: str) -> list[int]:
    return list(
        session.scalars(
            select(PaymentReferenceItem.invoice_id)
            .where(PaymentReferenceItem.reference == references.compact(reference))
            .order_by(PaymentReferenceItem.position)
        )
    )
