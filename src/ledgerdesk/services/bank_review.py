"""The bank review queue and undo: accept a suggestion, pick invoices by hand (a split), set a line
aside, undo a booking or a whole import; plus the rows the receivables tab lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from ..domain import matching
from ..domain.errors import DomainError
from ..domain.money import fmt_cents
from ..persistence.models import Allocation, BankLine, BankStatement, ImportBatch, Invoice, InvoiceEvent, Payment
from . import payments
from .bank_import import payment_data
from .purchase_matching import undo_for_lines


def _line(session: Session, line_id: int) -> BankLine:
    line = session.get(BankLine, line_id)
    if line is None:
        raise DomainError(f"there is no bank line {line_id}")
    return line


def allocate_line(
    session: Session,
    line_id: int,
    allocations: Sequence[tuple[int, int]],
    *,
    customer_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Book an incoming line by hand: pick invoices and amounts (a split); any rest is customer credit."""
    line = _line(session, line_id)
    if line.amount_cents <= 0:
        raise DomainError("money going out cannot pay an invoice")
    if line.payment_id is not None:
        raise DomainError(f"line {line.sequence} is already booked; undo it first")
    total = sum(cents for _, cents in allocations)
    if total > line.amount_cents:
        raise DomainError(
            f"the amounts chosen ({fmt_cents(total)}) exceed the transfer ({fmt_cents(line.amount_cents)})"
        )
    if customer_id is None and not allocations:
        raise DomainError("choose at least one invoice or a customer to credit")
    line.payment_id = payments.register_payment(session, payment_data(line, customer_id), allocations, now=now)
    line.status = "matched"
    _set_reason(line, matching.because("booked by hand"))
    session.flush()
    return line.payment_id


def _set_reason(line: BankLine, why: matching.Reason) -> None:
    line.reason = why.text()
    line.reason_data = why.as_json()


def accept_suggestion(session: Session, line_id: int, index: int = 0, *, now: datetime | None = None) -> int:
    line = _line(session, line_id)
    if not 0 <= index < len(line.suggestions or []):
        raise DomainError(f"line {line.sequence} has no suggestion {index + 1}")
    suggestion = line.suggestions[index]
    payment_id = allocate_line(
        session, line_id, [tuple(a) for a in suggestion["allocations"]], customer_id=suggestion["customer_id"], now=now
    )
    _set_reason(line, matching.because("suggestion accepted") + matching.Reason.from_json(suggestion.get("why", [])))
    return payment_id


def ignore_line(session: Session, line_id: int, reason: str = "") -> None:
    """Not a customer payment (a loan, a transfer between own accounts): keep it visible, out of the queue."""
    line = _line(session, line_id)
    if line.payment_id is not None:
        raise DomainError(f"line {line.sequence} is booked; undo it first")
    line.status = "ignored"
    why = matching.because("set aside: {note}", note=reason) if reason else matching.because("set aside by hand")
    _set_reason(line, why)


def _delete_payment(session: Session, payment_id: int, *, on: date) -> None:
    """Unallocate (history keeps a trace) and remove a payment.

    Not `payments.delete_payment`: it leaves the unallocated rows in the payment's
    collection, so the delete-orphan cascade deletes them a second time.
    """
    payment = session.get(Payment, payment_id)
    if payment is None:
        return
    for allocation in list(payment.allocations):
        payments.unallocate(session, allocation.id, on=on)
    session.expire(payment, ["allocations"])
    session.delete(payment)
    session.flush()


def undo_allocation(session: Session, allocation_id: int, *, on: date) -> None:
    """Undo one allocation; its money stays on the payment as customer credit. A bank line booked by that
    payment keeps its booking and says what was undone, so its reason stays true."""
    allocation = session.get(Allocation, allocation_id)
    if allocation is None:
        raise DomainError(f"there is no allocation {allocation_id}")
    payment_id, cents = allocation.payment_id, allocation.amount_cents
    number = session.scalar(select(Invoice.number).where(Invoice.id == allocation.invoice_id)) or ""
    payments.unallocate(session, allocation_id, on=on)
    line = session.scalar(select(BankLine).where(BankLine.payment_id == payment_id))
    if line is not None:
        why = matching.Reason.from_json(line.reason_data or []) + matching.because(
            "allocation of {amount} to invoice {number} undone; it stays as customer credit",
            amount=fmt_cents(cents),
            number=number,
        )
        _set_reason(line, why)


def remove_payment(session: Session, payment_id: int, *, on: date) -> None:
    """Delete a payment registered by hand (cash, other) with its allocations; a bank line's payment is undone
    through its line, which then goes back to the review queue."""
    line = session.scalar(select(BankLine).where(BankLine.payment_id == payment_id))
    if line is not None:
        raise DomainError(
            f"this payment is bank statement {line.statement_number} line {line.sequence}; "
            f"undo that booking in the review queue instead"
        )
    if session.get(Payment, payment_id) is None:
        raise DomainError(f"there is no payment {payment_id}")
    _delete_payment(session, payment_id, on=on)


def undo_line(session: Session, line_id: int, *, on: date) -> None:
    """Undo every allocation of a booked line and remove its payment; the line goes back to review."""
    line = _line(session, line_id)
    if line.payment_id is None:
        if line.status == "ignored":
            line.status = "review" if line.suggestions else "unmatched"
            return
        raise DomainError(f"line {line.sequence} is not booked")
    payment_id = line.payment_id
    line.payment_id = None
    line.status = "review" if line.suggestions else "unmatched"
    _set_reason(line, matching.because("booking undone"))
    session.flush()
    _delete_payment(session, payment_id, on=on)


