"""When the outbox tries the queue again by itself: a back-off that grows while a channel stays down.

A run that finds the server unreachable changes nothing (the deliveries stay queued), so trying
again costs little; but a laptop offline for a day should not knock on the server every few seconds.
The wait doubles after each run that left something waiting, up to a ceiling, and starts again from
the first step as soon as a run gets through (or the operating system says the network is back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Backoff:
    first: timedelta
    ceiling: timedelta

    def delay(self, failures: int) -> timedelta:
        """The wait before the next try after `failures` runs in a row that left the queue waiting."""
        if failures <= 0:
            return self.first
        steps = min(failures, 32)  # 2**32 times anything is past every ceiling
        return min(self.first * (2**steps), self.ceiling)


# The app: the first try again after half a minute, then 1, 2, 4, 8 minutes, at most every 15 minutes.
APP = Backoff(timedelta(seconds=30), timedelta(minutes=15))
# `outbox send --until-empty`: someone is waiting at the terminal, so it starts sooner and stays closer.
COMMAND_LINE = Backoff(timedelta(seconds=5), timedelta(minutes=5))
