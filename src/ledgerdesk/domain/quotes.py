"""Quotes: the statuses a quote goes through, the rule of each change, its deposit and its validity (pure).

A quote is the commercial document with kind `quote`: numbered in its own series (never the gapless
invoice series), valid until a date, and decided by the customer. Expiry is not stored: a numbered quote
whose validity date has passed *is* expired on any later day, so no job has to run for it to happen
and a report as of an earlier date still sees it as it was.

Numbering a quote makes it final (stored status `sent`, frozen by the book), but only a delivery by the
outbox or the user's word that it was handed over makes it *sent*: until then it is shown as `ready`,
because a quote shown as sent that never left would be a false statement. Whether it left is read from
its history (`SENT_EVENTS`), so the stored status keeps one value for the numbered state and no book
needs rewriting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .errors import DomainError
from .money import fmt_cents

QUOTE_NUMBER_FORMAT = "Q{year}-{seq:04d}"
DEFAULT_VALIDITY_DAYS = 30


class QuoteStatus(StrEnum):
    """Where a quote stands; every status but `ready` and `expired` is stored (`quotes.status`): the
    stored `sent` is the numbered state, shown as `ready` until the quote has left."""

    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    EXPIRED = "expired"
    CONVERTED = "converted"


STORED_STATUSES = tuple(s.value for s in QuoteStatus if s not in (QuoteStatus.READY, QuoteStatus.EXPIRED))
# The numbered states: acceptance, refusal and expiry apply to a quote made final whether or not it left.
NUMBERED = (QuoteStatus.READY, QuoteStatus.SENT)
# History events that say the quote left: delivered by the outbox, marked sent by hand, or numbered in a
# book older than the difference between the two (its numbering event was called `sent` and meant it).
SENT_EVENTS = ("sent", "delivery_sent", "marked_sent")
# English labels (msgids) for a status, shown in lists and on the command line.
STATUS_LABELS = {
    QuoteStatus.DRAFT: "Draft",
    QuoteStatus.READY: "Ready to send",
    QuoteStatus.SENT: "Sent",
    QuoteStatus.ACCEPTED: "Accepted",
    QuoteStatus.REFUSED: "Refused",
    QuoteStatus.EXPIRED: "Expired",
    QuoteStatus.CONVERTED: "Converted",
}


def effective_status(
    stored: str, valid_until: date | None, as_of: date, *, has_invoice: bool = True, left: bool = True
) -> QuoteStatus:
    """The status as of a day: a numbered quote past its validity date is expired, one that has not `left`
    (no delivery, not marked sent) is ready; a converted quote whose invoice draft was deleted again is
    accepted (it can be converted anew)."""
    status = QuoteStatus(stored)
    if status is QuoteStatus.CONVERTED and not has_invoice:
        return QuoteStatus.ACCEPTED
    if status is QuoteStatus.SENT and valid_until is not None and as_of > valid_until:
        return QuoteStatus.EXPIRED
    if status is QuoteStatus.SENT and not left:
        return QuoteStatus.READY
    return status


def check_mark_sent(stored: str, number: str | None, *, left: bool) -> None:
    """Only a numbered quote can be marked sent, and only once."""
    if QuoteStatus(stored) is QuoteStatus.DRAFT:
        raise DomainError("a draft quote must be made final before it is marked sent")
    if left:
        raise DomainError(f"quote {number} is already sent")


def default_valid_until(issue_date: date, days: int = DEFAULT_VALIDITY_DAYS) -> date:
    return issue_date + timedelta(days=days)


def check_validity(issue_date: date, valid_until: date) -> None:
    if valid_until < issue_date:
        raise DomainError(f"a quote cannot be valid until {valid_until.isoformat()}, before its date")


def check_deposit(deposit_cents: int | None, total_cents: int) -> None:
    """A deposit is more than nothing and at most the quote's total."""
    if deposit_cents is None:
        return
    if deposit_cents <= 0:
        raise DomainError("the deposit must be more than 0.00")
    if deposit_cents > total_cents:
        raise DomainError(
            f"the deposit of {fmt_cents(deposit_cents)} is more than the quote's total of {fmt_cents(total_cents)}"
        )


