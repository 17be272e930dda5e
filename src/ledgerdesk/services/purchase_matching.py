"""Money out on imported statements paying the suppliers' bills: booked when certain, else listed for review.

Run on the new lines of every statement import (`bank_import.apply`); a line stays an 'outgoing'
bank line (it is not a receivable), its reason says which bill it paid, and the bill's history
holds the payment with the bank line's id, which is how undoing the import (or the booking)
takes the payment off the bill again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import matching
from ..domain import purchase_matching as rules
from ..domain.errors import DomainError, ValidationError
from ..domain.purchases import PurchaseStatus, status_after_payment
from ..persistence.models import BankLine, Purchase, PurchaseEvent

OPEN = (PurchaseStatus.RECEIVED.value, PurchaseStatus.APPROVED.value)


@dataclass(frozen=True)
class BillPaid:
    line_id: int
    purchase_id: int
    number: str
    amount_cents: int


def open_bills(session: Session) -> list[rules.OpenBill]:
    query = select(
        Purchase.id,
        Purchase.kind,
        Purchase.number,
        Purchase.supplier_id,
        Purchase.iban,
        Purchase.structured_communication,
        Purchase.payable_cents - Purchase.paid_cents,
    ).where(Purchase.status.in_(OPEN), Purchase.payable_cents > Purchase.paid_cents)
    return [rules.OpenBill(*row) for row in session.execute(query)]


def _pay(session: Session, purchase: Purchase, cents: int, line: BankLine, now: datetime) -> None:
    new = status_after_payment(PurchaseStatus(purchase.status), purchase.payable_cents, purchase.paid_cents + cents)
    purchase.paid_cents += cents
    purchase.status = new.value
    if new is PurchaseStatus.PAID:
        purchase.paid_on = line.booking_date
    session.add(
        PurchaseEvent(
            purchase_id=purchase.id,
            at=now,
            on_date=line.booking_date,
            kind="paid",
            detail={"amount_cents": cents, "how": "bank", "bank_line_id": line.id},
        )
    )


def book_outgoing(session: Session, line_ids: Sequence[int], *, now: datetime | None = None) -> list[BillPaid]:
    """Book the certain matches among these bank lines' money out; returns what each paid."""
    if not line_ids:
        return []
    lines = list(
        session.scalars(
            select(BankLine)
            .where(BankLine.id.in_(line_ids), BankLine.amount_cents < 0, BankLine.status == "outgoing")
            .order_by(BankLine.booking_date, BankLine.id)
        )
    )
    if not lines:
        return []
    bills = {b.id: b for b in open_bills(session)}
    if not bills:
        return []
    now = now or datetime.now()
    booked: list[BillPaid] = []
    for line in lines:
        found = rules.match_out(
            rules.OutLine(line.amount_cents, line.ogm, line.communication, line.counterparty_iban, line.end_to_end),
            list(bills.values()),
        )
        if not isinstance(found, rules.Booking):
            continue
        for bill_id, cents in found.allocations:
            purchase = session.get(Purchase, bill_id)
            assert purchase is not None
            _pay(session, purchase, cents, line, now)
            left = bills[bill_id].open_cents - cents
            bills[bill_id] = rules.OpenBill(**{**vars(bills[bill_id]), "open_cents": left})
            booked.append(BillPaid(line.id, bill_id, purchase.number, cents))
        why = matching.because(found.reason, number=found.number)
        line.reason, line.reason_data = why.text(), why.as_json()
    return booked


def book_refunds(session: Session, line_ids: Sequence[int], *, now: datetime | None = None) -> list[BillPaid]:
    """Money in from a supplier refunding a credit note (or its negative balance), booked on the credit notes.

    Only lines that paid no customer invoice are looked at (status review or unmatched); a line booked
    here leaves the customers' review queue: it becomes a non-receivable line (status 'outgoing', the
    bucket of bank lines that are not customers' money) whose reason names the credit note."""
    if not line_ids:
        return []
    lines = list(
        session.scalars(
            select(BankLine)
            .where(BankLine.id.in_(line_ids), BankLine.amount_cents > 0, BankLine.status.in_(("review", "unmatched")))
            .order_by(BankLine.booking_date, BankLine.id)
        )
    )
    if not lines:
        return []
    bills = {b.id: b for b in open_bills(session)}
    if not any(b.kind == "purchase_credit_note" for b in bills.values()):
        return []
    now = now or datetime.now()
    booked: list[BillPaid] = []
    for line in lines:
        found = rules.match_refund(
            rules.OutLine(line.amount_cents, line.ogm, line.communication, line.counterparty_iban, line.end_to_end),
            list(bills.values()),
        )
        if found is None:
            continue
        for bill_id, cents in found.allocations:
            purchase = session.get(Purchase, bill_id)
            assert purchase is not None
            _pay(session, purchase, cents, line, now)
            left = bills[bill_id].open_cents - cents
            bills[bill_id] = rules.OpenBill(**{**vars(bills[bill_id]), "open_cents": left})
            booked.append(BillPaid(line.id, bill_id, purchase.number, cents))
        why = matching.because(found.reason, number=found.number)
        line.status, line.suggestions = "outgoing", []
        line.reason, line.reason_data = why.text(), why.as_json()
    return booked


