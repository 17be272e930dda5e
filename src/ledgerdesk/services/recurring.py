"""Recurring invoices: templates per customer, what is due, and generating each period exactly once.

Invoices are made through services.invoicing (create_draft, issue), so numbering,
VAT and the franchise rule live in one place. A row per (template, period) with a
UNIQUE key makes generating idempotent: running it twice, or from two windows at
once, never makes a second invoice for a period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain import recurring as schedule
from ..domain.customer_refs import ReferenceRequired
from ..domain.document import line_columns, line_of
from ..domain.errors import DomainError, ValidationError
from ..domain.invoicing import LineInput, totals_of
from ..domain.supply import ServicePeriod
from ..persistence import queries
from ..persistence.models import Customer, Invoice, RecurringLine, RecurringOccurrence, RecurringTemplate
from . import invoicing
from .company import get_company


@dataclass
class TemplateData:
    customer_id: int
    frequency: str
    start_date: date
    lines: Sequence[LineInput]
    end_date: date | None = None
    mode: str = "draft"
    name: str = ""
    payment_terms_days: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class TemplateRow:
    id: int
    name: str
    customer_id: int
    customer: str
    frequency: str
    start_date: date
    end_date: date | None
    next_date: date
    mode: str
    active: bool
    net_cents: int


@dataclass(frozen=True)
class Occurrence:
    """One period of one template that is due (or was generated)."""

    template_id: int
    name: str
    customer_id: int
    customer: str
    period_start: date
    period_end: date
    net_cents: int
    mode: str


@dataclass
class Generated:
    due: list[Occurrence]
    created: list[tuple[Occurrence, int, str | None]] = field(default_factory=list)  # (period, invoice id, number)


def _check(session: Session, data: TemplateData) -> None:
    if session.get(Customer, data.customer_id) is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    if not data.lines:
        raise ValidationError("a recurring invoice needs at least one line")
    if data.mode not in schedule.MODES:
        raise ValidationError(f"mode '{data.mode}' is not one of draft, issued")
    schedule.Schedule(data.start_date, data.frequency, data.end_date)
    for line in data.lines:
        line.check()
    invoicing._check_regime(get_company(session), data.lines)
    if totals_of(data.lines).total_cents <= 0:
        raise ValidationError("a recurring invoice must have a positive total")


def create_template(session: Session, data: TemplateData, *, now: datetime | None = None) -> int:
    _check(session, data)
    template = RecurringTemplate(
        customer_id=data.customer_id,
        name=data.name.strip() or data.lines[0].description,
        frequency=data.frequency,
        start_date=data.start_date,
        end_date=data.end_date,
        next_date=data.start_date,
        mode=data.mode,
        active=True,
        payment_terms_days=data.payment_terms_days,
        notes=data.notes,
        net_cents=totals_of(data.lines).net_cents,
        created_at=now or datetime.now(),
        lines=[RecurringLine(**line_columns(line, i)) for i, line in enumerate(data.lines)],
    )
    session.add(template)
    session.flush()
    return template.id


def set_active(session: Session, template_id: int, active: bool) -> None:
    template = session.get(RecurringTemplate, template_id)
    if template is None:
        raise DomainError(f"there is no recurring invoice {template_id}")
    template.active = active
    session.flush()


def list_templates(session: Session) -> list[TemplateRow]:
    query = (
        select(RecurringTemplate, Customer.name)
        .join(Customer, Customer.id == RecurringTemplate.customer_id)
        .order_by(Customer.name, RecurringTemplate.id)
    )
    return [
        TemplateRow(
            t.id,
            t.name,
            t.customer_id,
            name,
            t.frequency,
            t.start_date,
            t.end_date,
            t.next_date,
            t.mode,
            t.active,
            t.net_cents,
        )
        for t, name in session.execute(query)
    ]


def _periods(
    session: Session, since_by_template: bool, first: date, until: date, *, drafts_count: bool = False
) -> list[Occurrence]:
    """Not-yet-generated periods of active templates with a start in [first or next_date, until].

    With `drafts_count`, a period generated as a draft that is still a draft counts as not invoiced.
    """
    query = (
        select(RecurringTemplate, Customer.name)
        .join(Customer, Customer.id == RecurringTemplate.customer_id)
        .where(RecurringTemplate.active.is_(True), RecurringTemplate.start_date <= until)
        .order_by(RecurringTemplate.id)
    )
    if since_by_template:
        query = query.where(RecurringTemplate.next_date <= until)
    found: list[Occurrence] = []
    for t, customer in session.execute(query):
        since = max(t.next_date, first) if since_by_template else first
        starts = list(schedule.periods(t.start_date, t.frequency, since=since, until=until, end=t.end_date))
        if not starts:
            continue
        made = (
            select(RecurringOccurrence.period_start)
            .outerjoin(Invoice, Invoice.id == RecurringOccurrence.invoice_id)
            .where(RecurringOccurrence.template_id == t.id, RecurringOccurrence.period_start >= starts[0])
        )
        if drafts_count:
            made = made.where((Invoice.status.is_(None)) | (Invoice.status != "draft"))
        done = set(session.scalars(made))
        for start in starts:
            if start in done:
                continue
            n = schedule.index_on_or_after(t.start_date, t.frequency, start)
            end = schedule.period_end(t.start_date, t.frequency, n)
            found.append(Occurrence(t.id, t.name, t.customer_id, customer, start, end, t.net_cents, t.mode))
    found.sort(key=lambda o: (o.period_start, o.template_id))
    return found


def due_occurrences(session: Session, as_of: date) -> list[Occurrence]:
    """Every period that has started by `as_of` and was not generated yet (catch-up included)."""
    return _periods(session, True, date.min, as_of)


def to_invoice_in_month(session: Session, as_of: date) -> list[Occurrence]:
    """Periods starting in as_of's calendar month not invoiced yet: not generated, or still a draft."""
    first = as_of.replace(day=1)
    last = schedule.add_months(first, 1)
    return _periods(session, False, first, date.fromordinal(last.toordinal() - 1), drafts_count=True)


