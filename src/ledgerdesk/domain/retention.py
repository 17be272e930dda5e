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


def to_keep(moments: Iterable[datetime], policy: RetentionPolicy = DEFAULT_POLICY) -> set[datetime]:
    """The moments (backup times) that the policy keeps; every other backup may be deleted."""
    newest_first = sorted(set(moments), reverse=True)
    keep: set[datetime] = set(newest_first[:1])
    for count, period_of in policy.periods():
        seen: set[Hashable] = set()
        for moment in newest_first:
            period = period_of(moment)
            if period in seen:
                continue
            if len(seen) == count:
                break
            seen.add(period)
            keep.add(moment)  # the newest of a period not yet represented
    return keep
