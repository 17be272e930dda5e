"""Belgian late-payment money: statutory interest by semester, the € 40 compensation, consumer caps.

Business debts (law of 2 August 2002): interest runs from the day after the due date,
simple interest, each day at the rate of the semester it falls in (year of 365 days,
the convention of the FPS Finance examples); the sum is rounded once, half up, to
the cent. Plus a fixed compensation of € 40 per late invoice.

Consumer debts (Code of Economic Law, Book XIX): damages are capped on the outstanding
balance and interest may never exceed the business rate. The grace period after the
first (free) reminder counts Belgian working days (weekends and public holidays off).

Rates are data (`resources/dunning/late_interest_rates.csv`, extendable by the user).
A semester without a published rate uses the last known earlier rate (or the first
known one before the table starts) and says so in a warning: a missing rate must
never silently claim nothing, nor silently claim too much.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .errors import ValidationError
from .messages import Message

BUSINESS_COMPENSATION_CENTS = 4000
DAYS_IN_YEAR = Decimal(365)
HUNDRED = Decimal(100)


def semester_of(day: date) -> str:
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def semester_bounds(key: str) -> tuple[date, date]:
    year, half = int(key[:4]), key[5]
    return (date(year, 1, 1), date(year, 6, 30)) if half == "1" else (date(year, 7, 1), date(year, 12, 31))


def parse_semester(text: str) -> str:
    key = text.strip().upper().replace(" ", "").replace("-", "")
    if len(key) != 6 or not key[:4].isdigit() or key[4] != "H" or key[5] not in "12":
        raise ValidationError(f"'{text}' is not a semester (write it like 2026H1)")
    return key


def parse_rate(text: str | Decimal) -> Decimal:
    try:
        rate = Decimal(str(text).strip().replace(",", "."))
    except ArithmeticError:
        raise ValidationError(f"'{text}' is not an interest rate") from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(50):
        raise ValidationError(f"an interest rate of {text} % is not plausible (0 to 50)")
    return rate


@dataclass(frozen=True)
class RateTable:
    """Published rates per semester ('2026H1' -> Decimal('10.5'), percent per year)."""

    rates: Mapping[str, Decimal]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str | Decimal]]) -> RateTable:
        return cls({parse_semester(k): parse_rate(v) for k, v in pairs})

    def merged(self, extra: Mapping[str, str | Decimal]) -> RateTable:
        """The user's own rates win over the shipped ones."""
        return RateTable({**self.rates, **{parse_semester(k): parse_rate(v) for k, v in extra.items()}})

    def rate_for(self, key: str) -> tuple[Decimal, Message | None]:
        """The rate of a semester and, when it is not published, a warning saying what was used."""
        if key in self.rates:
            return self.rates[key], None
        if not self.rates:
            raise ValidationError("there is no late-payment interest rate at all; add one in the settings")
        earlier = [k for k in self.rates if k < key]
        used = max(earlier) if earlier else min(self.rates)
        return self.rates[used], Message.of(
            "no published rate for {semester}; used {used} ({rate} %)", semester=key, used=used, rate=self.rates[used]
        )


@functools.cache
def shipped_rates() -> RateTable:
    from ..paths import resources_dir

    pairs = []
    for line in (resources_dir() / "dunning" / "late_interest_rates.csv").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and not line.startswith("semester"):
            key, rate = line.split(",")[:2]
            pairs.append((key, rate))
    return RateTable.of(pairs)


@functools.cache
def shipped_rates_updated() -> date | None:
    """The day the shipped rate table last changed (its '# updated: YYYY-MM-DD' line)."""
    from ..paths import resources_dir

    for line in (resources_dir() / "dunning" / "late_interest_rates.csv").read_text(encoding="utf-8").splitlines():
        if line.startswith("# updated:"):
            try:
                return date.fromisoformat(line.split(":", 1)[1].split()[0])
            except (ValueError, IndexError):
                return None
    return None


@dataclass(frozen=True)
class InterestPeriod:
    """A stretch of days at one rate on one balance: what a debtor needs to check the figure."""

    start: date
    end: date  # included
    rate: Decimal  # percent per year
    balance_cents: int
    rate_semester: str = ""  # the semester whose published rate was used, when it is not the period's own

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def as_json(self) -> list[object]:
        return [self.start.isoformat(), self.end.isoformat(), str(self.rate), self.balance_cents, self.rate_semester]

    @classmethod
    def from_json(cls, data: Sequence[object]) -> InterestPeriod:
        start, end, rate, balance = data[:4]
        return cls(
            date.fromisoformat(str(start)),
            date.fromisoformat(str(end)),
            Decimal(str(rate)),
            int(balance),  # type: ignore[call-overload]
            str(data[4]) if len(data) > 4 else "",
        )


