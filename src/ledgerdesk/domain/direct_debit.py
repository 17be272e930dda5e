"""SEPA direct debit rules: schemes, sequence types (FRST/RCUR/OOFF), amendments, pre-notification, returns.

Pure: the service stores what these functions decide. Sources: the EPC SDD Core and B2B rulebooks
and Febelfin's implementation guidelines (pain.008), as summarised in docs/direct-debit.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from .errors import ValidationError

SCHEMES = ("CORE", "B2B")
SEQUENCES = ("FRST", "RCUR", "OOFF", "FNAL")
PAIN_VERSIONS = ("pain.008.001.08", "pain.008.001.02")
# A valid Belgian creditor identifier to show as an example: BE, the ISO 7064 mod 97-10 check digits over the
# enterprise number 0123.456.749 (itself valid, mod 97) and "BE", the business code ZZZ (none).
CREDITOR_ID_EXAMPLE = "BE81ZZZ0123456749"
DEFAULT_PRE_NOTIFICATION_DAYS = 14  # the rulebook's default unless creditor and debtor agree otherwise


@dataclass(frozen=True)
class DirectDebitTerms:
    """What an invoice collected by direct debit says instead of asking for a transfer: the
    pre-notification (mandate, creditor identifier, the account debited, the collection date)."""

    mandate_reference: str
    creditor_id: str
    debtor_iban: str
    collect_on: date


@dataclass(frozen=True)
class MandateState:
    """What the sequence rules need to know about a mandate."""

    recurrent: bool
    next_sequence: str  # 'FRST', 'RCUR' or 'DONE'
    revoked_on: date | None = None
    signed_on: date | None = None


@dataclass(frozen=True)
class Amendment:
    """What changed since the last collection, sent once with the next one (pain.008 AmdmntInfDtls)."""

    original_reference: str | None = None
    original_iban: str | None = None
    other_bank: bool = False

    @property
    def any(self) -> bool:
        return bool(self.original_reference or self.original_iban or self.other_bank)

    def as_json(self) -> dict[str, object]:
        return {
            key: value
            for key, value in (
                ("reference", self.original_reference),
                ("iban", self.original_iban),
                ("other_bank", self.other_bank or None),
            )
            if value
        }

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> Amendment:
        data = data or {}
        return cls(
            original_reference=str(data["reference"]) if data.get("reference") else None,
            original_iban=str(data["iban"]) if data.get("iban") else None,
            other_bank=bool(data.get("other_bank")),
        )

    def merged(self, later: Amendment) -> Amendment:
        """Two amendments before a collection: the bank needs the values of the last collection it saw."""
        return Amendment(
            original_reference=self.original_reference or later.original_reference,
            original_iban=self.original_iban or later.original_iban,
            other_bank=self.other_bank or later.other_bank,
        )


def check_scheme(value: str) -> str:
    scheme = value.strip().upper()
    if scheme not in SCHEMES:
        raise ValidationError(f"the scheme '{value}' is not CORE or B2B")
    return scheme


def check_pre_notification(days: int) -> int:
    if not 1 <= days <= 60:
        raise ValidationError("the pre-notification is between 1 and 60 days")
    return days


def sequence_for(state: MandateState, on: date) -> str:
    """The sequence type of the next collection on that day, or ValidationError if none may be made."""
    if state.revoked_on is not None and state.revoked_on <= on:
        raise ValidationError("the mandate is revoked")
    if state.signed_on is not None and on < state.signed_on:
        raise ValidationError("the collection date is before the mandate was signed")
    if not state.recurrent:
        if state.next_sequence == "DONE":
            raise ValidationError("the one-off mandate was collected already")
        return "OOFF"
    return "RCUR" if state.next_sequence == "RCUR" else "FRST"


def after_collection(state: MandateState) -> str:
    """The mandate's next sequence once a collection is sent: RCUR after FRST, DONE after a one-off."""
    return "RCUR" if state.recurrent else "DONE"


def after_return(state: MandateState, sequence: str, *, later_collections: int) -> str:
    """The mandate's next sequence when a collection of that sequence comes back refused or returned.

    A refused first collection never reached the debtor's bank as a first one, so the next is FRST
    again — unless a later collection already went through as RCUR (then the bank has seen one). A
    refused one-off may be presented again.
    """
    if sequence == "FRST" and later_collections == 0:
        return "FRST"
    if sequence == "OOFF":
        return "FRST"  # the one-off mandate may be collected again ("FRST" = not collected yet)
    return state.next_sequence


