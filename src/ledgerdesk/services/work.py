"""Work delivered: log work slips per customer, the queue not yet invoiced, and one invoice for several slips.

A slip is dated work (hours, materials: the invoice's own line shape) for a customer, optionally taken
from a quote's lines. `invoice_slips` makes one draft invoice of a customer's slips up to a date; the
slips are then locked (a trigger), and freed again if that draft is deleted (SET NULL).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain import quotes as quote_rules
from ..domain import work as rules
from ..domain.document import line_columns, line_of
from ..domain.errors import DomainError
from ..domain.invoicing import LineInput, totals_of
from ..domain.messages import Message
from ..i18n import format_date
from ..persistence.models import Customer, Invoice, Quote, QuoteLine, WorkSlip, WorkSlipLine
from . import invoicing, quotes
from .company import get_company


@dataclass
class SlipData:
    customer_id: int
    day: date
    lines: Sequence[LineInput]
    note: str = ""
    quote_id: int | None = None
    ref: str | None = None
    quote_line_ids: Sequence[int | None] = ()  # per line: the quote line it delivers (from a quote)


@dataclass(frozen=True)
class SlipRow:
    id: int
    day: date
    customer_id: int
    customer: str
    description: str
    net_cents: int
    invoice_id: int | None
    invoice_number: str | None
    quote_number: str | None


@dataclass(frozen=True)
class CustomerWork:
    """Work delivered to one customer and not invoiced yet."""

    customer_id: int
    customer: str
    slips: int
    net_cents: int
    oldest: date


def create_slip(session: Session, data: SlipData, *, now: datetime | None = None) -> int:
    if session.get(Customer, data.customer_id) is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    if not data.lines:
        raise DomainError("a work slip needs at least one line")
    if data.quote_id is not None:
        quote = session.get(Quote, data.quote_id)
        if quote is None or quote.customer_id != data.customer_id:
            raise DomainError("the quote of a work slip must be one of its customer's")
    invoicing._check_regime(get_company(session), data.lines)  # noqa: SLF001 - the one franchise rule
    slip = WorkSlip(
        ref=data.ref,
        customer_id=data.customer_id,
        day=data.day,
        note=data.note.strip(),
        quote_id=data.quote_id,
        net_cents=totals_of(data.lines).net_cents,
        created_at=now or datetime.now(),
        lines=[
            WorkSlipLine(
                **line_columns(line, i),
                net_cents=line.net_cents,
                quote_line_id=data.quote_line_ids[i] if i < len(data.quote_line_ids) else None,
            )
            for i, line in enumerate(data.lines)
        ],
    )
    session.add(slip)
    session.flush()
    return slip.id


def slip_from_quote(
    session: Session,
    quote_id: int,
    *,
    day: date,
    quantities: dict[int, object] | None = None,
    note: str = "",
    now: datetime | None = None,
) -> int:
    """A slip with an accepted quote's lines (all, or some by position from 0 with the quantity delivered);
    invoicing it takes that much of the quote."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise DomainError(f"there is no quote {quote_id}")
    quote_rules.check_convert(quotes.status_of(session, quote_id, day), quote.number)
    wanted = quantities if quantities is not None else {p: None for p in range(len(quote.lines))}
    lines, line_ids = [], []
    for position, quantity in sorted(wanted.items()):
        if not 0 <= position < len(quote.lines):
            raise DomainError(f"quote {quote.number} has no line {position + 1}")
        line = line_of(quote.lines[position])
        if quantity is not None:
            line = replace(line, quantity=Decimal(str(quantity)))
        lines.append(line)
        line_ids.append(quote.lines[position].id)
    data = SlipData(quote.customer_id, day, lines, note, quote_id=quote_id, quote_line_ids=line_ids)
    return create_slip(session, data, now=now)


def delete_slip(session: Session, slip_id: int) -> None:
    slip = session.get(WorkSlip, slip_id)
    if slip is None:
        raise DomainError(f"there is no work slip {slip_id}")
    if slip.invoice_id is not None:
        raise DomainError("an invoiced work slip cannot be deleted")
    session.delete(slip)
    session.flush()


def list_slips(
    session: Session, *, uninvoiced: bool = False, customer_id: int | None = None, until: date | None = None
) -> list[SlipRow]:
    """Work slips, newest first (the queue with `uninvoiced`)."""
    first_line = (
        select(WorkSlipLine.description)
        .where(WorkSlipLine.slip_id == WorkSlip.id)
        .order_by(WorkSlipLine.position)
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(
            WorkSlip.id,
            WorkSlip.day,
            WorkSlip.customer_id,
            Customer.name,
            first_line,
            WorkSlip.net_cents,
            WorkSlip.invoice_id,
            Invoice.number,
            Quote.number,
        )
        .join(Customer, Customer.id == WorkSlip.customer_id)
        .outerjoin(Invoice, Invoice.id == WorkSlip.invoice_id)
        .outerjoin(Quote, Quote.id == WorkSlip.quote_id)
        .order_by(WorkSlip.day.desc(), WorkSlip.id.desc())
    )
    if uninvoiced:
        query = query.where(WorkSlip.invoice_id.is_(None))
    if customer_id is not None:
        query = query.where(WorkSlip.customer_id == customer_id)
    if until is not None:
        query = query.where(WorkSlip.day <= until)
    return [SlipRow(*row) for row in session.execute(query)]


