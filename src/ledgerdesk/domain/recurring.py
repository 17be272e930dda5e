"""Recurring schedules: period starts computed from a fixed anchor, so a date never drifts.

Period n of a monthly template anchored on 31 January starts on the last day of
February (28 or 29), then on 31 March: each period is anchor + n × step months,
clamped to the month's length — never the previous period + one month, which
would stick on the 28th for ever after February.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import ValidationError
from .money import round_cents

FREQUENCIES = {"monthly": 1, "quarterly": 3, "yearly": 12}
MODES = ("draft", "issued")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def step_months(frequency: str) -> int:
    try:
        return FREQUENCIES[frequency]
    except KeyError:
        raise ValidationError(f"frequency '{frequency}' is not one of monthly, quarterly, yearly") from None


def period_start(anchor: date, frequency: str, n: int) -> date:
    """Start of the n-th period (n = 0 is the anchor itself)."""
    return add_months(anchor, n * step_months(frequency))


def period_end(anchor: date, frequency: str, n: int) -> date:
    """Last day of the n-th period: the day before the next one starts."""
    return date.fromordinal(period_start(anchor, frequency, n + 1).toordinal() - 1)


def index_on_or_after(anchor: date, frequency: str, day: date) -> int:
    """The first period index whose start is on or after `day` (0 when `day` precedes the anchor)."""
    if day <= anchor:
        return 0
    step = step_months(frequency)
    months = (day.year - anchor.year) * 12 + day.month - anchor.month
    n = max(months // step - 1, 0)
    while period_start(anchor, frequency, n) < day:
        n += 1
    return n


def periods(anchor: date, frequency: str, *, since: date, until: date, end: date | None = None) -> Iterator[date]:
    """Period starts in [since, until] (and not after `end`), computed from the anchor."""
    n = index_on_or_after(anchor, frequency, since)
    while True:
        start = period_start(anchor, frequency, n)
        if start > until or (end is not None and start > end):
            return
        yield start
        n += 1


def monthly_cents(net_cents: int, frequency: str) -> Decimal:
    """A template's net per month, unrounded (MRR sums these and rounds once)."""
    return Decimal(net_cents) / step_months(frequency)


def mrr_cents(templates: list[tuple[int, str]]) -> int:
    """Monthly recurring revenue from (net cents, frequency) pairs, rounded half up once."""
    total = sum((monthly_cents(net, freq) for net, freq in templates), Decimal(0))
    return int(round_cents(total / 100) * 100)


@dataclass(frozen=True)
class Schedule:
    """A template's dates as entered: checked once, used for every period."""

    anchor: date
    frequency: str
    end: date | None = None

    def __post_init__(self) -> None:
        step_months(self.frequency)
        if self.end is not None and self.end < self.anchor:
            raise ValidationError("the end date of a recurring invoice is before its start")