def undo_import(session: Session, batch_id: int, *, on: date, now: datetime | None = None) -> int:
    """Remove an import and all it booked, unless work done by hand since depends on it; returns lines removed."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise DomainError(f"there is no import {batch_id}")
    by_hand = session.execute(
        select(BankLine.sequence)
        .where(
            BankLine.batch_id == batch_id,
            BankLine.payment_id.is_not(None),
            (BankLine.reason == "booked by hand") | BankLine.reason.startswith("suggestion accepted"),
        )
        .limit(1)
    ).scalar()
    later = session.execute(
        select(BankLine.sequence)
        .join(Allocation, Allocation.payment_id == BankLine.payment_id)
        .where(BankLine.batch_id == batch_id, Allocation.created_at > batch.imported_at)
        .limit(1)
    ).scalar()
    if by_hand or later:
        raise DomainError(
            f"line {by_hand or later} of this import was booked by hand afterwards; undo that booking first"
        )
    ids = list(
        session.scalars(
            select(BankLine.payment_id).where(BankLine.batch_id == batch_id, BankLine.payment_id.is_not(None))
        )
    )
    now = now or datetime.now()
    events = [
        {
            "invoice_id": invoice_id,
            "at": now,
            "on_date": on,
            "kind": "allocation_undone",
            "detail": {"payment_id": payment_id, "amount": fmt_cents(cents), "import": batch_id},
        }
        for invoice_id, payment_id, cents in session.execute(
            select(Allocation.invoice_id, Allocation.payment_id, Allocation.amount_cents).where(
                Allocation.payment_id.in_(ids)
            )
        )
    ]
    if events:
        session.execute(insert(cast(Table, InvoiceEvent.__table__)), events)
    session.execute(delete(Allocation).where(Allocation.payment_id.in_(ids)))
    session.execute(update(BankLine).where(BankLine.batch_id == batch_id).values(payment_id=None))
    session.execute(delete(Payment).where(Payment.id.in_(ids)))
    # Bills the import's money out paid are open again (services.purchase_matching).
    undo_for_lines(session, list(session.scalars(select(BankLine.id).where(BankLine.batch_id == batch_id))), on=on)
    count = session.scalar(select(func.count()).select_from(BankLine).where(BankLine.batch_id == batch_id)) or 0
    session.execute(delete(BankLine).where(BankLine.batch_id == batch_id))
    session.execute(delete(BankStatement).where(BankStatement.batch_id == batch_id))
    session.execute(delete(ImportBatch).where(ImportBatch.id == batch_id))
    session.expunge_all()  # rows deleted in bulk must not linger in the identity map
    return int(count)


@dataclass(frozen=True)
class Proposal:
    """One stored suggestion of a line: invoices and amounts, for whom, and why."""

    allocations: tuple[tuple[int, int], ...]
    customer_id: int
    score: int
    why: matching.Reason


@dataclass(frozen=True)
class BankLineRow:
    id: int
    booking_date: date
    amount_cents: int
    counterparty: str
    communication: str
    status: str
    reason: str
    suggestions: int
    reason_data: tuple = ()
    proposals: tuple[Proposal, ...] = ()  # the suggestions themselves, best first
    ogm: str | None = None  # the structured communication the line carried (12 digits), if any

    def explain(self, translate: Callable[[str], str], amount: Callable[[str], str] | None = None) -> str:
        """The reason in the reader's language (stored templates), else the stored English text."""
        if not self.reason_data:
            return self.reason
        return matching.Reason.from_json(self.reason_data).text(translate, amount)


def bank_lines(
    session: Session, *, statuses: Sequence[str] = ("review", "unmatched"), limit: int = 5000
) -> list[BankLineRow]:
    """Bank lines as frozen rows for lists (the review queue by default), newest first. A status may be
    `matching.REFUND`: money in booked on a supplier's credit note, which `outgoing` (money out) leaves out."""
    stored = [s for s in statuses if s not in ("outgoing", matching.REFUND)]
    wanted: ColumnElement[bool] = BankLine.status.in_(stored)
    if "outgoing" in statuses:
        wanted = or_(wanted, and_(BankLine.status == "outgoing", BankLine.amount_cents <= 0))
    if matching.REFUND in statuses:
        wanted = or_(wanted, and_(BankLine.status == "outgoing", BankLine.amount_cents > 0))
    query = select(BankLine).where(wanted).order_by(BankLine.booking_date.desc(), BankLine.id)
    return [
        BankLineRow(
            line.id,
            line.booking_date,
            line.amount_cents,
            line.counterparty_name or line.counterparty_iban,
            line.communication,
            matching.shown_status(line.status, line.amount_cents),
            line.reason,
            len(line.suggestions or []),
            tuple(tuple(part) for part in (line.reason_data or [])),
            tuple(
                Proposal(
                    tuple(tuple(a) for a in sug["allocations"]),
                    sug["customer_id"],
                    sug.get("score", 0),
                    matching.Reason.from_json(sug.get("why", [])),
                )
                for sug in (line.suggestions or [])
            ),
            line.ogm,
        )
        for line in session.scalars(query.limit(limit))
    ]


@dataclass(frozen=True)
class BatchRow:
    id: int
    file_name: str
    imported_on: date
    new_lines: int
    duplicate_lines: int


def import_batches(session: Session) -> list[BatchRow]:
    """Every import, newest first, for the 'undo import' choice."""
    return [
        BatchRow(b.id, b.file_name, b.imported_on, b.new_lines, b.duplicate_lines)
        for b in session.scalars(select(ImportBatch).order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc()))
    ]
