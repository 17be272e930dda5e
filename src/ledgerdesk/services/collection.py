"""Collection work beside letters: call tasks, payment promises, payment plans and disputes.

Each user action is one function and lands in the invoice's history. `holds_for` judges,
as of a date, which invoices a promise, plan or dispute keeps out of the reminder run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.dunning import Message
from ..domain.errors import DomainError, ValidationError
from ..domain.holds import HoldState, Paid, plan_state, promise_state
from ..domain.money import fmt_cents
from ..persistence import queries
from ..persistence.models import (
    Allocation,
    CallTask,
    Collection,
    Customer,
    DirectDebitNotice,
    Dispute,
    Invoice,
    PaymentPlan,
    PaymentPromise,
    PlanInstalment,
    PlanInvoice,
    ReminderLetterItem,
)
from . import history


@dataclass(frozen=True)
class Hold:
    holding: bool
    why: Message | None = None
    broken_on: date | None = None

    @property
    def reason(self) -> str:
        return str(self.why) if self.why else ""


def _invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.kind != "invoice" or not invoice.is_issued:
        raise DomainError(f"there is no issued invoice {invoice_id}")
    return invoice


def _payments(session: Session, invoice_ids: Sequence[int]) -> dict[int, list[Paid]]:
    result: dict[int, list[Paid]] = defaultdict(list)
    if invoice_ids:
        rows = session.execute(
            select(Allocation.invoice_id, Allocation.date, Allocation.amount_cents).where(
                Allocation.invoice_id.in_(invoice_ids)
            )
        )
        for invoice_id, on, cents in rows:
            result[invoice_id].append(Paid(on, cents))
    return result


def _promise_states(session: Session, as_of: date) -> list[tuple[PaymentPromise, HoldState]]:
    promises = list(
        session.scalars(
            select(PaymentPromise)
            .where(PaymentPromise.status != "cancelled", PaymentPromise.made_on <= as_of)
            .order_by(PaymentPromise.made_on, PaymentPromise.id)
        )
    )
    paid = _payments(session, sorted({p.invoice_id for p in promises}))
    return [(p, promise_state(p.made_on, p.promised_date, p.amount_cents, paid[p.invoice_id], as_of)) for p in promises]


def _plan_states(session: Session, as_of: date) -> list[tuple[PaymentPlan, HoldState]]:
    plans = list(
        session.scalars(select(PaymentPlan).where(PaymentPlan.status != "cancelled", PaymentPlan.made_on <= as_of))
    )
    paid = _payments(session, sorted({pi.invoice_id for p in plans for pi in p.invoices}))
    result = []
    for plan in plans:
        payments = [pay for pi in plan.invoices for pay in paid[pi.invoice_id]]
        instalments = [(i.due_date, i.amount_cents) for i in plan.instalments]
        result.append((plan, plan_state(plan.made_on, instalments, payments, as_of)))
    return result


DIRECT_DEBIT_GRACE_DAYS = 7


def holds_for(session: Session, as_of: date) -> dict[int, Hold]:
    """invoice id -> what holds (or escalates) its reminders on `as_of`. Disputes win over the rest."""
    holds: dict[int, Hold] = {}
    for promise, state in _promise_states(session, as_of):
        if state.holding:
            holds[promise.invoice_id] = Hold(
                True,
                Message.of(
                    "payment of {amount} promised by {date}",
                    amount=fmt_cents(promise.amount_cents),
                    date=promise.promised_date.isoformat(),
                ),
            )
        elif state.broken_on is not None and not holds.get(promise.invoice_id, Hold(False)).holding:
            holds[promise.invoice_id] = Hold(False, Message.of("promise broken"), state.broken_on)
        elif state.kept:
            holds.pop(promise.invoice_id, None)
    for plan, state in _plan_states(session, as_of):
        for pi in plan.invoices:
            if state.holding:
                holds[pi.invoice_id] = Hold(
                    True,
                    Message.of("payment plan running until {date}", date=state.until.isoformat()),  # type: ignore[union-attr]
                )
            elif state.broken_on is not None and not holds.get(pi.invoice_id, Hold(False)).holding:
                holds[pi.invoice_id] = Hold(False, Message.of("payment plan broken"), state.broken_on)
    # An invoice announced for direct debit is collected, not reminded, until a week after its collection
    # date (then the collection was forgotten and reminding is right again); once collected it is paid, and
    # once sent back by the bank it is open without a hold.
    waiting = session.execute(
        select(DirectDebitNotice.invoice_id, DirectDebitNotice.collect_on)
        .where(DirectDebitNotice.collect_on >= as_of - timedelta(days=DIRECT_DEBIT_GRACE_DAYS))
        .where(DirectDebitNotice.invoice_id.not_in(select(Collection.invoice_id)))
    )
    for invoice_id, collect_on in waiting:
        holds[invoice_id] = Hold(
            True, Message.of("to be collected by direct debit on {date}", date=collect_on.isoformat())
        )
    disputes = session.scalars(
        select(Dispute)
        .where(Dispute.opened_on <= as_of)
        .where((Dispute.resolved_on.is_(None)) | (Dispute.resolved_on > as_of))
    )
    for dispute in disputes:
        holds[dispute.invoice_id] = Hold(
            True,
            Message.of("disputed since {date}: {reason}", date=dispute.opened_on.isoformat(), reason=dispute.reason),
        )
    return holds


def settle_holds(session: Session, as_of: date) -> None:
    """Mark promises and plans kept or broken once their date has passed, in the invoices' history."""
    for promise, state in _promise_states(session, as_of):
        if promise.status == "open" and (state.kept or state.broken_on is not None):
            promise.status = "kept" if state.kept else "broken"
            promise.settled_on = as_of if state.kept else state.broken_on
            history.record(
                session,
                promise.invoice_id,
                f"promise_{promise.status}",
                promise.settled_on,  # type: ignore[arg-type]
                promised=promise.promised_date.isoformat(),
                amount=fmt_cents(promise.amount_cents),
            )
    for plan, state in _plan_states(session, as_of):
        if plan.status == "open" and (state.kept or state.broken_on is not None):
            plan.status = "kept" if state.kept else "broken"
            plan.settled_on = as_of if state.kept else state.broken_on
            for pi in plan.invoices:
                history.record(session, pi.invoice_id, f"plan_{plan.status}", plan.settled_on, plan=plan.id)  # type: ignore[arg-type]


