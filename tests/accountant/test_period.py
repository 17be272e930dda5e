"""Periods as the user writes them: a month, a quarter or a year, and nothing else."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain.period import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-q1", date(2026, 1, 1), date(2026, 3, 31)),
        (" 2026 ", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_month_a_quarter_and_a_year_are_read(text, first, last):
    period = Period.parse(text)
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26-Q1", "2026-1", "Q4", "", "1999", "2026/11", "2026-00"])
def test_anything_else_is_refused_with_the_forms_it_takes(text):
    with pytest.raises(PeriodError, match=r"2026-Q4"):
        Period.parse(text)


def test_last_quarter_of_january_is_the_fourth_of_the_year_before():
    assert Period.last_quarter(date(2027, 1, 5)).name == "2026-Q4"
    assert Period.last_quarter(date(2026, 8, 1)).name == "2026-Q2"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_every_day_is_in_exactly_one_month_and_one_quarter_of_its_year(day):
    months = [Period.month(day.year, m) for m in range(1, 13)]
    quarters = [Period.quarter(day.year, q) for q in range(1, 5)]
    assert sum(day in p for p in months) == 1 and sum(day in p for p in quarters) == 1
    assert day in Period.parse(str(day.year))
