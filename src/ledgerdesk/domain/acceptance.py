"""Tacit acceptance of an invoice by a business (art. 8.11 §4 Civil Code): evidence, never a certainty.

"Save proof to the contrary, an invoice accepted by an enterprise, or not disputed within a reasonable
time, is proof against that enterprise" — consumers are not covered. A week is in most cases timely;
LedgerDesk counts a configurable window (default 8 days) from the proof of delivery (the access point's
delivery of the Peppol message) and says so in the history as evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

DEFAULT_WINDOW_DAYS = 8


def tacit_acceptance_day(
    *,
    customer_kind: str,
    delivered_on: date,
    protests: Iterable[date],
    as_of: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> date | None:
    """The day the window closed without protest, if it has (and the customer is a business); else None."""
    if customer_kind != "business" or window_days < 1:
        return None
    closes = delivered_on + timedelta(days=window_days)
    if as_of < closes:
        return None
    if any(day <= closes for day in protests):
        return None
    return closes
