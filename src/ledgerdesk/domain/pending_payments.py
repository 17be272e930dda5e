"""Bank lines that may pay an invoice: while one is unresolved, the invoice's reminder waits.

A reminder for money that already reached the bank is the one mistake a creditor cannot take
back. So an invoice is held while an incoming line that is neither booked nor set aside could
pay it: a review line that suggests it, or any unresolved line with its exact open amount, its
number, its structured communication, or the structured communication of a reminder letter
that includes it. Resolving the line (booking it or setting it aside) lifts the hold.
Pure: the lines and invoices come in as plain values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .messages import Message
from .money import fmt_cents

SUGGESTED, AMOUNT, NUMBER, OGM, LETTER = "suggested", "amount", "number", "ogm", "letter"
_TOKEN = re.compile(r"[0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*")
_SEPARATORS = re.compile(r"[-/. +]")


@dataclass(frozen=True)
class UnresolvedLine:
    """An incoming bank line still in the review queue or unmatched."""

    id: int
    booking_date: date
    amount_cents: int
    counterparty: str
    communication: str
    ogm: str | None = None  # 12 digits, when the line carried a structured communication
    suggested: frozenset[int] = frozenset()  # invoice ids its stored suggestions would pay


@dataclass(frozen=True)
class OpenInvoice:
    id: int
    number: str
    issue_date: date
    open_cents: int
    ogm: str | None = None
    letters: tuple[tuple[str, str], ...] = ()  # (letter number, its 12-digit communication) of letters including it


@dataclass(frozen=True)
class MayHaveArrived:
    line: UnresolvedLine
    how: str  # SUGGESTED, AMOUNT, NUMBER, OGM or LETTER
    letter: str = ""

    def why(self) -> Message:
        facts = {
            "date": self.line.booking_date.isoformat(),
            "amount": fmt_cents(self.line.amount_cents),
            "counterparty": self.line.counterparty or "?",
        }
        if self.how == SUGGESTED:
            return Message.of(
                "a payment may have arrived: the bank line of {date}, {amount} from {counterparty}, "
                "waits in the review queue with this invoice as its suggestion",
                **facts,
            )
        if self.how == LETTER:
            return Message.of(
                "a payment may have arrived: the bank line of {date}, {amount} from {counterparty}, "
                "carries the communication of reminder {letter} and is not booked yet",
                letter=self.letter,
                **facts,
            )
        if self.how == OGM:
            return Message.of(
                "a payment may have arrived: the bank line of {date}, {amount} from {counterparty}, "
                "carries this invoice's structured communication and is not booked yet",
                **facts,
            )
        if self.how == NUMBER:
            return Message.of(
                "a payment may have arrived: the bank line of {date}, {amount} from {counterparty}, "
                "names this invoice and is not booked yet",
                **facts,
            )
        return Message.of(
            "a payment may have arrived: the bank line of {date}, {amount} from {counterparty}, "
            "has this invoice's exact open amount and is not booked yet",
            **facts,
        )


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def _keys(line: UnresolvedLine) -> set[str]:
    """Every way the line's texts could name an invoice or a communication, compacted."""
    keys: set[str] = set()
    for token in _TOKEN.findall(line.communication or ""):
        keys.add(token.upper())
        keys.add(_compact(token))
    digits = re.sub(r"\D", "", line.communication or "")
    keys.update(digits[i : i + 12] for i in range(max(len(digits) - 11, 0)))  # "+++202/6500/00359+++" and such
    if line.ogm:
        keys.add(line.ogm)
    return keys


def may_have_arrived(
    invoices: Iterable[OpenInvoice], lines: Sequence[UnresolvedLine], as_of: date
) -> dict[int, MayHaveArrived]:
    """invoice id -> the first unresolved incoming line that could pay it (newest line first).

    Only lines booked on or before `as_of` and not before the invoice was issued count."""
    incoming = sorted(
        (ln for ln in lines if ln.amount_cents > 0 and ln.booking_date <= as_of),
        key=lambda ln: (ln.booking_date, ln.id),
        reverse=True,
    )
    by_key: dict[str, list[UnresolvedLine]] = defaultdict(list)
    by_amount: dict[int, list[UnresolvedLine]] = defaultdict(list)
    by_suggestion: dict[int, list[UnresolvedLine]] = defaultdict(list)
    for line in incoming:
        for key in _keys(line):
            by_key[key].append(line)
        by_amount[line.amount_cents].append(line)
        for invoice_id in line.suggested:
            by_suggestion[invoice_id].append(line)
    result: dict[int, MayHaveArrived] = {}
    for inv in invoices:

        def first(candidates: Iterable[UnresolvedLine]) -> UnresolvedLine | None:
            return next((ln for ln in candidates if ln.booking_date >= inv.issue_date), None)  # noqa: B023

        found: MayHaveArrived | None = None
        if (hit := first(by_suggestion.get(inv.id, ()))) is not None:
            found = MayHaveArrived(hit, SUGGESTED)
        elif inv.ogm and (hit := first(by_key.get(inv.ogm, ()))) is not None:
            found = MayHaveArrived(hit, OGM)
        if found is None:
            for letter, ogm in inv.letters:
                if (hit := first(by_key.get(ogm, ()))) is not None:
                    found = MayHaveArrived(hit, LETTER, letter)
                    break
        if found is None and inv.number:
            hit = first(by_key.get(inv.number.upper(), ())) or first(by_key.get(_compact(inv.number), ()))
            if hit is not None:
                found = MayHaveArrived(hit, NUMBER)
        if found is None and inv.open_cents > 0 and (hit := first(by_amount.get(inv.open_cents, ()))) is not None:
            found = MayHaveArrived(hit, AMOUNT)
        if found is not None:
            result[inv.id] = found
    return result
