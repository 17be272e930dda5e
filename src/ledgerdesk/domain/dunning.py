"""Reminder scenarios: ordered levels, which level an invoice is due for, and what a level claims.

Pure rules, `as_of` everywhere. A scenario is an ordered list of levels; an invoice climbs
them one at a time (never skipping one, so a consumer always gets the free first reminder
before anything costs money). After days with the app closed the next level is simply due
now. A broken payment promise or plan escalates: the next level is due at once, without
waiting for its day offset (the customer already had the time they asked for).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from . import letter_template
from .errors import ValidationError
from .late_payment import (
    BUSINESS_COMPENSATION_CENTS,
    InterestPeriod,
    RateTable,
    add_working_days,
    consumer_damages_cap,
    consumer_grace,
    late_interest,
    semester_of,
)
from .messages import Message

CHANNELS = ("letter", "email", "call")
KINDS = ("business", "consumer")
# What the first consumer letter must state (Book XIX): balance, damages if unpaid, creditor and its
# enterprise number, what the debt is for, the due date and the pay-by date.
CONSUMER_FIRST_LETTER_FIELDS = ("balance", "damages", "creditor", "enterprise_number", "debt_for", "due_date", "pay_by")
DEFAULT_PAY_WITHIN_DAYS = 14
# A transfer made on the pay-by date reaches the next statement a few working days later.
DEFAULT_BANK_DELAY_WORKING_DAYS = 3


@dataclass(frozen=True)
class Level:
    """One step of a scenario. `number` 0 is the friendly pre-due note; 1, 2, 3 … are reminders."""

    number: int
    days: int  # relative to the due date; negative = before it
    min_gap_days: int  # since the previous reminder of the same invoice
    channel: str
    title: str  # English source text (a msgid for the shipped levels)
    body: str  # English source text with {placeholders}
    fees: bool = False
    interest: bool = False
    call_task: bool = False
    enabled: bool = True
    pay_within_days: int = DEFAULT_PAY_WITHIN_DAYS
    overrides: Mapping[str, str] = field(default_factory=dict)  # language -> body written by the user

    @property
    def charges(self) -> bool:
        return self.fees or self.interest


@dataclass(frozen=True)
class Scenario:
    code: str
    name: str
    kind: str
    levels: tuple[Level, ...]
    claim_compensation: bool = True  # € 40 per invoice (business) or the capped damages (consumer)
    claim_interest: bool = True
    interest_rate: Decimal | None = None  # None = the statutory business rate of each semester
    consumer_damages_cents: int | None = None  # None = the legal cap; else a fixed amount, still capped

    def active_levels(self) -> list[Level]:
        return sorted((lv for lv in self.levels if lv.enabled), key=lambda lv: lv.number)

    def level(self, number: int) -> Level:
        for lv in self.levels:
            if lv.number == number:
                return lv
        raise ValidationError(f"scenario '{self.name}' has no level {number}")

    def first_reminder(self) -> Level | None:
        return next((lv for lv in self.active_levels() if lv.days >= 0), None)


def scenario_problems(scenario: Scenario, rates: RateTable, as_of: date) -> list[str]:
    """Every rule the scenario breaks, as sentences (empty when it is acceptable)."""
    problems: list[str] = []
    levels = scenario.active_levels()
    if scenario.kind not in KINDS:
        problems.append(f"a scenario is for 'business' or 'consumer' customers, not '{scenario.kind}'")
    if not levels:
        problems.append("a scenario needs at least one active level")
    numbers = [lv.number for lv in scenario.levels]
    if len(set(numbers)) != len(numbers):
        problems.append("two levels share a number")
    for before, after in pairwise(levels):
        if after.days <= before.days:
            problems.append(f"level {after.number} must come later than level {before.number}")
    for lv in levels:
        if lv.channel not in CHANNELS:
            problems.append(f"level {lv.number}: channel '{lv.channel}' is not letter, e-mail or call")
        if lv.min_gap_days < 0 or lv.pay_within_days < 1:
            problems.append(f"level {lv.number}: waiting times cannot be negative")
        if lv.days < 0 and lv.charges:
            problems.append(f"level {lv.number} comes before the due date and cannot charge fees or interest")
    if scenario.interest_rate is not None and not Decimal(0) <= scenario.interest_rate <= Decimal(50):
        problems.append("the interest rate must be between 0 and 50 %")
    if scenario.kind == "consumer":
        problems.extend(_consumer_problems(scenario, levels, rates, as_of))
    return problems


def _consumer_problems(scenario: Scenario, levels: Sequence[Level], rates: RateTable, as_of: date) -> list[str]:
    problems: list[str] = []
    first = scenario.first_reminder()
    if first is not None:
        if first.charges:
            problems.append("the first reminder to a consumer must be free (no fees, no interest)")
        if first.channel not in ("letter", "email"):
            problems.append("the first reminder to a consumer goes by letter or e-mail")
        if first.pay_within_days < 14:
            problems.append("the first reminder to a consumer grants at least 14 days to pay")
        later = [lv for lv in levels if lv.number > first.number]
        if later and later[0].min_gap_days < 14 and later[0].charges:
            problems.append(f"level {later[0].number} charges a consumer less than 14 days after the free reminder")
    if scenario.interest_rate is not None:
        business, _ = rates.rate_for(semester_of(as_of))
        if scenario.interest_rate > business:
            problems.append(
                f"a consumer's interest ({scenario.interest_rate} %) may not exceed the business rate ({business} %)"
            )
    if scenario.consumer_damages_cents is not None and not 0 <= scenario.consumer_damages_cents <= 200000:
        problems.append("damages to a consumer are never more than € 2,000")
    return problems


def check_scenario(scenario: Scenario, rates: RateTable, as_of: date) -> Scenario:
    problems = scenario_problems(scenario, rates, as_of)
    if problems:
        raise ValidationError(f"scenario '{scenario.name}' is refused: " + "; ".join(problems))
    return scenario


# Every placeholder a level's text may use (filled in by the letter builder).
PLACEHOLDERS = (
    "salutation",
    "customer",
    "creditor",
    "enterprise_number",
    "balance",
    "damages",
    "debt_for",
    "due_date",
    "pay_by",
    "total",
    "fees",
    "interest",
)


def text_problems(text: str) -> list[str]:
    """What is wrong with a letter text a user wrote: unknown placeholders (a format spec such as
    `{customer:>9}` included: texts are templates, not format strings) or unbalanced braces."""
    return letter_template.problems(text, PLACEHOLDERS)


def missing_first_letter_fields(text: str) -> list[str]:
    """Placeholders a consumer's first letter text lacks (each is a legal requirement)."""
    return [name for name in CONSUMER_FIRST_LETTER_FIELDS if "{" + name + "}" not in text]


