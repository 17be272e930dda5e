"""KPIs of a book as of a date, summed in SQL: the one code path behind the KPI tab and `ledgerdesk kpi`.

Nothing here loads invoices as objects: revenue is one grouped sum per month;
outstanding and aging sum, as of the date, only the invoices still open then
(receivable_closings, kept by triggers), and fall back to persistence.queries.aging
when the triggers are missing (tests check both give the same figures); payment
behaviour is one grouped sum per customer. Definitions live in domain.kpis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Integer, and_, case, cast, func, literal, literal_column, or_, select, table
from sqlalchemy.orm import Session, aliased

from ..domain import kpis as k
from ..domain.aging import bucket_for
from ..domain.aging import empty as empty_buckets
from ..domain.messages import Message
from ..persistence import queries
from ..persistence.models import Allocation, Customer, Invoice, ReceivableClosing
from ..persistence.models.kpi import TRIGGERS
from . import quotes, recurring, work
from .company import int_setting
from .purchase_list import bills_due

OVERDUE_THRESHOLD_KEY = "kpi.overdue_threshold_cents"


@dataclass(frozen=True)
class Series:
    """Monthly net revenue for the chart: 12 values for this year (None after as_of's month) and last year."""

    year: int
    this_year: tuple[int | None, ...]
    last_year: tuple[int, ...]


def _signed(column):  # type: ignore[no-untyped-def]
    """Invoices count positive, credit notes negative."""
    return case((Invoice.kind == "credit_note", -column), else_=column)


def monthly_revenue(session: Session, first: date, last: date) -> dict[str, int]:
    """'YYYY-MM' -> net revenue (invoices − credit notes) of issued documents dated in [first, last]."""
    month = func.substr(Invoice.issue_date, 1, 7)
    query = (
        select(month, func.sum(_signed(Invoice.net_cents)))
        .where(Invoice.status == "issued", Invoice.issue_date >= first, Invoice.issue_date <= last)
        .group_by(month)
    )
    return {ym: int(cents or 0) for ym, cents in session.execute(query)}


def invoiced_incl_vat(session: Session, first: date, last: date) -> int:
    query = select(func.coalesce(func.sum(_signed(Invoice.total_cents)), 0)).where(
        Invoice.status == "issued", Invoice.issue_date >= first, Invoice.issue_date <= last
    )
    return int(session.scalar(query) or 0)


def first_issue_date(session: Session) -> date | None:
    """The date of the book's first issued invoice or credit note (None: nothing issued yet)."""
    return session.scalar(select(func.min(Invoice.issue_date)).where(Invoice.status == "issued"))


def revenue_series(session: Session, as_of: date) -> Series:
    months = monthly_revenue(session, date(as_of.year - 1, 1, 1), as_of)
    this = tuple(months.get(f"{as_of.year:04d}-{m:02d}", 0) if m <= as_of.month else None for m in range(1, 13))
    last = tuple(months.get(f"{as_of.year - 1:04d}-{m:02d}", 0) for m in range(1, 13))
    return Series(as_of.year, this, last)


def closings_trusted(session: Session) -> bool:
    """The receivable_closings triggers are all in place (a table rebuild by a later migration would drop them)."""
    names: Sequence[str] = session.scalars(
        select(literal_column("name")).select_from(table("sqlite_master")).where(literal_column("type") == "trigger")
    ).all()
    return set(TRIGGERS) <= set(names)


def _credited_by(as_of: date):  # type: ignore[no-untyped-def]
    cn = aliased(Invoice)
    return (
        select(func.coalesce(func.sum(cn.total_cents), 0))
        .where(
            cn.credited_invoice_id == Invoice.id,
            cn.kind == "credit_note",
            cn.status == "issued",
            cn.issue_date <= as_of,
        )
        .correlate(Invoice)
        .scalar_subquery()
    )


def _settled_by(as_of: date, column=None):  # type: ignore[no-untyped-def]
    return (
        select(func.coalesce(func.sum(Allocation.amount_cents), 0) if column is None else func.max(column))
        .where(Allocation.invoice_id == Invoice.id, Allocation.date <= as_of)
        .correlate(Invoice)
        .scalar_subquery()
    )


def _unindexed(column):  # type: ignore[no-untyped-def]
    """`+table.column`: the same value, but SQLite will not drive the query from an index on it."""
    return literal_column(f"+{column.table.name}.{column.name}", type_=column.type)


def aging(session: Session, as_of: date) -> dict[str, int]:
    """Outstanding per aging bucket as of a date; the same figures as persistence.queries.aging.

    Only invoices still open on as_of are summed: never closed, or closed after it (receivable_closings),
    each with its allocations and credit notes dated up to as_of. Without the triggers, the full query.
    """
    if not closings_trusted(session):
        return queries.aging(session, as_of)
    rc = ReceivableClosing
    open_c = Invoice.total_cents - _settled_by(as_of) - _credited_by(as_of)
    # IN (candidates) makes SQLite start from the few open candidates, not from every invoice.
    candidates = select(rc.invoice_id).where((rc.closed_on.is_(None)) | (rc.closed_on > as_of))
    query = select(Invoice.due_date, open_c).where(
        Invoice.id.in_(candidates),
        # Unary + keeps SQLite from scanning an index of all invoices instead of looking up the candidates
        # (without statistics it guesses wrong): 52 → 9 ms for 3,300 open of 100,000 invoices.
        _unindexed(Invoice.kind) == "invoice",
        _unindexed(Invoice.status) == "issued",
        _unindexed(Invoice.issue_date) <= as_of,
    )
    result = empty_buckets()
    for due, cents in session.execute(query):
        if cents > 0:
            result[bucket_for(due, as_of)] += int(cents)
    return result


def payer_sums(session: Session, as_of: date) -> list[tuple[int, str, int, int, int, int]]:
    """Per customer (id, name, invoices, Σ total, Σ days to pay × total, Σ days late × total) over invoices
    fully paid in the last 12 months.

    An invoice counts as paid on the date of its last allocation up to as_of, when allocations plus credit
    notes (both dated up to as_of) cover its total; invoices settled by credit notes alone are not payments.
    """
    start, _ = k.paid_window(as_of)
    paid = _paid_rows_closings(as_of, start) if closings_trusted(session) else _paid_rows_full(as_of, start)
    # Whole dates: julianday differences are exact integers, cast so the weighted sums stay integers.
    to_pay = cast(func.julianday(paid.c.paid_on) - func.julianday(paid.c.issue_date), Integer)
    late_raw = cast(
        func.julianday(paid.c.paid_on) - func.julianday(func.coalesce(paid.c.due_date, paid.c.issue_date)), Integer
    )
    late = case((late_raw > 0, late_raw), else_=literal(0))
    per_invoice = (
        select(paid.c.customer_id, paid.c.total, to_pay.label("to_pay"), late.label("late"))
        .where(paid.c.paid_on >= start)
        .subquery("per_invoice")
    )
    query = (
        select(
            per_invoice.c.customer_id,
            Customer.name,
            func.count(),
            func.sum(per_invoice.c.total),
            func.sum(per_invoice.c.to_pay * per_invoice.c.total),
            func.sum(per_invoice.c.late * per_invoice.c.total),
        )
        .join(Customer, Customer.id == per_invoice.c.customer_id)
        .group_by(per_invoice.c.customer_id, Customer.name)
    )
    return [
        (int(customer_id), name, int(count), int(weight), int(to_pay_sum), int(late_sum))
        for customer_id, name, count, weight, to_pay_sum, late_sum in session.execute(query)
    ]


def _paid_rows_full(as_of: date, start: date):  # type: ignore[no-untyped-def]
    """Invoices fully settled on as_of with an allocation in the window, from the allocations themselves."""
    candidates = select(Allocation.invoice_id).where(Allocation.date >= start, Allocation.date <= as_of).distinct()
    sums = (
        select(
            Allocation.invoice_id.label("invoice_id"),
            func.sum(Allocation.amount_cents).label("settled"),
            func.max(Allocation.date).label("paid_on"),
        )
        .where(Allocation.date <= as_of, Allocation.invoice_id.in_(candidates))
        .group_by(Allocation.invoice_id)
        .subquery("sums")
    )
    return (
        select(
            Invoice.customer_id.label("customer_id"),
            Invoice.total_cents.label("total"),
            Invoice.issue_date.label("issue_date"),
            Invoice.due_date.label("due_date"),
            sums.c.paid_on.label("paid_on"),
        )
        .join(sums, sums.c.invoice_id == Invoice.id)
        .where(
            Invoice.kind == "invoice",
            Invoice.status == "issued",
            Invoice.total_cents > 0,
            sums.c.settled + _credited_by(as_of) >= Invoice.total_cents,
        )
        .subquery("paid")
    )


def _paid_rows_closings(as_of: date, start: date):  # type: ignore[no-untyped-def]
    """The same rows from receivable_closings: an invoice paid in the window closed in it.

    Without any credit note its closing date is its last payment and it is wholly paid, so only
    invoices with a credit note need their allocations summed (SQLite's CASE evaluates lazily).
    """
    rc = ReceivableClosing
    cn = aliased(Invoice)
    has_credit = (
        select(cn.id)
        .where(cn.credited_invoice_id == Invoice.id, cn.kind == "credit_note", cn.status == "issued")
        .correlate(Invoice)
        .exists()
    )
    settled = _settled_by(as_of)
    paid_on = case((has_credit, _settled_by(as_of, Allocation.date)), else_=rc.closed_on)
    return (
        select(
            Invoice.customer_id.label("customer_id"),
            Invoice.total_cents.label("total"),
            Invoice.issue_date.label("issue_date"),
            Invoice.due_date.label("due_date"),
            paid_on.label("paid_on"),
        )
        .select_from(rc)
        .join(Invoice, Invoice.id == rc.invoice_id)
        .where(
            rc.closed_on >= start,
            rc.closed_on <= as_of,
            _unindexed(Invoice.kind) == "invoice",
            _unindexed(Invoice.status) == "issued",
            _unindexed(Invoice.total_cents) > 0,
            or_(~has_credit, and_(settled > 0, settled + _credited_by(as_of) >= Invoice.total_cents)),
        )
        # Materialized so SQLite computes paid_on once per invoice instead of copying the CASE into every use.
        .cte("paid")
        .prefix_with("MATERIALIZED")
    )


def _payments(
    session: Session, as_of: date, per_customer: bool
) -> tuple[Decimal | None, Decimal | None, list[k.PayerStat], tuple[k.PayerStat, ...], int]:
    """Overall weighted averages (days to pay, days late), the per-customer figures (when asked: a
    4,000-customer book makes that list the costliest part), the top late payers and how many invoices
    the averages rest on."""
    sums = payer_sums(session, as_of)

    def stat(row: tuple[int, str, int, int, int, int]) -> k.PayerStat:
        cid, name, count, weight, to_pay, late = row
        return k.PayerStat(cid, name, count, k.weighted_average(to_pay, weight), k.weighted_average(late, weight))

    payers = sorted((stat(row) for row in sums), key=lambda p: p.customer) if per_customer else []
    # The latest payers by exact integer ratio first; top_late then ranks them on the rounded figure shown.
    latest = sorted((row for row in sums if row[5] > 0), key=lambda row: -(row[5] * 10**6 // row[3]))[:50]
    weight = sum(row[3] for row in sums)
    return (
        k.weighted_average(sum(row[4] for row in sums), weight),
        k.weighted_average(sum(row[5] for row in sums), weight),
        payers,
        k.top_late([stat(row) for row in latest]),
        sum(row[2] for row in sums),
    )


def compute(
    session: Session, as_of: date, *, compare: bool = True, payments: bool = True, per_customer: bool = False
) -> k.Snapshot:
    """Every KPI as of a date; with `compare`, also the end-of-last-month figures for the change
    (without payment behaviour there: the costliest sum, and a 12-month average barely moves in a month);
    with `per_customer`, the payment figures of every customer in `payers`."""
    prev_first, prev_last = k.previous_month(as_of)
    ly_first, _ = k.same_month_last_year(as_of)
    months = monthly_revenue(session, min(ly_first, prev_first), as_of)
    rev_same_days = monthly_revenue(session, *k.same_days_last_month(as_of)).get(f"{prev_first:%Y-%m}", 0)
    first_issued = first_issue_date(session)
    rev_this = months.get(f"{as_of:%Y-%m}", 0)
    rev_prev = months.get(f"{prev_first:%Y-%m}", 0)
    rev_ly = months.get(f"{ly_first:%Y-%m}", 0)
    buckets = aging(session, as_of)
    outstanding = sum(buckets.values())
    overdue = outstanding - buckets["not_due"]
    withheld: dict[str, Message] = {}
    dso_reason = k.dso_withheld(first_issued, as_of)
    if dso_reason is None:
        dso = k.dso(outstanding, invoiced_incl_vat(session, *k.dso_window(as_of)))
    else:
        dso, withheld["dso"] = None, dso_reason
    days_to_pay, days_late, payers, top, paid = (
        _payments(session, as_of, per_customer) if payments else (None, None, [], (), 0)
    )
    average_reason = k.average_withheld(paid) if payments else None
    if average_reason is not None:
        days_to_pay = days_late = None
        withheld["avg_days_to_pay"] = withheld["avg_days_late"] = average_reason
    mrr = recurring.mrr_cents(session, as_of)
    to_invoice = sum(o.net_cents for o in recurring.to_invoice_in_month(session, as_of))
    recurring_due = len(recurring.due_occurrences(session, as_of))
    # Work delivered not invoiced and accepted quotes planned for this month will be invoiced this month too.
    work_to_invoice = work.uninvoiced_cents(session, as_of) - work.advances_behind_work(session, as_of)
    quotes_to_invoice = quotes.accepted_to_invoice_cents(session, k.month_start(as_of), as_of)
    forecast = rev_this + to_invoice + work_to_invoice + quotes_to_invoice
    threshold = int_setting(session, OVERDUE_THRESHOLD_KEY, k.DEFAULT_OVERDUE_THRESHOLD_CENTS)
    due = bills_due(session, as_of)
    actions = k.next_actions(
        revenue_this_month=rev_this,
        revenue_last_month=rev_prev,
        forecast_month=forecast,
        outstanding=outstanding,
        overdue=overdue,
        not_due=buckets["not_due"],
        overdue_threshold_cents=threshold,
        recurring_due=recurring_due,
        revenue_same_days_last_month=rev_same_days,
        has_invoices=first_issued is not None and first_issued <= as_of,
        bills_overdue=(len(due.overdue), due.cents("overdue")),
        bills_due_soon=(len(due.today) + len(due.week), due.cents("today") + due.cents("week")),
    )
    previous = compute(session, prev_last, compare=False, payments=False) if compare else None
    return k.Snapshot(
        as_of=as_of,
        revenue_this_month=rev_this,
        revenue_last_month=rev_prev,
        revenue_same_month_last_year=rev_ly,
        outstanding=outstanding,
        overdue=overdue,
        aging=buckets,
        dso=dso,
        avg_days_to_pay=days_to_pay,
        avg_days_late=days_late,
        mrr=mrr,
        recurring_to_invoice=to_invoice,
        forecast_month=forecast,
        work_to_invoice=work_to_invoice,
        quotes_to_invoice=quotes_to_invoice,
        recurring_due=recurring_due,
        payers=tuple(payers),
        top_late_payers=top,
        previous=previous,
        actions=actions,
        revenue_same_days_last_month=rev_same_days,
        first_issued=first_issued,
        withheld=withheld,
    )


def invoices_behind(session: Session, as_of: date, key: str) -> list[queries.InvoiceRow]:
    """The invoices (and credit notes) behind a figure, for the drill-down list.

    Keys: outstanding, overdue, aging:<bucket>, revenue_this_month, revenue_last_month,
    revenue_same_month_last_year, revenue:<YYYY>-<MM>, dso (documents of the 90-day window).
    """
    from ..domain.aging import bucket_for

    if key in ("outstanding", "forecast_month") or key.startswith("aging:"):
        rows = queries.list_invoices(session, as_of, status="open")
        if key.startswith("aging:"):
            rows = [r for r in rows if bucket_for(r.due_date, as_of) == key.split(":", 1)[1]]
        return rows
    if key == "overdue":
        return queries.list_invoices(session, as_of, status="overdue")
    if key == "dso":
        period = k.dso_window(as_of)
    elif key == "revenue_this_month":
        period = (k.month_start(as_of), as_of)
    elif key == "revenue_last_month":
        period = k.previous_month(as_of)
    elif key == "revenue_same_month_last_year":
        period = k.same_month_last_year(as_of)
    elif key.startswith("revenue:"):
        year, month = (int(part) for part in key.split(":", 1)[1].split("-"))
        first = date(year, month, 1)
        period = (first, min(k.month_end(first), as_of))
    else:
        raise ValueError(f"no invoice list behind {key!r}")
    if period[0] > period[1]:
        return []
    rows = queries.list_invoices(session, as_of, period=period) + queries.list_invoices(
        session, as_of, period=period, kind="credit_note"
    )
    return sorted((r for r in rows if r.status != "draft"), key=lambda r: (r.issue_date, r.kind, r.number or ""))


def action_text(action: k.Action, language: str) -> str:
    """A suggested action in a language, amounts formatted the Belgian way (the KPI tab and the CLI)."""
    from ..i18n import format_money, gettext

    values = {key: format_money(int(v), language) if key == "amount" else v for key, v in action.values.items()}
    return gettext(language)(action.text, **values)