def deposit_of_percent(total_cents: int, percent: Decimal) -> int:
    """A deposit as a percentage of the total, rounded half up to the cent."""
    if not Decimal(0) < percent <= Decimal(100):
        raise DomainError(f"a deposit of {percent} % is not between 0 and 100 %")
    return int((Decimal(total_cents) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_planned_month(text: str | None) -> str | None:
    """A planned month as stored, "2026-12", or None when none is given."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if len(text) not in (6, 7) or text[4] != "-":
            raise ValueError(text)
        year, month = (int(part) for part in text.split("-"))
        date(year, month, 1)
    except ValueError:
        raise DomainError(f"'{text}' is not a month (e.g. 2026-12)") from None
    return f"{year:04d}-{month:02d}"


def check_editable(stored: str, number: str | None) -> None:
    if QuoteStatus(stored) is not QuoteStatus.DRAFT:
        raise DomainError(f"quote {number} is sent and can no longer be changed")


def check_send(stored: str, number: str | None, total_cents: int) -> None:
    if QuoteStatus(stored) is not QuoteStatus.DRAFT:
        raise DomainError(f"quote {number} is already sent")
    if total_cents <= 0:
        raise DomainError("a quote needs a total of more than 0.00")


def check_decision(stored: str, number: str | None, valid_until: date | None, on: date, *, accept: bool) -> None:
    """Only a numbered quote is decided (sent or not: a customer may accept a quote handed over, and the
    outbox may not know); an expired one can still be refused, not accepted."""
    status = effective_status(stored, valid_until, on)
    if accept and status is QuoteStatus.EXPIRED:
        raise DomainError(f"quote {number} expired on {valid_until.isoformat() if valid_until else ''}")
    if status not in (*NUMBERED, QuoteStatus.EXPIRED):
        if status is QuoteStatus.DRAFT:
            raise DomainError("a draft quote must be sent before it is accepted or refused")
        if status is QuoteStatus.ACCEPTED:
            raise DomainError(f"quote {number} is already accepted")
        if status is QuoteStatus.REFUSED:
            raise DomainError(f"quote {number} is already refused")
        raise DomainError(f"quote {number} is already converted")


def check_convert(status: QuoteStatus, number: str | None) -> None:
    """Only an accepted quote becomes invoices (`status` as `effective_status` gives it, so a quote whose
    last invoice draft was deleted again is accepted)."""
    if status is QuoteStatus.CONVERTED:
        raise DomainError(f"quote {number} is already converted")
    if status is not QuoteStatus.ACCEPTED:
        raise DomainError(f"quote {number} must be accepted before it is converted")


def left_to_invoice(quantities: Sequence[Decimal], taken: Mapping[int, Decimal]) -> dict[int, Decimal]:
    """What is left to invoice of each line (by position from 0); lines with nothing left are omitted.

    A line with a negative quantity (a discount) is left whole or taken whole, in its own sign."""
    left = {}
    for position, quantity in enumerate(quantities):
        rest = quantity - taken.get(position, Decimal(0))
        if rest != 0 and (rest > 0) == (quantity > 0):
            left[position] = rest
    return left


def check_take(
    number: str | None,
    requested: Mapping[int, Decimal | None],
    left: Mapping[int, Decimal],
    line_count: int,
    *,
    order: bool = False,
) -> dict[int, Decimal]:
    """The quantities to invoice now, by position: `None` takes what is left of a line. Nothing is ever
    taken twice: a line taken whole, or more than is left of it, is refused with the line's number (from 1).
    `order`: the lines are an order confirmation's, and the messages say so."""
    if not requested:
        if order:
            raise DomainError(f"nothing is left to invoice on order confirmation {number}")
        raise DomainError(f"nothing is left to invoice on quote {number}")
    taking: dict[int, Decimal] = {}
    for position, quantity in requested.items():
        shown = position + 1
        if not 0 <= position < line_count:
            if order:
                raise DomainError(f"order confirmation {number} has no line {shown}")
            raise DomainError(f"quote {number} has no line {shown}")
        rest = left.get(position)
        if rest is None:
            if order:
                raise DomainError(f"line {shown} of order confirmation {number} is already invoiced")
            raise DomainError(f"line {shown} of quote {number} is already invoiced")
        wanted = rest if quantity is None else quantity
        if wanted == 0 or (wanted > 0) != (rest > 0) or abs(wanted) > abs(rest):
            if order:
                raise DomainError(
                    f"line {shown} of order confirmation {number} has {rest} left to invoice, not {wanted}"
                )
            raise DomainError(f"line {shown} of quote {number} has {rest} left to invoice, not {wanted}")
        taking[position] = wanted
    return taking