# --- the decision ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminded:
    """A confirmed reminder of one invoice."""

    on: date
    level: int
    channel: str
    pay_by: date | None = None  # the deadline the letter gave; the next level waits for it (and the bank)


@dataclass(frozen=True)
class Due:
    """The level an invoice is due for now, or why not (`level` None) and from when."""

    level: Level | None
    why: Message | None = None
    not_before: date | None = None

    @property
    def reason(self) -> str:
        return str(self.why) if self.why else ""


def next_level(
    scenario: Scenario,
    due: date,
    history: Sequence[Reminded],
    as_of: date,
    *,
    escalated_on: date | None = None,
    bank_delay_days: int = DEFAULT_BANK_DELAY_WORKING_DAYS,
) -> Due:
    """Which level an open invoice is due for on `as_of`.

    `escalated_on`: the day a promise or plan was broken (after the last reminder).
    `bank_delay_days`: Belgian working days a payment made on the last letter's pay-by date may
    take to show on a statement. The next level is never due before that: the debtor was told
    they had until that day, and escalating over a payment still on its way embarrasses the creditor.
    """
    levels = scenario.active_levels()
    last = max(history, key=lambda r: (r.on, r.level)) if history else None
    candidates = [lv for lv in levels if last is None or lv.number > last.level]
    if as_of >= due:
        candidates = [lv for lv in candidates if lv.days >= 0]  # a pre-due note is pointless once due
    first_paid_free = _first_post_due(history, scenario)
    if scenario.kind == "consumer" and first_paid_free is None and candidates:
        # Whatever was dropped in review, a consumer's first post-due reminder is the free one.
        first = scenario.first_reminder()
        if first is not None and as_of >= due:
            candidates = [first]
    if not candidates:
        return Due(None, Message.of("every level of the scenario was sent"))
    level = candidates[0]
    earliest = due + timedelta(days=level.days)
    if last is not None:
        earliest = max(earliest, last.on + timedelta(days=level.min_gap_days))
    escalated = escalated_on is not None and (last is None or escalated_on > last.on)
    if escalated:
        earliest = escalated_on  # type: ignore[assignment]
    why = Message.of("level {level} is due from {date}", level=level.number, date=earliest.isoformat())
    # A broken promise or plan replaced the letter's deadline with the debtor's own (missed) date.
    if last is not None and last.pay_by is not None and not escalated:
        after_deadline = max(last.pay_by + timedelta(days=1), add_working_days(last.pay_by, bank_delay_days))
        if after_deadline > earliest:
            earliest = after_deadline
            why = Message.of(
                "level {level} waits for the last letter's pay-by date {pay_by} and {days} working days for the bank: "
                "due from {date}",
                level=level.number,
                pay_by=last.pay_by.isoformat(),
                days=bank_delay_days,
                date=earliest.isoformat(),
            )
    if scenario.kind == "consumer" and level.charges and first_paid_free is not None:
        _, grace_end = consumer_grace(first_paid_free.on, first_paid_free.channel)
        allowed = grace_end + timedelta(days=1)
        if allowed > earliest:
            earliest = allowed
            why = Message.of("consumer grace period runs until {date}", date=grace_end.isoformat())
    if as_of < earliest:
        return Due(None, why, earliest)
    return Due(level)


