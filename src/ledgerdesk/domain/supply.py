"""The date of supply: when an invoice is due by law (the 15th of the month after the supply).

Belgian VAT (KB nr. 1, art. 4): an invoice is issued at the latest on the 15th day of the month
following the month of the supply; the date of supply is a mandatory mention when it differs from the
invoice date. Issuing later is not refused (the invoice is still owed), but the user is told.
"""

from __future__ import annotations

from datetime import date

from .messages import Message


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
