"""Rejecting a supplier's bill, and telling the supplier through Peppol when the bill came that way.

The rejection and our invoice response (RE, reason OTH with the user's words) are written in the same
transaction, so neither exists without the other; the response is then sent by
`invoice_responses.send_responses`, which never sends one twice (the Inbox sends what is left later).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.db import Database
from ..persistence.models import IncomingDocument, Purchase
from . import invoice_responses, peppol_setup, purchases

REASON_OTHER = "OTH"  # the Peppol status reason "other", with the user's own words


def reject(session: Session, purchase_id: int, reason: str, *, on: date, now: datetime) -> str | None:
    """Reject the bill; when it arrived through Peppol, keep our rejection for the supplier and return
    its number (else None)."""
    purchases.reject_bill(session, purchase_id, reason, on=on, now=now)
    bill = session.get(Purchase, purchase_id)
    if bill is None or not bill.peppol_message_id:
        return None
    incoming = session.scalar(select(IncomingDocument).where(IncomingDocument.message_id == bill.peppol_message_id))
    if incoming is None:
        return None
    prepared = invoice_responses.prepare_response(
        session, incoming.id, "RE", ((REASON_OTHER, reason.strip()),), on=on, now=now
    )
    return prepared.number


def send_kept_responses(db: Database, *, now: datetime) -> list[invoice_responses.SentResponse] | None:
    """Send the responses not yet sent; None when Peppol is not set up (they stay kept until it is)."""
    with db.reading() as session:
        if peppol_setup.access_point_settings(session) is None:
            return None
        access_point = peppol_setup.open_access_point(session)
    return invoice_responses.send_responses(db, access_point, now=now)
