"""Recurring schedules are computed from the anchor, so a 31st stays the 31st after February."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import recurring as r
from ledgerdesk.domain.errors import ValidationError


def test_monthly_on_the_31st_clamps_in_february_and_comes_back_in_march():
    starts = [r.period_start(date(2026, 1, 31), "monthly", n) for n in range(4)]
    assert starts == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert r.period_start(date(2028, 1, 31), "monthly", 1) == date(2028, 2, 29)


def test_period_end_is_the_day_before_the_next_start():
    assert r.period_end(date(2026, 1, 31), "monthly", 0) == date(2026, 2, 27)
    assert r.period_end(date(2026, 1, 15), "quarterly", 0) == date(2026, 4, 14)
    assert r.period_end(date(2024, 2, 29), "yearly", 0) == date(2025, 2, 27)


def test_periods_between_dates_respect_the_end():
    got = list(
        r.periods(date(2026, 1, 31), "monthly", since=date(2026, 2, 1), until=date(2026, 6, 30), end=date(2026, 4, 30))
    )
    assert got == [date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_mrr_divides_quarterly_by_three_and_yearly_by_twelve_and_rounds_once():
    assert r.mrr_cents([(10000, "monthly"), (30000, "quarterly"), (120000, "yearly")]) == 30000
    # 3 × 100.00/3 = 100.00 exactly when rounded once, not 3 × 33.33
    assert r.mrr_cents([(10000, "quarterly")] * 3) == 10000


def test_bad_schedule_is_one_clear_sentence():
    with pytest.raises(ValidationError, match="frequency"):
        r.Schedule(date(2026, 1, 1), "weekly")
    with pytest.raises(ValidationError, match="end date"):
        r.Schedule(date(2026, 1, 1), "monthly", date(2025, 1, 1))


@given(
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    frequency=st.sampled_from(["monthly", "quarterly", "yearly"]),
    n=st.integers(min_value=0, max_value=240),
)
def test_the_anchor_day_never_drifts(anchor, frequency, n):
    start = r.period_start(anchor, frequency, n)
    months = (start.year - anchor.year) * 12 + start.month - anchor.month
    assert months == n * r.step_months(frequency)
    # The anchor's day when the month has it, else the month's last day — never anything in between.
    assert start.day == min(anchor.day, calendar.monthrange(start.year, start.month)[1])
    assert r.index_on_or_after(anchor, frequency, start) == n
    assert r.period_start(anchor, frequency, n + 1) > start


@given(
    anchor=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    frequency=st.sampled_from(["monthly", "quarterly", "yearly"]),
    since=st.dates(min_value=date(1999, 1, 1), max_value=date(2045, 12, 31)),
    days=st.integers(min_value=0, max_value=800),
)
def test_periods_are_exactly_the_anchor_periods_in_the_window(anchor, frequency, since, days):
    until = date.fromordinal(since.toordinal() + days)
    got = list(r.periods(anchor, frequency, since=since, until=until))
    expected = []
    n = 0
    while (start := r.period_start(anchor, frequency, n)) <= until:
        if start >= since:
            expected.append(start)
        n += 1
    assert got == expected
