"""Refused and returned direct debits read from a statement: the invoice reopened, the mandate's sequence corrected.

For each R-transaction the bank reports (banking.sepa_returns, or a debit line whose end-to-end
reference is one of our collections), the collection is found by its end-to-end reference (else by
mandate and amount), its payment is reversed — the invoice is open again and enters the reminder
flow under its customer's rules — the refusal and its reason go in the invoice's history, and the
mandate's next sequence is corrected (a refused first collection makes the next one FRST again).
A return already applied is not applied twice (importing the statement again changes nothing).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..banking.model import BankLine
from ..banking.sepa_returns import DirectDebitReturn
from ..domain import direct_debit as dd
from ..domain import matching
from ..domain.money import fmt_cents
from ..persistence.models import BankLine as BookedLine
from ..persistence.models import Collection, Invoice, Mandate, MandateEvent, Payment
from . import history, payments

_REASON = re.compile(r"\b(" + "|".join(dd.REASONS) + r")\b")


@dataclass(frozen=True)
class Applied:
    """A collection the bank sent back, as the user is told about it."""

    invoice_id: int
    number: str
    customer: str
    amount_cents: int
    reason: str
    reason_text: str
    next_sequence: str


def returned_sentence(tr: Callable[..., str], returned: Applied, amount: str) -> str:
    """What the user is told of a direct debit the bank sent back (the command line and the app alike)."""
    return tr(
        "Direct debit of invoice {number} ({customer}, {amount}) returned by the bank ({reason}: {reason_text}): "
        "the invoice is open again and follows the reminders.",
        number=returned.number,
        customer=returned.customer,
        amount=amount,
        reason=returned.reason,
        reason_text=tr(returned.reason_text),
    )


def from_lines(lines: Iterable[BankLine]) -> list[DirectDebitReturn]:
    """Debit lines whose end-to-end reference names a collection: returns, when the file said no more."""
    found = []
    for line in lines:
        if line.amount_cents < 0 and line.end_to_end:
            reason = _REASON.search(line.communication)
            found.append(
                DirectDebitReturn(
                    end_to_end=line.end_to_end,
                    mandate_reference="",
                    amount_cents=-line.amount_cents,
                    booked_on=line.booking_date,
                    reason=reason.group(1) if reason else "",
                    kind="",
                    source=line.source,
                )
            )
    return found


def _collection(session: Session, item: DirectDebitReturn) -> Collection | None:
    if item.end_to_end:
        found = session.scalar(select(Collection).where(Collection.end_to_end == item.end_to_end))
        if found is not None:
            return found
    if item.mandate_reference:
        return session.scalar(
            select(Collection)
            .join(Mandate, Mandate.id == Collection.mandate_id)
            .where(
                Mandate.reference == item.mandate_reference,
                Collection.amount_cents == item.amount_cents,
                Collection.status == "collected",
            )
            .order_by(Collection.collect_on.desc(), Collection.id.desc())
        )
    return None


def _reverse_payment(session: Session, payment_id: int, on: date) -> None:
    """The collection's payment undone: its allocation first (the invoice's history says so), then the
    payment itself, which was never money of its own (it stood for the collection)."""
    payment = session.get(Payment, payment_id)
    if payment is None:
        return
    for allocation_id in [a.id for a in payment.allocations]:
        payments.unallocate(session, allocation_id, on=on)
    session.expire(payment, ["allocations"])
    session.delete(payment)
    session.flush()


def apply_returns(
    session: Session, items: Iterable[DirectDebitReturn], *, today: date, now: datetime | None = None
) -> list[Applied]:
    """Reverse every collection the bank sent back; returns what was reopened (ignored: unknown or done)."""
    now = now or datetime.now()
    applied: list[Applied] = []
    seen: set[int] = set()
    for item in items:
        collection = _collection(session, item)
        if collection is None or collection.status != "collected" or collection.id in seen:
            continue
        seen.add(collection.id)
        on = item.booked_on or today
        if collection.payment_id is not None:
            _reverse_payment(session, collection.payment_id, on)
        collection.status, collection.reason, collection.returned_on = "returned", item.reason[:4], on
        collection.payment_id = None
        mandate = session.get(Mandate, collection.mandate_id)
        assert mandate is not None
        later = (
            session.scalar(
                select(func.count())
                .select_from(Collection)
                .where(
                    Collection.mandate_id == mandate.id,
                    Collection.status == "collected",
                    Collection.collect_on > collection.collect_on,
                )
            )
            or 0
        )
        state = dd.MandateState(mandate.recurrent, mandate.next_sequence, mandate.revoked_on, mandate.signed_on)
        mandate.next_sequence = dd.after_return(state, collection.sequence, later_collections=later)
        reason_text = dd.reason_text(item.reason)
        invoice = session.get(Invoice, collection.invoice_id)
        assert invoice is not None
        history.record(
            session,
            invoice.id,
            "direct_debit_returned",
            on,
            reason=item.reason or "",
            reason_text=reason_text,
            r_type=item.kind or "return",
            amount=fmt_cents(collection.amount_cents),
            mandate=mandate.reference,
        )
        session.add(
            MandateEvent(
                mandate_id=mandate.id,
                at=now,
                on_date=on,
                kind="returned",
                detail={"invoice": invoice.number, "reason": item.reason, "next_sequence": mandate.next_sequence},
            )
        )
        applied.append(
            Applied(
                invoice.id,
                invoice.number or "",
                invoice.customer.name,
                collection.amount_cents,
                item.reason,
                reason_text,
                mandate.next_sequence,
            )
        )
    session.flush()
    return applied


def apply_statement(
    session: Session, path: Path | None, lines: Iterable[BankLine], *, today: date, now: datetime | None = None
) -> list[Applied]:
    """The returns of a statement just imported: from the file's own R-transaction details, then from its
    debit lines (for a reader that kept only the end-to-end reference)."""
    from ..banking.sepa_returns import returns_in

    if session.scalar(select(func.count()).select_from(Collection)) == 0:
        return []  # no direct debit collected in this book: nothing can come back
    try:
        data = path.read_bytes() if path is not None else None
    except OSError:
        data = None  # read a moment ago by the import; the lines still carry the end-to-end references
    items = returns_in(data) if data else []
    return apply_returns(session, [*items, *from_lines(lines)], today=today, now=now)


@dataclass(frozen=True)
class CollectionCredit:
    """A statement line that is the bank's credit for one collection file."""

    sequence: str
    message_id: str
    invoices: int
    amount_cents: int