def uninvoiced_by_customer(session: Session, as_of: date | None = None) -> list[CustomerWork]:
    """The queue per customer: slips, net not invoiced and the oldest day, largest first (one SQL query)."""
    query = (
        select(
            WorkSlip.customer_id,
            Customer.name,
            func.count(),
            func.sum(WorkSlip.net_cents),
            func.min(WorkSlip.day),
        )
        .join(Customer, Customer.id == WorkSlip.customer_id)
        .where(WorkSlip.invoice_id.is_(None))
        .group_by(WorkSlip.customer_id, Customer.name)
        .order_by(func.sum(WorkSlip.net_cents).desc())
    )
    if as_of is not None:
        query = query.where(WorkSlip.day <= as_of)
    return [
        CustomerWork(cid, name, int(n), int(net or 0), oldest) for cid, name, n, net, oldest in session.execute(query)
    ]


def uninvoiced_cents(session: Session, as_of: date) -> int:
    """Work delivered up to `as_of` and not invoiced: the KPI and the forecast's share."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(WorkSlip.net_cents), 0)).where(
                WorkSlip.invoice_id.is_(None), WorkSlip.day <= as_of
            )
        )
        or 0
    )


def advances_behind_work(session: Session, as_of: date) -> int:
    """Net of advance invoices not deducted yet of quotes whose work is not invoiced: already revenue, so the
    forecast counts that work less them (the invoice of that work will deduct them)."""
    from ..persistence.models import QuoteAdvance

    quotes_with_work = select(WorkSlip.quote_id).where(
        WorkSlip.invoice_id.is_(None), WorkSlip.day <= as_of, WorkSlip.quote_id.is_not(None)
    )
    query = (
        select(func.coalesce(func.sum(Invoice.net_cents), 0))
        .join(QuoteAdvance, QuoteAdvance.invoice_id == Invoice.id)
        .where(QuoteAdvance.quote_id.in_(quotes_with_work), QuoteAdvance.deducted_in_id.is_(None))
    )
    return int(session.scalar(query) or 0)


def deadline_warning(session: Session, as_of: date) -> Message | None:
    """The warning when last month's work is still not invoiced as the 15th approaches (or has passed)."""
    oldest = session.scalar(select(func.min(WorkSlip.day)).where(WorkSlip.invoice_id.is_(None), WorkSlip.day <= as_of))
    if oldest is None:
        return None
    month_end = rules.invoice_deadline(oldest).replace(day=1)  # the first day of the month after delivery
    amount = int(
        session.scalar(
            select(func.coalesce(func.sum(WorkSlip.net_cents), 0)).where(
                WorkSlip.invoice_id.is_(None), WorkSlip.day < month_end
            )
        )
        or 0
    )
    return rules.deadline_warning(oldest, amount, as_of)


def invoice_slips(
    session: Session, customer_id: int, *, on: date, until: date | None = None, now: datetime | None = None
) -> int:
    """One draft invoice of a customer's slips not invoiced yet, up to `until`; the slips are then locked."""
    slips = list(
        session.scalars(
            select(WorkSlip)
            .where(
                WorkSlip.customer_id == customer_id,
                WorkSlip.invoice_id.is_(None),
                WorkSlip.day <= (until or on),
            )
            .order_by(WorkSlip.day, WorkSlip.id)
        )
    )
    if not slips:
        customer = session.get(Customer, customer_id)
        name = customer.name if customer else str(customer_id)
        raise DomainError(f"{name} has no work delivered that is not invoiced yet")
    language = slips[0].customer.language
    # Work delivered on a quote takes that much of it: checked as any conversion (never twice), and the
    # invoice that takes the rest of a quote deducts its advances.
    position_of = {
        line_id: (quote_id, position)
        for line_id, quote_id, position in session.execute(
            select(QuoteLine.id, QuoteLine.quote_id, QuoteLine.position).where(
                QuoteLine.id.in_([line.quote_line_id for slip in slips for line in slip.lines if line.quote_line_id])
            )
        )
    }
    wanted: dict[int, dict[int, Decimal]] = {}
    for slip in slips:
        for line in slip.lines:
            if line.quote_line_id in position_of:
                quote_id, position = position_of[line.quote_line_id]
                per_line = wanted.setdefault(quote_id, {})
                per_line[position] = per_line.get(position, Decimal(0)) + line.quantity
    takes = [quotes.plan_take(session, quote_id, dict(per_line), on=on) for quote_id, per_line in wanted.items()]
    lines = []
    for slip in slips:
        for line in slip.lines:
            value = line_of(line)
            lines.append(
                LineInput(
                    f"{format_date(slip.day, language)} – {value.description}",
                    value.quantity,
                    value.unit_price,
                    value.vat,
                    value.discount_pct,
                    value.unit,
                )
            )
    for take in takes:
        lines += take.deductions
        quotes.check_final_total(take, lines)
    invoice_id = invoicing.create_draft(
        session,
        invoicing.DraftData(
            customer_id=customer_id,
            issue_date=on,
            lines=lines,
            delivery_date=max(slip.day for slip in slips),
        ),
        now=now,
    )
    for take in takes:
        quotes.record_take(session, take, invoice_id, on=on, now=now)
    session.execute(update(WorkSlip).where(WorkSlip.id.in_([s.id for s in slips])).values(invoice_id=invoice_id))
    session.flush()
    return invoice_id
