"""Work delivered: when its invoice is due by law, and the warning as that day approaches (pure).

A Belgian invoice for goods or services delivered is issued at the latest on the 15th of the month
after the delivery (KB/AR nr. 1, art. 4), so work slips not yet invoiced are watched against that day.
"""

from __future__ import annotations

from datetime import date

from .messages import Message
from .money import fmt_cents

WARN_DAYS = 7  # how many days before the 15th the warning starts


def invoice_deadline(delivered: date) -> date:
    """The last day the invoice of work delivered on `delivered` may be issued: the 15th of the next month."""
    year, month = (delivered.year + 1, 1) if delivered.month == 12 else (delivered.year, delivered.month + 1)
    return date(year, month, 15)


def deadline_warning(oldest_uninvoiced: date | None, amount_cents: int, as_of: date) -> Message | None:
    """A sentence when the oldest work not yet invoiced must be invoiced within WARN_DAYS, or is late."""
    if oldest_uninvoiced is None or amount_cents == 0:
        return None
    deadline = invoice_deadline(oldest_uninvoiced)
    if as_of > deadline:
        return Message.of(
            "work delivered since {date} ({amount}) is not invoiced: its invoice was due by {deadline}",
            date=oldest_uninvoiced.isoformat(),
            amount=fmt_cents(amount_cents),
            deadline=deadline.isoformat(),
        )
    if (deadline - as_of).days <= WARN_DAYS:
        return Message.of(
            "work delivered since {date} ({amount}) must be invoiced by {deadline}",
            date=oldest_uninvoiced.isoformat(),
            amount=fmt_cents(amount_cents),
            deadline=deadline.isoformat(),
        )
    return None
