"""Whether an issue date can be the date of issuing: numbers follow dates, and an invoice is dated today.

An invoice's number and date go together: a series numbered in order of issuing must also be in order
of date (2026-0012 cannot be dated before 2026-0011), and an invoice dated years back — 2020-0001
issued in 2026 — opens a series of a closed year. Neither is refused outright (an invoice forgotten
at the turn of the year is real), but the user must see it and confirm: the editor asks, the command
line wants `--force`.
"""

from __future__ import annotations

from datetime import date

from .messages import Message

# Beyond this many days in the past, an issue date is not "today's invoice entered a little late".
PAST_DAYS = 15


def out_of_order_warning(issue: date, latest: tuple[str, date] | None) -> Message | None:
    """Issued before the latest issued document of its kind: its number would not follow the dates."""
    if latest is None or issue >= latest[1]:
        return None
    number, dated = latest
    return Message.of(
        "its date {date} comes before {number} of {latest}: the numbers would no longer follow the dates",
        date=issue.strftime("%d/%m/%Y"),
        number=number,
        latest=dated.strftime("%d/%m/%Y"),
    )


def backdated_warning(issue: date, today: date) -> Message | None:
    """Dated well before today: an invoice carries the day it is issued."""
    days = (today - issue).days
    if days <= PAST_DAYS:
        return None
    return Message.of(
        "it is dated {date}, {days} days ago; an invoice carries the day it is issued",
        date=issue.strftime("%d/%m/%Y"),
        days=str(days),
    )
