"""The purchase-side numbers: costs per month and category against last year, the result, the VAT estimate and
the 8-week cash flow; summed in SQL, defined in `domain.cash_flow`, with the bills behind each figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..domain import cash_flow as cf
from ..domain import kpis as k
from ..domain import recurring as schedule
from ..domain.document import line_of
from ..domain.invoicing import due_date, totals_of
from ..persistence import queries
from ..persistence.models import BankStatement, Company, Invoice, Purchase, PurchaseLine, RecurringTemplate
from .kpis import monthly_revenue, payer_sums
from .purchase_list import PurchaseRow, list_bills
from .purchases import categories

NON_DEDUCTIBLE = "non_deductible_vat"  # the category row holding VAT you cannot deduct


def _signed(column):  # type: ignore[no-untyped-def]
    """Invoices count positive, credit notes negative."""
    return case((Purchase.kind == "purchase_credit_note", -column), else_=column)


def _counted(first: date, last: date):  # type: ignore[no-untyped-def]
    return (
        Purchase.status != "rejected",
        Purchase.currency == "EUR",
        Purchase.issue_date >= first,
        Purchase.issue_date <= last,
    )


def monthly_costs(session: Session, first: date, last: date) -> dict[str, int]:
    """'YYYY-MM' -> net plus VAT you cannot deduct, invoices minus credit notes, of bills dated in [first, last]."""
    month = func.substr(Purchase.issue_date, 1, 7)
    cost = _signed(Purchase.net_cents + Purchase.vat_cents - Purchase.deductible_vat_cents)
    query = select(month, func.sum(cost)).where(*_counted(first, last)).group_by(month)
    return {ym: int(cents or 0) for ym, cents in session.execute(query)}


def category_costs(session: Session, first: date, last: date) -> dict[str, int]:
    """Cost category -> the lines' nets (credit notes negative) of bills dated in [first, last]; VAT you cannot
    deduct under `non_deductible_vat`."""
    query = (
        select(PurchaseLine.category, func.sum(_signed(PurchaseLine.net_cents)))
        .join(Purchase, Purchase.id == PurchaseLine.purchase_id)
        .where(*_counted(first, last))
        .group_by(PurchaseLine.category)
    )
    out = {code: int(cents or 0) for code, cents in session.execute(query)}
    vat = session.scalar(
        select(func.sum(_signed(Purchase.vat_cents - Purchase.deductible_vat_cents))).where(*_counted(first, last))
    )
    if vat:
        out[NON_DEDUCTIBLE] = int(vat)
    return out


def _sum(months: dict[str, int]) -> int:
    return sum(months.values())


@dataclass(frozen=True)
class VatEstimate:
    first: date
    last: date
    output_cents: int
    deductible_cents: int

    @property
    def balance_cents(self) -> int:
        """Positive: VAT to pay; negative: VAT to get back."""
        return self.output_cents - self.deductible_cents


def vat_estimate(session: Session, as_of: date) -> VatEstimate:
    first, last = cf.quarter(as_of)
    output = session.scalar(
        select(
            func.coalesce(
                func.sum(case((Invoice.kind == "credit_note", -Invoice.vat_cents), else_=Invoice.vat_cents)), 0
            )
        ).where(Invoice.status == "issued", Invoice.issue_date >= first, Invoice.issue_date <= last)
    )
    deductible = session.scalar(
        select(func.coalesce(func.sum(_signed(Purchase.deductible_vat_cents)), 0)).where(*_counted(first, last))
    )
    return VatEstimate(first, last, int(output or 0), int(deductible or 0))


def latest_balance(session: Session) -> tuple[int, date | None]:
    """The closing balance of the latest statement of each of the company's accounts (all accounts when the
    company has no IBAN set), added up, and the latest of their dates."""
    company = session.get(Company, 1)
    own = (company.iban or "").replace(" ", "").upper() if company else ""
    latest = (
        select(BankStatement.account, func.max(BankStatement.id).label("id"))
        .where(BankStatement.closing_date.is_not(None))
        .group_by(BankStatement.account)
    )
    if own:
        latest = latest.where(BankStatement.account == own)
    ids = [row.id for row in session.execute(latest)]
    if not ids:
        return 0, None
    rows = session.execute(
        select(BankStatement.closing_cents, BankStatement.closing_date).where(BankStatement.id.in_(ids))
    ).all()
    days = [r[1] for r in rows if r[1] is not None]
    return sum(r[0] for r in rows), max(days) if days else None


def days_late(session: Session, as_of: date) -> dict[int, int]:
    """Customer id -> average days past due (weighted by invoice total, whole days) over the last 12 months'
    paid invoices; customers without paid invoices are not in it."""
    return {
        cid: (late + weight // 2) // weight
        for cid, _name, _n, weight, _to_pay, late in payer_sums(session, as_of)
        if weight
    }


def flows(session: Session, as_of: date, weeks: int = cf.WEEKS) -> list[cf.Flow]:
    """Money expected: open receivables by due date with their customer's usual delay, recurring periods not
    invoiced yet (their total, due after the template's or the company's terms), open bills by due date
    (negative)."""
    horizon = cf.week_start(as_of) + timedelta(days=7 * weeks - 1)
    out: list[cf.Flow] = []
    late = days_late(session, as_of)
    for r in queries.list_invoices(session, as_of, status="open"):
        if r.kind == "invoice" and r.open_cents > 0 and (r.due_date or as_of) <= horizon:
            day = r.due_date or as_of
            out.append(cf.Flow(day, r.open_cents, "receivable", r.number or "", late.get(r.customer_id, 0)))
    company = session.get(Company, 1)
    terms = company.payment_terms_days if company else 30
    for t in session.scalars(
        select(RecurringTemplate).where(RecurringTemplate.active.is_(True), RecurringTemplate.start_date <= horizon)
    ):
        total = totals_of([line_of(line) for line in t.lines]).total_cents
        since = max(t.next_date, as_of)
        for start in schedule.periods(t.start_date, t.frequency, since=since, until=horizon, end=t.end_date):
            day = due_date(start, t.payment_terms_days if t.payment_terms_days is not None else terms)
            if day <= horizon:
                out.append(cf.Flow(day, total, "recurring", t.name))
    for b in list_bills(session, as_of, status="open"):
        if b.kind == "purchase_invoice" and b.currency == "EUR" and b.open_cents > 0:
            day = b.due_date or b.issue_date
            if day <= horizon:
                out.append(cf.Flow(day, -b.open_cents, "bill", b.number))
    return out


def cash_flow(session: Session, as_of: date) -> cf.CashFlow:
    balance, on = latest_balance(session)
    return cf.forecast(balance, on, flows(session, as_of), as_of)


@dataclass(frozen=True)
class PurchaseFigures:
    as_of: date
    costs_this_month: int
    costs_same_month_last_year: int
    categories: tuple[cf.CategoryCost, ...]
    revenue_this_month: int
    result_this_month: int
    revenue_ytd: int
    costs_ytd: int
    result_ytd: int
    vat: VatEstimate
    cash: cf.CashFlow
    costs_by_month: tuple[int | None, ...]  # January..December this year (None: after the as-of month)
    costs_by_month_last_year: tuple[int, ...]
    revenue_by_month: tuple[int | None, ...] = ()  # January..December this year, excl. VAT (None: after as-of)
    result_by_month: tuple[int | None, ...] = ()  # revenue minus costs per month, excl. VAT


def compute(session: Session, as_of: date) -> PurchaseFigures:
    month_first = k.month_start(as_of)
    ly_first, ly_last = k.same_month_last_year(as_of)
    costs = monthly_costs(session, date(as_of.year - 1, 1, 1), as_of)
    this_month = costs.get(f"{as_of:%Y-%m}", 0) if month_first <= as_of else 0
    revenue = monthly_revenue(session, date(as_of.year, 1, 1), as_of)
    costs_ytd = sum(v for ym, v in costs.items() if ym.startswith(f"{as_of.year:04d}-"))
    revenue_this_month = revenue.get(f"{as_of:%Y-%m}", 0)
    order = [c.code for c in categories(session)] + [NON_DEDUCTIBLE]
    months = [f"{as_of.year:04d}-{m:02d}" if m <= as_of.month else None for m in range(1, 13)]
    revenue_by_month = tuple(None if ym is None else revenue.get(ym, 0) for ym in months)
    return PurchaseFigures(
        as_of=as_of,
        costs_this_month=this_month,
        costs_same_month_last_year=_sum(monthly_costs(session, ly_first, ly_last)),
        categories=cf.by_category(
            category_costs(session, month_first, as_of), category_costs(session, ly_first, ly_last), order
        ),
        revenue_this_month=revenue_this_month,
        result_this_month=cf.result(revenue_this_month, this_month),
        revenue_ytd=_sum(revenue),
        costs_ytd=costs_ytd,
        result_ytd=cf.result(_sum(revenue), costs_ytd),
        vat=vat_estimate(session, as_of),
        cash=cash_flow(session, as_of),
        costs_by_month=tuple(
            costs.get(f"{as_of.year:04d}-{m:02d}", 0) if m <= as_of.month else None for m in range(1, 13)
        ),
        costs_by_month_last_year=tuple(costs.get(f"{as_of.year - 1:04d}-{m:02d}", 0) for m in range(1, 13)),
        revenue_by_month=revenue_by_month,
        result_by_month=tuple(None if ym is None else cf.result(revenue.get(ym, 0), costs.get(ym, 0)) for ym in months),
    )


def bills_behind(session: Session, as_of: date, key: str) -> list[PurchaseRow]:
    """The bills behind a figure (drill-down). Keys: costs_this_month, costs:YYYY-MM, category:<code> (this
    month), vat_estimate (the quarter's bills), cash_week:<n> (bills expected out in week n, from 0)."""
    rows = list_bills(session, as_of)
    counted = [r for r in rows if r.status != "rejected" and r.currency == "EUR"]
    if key == "costs_this_month":
        key = f"costs:{as_of:%Y-%m}"
    if key.startswith("costs:"):
        return [r for r in counted if f"{r.issue_date:%Y-%m}" == key[6:] and r.issue_date <= as_of]
    if key.startswith("category:"):
        code = key.split(":", 1)[1]
        first = k.month_start(as_of)
        ids = (
            set(session.scalars(select(PurchaseLine.purchase_id).where(PurchaseLine.category == code).distinct()))
            if code != NON_DEDUCTIBLE
            else {r.id for r in counted if r.vat_cents != r.deductible_vat_cents}
        )
        return [r for r in counted if r.id in ids and first <= r.issue_date <= as_of]
    if key == "vat_estimate":
        first, last = cf.quarter(as_of)
        return [r for r in counted if first <= r.issue_date <= last]
    if key.startswith("cash_week:"):
        n = int(key.split(":", 1)[1])
        start = cf.week_start(as_of) + timedelta(days=7 * n)
        end = start + timedelta(days=6)
        open_rows = [r for r in counted if r.kind == "purchase_invoice" and r.open_cents > 0]
        return [
            r
            for r in open_rows
            if (n == 0 and (r.due_date or r.issue_date) <= end) or start <= (r.due_date or r.issue_date) <= end
        ]
    raise ValueError(f"no bill list behind {key!r}")
