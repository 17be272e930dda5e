"""Which backups to keep: 7 daily, 8 weekly, 12 monthly, then one per year for the ten-year duty.

Grandfather-father-son rotation as restic's `forget --keep-daily` counts it: for each period
kind, the newest backup of each of the last N periods that *have* a backup is kept, so a laptop
left closed for a month still keeps seven daily copies. A yearly copy is the last one of its year
(the closed year's final state, which is what the ten-year retention of invoices asks for); eleven
years are kept so that ten closed years remain beside the current one. The newest backup is always
kept. Pure: takes the moments, returns the ones to keep.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = 7
    weekly: int = 8
    monthly: int = 12
    yearly: int = 11

    def periods(self) -> tuple[tuple[int, Callable[[datetime], Hashable]], ...]:
        return (
            (self.daily, lambda t: t.date()),
            (self.weekly, lambda t: t.isocalendar()[:2]),
            (self.monthly, lambda t: (t.year, t.month)),
            (self.yearly, lambda t: t.year),
        )


DEFAULT_POLICY = RetentionPolicy()


def to_keep(
    moments: Iterable[datetime], policy: RetentionPolicy = DEFAULT_POLICY, *, by_hand: Iterable[datetime] = ()
) -> set[datetime]:
    """The moments (backup times) that the policy keeps; every other backup may be deleted.

    `by_hand` are the moments of backups the user asked for (Backup now). Asking for a backup adds one: it
    never takes the place of the day's automatic backup (a day keeps its newest automatic copy, or its
    newest when it has none), and it is kept as long as its day is one of the daily days kept. The days,
    weeks, months and years kept are counted as before: a day with backups by hand is still one day."""
    newest_first = sorted(set(moments), reverse=True)
    hand = set(by_hand) & set(newest_first)
    keep: set[datetime] = set(newest_first[:1])
    for index, (count, period_of) in enumerate(policy.periods()):  # daily first
        seen: set[Hashable] = set()
        for moment in newest_first:
            period = period_of(moment)
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.add(period)
            if index == 0:  # a day: its newest automatic copy, and every copy made by hand that day
                same_day = [m for m in newest_first if m.date() == period]
                keep.add(next((m for m in same_day if m not in hand), moment))
                keep.update(m for m in same_day if m in hand)
            else:
                keep.add(moment)  # the newest of a period not yet represented
    return keep