# --- user actions -------------------------------------------------------------------------------


def add_promise(
    session: Session, invoice_id: int, *, made_on: date, promised_date: date, amount_cents: int, note: str = ""
) -> int:
    invoice = _invoice(session, invoice_id)
    if promised_date < made_on:
        raise ValidationError("a payment promise is for a date after it was made")
    if amount_cents <= 0:
        raise ValidationError("a payment promise is for a positive amount")
    open_now = queries.open_cents(session, invoice_id, made_on)
    if amount_cents > open_now:
        raise ValidationError(f"{invoice.number} has only {fmt_cents(open_now)} open")
    promise = PaymentPromise(
        invoice_id=invoice_id, made_on=made_on, promised_date=promised_date, amount_cents=amount_cents, note=note
    )
    session.add(promise)
    session.flush()
    history.record(
        session,
        invoice_id,
        "promise_made",
        made_on,
        promised=promised_date.isoformat(),
        amount=fmt_cents(amount_cents),
        note=note,
    )
    return promise.id


def cancel_promise(session: Session, promise_id: int, *, on: date) -> None:
    promise = session.get(PaymentPromise, promise_id)
    if promise is None:
        raise DomainError(f"there is no payment promise {promise_id}")
    promise.status = "cancelled"
    history.record(session, promise.invoice_id, "promise_cancelled", on)


