"""Read-side rows for the reminders tab: work due (calls, promises, instalments) and reminder history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from string import Formatter
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.messages import Message
from ..persistence.models import (
    CallTask,
    Customer,
    Invoice,
    PaymentPlan,
    PaymentPromise,
    PlanInstalment,
    ReminderLetter,
    ReminderLetterItem,
)

if TYPE_CHECKING:
    from .reminders import Proposal

OFTEN_LETTERS = 3  # letters in the last twelve months that make a customer stand out
WINDOW_DAYS = 7  # promises and instalments falling due this soon are shown as work


@dataclass(frozen=True)
class WorkRow:
    """A call to make or a promise/instalment to check."""

    kind: str  # 'call', 'promise', 'instalment'
    id: int
    due: date
    customer: str
    invoice: str
    amount_cents: int
    note: str


@dataclass(frozen=True)
class CustomerHistoryRow:
    customer_id: int
    customer: str
    letters_12m: int
    letters_total: int
    last_letter: date | None
    highest_level: int

    @property
    def often(self) -> bool:
        return self.letters_12m >= OFTEN_LETTERS


@dataclass(frozen=True)
class InvoiceReminderRow:
    invoice_id: int
    invoice: str
    on: date
    letter: str
    level: int
    channel: str
    open_cents: int
    fee_cents: int
    interest_cents: int


def work_due(session: Session, as_of: date) -> list[WorkRow]:
    rows: list[WorkRow] = []
    calls = session.execute(
        select(CallTask, Customer.name, Invoice.number)
        .join(Customer, Customer.id == CallTask.customer_id)
        .outerjoin(Invoice, Invoice.id == CallTask.invoice_id)
        .where(CallTask.done.is_(False), CallTask.due_date <= as_of)
    )
    for task, name, number in calls:
        rows.append(WorkRow("call", task.id, task.due_date, name, number or "", 0, task.note))
    horizon = as_of + timedelta(days=WINDOW_DAYS)
    promises = session.execute(
        select(PaymentPromise, Customer.name, Invoice.number)
        .join(Invoice, Invoice.id == PaymentPromise.invoice_id)
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(PaymentPromise.status == "open", PaymentPromise.promised_date <= horizon)
    )
    for promise, name, number in promises:
        rows.append(
            WorkRow(
                "promise", promise.id, promise.promised_date, name, number or "", promise.amount_cents, promise.note
            )
        )
    instalments = session.execute(
        select(PlanInstalment, Customer.name)
        .join(PaymentPlan, PaymentPlan.id == PlanInstalment.plan_id)
        .join(Customer, Customer.id == PaymentPlan.customer_id)
        .where(
            PaymentPlan.status == "open",
            PlanInstalment.due_date <= horizon,
            PlanInstalment.due_date >= as_of - timedelta(days=WINDOW_DAYS),
        )
    )
    for instalment, name in instalments:
        rows.append(WorkRow("instalment", instalment.id, instalment.due_date, name, "", instalment.amount_cents, ""))
    return sorted(rows, key=lambda r: (r.due, r.customer))


def customer_history(session: Session, as_of: date) -> list[CustomerHistoryRow]:
    """Letters per customer, most reminded first: who is reminded often stands out."""
    since = as_of - timedelta(days=365)
    recent = func.sum(func.iif(ReminderLetter.letter_date > since, 1, 0))
    query = (
        select(
            Customer.id,
            Customer.name,
            recent,
            func.count(ReminderLetter.id),
            func.max(ReminderLetter.letter_date),
            func.max(ReminderLetter.level),
        )
        .join(ReminderLetter, ReminderLetter.customer_id == Customer.id)
        .where(ReminderLetter.letter_date <= as_of)
        .group_by(Customer.id, Customer.name)
    )
    rows = [
        CustomerHistoryRow(cid, name, int(r or 0), int(total), last, int(level))
        for cid, name, r, total, last, level in session.execute(query)
    ]
    return sorted(rows, key=lambda r: (-r.letters_12m, -r.letters_total, r.customer.casefold()))


def invoice_reminders(
    session: Session, customer_id: int | None = None, invoice_id: int | None = None
) -> list[InvoiceReminderRow]:
    query = (
        select(ReminderLetterItem, ReminderLetter, Invoice.number)
        .join(ReminderLetter, ReminderLetter.id == ReminderLetterItem.letter_id)
        .join(Invoice, Invoice.id == ReminderLetterItem.invoice_id)
    )
    if customer_id is not None:
        query = query.where(ReminderLetter.customer_id == customer_id)
    if invoice_id is not None:
        query = query.where(ReminderLetterItem.invoice_id == invoice_id)
    return [
        InvoiceReminderRow(
            item.invoice_id,
            number or "",
            letter.letter_date,
            letter.number,
            item.level,
            letter.channel,
            item.open_cents,
            item.fee_cents,
            item.interest_cents,
        )
        for item, letter, number in session.execute(query.order_by(ReminderLetter.letter_date.desc(), Invoice.number))
    ]


@dataclass(frozen=True)
class EventRow:
    """One line of an invoice's collection history, as a sentence for the user."""

    on: date
    what: Message


