"""Holds on reminders: disputes, payment promises and payment plans, judged as of a date.

A hold stops reminders while it stands. A promise or plan that is kept simply ends; one
whose date passes unpaid is *broken* on the day after that date, and the invoice's next
reminder is then due at once (see `dunning.next_level(escalated_on=...)`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class HoldState:
    """`holding` until `until`; `broken_on` when a promise or plan failed; `kept` when it was honoured."""

    holding: bool
    until: date | None = None
    broken_on: date | None = None
    kept: bool = False


@dataclass(frozen=True)
class Paid:
    """Money allocated to the invoice(s) concerned on a date."""

    on: date
    cents: int


def _paid_between(payments: Sequence[Paid], start: date, end: date) -> int:
    return sum(p.cents for p in payments if start <= p.on <= end)


def promise_state(
    made_on: date, promised_date: date, amount_cents: int, payments: Sequence[Paid], as_of: date
) -> HoldState:
    """A promise holds up to and including its date; afterwards it is kept if the amount came in."""
    paid = _paid_between(payments, made_on, min(promised_date, as_of))
    if paid >= amount_cents:
        return HoldState(False, kept=True)
    if as_of <= promised_date:
        return HoldState(True, until=promised_date)
    return HoldState(False, broken_on=promised_date + timedelta(days=1))


def plan_state(
    made_on: date, instalments: Sequence[tuple[date, int]], payments: Sequence[Paid], as_of: date
) -> HoldState:
    """A plan holds while, for every instalment date already passed, the cumulative amount was paid by then."""
    schedule = sorted(instalments)
    owed = 0
    for due, cents in schedule:
        owed += cents
        if due >= as_of:
            return HoldState(True, until=schedule[-1][0])
        if _paid_between(payments, made_on, due) < owed:
            return HoldState(False, broken_on=due + timedelta(days=1))
    return HoldState(False, kept=True)


def split_instalments(total_cents: int, count: int, first: date, every_days: int = 30) -> list[tuple[date, int]]:
    """`count` instalments, `every_days` apart, equal to the cent; the last one takes the remainder."""
    if count < 1 or total_cents <= 0 or every_days < 1:
        raise ValueError("a plan needs at least one instalment of a positive amount")
    part = total_cents // count
    amounts = [part] * (count - 1) + [total_cents - part * (count - 1)]
    return [(first + timedelta(days=every_days * n), cents) for n, cents in enumerate(amounts)]