def amendment_after_change(
    *, old_reference: str, new_reference: str, old_iban: str, new_iban: str, old_bic: str | None, new_bic: str | None
) -> Amendment:
    """What a change of the mandate tells the bank: the former reference and account; 'SMNDA' when the
    debtor moved to another bank (then the bank codes of the two IBANs, or the BICs, differ)."""
    other_bank = False
    if old_iban != new_iban:
        if old_bic and new_bic:
            other_bank = old_bic[:8] != new_bic[:8]
        else:
            other_bank = old_iban[:2] != new_iban[:2] or _bank_code(old_iban) != _bank_code(new_iban)
    return Amendment(
        original_reference=old_reference if old_reference != new_reference else None,
        original_iban=old_iban if old_iban != new_iban and not other_bank else None,
        other_bank=other_bank,
    )


def sequence_after_amendment(state: MandateState, amendment: Amendment) -> str:
    """Febelfin's guideline: after the debtor changed bank (SMNDA) the next collection is a FRST again."""
    if amendment.other_bank and state.recurrent and state.next_sequence == "RCUR":
        return "FRST"
    return state.next_sequence


def _bank_code(iban: str) -> str:
    # Belgian IBANs carry the 3-digit bank code after the check digits; elsewhere the first 4 characters.
    return iban[4:7] if iban.startswith("BE") else iban[4:8]


def collection_date(issue_date: date, due_date: date | None, pre_notification_days: int) -> date:
    """The date the invoice announces for the collection: its due date, but never sooner than the
    pre-notification period after the invoice (14 days unless the debtor agreed to fewer), and on a
    day the SEPA clearing settles (a bank moves a weekend or TARGET holiday collection itself, and the
    debtor would then be debited on another day than the one announced)."""
    earliest = issue_date + timedelta(days=pre_notification_days)
    return next_settlement_day(max(due_date or earliest, earliest))


@functools.cache
def _target_closed(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.financial_holidays("ECB", years=year).keys())


def is_settlement_day(day: date) -> bool:
    """A TARGET2 business day: not a weekend, New Year's Day, Good Friday, Easter Monday, 1 May, 25 or 26 December."""
    return day.weekday() < 5 and day not in _target_closed(day.year)


def next_settlement_day(day: date) -> date:
    """`day` itself when the clearing settles on it, else the next day it does."""
    while not is_settlement_day(day):
        day += timedelta(days=1)
    return day


# ISO 20022 external return reason codes seen on SDD R-transactions (EPC guidance on reason codes).
REASONS: dict[str, str] = {
    "AC01": "the account number is wrong",
    "AC04": "the account is closed",
    "AC06": "the account is blocked",
    "AC13": "the debtor's account is a consumer account (not allowed in B2B)",
    "AG01": "direct debits are not allowed on this account",
    "AG02": "the operation code is wrong",
    "AM04": "insufficient funds",
    "AM05": "a duplicate collection",
    "BE05": "the creditor is not known to the debtor's bank",
    "CNOR": "the creditor's bank is not reachable",
    "DNOR": "the debtor's bank is not reachable",
    "FF01": "the file format is wrong",
    "MD01": "there is no mandate",
    "MD02": "mandate data are missing or wrong",
    "MD06": "the debtor asked for a refund",
    "MD07": "the debtor has died",
    "MS02": "refused by the debtor",
    "MS03": "refused, no reason given",
    "RC01": "the BIC is wrong",
    "RR01": "the debtor's account or identification is missing (regulatory)",
    "RR02": "the debtor's name or address is missing (regulatory)",
    "RR03": "the creditor's name or address is missing (regulatory)",
    "RR04": "regulatory reason",
    "SL01": "a service of the debtor's bank (blocked creditor or amount)",
    "FOCR": "cancelled at the creditor's request",
    "DUPL": "a duplicate payment",
    "TECH": "a technical problem",
    "FRAD": "a fraudulent origin",
}


def reason_text(code: str) -> str:
    """The English sentence for a reason code (a msgid); an unknown code is shown as the code itself."""
    return REASONS.get(code.strip().upper(), code.strip().upper() or "no reason given")