def generate(session: Session, as_of: date, confirm: bool = True, *, now: datetime | None = None) -> Generated:
    """List the due periods; with `confirm`, create their invoices (draft or issued per template).

    Catch-up invoices are dated `as_of` (the day they are really made), never back-dated:
    issued numbers must follow the dates, and the service period says which period each one covers.
    """
    result = Generated(due=due_occurrences(session, as_of))
    if not confirm:
        return result
    for occ in result.due:
        template = session.get(RecurringTemplate, occ.template_id)
        assert template is not None
        try:
            with session.begin_nested():
                marker = RecurringOccurrence(
                    template_id=occ.template_id, period_start=occ.period_start, created_at=now or datetime.now()
                )
                session.add(marker)
                session.flush()
        except IntegrityError:
            continue  # generated meanwhile by another run: idempotent by the unique key
        invoice_id = invoicing.create_draft(
            session,
            invoicing.DraftData(
                customer_id=template.customer_id,
                issue_date=as_of,
                lines=[line_of(line) for line in template.lines],
                payment_terms_days=template.payment_terms_days,
                notes=template.notes,  # the period it covers is its service period, printed in its language
                service_period=ServicePeriod(occ.period_start, occ.period_end),  # BT-73/74
            ),
            now=now,
        )
        marker.invoice_id = invoice_id  # before issuing: issuing looks the template up (direct debit)
        session.flush()
        number = _issue(session, invoice_id, as_of, now) if template.mode == "issued" else None
        n = schedule.index_on_or_after(template.start_date, template.frequency, occ.period_start)
        following = schedule.period_start(template.start_date, template.frequency, n + 1)
        if following > template.next_date:
            template.next_date = following
        result.created.append((occ, invoice_id, number))
    session.flush()
    return result


def mrr_cents(session: Session, as_of: date) -> int:
    """Monthly net of templates active on as_of: monthly + quarterly / 3 + yearly / 12."""
    query = select(RecurringTemplate.net_cents, RecurringTemplate.frequency).where(
        RecurringTemplate.active.is_(True),
        RecurringTemplate.start_date <= as_of,
        (RecurringTemplate.end_date.is_(None)) | (RecurringTemplate.end_date >= as_of),
    )
    return schedule.mrr_cents([(int(net), freq) for net, freq in session.execute(query)])


def _issue(session: Session, invoice_id: int, on: date, now: datetime | None) -> str | None:
    """Issue as the editor does: a customer who receives e-invoices gets a valid one, archived. An
    invoice whose e-invoice would be invalid stays a draft for the user to fix (None), rather than
    being sent broken or stopping the other periods."""
    from .einvoicing import EInvoiceInvalid, issue_with_einvoice

    try:
        return issue_with_einvoice(session, invoice_id, on=on, now=now)
    except (EInvoiceInvalid, ReferenceRequired):  # refused before anything was written
        return None  # (a customer's buyer reference is theirs to give: the draft waits for it)


def customer_choices(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every customer, by name, for the template form."""
    return queries.customer_names(session)
