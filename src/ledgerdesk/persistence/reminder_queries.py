"""Read-side queries of the reminder run: reminder history, customer credit and paid counts, grouped in SQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.dunning import Reminded
from . import queries
from .models import Allocation, Delivery, Payment, ReminderLetter, ReminderLetterItem


def reminder_history(session: Session, as_of: date | None = None) -> dict[int, list[Reminded]]:
    """invoice id -> every confirmed reminder of it (date, level, channel, the letter's pay-by date).

    An e-mailed letter that went through the outbox counts from the day it was really sent (the
    consumer waiting period runs from the day after an e-mail); one still waiting in the outbox counts
    as sent on `as_of` at the earliest, so its waiting period has not begun. A letter never put in the
    outbox (printed, or an .eml draft) counts from its date, as before."""
    sent = (
        select(Delivery.letter_id, func.min(Delivery.sent_at).label("sent_at"), func.count().label("n"))
        .where(Delivery.letter_id.is_not(None), Delivery.channel == "email")
        .group_by(Delivery.letter_id)
        .subquery()
    )
    rows = session.execute(
        select(
            ReminderLetterItem.invoice_id,
            ReminderLetter.letter_date,
            ReminderLetterItem.level,
            ReminderLetter.channel,
            ReminderLetter.pay_by,
            sent.c.sent_at,
            sent.c.n,
        )
        .join(ReminderLetter, ReminderLetter.id == ReminderLetterItem.letter_id)
        .outerjoin(sent, sent.c.letter_id == ReminderLetter.id)
    )
    result: dict[int, list[Reminded]] = defaultdict(list)
    for invoice_id, on, level, channel, pay_by, sent_at, deliveries in rows:
        if sent_at is not None:
            on = max(on, sent_at.date())
        elif deliveries and as_of is not None:
            on = max(on, as_of)
        result[invoice_id].append(Reminded(on, level, channel, pay_by))
    return result


def customer_credits(session: Session, as_of: date) -> dict[int, int]:
    """Unallocated money per customer, in one grouped query (same rule as queries.customer_credit_cents)."""
    used = (
        select(Allocation.payment_id, func.sum(Allocation.amount_cents).label("cents"))
        .group_by(Allocation.payment_id)
        .subquery()
    )
    left = func.sum(Payment.amount_cents - func.coalesce(used.c.cents, 0))
    query = (
        select(Payment.customer_id, left)
        .outerjoin(used, used.c.payment_id == Payment.id)
        .where(Payment.customer_id.is_not(None), Payment.amount_cents > 0, Payment.date <= as_of)
        .group_by(Payment.customer_id)
        .having(left > 0)
    )
    # The query keeps only payments with a customer; the check tells the type checker so.
    return {customer_id: int(cents) for customer_id, cents in session.execute(query) if customer_id is not None}


def paid_counts(session: Session, as_of: date) -> dict[int, int]:
    """Paid invoices per customer as of a date (to tell new customers from known good payers)."""
    sub = queries.invoices_query(as_of, status="paid").subquery()
    return {
        cid: int(n) for cid, n in session.execute(select(sub.c.customer_id, func.count()).group_by(sub.c.customer_id))
    }


def payments_of(session: Session, invoice_ids: list[int], as_of: date) -> dict[int, list[tuple[date, int]]]:
    """invoice id -> (date, cents) allocated to it up to `as_of` (for interest on what was owed when)."""
    result: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for chunk in range(0, len(invoice_ids), 500):
        rows = session.execute(
            select(Allocation.invoice_id, Allocation.date, Allocation.amount_cents).where(
                Allocation.invoice_id.in_(invoice_ids[chunk : chunk + 500]), Allocation.date <= as_of
            )
        )
        for invoice_id, on, cents in rows:
            result[invoice_id].append((on, cents))
    return result


def letters_including(session: Session) -> dict[int, list[tuple[str, str]]]:
    """invoice id -> (letter number, the letter's structured communication) of every letter that included it."""
    rows = session.execute(
        select(ReminderLetterItem.invoice_id, ReminderLetter.number, ReminderLetter.structured_communication).join(
            ReminderLetter, ReminderLetter.id == ReminderLetterItem.letter_id
        )
    )
    result: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for invoice_id, number, ogm in rows:
        if ogm:
            result[invoice_id].append((number, ogm))
    return result
