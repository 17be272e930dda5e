"""Backup now adds a backup: it never takes the place of the day's automatic one, and the kept count holds."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.retention import DEFAULT_POLICY, to_keep
from ledgerdesk.persistence.backups import list_backups
from ledgerdesk.services.backups import back_up_if_due, back_up_now, back_up_on_close

moments = st.lists(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 12, 31)), min_size=1, max_size=120
)


@settings(max_examples=150, deadline=None)
@given(moments, st.data())
def test_a_backup_by_hand_is_kept_beside_its_day_and_only_while_that_day_is_kept(history, data):
    by_hand = data.draw(st.lists(st.sampled_from(history), max_size=20))
    plain = to_keep(history)
    kept = to_keep(history, by_hand=by_hand)
    assert plain <= kept <= set(history)
    days = sorted({m.date() for m in history}, reverse=True)[: DEFAULT_POLICY.daily]
    hand = set(by_hand)

    def newest_automatic(day):  # type: ignore[no-untyped-def]
        return max((m for m in history if m.date() == day and m not in hand), default=None)

    for day in days:  # a kept day keeps every copy made by hand and its newest automatic copy
        assert {m for m in hand if m.date() == day} <= kept
        if newest_automatic(day) is not None:
            assert newest_automatic(day) in kept
    # and nothing else is added: what asking by hand adds is those copies, or the automatic one beside them
    assert all(m in hand or m == newest_automatic(m.date()) for m in kept - plain)
    assert {m.date() for m in kept - plain} <= set(days)
    assert to_keep(kept, by_hand=[m for m in by_hand if m in kept]) == kept  # rotating again deletes nothing


def test_backup_now_adds_one_and_the_days_kept_stay_seven(book):
    day = datetime(2026, 3, 2, 9, 0)
    assert back_up_if_due(book.paths, now=day) is not None
    back_up_now(book.paths, now=day + timedelta(hours=1))
    back_up_now(book.paths, now=day + timedelta(hours=2))
    assert [b.label for b in list_backups(book.paths)] == ["manual", "manual", "daily"]
    back_up_on_close(book.paths, now=day + timedelta(hours=9))  # the day's newest automatic copy: the close
    assert [b.label for b in list_backups(book.paths)] == ["close", "manual", "manual"]
    for later in range(1, 8):  # a week of daily backups: the first day leaves the seven daily copies
        back_up_if_due(book.paths, now=day + timedelta(days=later))
    kept = list_backups(book.paths)
    assert len({b.made_at.date() for b in kept}) == 7 and len(kept) == 7
    assert "manual" not in {b.label for b in kept}
