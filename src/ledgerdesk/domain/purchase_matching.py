"""Matching money going out (a bank line with a negative amount) to the suppliers' open bills.

In order of certainty: the end-to-end id of a transfer from our own payment file (LD-P<bill>-…);
the supplier's structured communication (OGM) — a smaller amount is a partial payment; the exact
amount to the bill's IBAN, alone or once the supplier's open credit notes are taken off (the
usual way to settle a credit note: pay the invoice minus the credit). Anything else with a known
supplier IBAN is left for the user to check (`Review`); a line no bill relates to stays outgoing.

Money in from a supplier (`match_refund`) is the refund of a credit note or of what the supplier owes
us on balance: matched by the credit note's structured communication or number, by its exact amount
to the supplier's account, or by the supplier's whole open negative balance (its open credit notes
minus its open bills), which settles them all. Pure: the service reads the open bills and books what
this returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import references


@dataclass(frozen=True)
class OpenBill:
    id: int
    kind: str  # purchase_invoice / purchase_credit_note
    number: str
    supplier_id: int
    iban: str | None
    ogm: str | None
    open_cents: int  # what is left to pay (or, for a credit note, to be taken off)


@dataclass(frozen=True)
class OutLine:
    amount_cents: int  # negative: money out
    ogm: str | None
    communication: str
    counterparty_iban: str
    end_to_end: str = ""


@dataclass(frozen=True)
class Booking:
    """Certain: the amounts to book on bills (credit notes with their open amount, taken off), and why."""

    allocations: tuple[tuple[int, int], ...]  # (bill id, cents)
    reason: str  # an English msgid with {number}
    number: str


@dataclass(frozen=True)
class Review:
    """Not certain: the bills of that account the line may pay, for the user to choose."""

    candidates: tuple[int, ...]


def _normal_iban(value: str | None) -> str:
    return "".join((value or "").split()).upper()


def _ogms(line: OutLine) -> list[str]:
    found = [line.ogm] if line.ogm else []
    return found + [o for o in references.find_in_text(line.communication) if o not in found]


def match_out(line: OutLine, bills: Sequence[OpenBill]) -> Booking | Review | None:
    """What a bank line paying money out does to the open bills."""
    paid = -line.amount_cents
    if paid <= 0:
        return None
    invoices = [b for b in bills if b.kind == "purchase_invoice" and b.open_cents > 0]
    if line.end_to_end.startswith("LD-P"):
        bill_id = line.end_to_end[4:].split("-", 1)[0]
        own = [b for b in invoices if str(b.id) == bill_id]
        if own:
            b = own[0]
            return Booking(((b.id, min(paid, b.open_cents)),), "paid by your payment file: bill {number}", b.number)
    for ogm in _ogms(line):
        by_ogm = [b for b in invoices if b.ogm == ogm]
        if len(by_ogm) == 1:
            b = by_ogm[0]
            reason = (
                "structured communication of bill {number}"
                if paid >= b.open_cents
                else "part payment of bill {number} (structured communication)"
            )
            return Booking(((b.id, min(paid, b.open_cents)),), reason, b.number)
    iban = _normal_iban(line.counterparty_iban)
    if not iban:
        return None
    same_account = [b for b in invoices if _normal_iban(b.iban) == iban]
    exact = [b for b in same_account if b.open_cents == paid]
    if len(exact) == 1:
        b = exact[0]
        return Booking(((b.id, paid),), "amount and account of bill {number}", b.number)
    credits = [
        c for c in bills if c.kind == "purchase_credit_note" and c.open_cents > 0 and _normal_iban(c.iban) == iban
    ]
    if credits and not exact:
        credit_total = sum(c.open_cents for c in credits)
        netted = [b for b in same_account if b.open_cents - credit_total == paid]
        if len(netted) == 1:
            b = netted[0]
            allocations = ((b.id, b.open_cents),) + tuple((c.id, c.open_cents) for c in credits)
            return Booking(allocations, "bill {number} less the supplier's credit notes", b.number)
    if same_account:
        return Review(tuple(b.id for b in same_account))
    return None


def _numbers_in(text: str) -> set[str]:
    words = set(text.lower().replace(",", " ").replace(";", " ").split())
    return {w.strip(".:()") for w in words}


def match_refund(line: OutLine, bills: Sequence[OpenBill]) -> Booking | None:
    """What money coming in from a supplier settles: a credit note refunded, or the supplier's negative balance.

    Only certain matches: anything else stays in the customers' review queue, where it was."""
    received = line.amount_cents
    if received <= 0:
        return None
    credits = [b for b in bills if b.kind == "purchase_credit_note" and b.open_cents > 0]
    if not credits:
        return None
    for ogm in _ogms(line):
        by_ogm = [c for c in credits if c.ogm == ogm]
        if len(by_ogm) == 1 and by_ogm[0].open_cents >= received:
            c = by_ogm[0]
            return Booking(
                ((c.id, received),), "refund of supplier credit note {number} (structured communication)", c.number
            )
    iban = _normal_iban(line.counterparty_iban)
    if not iban:
        return None
    same_account = [c for c in credits if _normal_iban(c.iban) == iban]
    words = _numbers_in(line.communication)
    by_number = [c for c in same_account if c.number.lower() in words]
    if len(by_number) == 1 and by_number[0].open_cents >= received:
        c = by_number[0]
        return Booking(((c.id, received),), "refund of supplier credit note {number}", c.number)
    exact = [c for c in same_account if c.open_cents == received]
    if len(exact) == 1:
        c = exact[0]
        return Booking(((c.id, received),), "refund of supplier credit note {number}", c.number)
    for supplier_id in sorted({c.supplier_id for c in same_account}):
        mine = [b for b in bills if b.supplier_id == supplier_id and b.open_cents > 0 and _normal_iban(b.iban) == iban]
        owed = sum(b.open_cents for b in mine if b.kind == "purchase_credit_note")
        owing = sum(b.open_cents for b in mine if b.kind == "purchase_invoice")
        if owing and owed - owing == received:
            first = next(b for b in mine if b.kind == "purchase_credit_note")
            return Booking(
                tuple((b.id, b.open_cents) for b in mine),
                "refund of the supplier's balance (credit note {number} and the open bills)",
                first.number,
            )
    return None