@dataclass(frozen=True)
class Interest:
    cents: int
    days: int
    warnings: tuple[Message, ...] = field(default=())
    periods: tuple[InterestPeriod, ...] = field(default=())


def late_interest(
    open_cents: int,
    due: date,
    as_of: date,
    table: RateTable,
    *,
    contract_rate: Decimal | None = None,
    paid: Sequence[tuple[date, int]] = (),
) -> Interest:
    """Simple interest from the day after `due` up to and including `as_of`.

    `open_cents` is what is still owed on `as_of`; `paid` lists (date, cents) paid on the
    invoice: a payment made during the period was owed (and bore interest) until the day
    before it came in. A `contract_rate` is used where it is lower than the statutory rate
    of a semester: the statutory rate is the ceiling LedgerDesk will claim (and the legal
    one for consumers).
    """
    start = due + timedelta(days=1)
    if open_cents <= 0 or as_of < start:
        return Interest(0, 0)
    during = sorted((on, cents) for on, cents in paid if start < on <= as_of)
    cuts = sorted({on for on, _ in during})
    total = Decimal(0)
    warnings: list[Message] = []
    periods: list[InterestPeriod] = []
    day = start
    while day <= as_of:
        key = semester_of(day)
        end = min(semester_bounds(key)[1], as_of)
        end = min([end] + [cut - timedelta(days=1) for cut in cuts if cut > day])
        span = (end - day).days + 1
        balance = open_cents + sum(cents for on, cents in during if on > day)
        statutory, warning = table.rate_for(key)
        if warning and warning not in warnings:
            warnings.append(warning)
        rate = statutory if contract_rate is None else min(contract_rate, statutory)
        total += Decimal(balance) * rate / HUNDRED * Decimal(span) / DAYS_IN_YEAR
        used = "" if warning is None else dict(warning.args).get("used", "")
        if balance > 0:
            periods.append(InterestPeriod(day, end, rate, balance, used))
        day = end + timedelta(days=1)
    return Interest(
        int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP)), (as_of - due).days, tuple(warnings), tuple(periods)
    )


def consumer_damages_cap(balance_cents: int) -> int:
    """Book XIX cap on damages for an outstanding balance (all in cents).

    ≤ 150 → 20; 150.01–500 → 30 + 10 % above 150; > 500 → 65 + 5 % above 500; never above 2,000.
    """
    if balance_cents <= 0:
        return 0
    balance = Decimal(balance_cents)
    if balance_cents <= 15000:
        cap = Decimal(2000)
    elif balance_cents <= 50000:
        cap = Decimal(3000) + (balance - 15000) / 10
    else:
        cap = Decimal(6500) + (balance - 50000) / 20
    return min(int(cap.quantize(Decimal(1), rounding=ROUND_HALF_UP)), 200000)


# --- Belgian working days ---------------------------------------------------------------


@functools.cache
def _holidays(year: int) -> frozenset[date]:
    """Belgium's ten legal public holidays (Royal Decree of 18 April 1974), three of them set by Easter.

    Written out rather than read from the `holidays` package: that package imports the calendars of every
    country it knows to give these ten dates (about 15 MiB of a window that must stay under 200 MiB);
    a test checks every working day from 1975 to 2100 against it."""
    from dateutil.easter import easter

    sunday = easter(year)
    return frozenset(
        {
            date(year, 1, 1),  # New Year's Day
            sunday + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),  # Labour Day
            sunday + timedelta(days=39),  # Ascension Day
            sunday + timedelta(days=50),  # Whit Monday
            date(year, 7, 21),  # National Day
            date(year, 8, 15),  # Assumption
            date(year, 11, 1),  # All Saints' Day
            date(year, 11, 11),  # Armistice Day
            date(year, 12, 25),  # Christmas Day
        }
    )


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th Belgian working day after `day` (1 = the next working day)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


CONSUMER_GRACE_DAYS = 14


def consumer_grace(sent_on: date, channel: str) -> tuple[date, date]:
    """First and last day of the ≥ 14-day period a first consumer reminder must grant.

    It starts on the third working day after a letter is posted, or the day after an e-mail;
    no damages or interest may be charged before the day after the last day.
    """
    if channel == "letter":
        start = add_working_days(sent_on, 3)
    elif channel == "email":
        start = sent_on + timedelta(days=1)
    else:
        raise ValidationError("a consumer's first reminder goes by letter or e-mail, on a durable medium")
    return start, start + timedelta(days=CONSUMER_GRACE_DAYS - 1)
