"""The date of supply and the service period: when an invoice is due by law (the 15th of the month after the supply).

Belgian VAT (KB nr. 1, art. 4): an invoice is issued at the latest on the 15th day of the month
following the month of the supply; the date of supply is a mandatory mention when it differs from the
invoice date. Issuing later is not refused (the invoice is still owed), but the user is told.
Services billed over a period (a month of consultancy, a quarter's maintenance) are supplied when the
period ends, so that end is the supply the deadline counts from. A line may carry its own period
(EN 16931 BG-26) when it differs from the invoice's (BG-14); Peppol then wants it inside the invoice's
(PEPPOL-EN16931-R110/R111).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import ValidationError
from .messages import Message


@dataclass(frozen=True)
class ServicePeriod:
    """The first and last day of the services an invoice (or one line) bills, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                f"a service period cannot end ({self.end.isoformat()}) before it starts ({self.start.isoformat()})"
            )

    @classmethod
    def of(cls, start: date | None, end: date | None) -> ServicePeriod | None:
        """A period from two stored or typed days: none when both are empty, refused when one is missing."""
        if start is None and end is None:
            return None
        if start is None or end is None:
            raise ValidationError("a service period needs both its first and its last day")
        return cls(start, end)

    def contains(self, other: ServicePeriod) -> bool:
        return self.start <= other.start and other.end <= self.end


def supply_day(delivery: date | None, period: ServicePeriod | None) -> date | None:
    """The day the supply took place: the date of supply, else the last day of the service period."""
    if delivery is not None:
        return delivery
    return period.end if period is not None else None


def check_line_periods(period: ServicePeriod | None, line_periods: Iterable[tuple[str, ServicePeriod | None]]) -> None:
    """A line's own period lies inside the invoice's period when the invoice has one (Peppol R110/R111).

    `line_periods` pairs each line's description with its period; raises ValidationError naming the line."""
    if period is None:
        return
    for description, own in line_periods:
        if own is not None and not period.contains(own):
            raise ValidationError(
                f"line '{description}': its service period ({own.start.isoformat()} – {own.end.isoformat()}) "
                f"lies outside the invoice's ({period.start.isoformat()} – {period.end.isoformat()})"
            )


def invoice_deadline(supply: date) -> date:
    """The last day to invoice a supply: the 15th of the following month."""
    return date(supply.year + 1, 1, 15) if supply.month == 12 else date(supply.year, supply.month + 1, 15)


def late_issue_warning(supply: date | None, issue: date) -> Message | None:
    """A warning when an invoice is issued after the 15th of the month following its supply."""
    if supply is None or issue <= invoice_deadline(supply):
        return None
    return Message.of(
        "the supply of {supply} had to be invoiced by {deadline}; this invoice is issued late",
        supply=supply.strftime("%d/%m/%Y"),
        deadline=invoice_deadline(supply).strftime("%d/%m/%Y"),
    )
