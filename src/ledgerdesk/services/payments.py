"""Registering payments and allocating them to invoices; leftovers are customer credit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from ..domain.cash import check_cash_for_sale, check_cash_payment
from ..domain.errors import DomainError
from ..domain.money import fmt_cents
from ..domain.payments import check_allocation
from ..persistence import queries
from ..persistence.models import Allocation, Customer, Invoice, Payment
from . import history

METHODS = ("cash", "bank", "other")


@dataclass
class PaymentData:
    date: date
    amount_cents: int
    method: str = "cash"
    customer_id: int | None = None
    counterparty_name: str = ""
    counterparty_iban: str = ""
    communication: str = ""
    note: str = ""
    ref: str | None = None


def register_payment(
    session: Session,
    data: PaymentData,
    allocations: Sequence[tuple[int, int]] = (),
    *,
    now: datetime | None = None,
) -> int:
    """Record money received and allocate it to (invoice id, cents) pairs; the rest is credit."""
    if data.method not in METHODS:
        raise DomainError(f"payment method '{data.method}' is not one of cash, bank, other")
    if data.amount_cents == 0:
        raise DomainError("a payment of 0.00 means nothing")
    if data.customer_id is not None and session.get(Customer, data.customer_id) is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    if data.method == "cash" and data.amount_cents > 0:
        check_cash_payment(data.amount_cents)
    payment = Payment(
        date=data.date,
        amount_cents=data.amount_cents,
        method=data.method,
        customer_id=data.customer_id,
        counterparty_name=data.counterparty_name,
        counterparty_iban=data.counterparty_iban,
        communication=data.communication,
        note=data.note,
        ref=data.ref,
        created_at=now or datetime.now(),
    )
    session.add(payment)
    session.flush()
    for invoice_id, cents in allocations:
        allocate(session, payment.id, invoice_id, cents, now=now)
    return payment.id


def allocate(
    session: Session, payment_id: int, invoice_id: int, amount_cents: int, *, now: datetime | None = None
) -> int:
    payment = session.get(Payment, payment_id)
    invoice = session.get(Invoice, invoice_id)
    if payment is None:
        raise DomainError(f"there is no payment {payment_id}")
    if invoice is None or invoice.kind != "invoice" or not invoice.is_issued:
        raise DomainError("a payment can only settle an issued invoice")
    if payment.customer_id is not None and payment.customer_id != invoice.customer_id:
        raise DomainError(f"invoice {invoice.number} belongs to another customer than this payment")
    if payment.amount_cents < 0:
        raise DomainError("an outgoing payment cannot settle an invoice")
    check_allocation(
        amount_cents, queries.open_cents(session, invoice_id), queries.unallocated_cents(session, payment_id)
    )
    if payment.method == "cash":  # at once or in parts: the cash one sale receives stays below the limit
        check_cash_for_sale(invoice.number or "", queries.cash_allocated_cents(session, invoice_id), amount_cents)
    if payment.customer_id is None:
        payment.customer_id = invoice.customer_id
    allocation = Allocation(
        payment_id=payment_id,
        invoice_id=invoice_id,
        amount_cents=amount_cents,
        date=payment.date,
        created_at=now or datetime.now(),
    )
    session.add(allocation)
    session.flush()
    left = queries.open_cents(session, invoice_id)
    history.record(
        session,
        invoice_id,
        "paid" if left == 0 else "partly_paid",
        payment.date,
        at=now,
        payment_id=payment_id,
        amount=fmt_cents(amount_cents),
        method=payment.method,
        open=fmt_cents(left),
    )
    return allocation.id


def unallocate(session: Session, allocation_id: int, *, on: date) -> None:
    """Undo an allocation; the money goes back to the payment's unallocated part."""
    allocation = session.get(Allocation, allocation_id)
    if allocation is None:
        raise DomainError(f"there is no allocation {allocation_id}")
    history.record(
        session,
        allocation.invoice_id,
        "allocation_undone",
        on,
        payment_id=allocation.payment_id,
        amount=fmt_cents(allocation.amount_cents),
    )
    session.delete(allocation)
    session.flush()


def delete_payment(session: Session, payment_id: int, *, on: date) -> None:
    payment = session.get(Payment, payment_id)
    if payment is None:
        raise DomainError(f"there is no payment {payment_id}")
    for allocation in list(payment.allocations):
        unallocate(session, allocation.id, on=on)
    session.delete(payment)
    session.flush()


@dataclass(frozen=True)
class CreditUse:
    """What `use_credit` did: each (payment id, invoice number, cents) allocated, and the credit still left."""

    allocated: tuple[tuple[int, str, int], ...]
    left_cents: int


def use_credit(session: Session, customer_id: int, *, now: datetime | None = None) -> CreditUse:
    """Allocate the customer's unallocated money (a deposit left over after its final invoice, an overpayment)
    to their open invoices, oldest payment to oldest due invoice, each up to what is open. Money received is
    never lost in a payment nobody looks at: this is the user's one action to settle with it."""
    payments = [
        p
        for p in session.query(Payment)
        .filter(Payment.customer_id == customer_id, Payment.amount_cents > 0)
        .order_by(Payment.date, Payment.id)
        if queries.unallocated_cents(session, p.id) > 0
    ]
    invoices = (
        session.query(Invoice)
        .filter(Invoice.customer_id == customer_id, Invoice.kind == "invoice", Invoice.number.is_not(None))
        .order_by(Invoice.due_date, Invoice.issue_date, Invoice.id)
        .all()
    )
    done: list[tuple[int, str, int]] = []
    for invoice in invoices:
        if not invoice.is_issued:
            continue
        for payment in payments:
            open_now = queries.open_cents(session, invoice.id)
            free = queries.unallocated_cents(session, payment.id)
            if open_now <= 0:
                break
            if free <= 0:
                continue
            cents = min(open_now, free)
            allocate(session, payment.id, invoice.id, cents, now=now)
            done.append((payment.id, invoice.number or "", cents))
    return CreditUse(tuple(done), queries.customer_credit_cents(session, customer_id))


def credit_of(session: Session, customer_id: int) -> int:
    """The customer's money received and not allocated to any invoice (their credit with us)."""
    return queries.customer_credit_cents(session, customer_id)