def consumer_may_charge(scenario: Scenario, history: Sequence[Reminded], as_of: date) -> bool:
    """True once a consumer had the free reminder and its legal grace period has run out."""
    first = _first_post_due(history, scenario)
    if first is None:
        return False
    return as_of > consumer_grace(first.on, first.channel)[1]


def _first_post_due(history: Sequence[Reminded], scenario: Scenario) -> Reminded | None:
    post_due = {lv.number for lv in scenario.levels if lv.days >= 0}
    sent = sorted((r for r in history if r.level in post_due and r.channel in ("letter", "email")), key=lambda r: r.on)
    return sent[0] if sent else None


# --- what a level claims ----------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    open_cents: int
    fee_cents: int
    interest_cents: int
    warnings: tuple[Message, ...] = ()
    periods: tuple[InterestPeriod, ...] = ()  # how the interest was reckoned, for the letter

    @property
    def total_cents(self) -> int:
        return self.open_cents + self.fee_cents + self.interest_cents


def claim_for(
    scenario: Scenario,
    level: Level,
    open_cents: int,
    due: date,
    as_of: date,
    rates: RateTable,
    history: Sequence[Reminded] = (),
    paid: Sequence[tuple[date, int]] = (),
) -> Claim:
    """Fee and interest a level claims on one invoice on `as_of` (0 when the level claims nothing)."""
    fee = interest = 0
    warnings: tuple[Message, ...] = ()
    periods: tuple[InterestPeriod, ...] = ()
    interest_from = due
    if scenario.kind == "consumer" and level.charges:
        first = _first_post_due(history, scenario)
        if first is None:
            return Claim(open_cents, 0, 0, (Message.of("a consumer's first reminder is free"),))
        _, grace_end = consumer_grace(first.on, first.channel)
        if as_of <= grace_end:
            return Claim(
                open_cents, 0, 0, (Message.of("consumer grace period runs until {date}", date=grace_end.isoformat()),)
            )
        interest_from = max(due, grace_end)  # Book XIX: nothing runs before the period has ended
    if level.fees and scenario.claim_compensation and as_of > due:
        fee = compensation_cents(scenario, open_cents)
    if level.interest and scenario.claim_interest:
        result = late_interest(open_cents, interest_from, as_of, rates, contract_rate=scenario.interest_rate, paid=paid)
        interest, warnings, periods = result.cents, result.warnings, result.periods
    return Claim(open_cents, fee, interest, warnings, periods if interest else ())


def compensation_cents(scenario: Scenario, open_cents: int) -> int:
    """€ 40 per late invoice for a business; the legal cap (or a lower fixed amount) for a consumer."""
    if scenario.kind == "business":
        return BUSINESS_COMPENSATION_CENTS
    cap = consumer_damages_cap(open_cents)
    fixed = scenario.consumer_damages_cents
    return cap if fixed is None else min(fixed, cap)


def pay_by_date(scenario: Scenario, level: Level, sent_on: date) -> date:
    """The date a letter asks payment by: for a consumer's free reminder, the last day of the
    legal grace period (at least 14 days from the third working day after posting)."""
    if scenario.kind == "consumer" and scenario.first_reminder() == level and level.channel in ("letter", "email"):
        _, grace_end = consumer_grace(sent_on, level.channel)
        return max(grace_end, sent_on + timedelta(days=level.pay_within_days))
    return sent_on + timedelta(days=level.pay_within_days)


def with_level(scenario: Scenario, number: int, **changes: object) -> Scenario:
    """A copy with one level changed (editing keeps values immutable)."""
    levels = tuple(replace(lv, **changes) if lv.number == number else lv for lv in scenario.levels)  # type: ignore[arg-type]
    return replace(scenario, levels=levels)