CREDIT_WINDOW = (timedelta(days=3), timedelta(days=10))  # booked from shortly before to ten days after the date


def settle_collection_credits(session: Session, line_ids: Iterable[int]) -> list[CollectionCredit]:
    """Set aside the bank's credit for a collection file: it is not a customer's payment (each invoice was
    marked paid by its collection when the file was written), so left unmatched it would sit in the review
    queue and hold a returned invoice from the reminders as "a payment may have arrived". A credit line is
    that file's credit when its end-to-end reference names one of the file's collections, or when its amount
    is the file's total and it was booked around the collection date (one file fitting, never a guess)."""
    if session.scalar(select(func.count()).select_from(Collection)) == 0:
        return []
    lines = list(
        session.scalars(
            select(BookedLine)
            .where(
                BookedLine.id.in_(list(line_ids)),
                BookedLine.status.in_(("unmatched", "review")),
                BookedLine.amount_cents > 0,
            )
            .order_by(BookedLine.id)
        )
    )
    if not lines:
        return []
    ids = [line.id for line in lines]
    files = session.execute(
        select(
            Collection.message_id,
            func.min(Collection.collect_on),
            func.count(),
            func.sum(Collection.amount_cents),
        ).group_by(Collection.message_id)
    ).all()
    by_file = {message: (collect_on, count, total) for message, collect_on, count, total in files}
    references = {line.end_to_end for line in lines if line.end_to_end}
    named = dict(
        session.execute(
            select(Collection.end_to_end, Collection.message_id).where(Collection.end_to_end.in_(references))
        ).all()
    )
    before, after = CREDIT_WINDOW
    taken: set[str] = set()  # files whose credit this statement or an earlier one already showed

    def credited_before(message: str) -> bool:
        return bool(
            session.scalar(
                select(func.count())
                .select_from(BookedLine)
                .where(BookedLine.status == "ignored", BookedLine.reason.contains(message), BookedLine.id.not_in(ids))
            )
        )

    settled: list[CollectionCredit] = []
    for line in lines:
        message = named.get(line.end_to_end) if line.end_to_end else None
        if message is None:
            fits = [
                m
                for m, (collect_on, _, total) in by_file.items()
                if total == line.amount_cents and collect_on - before <= line.booking_date <= collect_on + after
            ]
            fits = [m for m in fits if m not in taken and not credited_before(m)]
            if len(fits) != 1:
                continue
            message = fits[0]
        taken.add(message)
        _, count, total = by_file[message]
        line.status = "ignored"
        why = matching.because(
            "credit of the direct debit collection file {file} ({count} invoices, each marked paid by its collection)",
            file=message,
            count=count,
        )
        line.reason, line.reason_data = why.text(), why.as_json()
        settled.append(CollectionCredit(line.sequence, message, count, line.amount_cents))
    session.flush()
    return settled