@dataclass(frozen=True)
class OutgoingRow:
    """Money out that may pay a bill but was not booked: for the user to assign (or leave)."""

    line_id: int
    booking_date: date
    amount_cents: int
    counterparty_name: str
    counterparty_iban: str
    communication: str
    candidates: tuple[int, ...]
    candidate_numbers: tuple[str, ...] = ()


def _live_payments(session: Session, line_ids: Sequence[int] | None = None) -> list[PurchaseEvent]:
    """The bank payments on bills that still count: each 'paid' event from a bank line not undone since
    (the history is append-only: an undo is an event of its own, matched to the payment it undoes)."""
    value = func.json_extract(PurchaseEvent.detail, "$.bank_line_id")
    query = select(PurchaseEvent).where(PurchaseEvent.kind.in_(("paid", "payment_undone")), value.is_not(None))
    if line_ids is not None:
        query = query.where(value.in_(list(line_ids)))
    undone: Counter[tuple[int, int]] = Counter()
    paid: list[PurchaseEvent] = []
    for event in session.scalars(query.order_by(PurchaseEvent.id)):
        key = (event.purchase_id, int(event.detail["bank_line_id"]))
        if event.kind == "payment_undone":
            undone[key] += 1
        else:
            paid.append(event)
    live = []
    for event in reversed(paid):  # the latest payments are the ones an undo took back
        key = (event.purchase_id, int(event.detail["bank_line_id"]))
        if undone[key]:
            undone[key] -= 1
        else:
            live.append(event)
    return live


def _booked_line_ids(session: Session) -> set[int]:
    return {int(e.detail["bank_line_id"]) for e in _live_payments(session)}


def to_review(session: Session) -> list[OutgoingRow]:
    """Outgoing lines to an account of an open bill that no bill was booked from."""
    bills = open_bills(session)
    if not bills:
        return []
    ibans = {b.iban for b in bills if b.iban}
    booked = _booked_line_ids(session)
    rows = []
    for line in session.scalars(
        select(BankLine)
        .where(BankLine.amount_cents < 0, BankLine.status == "outgoing", BankLine.counterparty_iban.in_(ibans))
        .order_by(BankLine.booking_date.desc(), BankLine.id.desc())
    ):
        if line.id in booked:
            continue
        found = rules.match_out(
            rules.OutLine(line.amount_cents, line.ogm, line.communication, line.counterparty_iban, line.end_to_end),
            bills,
        )
        candidates = found.candidates if isinstance(found, rules.Review) else ()
        numbers = {b.id: b.number for b in bills}
        rows.append(
            OutgoingRow(
                line.id,
                line.booking_date,
                line.amount_cents,
                line.counterparty_name,
                line.counterparty_iban,
                line.communication,
                candidates,
                tuple(numbers[i] for i in candidates),
            )
        )
    return rows


def pay_from_line(session: Session, line_id: int, purchase_id: int, *, now: datetime | None = None) -> int:
    """The user's choice: this bank line paid this bill (up to what is left); returns the cents booked."""
    line = session.get(BankLine, line_id)
    purchase = session.get(Purchase, purchase_id)
    if line is None or line.amount_cents >= 0:
        raise DomainError(f"there is no outgoing bank line {line_id}")
    if purchase is None:
        raise DomainError(f"there is no bill {purchase_id}")
    if line_id in _booked_line_ids(session):
        raise DomainError(f"line {line.sequence} already paid a bill; undo that first")
    left = purchase.payable_cents - purchase.paid_cents
    if purchase.status not in OPEN or left <= 0:
        raise ValidationError(f"bill {purchase.number} is already paid")
    cents = min(-line.amount_cents, left)
    _pay(session, purchase, cents, line, now or datetime.now())
    why = matching.because("booked by hand on bill {number}", number=purchase.number)
    line.reason, line.reason_data = why.text(), why.as_json()
    return cents


def undo_for_lines(session: Session, line_ids: Sequence[int], *, on: date, now: datetime | None = None) -> int:
    """Take the payments these bank lines made off their bills (the import or booking is being undone)."""
    if not line_ids:
        return 0
    events = _live_payments(session, line_ids)
    now = now or datetime.now()
    for event in events:
        purchase = session.get(Purchase, event.purchase_id)
        assert purchase is not None
        cents = int(event.detail["amount_cents"])
        purchase.paid_cents -= cents
        if purchase.status == PurchaseStatus.PAID.value:
            purchase.status = PurchaseStatus.APPROVED.value if purchase.approved_on else PurchaseStatus.RECEIVED.value
            purchase.paid_on = None
        session.add(
            PurchaseEvent(
                purchase_id=purchase.id,
                at=now,
                on_date=on,
                kind="payment_undone",
                detail={"amount_cents": cents, "bank_line_id": event.detail["bank_line_id"]},
            )
        )
    return len(events)
