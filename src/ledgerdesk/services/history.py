"""The append-only event log of an invoice."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.models import InvoiceEvent


def record(
    session: Session, invoice_id: int, kind: str, on: date, *, at: datetime | None = None, **detail: Any
) -> InvoiceEvent:
    """Append an event to the invoice's history; `at` (default: now) lets a caller given its moment keep it."""
    event = InvoiceEvent(invoice_id=invoice_id, at=at or datetime.now(), on_date=on, kind=kind, detail=detail)
    session.add(event)
    return event


def events_of(session: Session, invoice_id: int) -> list[InvoiceEvent]:
    return list(
        session.scalars(
            select(InvoiceEvent).where(InvoiceEvent.invoice_id == invoice_id).order_by(InvoiceEvent.at, InvoiceEvent.id)
        )
    )
