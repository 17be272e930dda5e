"""Reporting periods: a month, a quarter or a year, as the accountant's pack and the VAT return name them.

Written `2026-11` (a month), `2026-Q4` (a quarter) or `2026` (a year); the first and last day are
both inside the period. A period whose pack went to the accountant is closed: no document is issued
on one of its days any more (a correction is a credit note dated later, which goes in the next pack),
and sending it again is an explicit choice.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import ValidationError

_FORM = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|[Qq]([1-4])))?$")


class PeriodError(ValidationError):
    """A period the user wrote that is not a month, quarter or year; an English msgid with values."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values))

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        return tr(self.message, **self.values)


@dataclass(frozen=True, order=True)
class Period:
    """A run of whole days, from `first` to `last` inclusive, with the name it was given."""

    first: date
    last: date
    name: str

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2026-11`, `2026-Q4` or `2026`; anything else is a PeriodError that says the accepted forms."""
        found = _FORM.match(text.strip())
        year = int(found.group(1)) if found else 0
        if found is None or not 2000 <= year <= 2099:
            raise PeriodError(
                "'{text}' is not a period: write a month (2026-11), a quarter (2026-Q4) or a year (2026)",
                text=text.strip()[:40],
            )
        month, quarter = found.group(2), found.group(3)
        if month:
            return cls.month(year, int(month))
        if quarter:
            return cls.quarter(year, int(quarter))
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(date(year, month, 1), date(year, month, monthrange(year, month)[1]), f"{year}-{month:02d}")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first_month = 3 * (quarter - 1) + 1
        last = date(year, first_month + 2, monthrange(year, first_month + 2)[1])
        return cls(date(year, first_month, 1), last, f"{year}-Q{quarter}")

    @classmethod
    def last_quarter(cls, today: date) -> Period:
        """The last whole quarter before `today` (what a user means by "last quarter")."""
        quarter = (today.month - 1) // 3 + 1
        return cls.quarter(today.year - 1, 4) if quarter == 1 else cls.quarter(today.year, quarter - 1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class SentPeriod:
    """A period whose pack went to the accountant, and the day it was made."""

    period: Period
    sent_on: date


def overlapping(period: Period, sent: Iterable[SentPeriod]) -> list[SentPeriod]:
    """The sent periods that share a day with `period`."""
    return [s for s in sent if s.period.first <= period.last and period.first <= s.period.last]


def check_not_sent(period: Period, sent: Iterable[SentPeriod], *, resend: bool) -> None:
    """Sending a period again (wholly or partly) must be asked for; PeriodError otherwise."""
    already = overlapping(period, sent)
    if already and not resend:
        first = already[0]
        raise PeriodError(
            "{period} was already sent to the accountant (the pack of {sent}, made on {day}); "
            "send it again only if you mean to (--resend)",
            period=period.name,
            sent=first.period.name,
            day=first.sent_on.isoformat(),
        )


def check_open(day: date, sent: Iterable[SentPeriod]) -> None:
    """A document dated `day` may be issued only outside every closed period; PeriodError otherwise."""
    for s in sent:
        if day in s.period:
            raise PeriodError(
                "{period} is closed: its pack went to the accountant on {sent}, so no document can be dated "
                "{day}; date it later (a correction goes by credit note in the next pack)",
                period=s.period.name,
                sent=s.sent_on.isoformat(),
                day=day.isoformat(),
            )
