"""Costs, result and cash: the purchase-side KPI definitions and the week-by-week cash-flow forecast.

Pure: the service sums in SQL and hands the dated amounts here. The forecast starts from the latest
bank balance and adds, week by week (Monday to Sunday, the first week being the one of the as-of
date), the money expected in and out. Open bills go out by due date, past due ones in the first week:
they are owed now. Receivables come in when the customer usually pays: the due date plus their average
days late, not before the first week. One more than LONG_OVERDUE_DAYS past due is not expected at all
— counting years-old debts as this week's cash made the low point look safe — and its sum is kept
apart so the screen can say what was left out. The lowest balance is marked: that is the week to watch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

WEEKS = 8
LONG_OVERDUE_DAYS = 90  # a receivable further past due than this is not expected in

DEFINITIONS: dict[str, str] = {
    "costs_this_month": "Net (excl. VAT) of suppliers' invoices dated from the 1st of this month up to the as-of "
    "date, plus their VAT you cannot deduct, minus suppliers' credit notes; rejected bills do not count; bills in "
    "another currency than the euro are left out.",
    "costs_same_month_last_year": "The same figure for the whole same calendar month last year.",
    "costs_by_category": "This month's costs per cost category (the lines' nets; VAT you cannot deduct on a row of "
    "its own), with the same month last year.",
    "result_this_month": "Revenue this month minus costs this month, both excluding VAT.",
    "result_ytd": "Revenue minus costs, both excluding VAT, from 1 January up to the as-of date.",
    "vat_estimate": "The VAT of the quarter so far: VAT on your invoices minus your credit notes, minus the VAT you "
    "may deduct on suppliers' bills (rejected bills not counted). An estimate: your accountant's return decides.",
    "cash_flow": "Latest bank balance, then per week for 8 weeks: open receivables expected in at their due date "
    "plus the customer's average days late (invoices more than 90 days past due are not counted), recurring "
    "invoices by due date, open suppliers' bills expected out by due date (past due in the first week); the "
    "lowest balance is marked.",
}


@dataclass(frozen=True)
class Flow:
    """An amount expected on a day: positive in, negative out; `what` says where it comes from."""

    day: date
    cents: int
    what: str  # 'receivable', 'recurring' or 'bill'
    ref: str = ""
    days_late: int = 0  # receivables: the customer's average days past due (0: on time or not known)


@dataclass(frozen=True)
class Week:
    start: date
    end: date
    in_cents: int
    out_cents: int
    balance_cents: int  # the balance at the end of the week
    lowest: bool = False


@dataclass(frozen=True)
class CashFlow:
    balance_cents: int
    balance_date: date | None  # the latest statement's date; None: no statement imported yet
    weeks: tuple[Week, ...]
    left_out_cents: int = 0  # receivables more than LONG_OVERDUE_DAYS past due: not expected in
    left_out_count: int = 0

    @property
    def lowest(self) -> Week | None:
        return next((w for w in self.weeks if w.lowest), None)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def long_overdue(flow: Flow, as_of: date) -> bool:
    """A receivable so far past due that counting it as coming in would be wishful."""
    return flow.what == "receivable" and (as_of - flow.day).days > LONG_OVERDUE_DAYS


def expected_day(flow: Flow) -> date:
    """When the money moves: a receivable when the customer usually pays, anything else on its day."""
    if flow.what == "receivable" and flow.days_late > 0:
        return flow.day + timedelta(days=flow.days_late)
    return flow.day


def forecast(
    balance_cents: int, balance_date: date | None, flows: Iterable[Flow], as_of: date, weeks: int = WEEKS
) -> CashFlow:
    """The weeks from the one holding `as_of`; flows expected before it count in the first week, after the last
    are left out, and long-overdue receivables are only summed in `left_out_cents`."""
    first = week_start(as_of)
    ins = [0] * weeks
    outs = [0] * weeks
    left_out = left_out_count = 0
    for flow in flows:
        if long_overdue(flow, as_of):
            left_out += flow.cents
            left_out_count += 1
            continue
        index = max(0, (expected_day(flow) - first).days // 7)
        if index >= weeks:
            continue
        if flow.cents >= 0:
            ins[index] += flow.cents
        else:
            outs[index] -= flow.cents
    out: list[Week] = []
    running = balance_cents
    for i in range(weeks):
        running += ins[i] - outs[i]
        start = first + timedelta(days=7 * i)
        out.append(Week(start, start + timedelta(days=6), ins[i], outs[i], running))
    if out:
        low = min(range(len(out)), key=lambda i: (out[i].balance_cents, i))
        out[low] = Week(
            out[low].start, out[low].end, out[low].in_cents, out[low].out_cents, out[low].balance_cents, True
        )
    return CashFlow(balance_cents, balance_date, tuple(out), left_out, left_out_count)


def quarter(day: date) -> tuple[date, date]:
    """The first day of the quarter holding `day`, and `day` itself."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), day


def result(revenue_cents: int, cost_cents: int) -> int:
    """Revenue minus costs, both excluding VAT."""
    return revenue_cents - cost_cents


@dataclass(frozen=True)
class CategoryCost:
    category: str
    this_year: int
    last_year: int


def by_category(this: dict[str, int], last: dict[str, int], order: Sequence[str]) -> tuple[CategoryCost, ...]:
    """Every category with costs in either year, in the list's order (unknown codes last, by code)."""
    codes = [c for c in order if c in this or c in last] + sorted((set(this) | set(last)) - set(order))
    return tuple(CategoryCost(c, this.get(c, 0), last.get(c, 0)) for c in codes)
