"""The retention rule for the ten-year duty: what it keeps, whatever the backup history."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.retention import RetentionPolicy, to_keep

moments = st.lists(
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31)), min_size=1, max_size=300
)


@settings(max_examples=150, deadline=None)
@given(moments)
def test_the_newest_is_kept_and_every_year_of_the_last_eleven_keeps_its_last_backup(history):
    kept = to_keep(history)
    assert max(history) in kept
    assert kept <= set(history)
    years = sorted({m.year for m in history}, reverse=True)[:11]
    for year in years:
        assert max(m for m in history if m.year == year) in kept
    assert len(kept) <= 7 + 8 + 12 + 11


@settings(max_examples=100, deadline=None)
@given(moments)
def test_keeping_is_stable_a_kept_backup_is_kept_again(history):
    """Rotating twice deletes nothing more than rotating once."""
    once = to_keep(history)
    assert to_keep(once) == once


def test_a_laptop_closed_for_a_month_still_keeps_seven_daily_copies():
    used = [datetime(2026, 1, 1, 9) + timedelta(days=d) for d in range(10)]
    back = datetime(2026, 2, 15, 9)
    kept = to_keep(used + [back])
    assert sorted(kept, reverse=True)[:7] == [back] + sorted(used, reverse=True)[:6]


def test_a_smaller_policy_keeps_fewer():
    history = [datetime(2026, 1, 1) + timedelta(hours=7 * i) for i in range(500)]
    assert len(to_keep(history, RetentionPolicy(daily=2, weekly=0, monthly=0, yearly=0))) == 2
