"""KPI definitions and the small calculations on top of SQL sums: periods, DSO, averages, next actions.

Everything here is plain data so the tab, the command line and the tests share
one meaning of each figure; services.kpis fills it from the book.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .aging import BUCKETS
from .messages import Message

DSO_WINDOW_DAYS = 90
PAID_WINDOW_MONTHS = 12
DEFAULT_OVERDUE_THRESHOLD_CENTS = 50_000  # € 500: below that, reminders can wait a week (but are still named)
TENTH = Decimal("0.1")
# An average of fewer paid invoices than this says more about one customer than about the business.
MIN_PAID_INVOICES = 2

# The exact definitions, shown as tooltips (translated msgids) and printed by `kpi --explain`.
DEFINITIONS: dict[str, str] = {
    "revenue_this_month": "Net (excl. VAT) of invoices issued from the 1st of this month up to the as-of date, "
    "minus credit notes issued in that time.",
    "revenue_same_days_last_month": "The same figure for the same days of last month (the 1st up to the same day "
    "number, or the month's last day): what this month so far is compared with.",
    "revenue_last_month": "Net (excl. VAT) of invoices issued in the whole previous calendar month, minus credit notes "
    "issued in it.",
    "revenue_same_month_last_year": "Net (excl. VAT) of invoices issued in the same calendar month last year (whole "
    "month), minus credit notes issued in it.",
    "outstanding": "Open amount (incl. VAT) of issued invoices dated on or before the as-of date, counting only "
    "payments and credit notes dated on or before it.",
    "overdue": "The part of the outstanding amount whose due date is before the as-of date.",
    "aging": "Outstanding split by days past the due date: not due, 1–30, 31–60, 61–90, over 90.",
    "dso": "Days sales outstanding: outstanding ÷ invoiced incl. VAT (invoices minus credit notes) over the 90 days "
    "ending on the as-of date × 90, one decimal; none when nothing was invoiced.",
    "avg_days_to_pay": "Days from invoice date to the payment that settled it, over invoices fully paid in the last "
    "12 months, weighted by invoice total.",
    "avg_days_late": "Days from due date to the settling payment (0 when on time), over invoices fully paid in the "
    "last 12 months, weighted by invoice total.",
    "mrr": "Monthly recurring revenue: net per month of active recurring invoices (quarterly ÷ 3, yearly ÷ 12).",
    "recurring_to_invoice": "Net of recurring invoice periods starting this month that are not invoiced yet "
    "(not generated, or still a draft).",
    "forecast_month": "Revenue so far this month + recurring still to invoice this month + work delivered not "
    "invoiced yet + accepted quotes planned for this month and not invoiced yet.",
    "work_to_invoice": "Net of work slips delivered up to the as-of date and not invoiced yet, less the advance "
    "invoices of their quotes.",
    "quotes_to_invoice": "Net of what is neither invoiced nor delivered yet of accepted quotes planned for this "
    "month (without a planned month: accepted this month), less their advance invoices.",
}


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def previous_month(day: date) -> tuple[date, date]:
    """First and last day of the calendar month before `day`'s month."""
    last = month_start(day) - timedelta(days=1)
    return month_start(last), last


def same_month_last_year(day: date) -> tuple[date, date]:
    first = date(day.year - 1, day.month, 1)
    return first, month_end(first)


def same_days_last_month(day: date) -> tuple[date, date]:
    """The 1st of last month up to the same day number (or that month's last day): month-to-date's match."""
    first, last = previous_month(day)
    return first, min(first.replace(day=min(day.day, last.day)), last)