# How each event of the invoice log reads (detail keys as recorded by reminders and collection).
EVENT_TEXTS = {
    "created": "created",
    "issued": "issued",
    "imported": "imported",
    "paid": "paid: {amount}",
    "partly_paid": "part payment of {amount}, {open} still open",
    "allocation_undone": "payment of {amount} taken off",
    "credited": "credited by {credit_note}",
    "einvoice_archived": "e-invoice archived",
    "sent_to_accountant": "sent to the accountant in the pack of {period}",
    "reminded": "reminder {letter}, level {level} by {channel}: open {open}, compensation {fee}, interest {interest}",
    "promise_made": "promised to pay {amount} by {promised}",
    "promise_kept": "promise of {amount} by {promised} kept",
    "promise_broken": "promise of {amount} by {promised} broken",
    "promise_cancelled": "promise cancelled",
    "plan_agreed": "payment plan agreed: {instalments} instalments, {total}",
    "plan_kept": "payment plan kept",
    "plan_broken": "payment plan broken",
    "disputed": "disputed: {reason}",
    "dispute_resolved": "dispute resolved {resolution}",
    "call_task": "call planned for {due} {note}",
    "called": "called {note}",
    "direct_debit_announced": "to be collected by direct debit on {collect_on}, mandate {mandate}",
    "direct_debit_collected": "collected by direct debit: {amount} ({sequence}, mandate {mandate})",
    "direct_debit_returned": "direct debit of {amount} returned by the bank ({reason}): {reason_text}",
    "delivery_queued": "queued for sending by {channel}",
    "delivery_sent": "sent by {channel}: {answer}",
    "delivery_delivered": "delivered by {channel}: {answer}",
    "delivery_failed": "delivery by {channel} failed: {answer}",
    "peppol_delivered": "delivered through Peppol ({provider})",
    "peppol_response": "Peppol response from {sender}: {status} ({code}) {reasons}",
    "tacitly_accepted": "not disputed within {days} days of its delivery on {delivered}: evidence that it was accepted (art. 8.11 §4 Civil Code)",
}


def invoice_events(session: Session, invoice_id: int) -> list[EventRow]:
    """Everything that happened to an invoice: reminders, promises, plans, disputes, calls, payments."""
    from .history import events_of

    rows = []
    for event in events_of(session, invoice_id):
        detail = {k: ("" if v is None else str(v)) for k, v in (event.detail or {}).items()}
        template = EVENT_TEXTS.get(event.kind)
        if template is None:
            rows.append(EventRow(event.on_date, Message.of(event.kind.replace("_", " "))))
            continue
        names = {name for _, name, _, _ in Formatter().parse(template) if name}
        rows.append(EventRow(event.on_date, Message.of(template, **{n: detail.get(n, "") for n in names})))
    return rows


@dataclass(frozen=True)
class TabSnapshot:
    """Everything the reminders tab shows for a date, read in one go (off the UI thread)."""

    proposal: Proposal
    work: list[WorkRow]
    customers: list[CustomerHistoryRow]
    refused: str | None = None  # a hand-made level broke a rule: proposed without the hand-made levels
    missing_rates: tuple = ()  # dunning_setup.MissingRate: semesters charged without their published rate


def tab_snapshot(session: Session, as_of: date, edits, keep_for: Path | None = None) -> TabSnapshot:  # type: ignore[no-untyped-def]
    """`keep_for` (the book's path): a proposal without review edits is kept as the tab's next first page."""
    from dataclasses import replace

    from ..domain.errors import DomainError
    from ..persistence.write_stamp import state_in
    from . import reminder_first_page, reminders

    refused = None
    try:
        proposal = reminders.propose(session, as_of, edits)
    except DomainError as exc:
        refused = str(exc)
        proposal = reminders.propose(session, as_of, replace(edits, levels={}))
    from .dunning_setup import missing_rates

    snapshot = TabSnapshot(
        proposal,
        work_due(session, as_of),
        customer_history(session, as_of),
        refused,
        tuple(missing_rates(session, proposal.warnings)),
    )
    if keep_for is not None and edits == reminders.Edits():
        reminder_first_page.remember(keep_for, proposal, *state_in(session))
    return snapshot