def add_plan(
    session: Session,
    invoice_ids: Sequence[int],
    *,
    made_on: date,
    instalments: Sequence[tuple[date, int]],
    note: str = "",
) -> int:
    if not invoice_ids or not instalments:
        raise ValidationError("a payment plan needs invoices and at least one instalment")
    invoices = [_invoice(session, i) for i in invoice_ids]
    if len({i.customer_id for i in invoices}) != 1:
        raise ValidationError("a payment plan covers invoices of one customer")
    if any(cents <= 0 for _, cents in instalments) or any(d < made_on for d, _ in instalments):
        raise ValidationError("instalments are positive amounts dated after the plan is agreed")
    open_total = sum(queries.open_cents(session, i.id, made_on) for i in invoices)
    planned = sum(cents for _, cents in instalments)
    if planned < open_total:
        raise ValidationError(f"the instalments ({fmt_cents(planned)}) must cover the open {fmt_cents(open_total)}")
    plan = PaymentPlan(
        customer_id=invoices[0].customer_id,
        made_on=made_on,
        note=note,
        instalments=[PlanInstalment(due_date=d, amount_cents=c) for d, c in sorted(instalments)],
        invoices=[PlanInvoice(invoice_id=i.id) for i in invoices],
    )
    session.add(plan)
    session.flush()
    for invoice in invoices:
        history.record(
            session,
            invoice.id,
            "plan_agreed",
            made_on,
            plan=plan.id,
            instalments=len(instalments),
            total=fmt_cents(planned),
        )
    return plan.id


def open_dispute(session: Session, invoice_id: int, *, on: date, reason: str) -> int:
    _invoice(session, invoice_id)
    if not reason.strip():
        raise ValidationError("say what the customer disputes")
    dispute = Dispute(invoice_id=invoice_id, opened_on=on, reason=reason.strip())
    session.add(dispute)
    session.flush()
    history.record(session, invoice_id, "disputed", on, reason=reason.strip())
    return dispute.id


def resolve_dispute(session: Session, dispute_id: int, *, on: date, resolution: str = "") -> None:
    dispute = session.get(Dispute, dispute_id)
    if dispute is None or dispute.resolved_on is not None:
        raise DomainError("this dispute is not open")
    dispute.resolved_on, dispute.resolution = on, resolution
    history.record(session, dispute.invoice_id, "dispute_resolved", on, resolution=resolution)


def add_call_task(
    session: Session, customer_id: int, *, due: date, note: str = "", invoice_id: int | None = None, today: date
) -> int:
    if session.get(Customer, customer_id) is None:
        raise DomainError(f"there is no customer {customer_id}")
    task = CallTask(customer_id=customer_id, invoice_id=invoice_id, due_date=due, note=note, created_on=today)
    session.add(task)
    session.flush()
    if invoice_id is not None:
        history.record(session, invoice_id, "call_task", today, due=due.isoformat(), note=note)
    return task.id


def complete_call_task(session: Session, task_id: int, *, on: date, note: str = "") -> None:
    task = session.get(CallTask, task_id)
    if task is None:
        raise DomainError(f"there is no call task {task_id}")
    if task.done:
        raise DomainError("this call is already done")
    task.done, task.done_on = True, on
    if note:
        task.note = f"{task.note}\n{note}".strip()
    invoice_ids = [task.invoice_id] if task.invoice_id is not None else []
    if task.letter_id is not None:  # a call a reminder level asked for: about every invoice of its letter
        invoice_ids += list(
            session.scalars(
                select(ReminderLetterItem.invoice_id)
                .where(ReminderLetterItem.letter_id == task.letter_id)
                .order_by(ReminderLetterItem.position)
            )
        )
    for invoice_id in dict.fromkeys(invoice_ids):
        history.record(session, invoice_id, "called", on, note=note)


def open_disputes_of(session: Session, invoice_id: int) -> list[int]:
    return list(
        session.scalars(select(Dispute.id).where(Dispute.invoice_id == invoice_id, Dispute.resolved_on.is_(None)))
    )


def resolve_disputes_of(session: Session, invoice_id: int, *, on: date, resolution: str = "") -> int:
    """Resolve every open dispute of an invoice (the reminders tab works per invoice)."""
    ids = open_disputes_of(session, invoice_id)
    for dispute_id in ids:
        resolve_dispute(session, dispute_id, on=on, resolution=resolution)
    return len(ids)