def months_back(day: date, months: int) -> date:
    """The same day `months` earlier, clamped to a shorter month (29 Feb → 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def dso_window(as_of: date) -> tuple[date, date]:
    """The 90 days ending on (and including) as_of."""
    return as_of - timedelta(days=DSO_WINDOW_DAYS - 1), as_of


def paid_window(as_of: date) -> tuple[date, date]:
    """Invoices whose settling payment falls after this start and up to as_of count as 'paid in the last 12 months'."""
    return months_back(as_of, PAID_WINDOW_MONTHS) + timedelta(days=1), as_of


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def dso(outstanding_cents: int, invoiced_cents: int) -> Decimal | None:
    """outstanding ÷ invoiced over 90 days × 90, one decimal; None when nothing (net) was invoiced."""
    if invoiced_cents <= 0:
        return None
    return one_decimal(Decimal(outstanding_cents) * DSO_WINDOW_DAYS / Decimal(invoiced_cents))


def dso_withheld(first_issued: date | None, as_of: date) -> Message | None:
    """Why DSO is not shown yet, or None: it divides by 90 days of invoicing, so a book needs that much history
    (a single invoice issued today made a DSO of 55 days)."""
    if first_issued is None or first_issued > as_of:
        return Message.of("No invoice issued yet.")
    start, _ = dso_window(as_of)
    if first_issued > start:
        return Message.of(
            "Shown once the book has {days} days of invoices (the first was issued on {date}).",
            days=DSO_WINDOW_DAYS,
            date=first_issued.isoformat(),
        )
    return None


def average_withheld(paid_invoices: int) -> Message | None:
    """Why the payment averages are not shown yet, or None."""
    if paid_invoices < MIN_PAID_INVOICES:
        return Message.of(
            "Shown once at least {count} invoices were paid in the last 12 months ({paid} so far).",
            count=MIN_PAID_INVOICES,
            paid=paid_invoices,
        )
    return None


def weighted_average(weighted_sum: int, weight: int) -> Decimal | None:
    """Σ(days × total) ÷ Σ(total), one decimal; None without weight."""
    if weight <= 0:
        return None
    return one_decimal(Decimal(weighted_sum) / Decimal(weight))


def change_pct(now: int | Decimal | None, before: int | Decimal | None) -> Decimal | None:
    """Change against an earlier figure in %, one decimal; None when there is nothing to compare with."""
    if now is None or before is None or before == 0:
        return None
    return one_decimal((Decimal(now) - Decimal(before)) * 100 / abs(Decimal(before)))


def share_pct(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """`part` as a share of a positive `whole` in %, one decimal; None when that says nothing."""
    if part is None or whole is None or whole <= 0:
        return None
    return one_decimal(Decimal(part) * 100 / Decimal(whole))


def cumulative(values: Iterable[int | None]) -> list[int | None]:
    """Running totals; None (months still to come) stays None."""
    total, out = 0, list[int | None]()
    for value in values:
        if value is None:
            out.append(None)
        else:
            total += value
            out.append(total)
    return out


@dataclass(frozen=True)
class PayerStat:
    customer_id: int
    customer: str
    invoices: int
    avg_days_to_pay: Decimal | None
    avg_days_late: Decimal | None
    overdue_cents: int = 0


@dataclass(frozen=True)
class Action:
    """One suggestion: a code (stable, for tests), English text (msgid) with values, an optional place to go
    (a tab name such as "reminders", or "recurring" for the recurring invoices dialog)."""

    code: str
    text: str
    values: dict[str, str] = field(default_factory=dict)
    tab: str | None = None


@dataclass(frozen=True)
class Snapshot:
    """Every KPI for one as-of date; amounts in cents."""

    as_of: date
    revenue_this_month: int
    revenue_last_month: int
    revenue_same_month_last_year: int
    outstanding: int
    overdue: int
    aging: dict[str, int]
    dso: Decimal | None
    avg_days_to_pay: Decimal | None
    avg_days_late: Decimal | None
    mrr: int
    recurring_to_invoice: int
    forecast_month: int
    work_to_invoice: int = 0  # work slips not invoiced (part of the forecast)
    quotes_to_invoice: int = 0  # accepted quotes planned for this month, not invoiced yet (part of the forecast)
    recurring_due: int = 0  # periods started and not generated yet
    payers: tuple[PayerStat, ...] = ()
    top_late_payers: tuple[PayerStat, ...] = ()
    previous: Snapshot | None = None  # the same figures at the end of last month, for the change
    actions: tuple[Action, ...] = ()
    revenue_same_days_last_month: int = 0  # month-to-date is compared with this, not with a whole month
    first_issued: date | None = None  # the book's first issued document (None: nothing issued yet)
    withheld: dict[str, Message] = field(default_factory=dict)  # figure -> why it is shown as "—" for now

    def __post_init__(self) -> None:
        assert set(self.aging) == set(BUCKETS)


def top_late(payers: Sequence[PayerStat], limit: int = 5) -> tuple[PayerStat, ...]:
    """Customers paying later than due, latest first (ties: more invoices first)."""
    late = [p for p in payers if p.avg_days_late is not None and p.avg_days_late > 0]
    late.sort(key=lambda p: (-(p.avg_days_late or 0), -p.invoices, p.customer))
    return tuple(late[:limit])


def next_actions(
    *,
    revenue_this_month: int,
    revenue_last_month: int,
    forecast_month: int,
    outstanding: int,
    overdue: int,
    not_due: int,
    overdue_threshold_cents: int = DEFAULT_OVERDUE_THRESHOLD_CENTS,
    recurring_due: int = 0,
    revenue_same_days_last_month: int | None = None,
    has_invoices: bool = True,
    bills_overdue: tuple[int, int] = (0, 0),
    bills_due_soon: tuple[int, int] = (0, 0),
) -> tuple[Action, ...]:
    """What to do, derived from the numbers only (amounts in the values are cents as text).

    Any overdue amount is named (gently below the threshold): 'nothing needs your attention' only when true.

    A book without any issued invoice gets one step: the first invoice. Revenue 'heading below last month'
    needs the month so far to trail the same days of last month too (when given), not only the whole month."""
    if not has_invoices and not recurring_due and not bills_overdue[0] and not bills_due_soon[0]:
        return (
            Action("first_invoice", "Start with your first invoice: these figures grow from it.", tab="new_invoice"),
        )
    actions: list[Action] = []
    if recurring_due:
        actions.append(
            Action(
                "recurring",
                "{count} recurring invoice(s) are due: create them.",
                {"count": str(recurring_due)},
                "recurring",
            )
        )
    if overdue > overdue_threshold_cents:
        actions.append(
            Action("reminders", "{amount} is overdue: reminders are waiting.", {"amount": str(overdue)}, "reminders")
        )
    elif overdue > 0:
        # A small amount can wait a week, but an overdue invoice is never 'nothing'.
        actions.append(
            Action(
                "reminders_small",
                "{amount} is overdue: a small amount, remind the customer when it suits you.",
                {"amount": str(overdue)},
                "reminders",
            )
        )
    # Supplier bills (count, cents): past due, and due today or within the week.
    if bills_overdue[0]:
        actions.append(
            Action(
                "bills_overdue",
                "{count} supplier bill(s) are past due ({amount}): pay them.",
                {"count": str(bills_overdue[0]), "amount": str(bills_overdue[1])},
                "purchases",
            )
        )
    if bills_due_soon[0]:
        actions.append(
            Action(
                "bills_due",
                "{count} supplier bill(s) fall due this week ({amount}).",
                {"count": str(bills_due_soon[0]), "amount": str(bills_due_soon[1])},
                "purchases",
            )
        )
    trailing = revenue_same_days_last_month is None or revenue_this_month < revenue_same_days_last_month
    if forecast_month < revenue_last_month and trailing:
        actions.append(
            Action(
                "sales",
                "Revenue is heading below last month ({amount}): focus on sales.",
                {"amount": str(revenue_last_month)},
            )
        )
    if not_due > 0 and not_due * 2 >= outstanding and not_due >= overdue_threshold_cents:
        actions.append(Action("fine", "{amount} outstanding is not due yet: that is fine.", {"amount": str(not_due)}))
    if not actions:
        actions.append(Action("ok", "Nothing needs your attention."))
    return tuple(actions)
