"""The EPC069-12 'SEPA credit transfer' QR payload of a reminder letter (pure, no drawing).

The Belgian structured communication goes in line 10 (structured reference) as 12 bare
digits; line 11 stays empty, or banking apps would not recognise it.
"""

from __future__ import annotations

from decimal import Decimal

from ..domain.errors import ValidationError
from ..domain.money import from_cents

MAX_BYTES = 331


def _amount(cents: int) -> str:
    if not 1 <= cents <= 99_999_999_999:
        raise ValidationError("an EPC QR code carries an amount between 0.01 and 999,999,999.99 euro")
    text = format(from_cents(cents), "f")
    # EPC allows at most two decimals; trailing zeros are dropped like the EPC guideline's examples.
    return "EUR" + (text.rstrip("0").rstrip(".") if "." in text else text)


def epc_payload(
    *, name: str, iban: str, cents: int, reference: str = "", text: str = "", bic: str = "", purpose: str = "", info: str = ""
) -> str:
    """Lines 1–12 of the QR payload, nothing after the last used line."""
    if reference and text:
        raise ValidationError("an EPC QR code carries a structured reference or a text, not both")
    name = name.strip()[:70]
    if not name or not iban:
        raise ValidationError("an EPC QR code needs the beneficiary's name and IBAN")
    lines = ["BCD", "002", "1", "SCT", bic or "", name, iban.replace(" ", ""), _amount(cents), purpose[:4], reference[:35], text[:140], info[:70]]
    while lines and lines[-1] == "":
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > MAX_BYTES:
        raise ValidationError("the EPC QR payload is longer than 331 bytes")
    return payload


def amount_of(payload: str) -> Decimal:
    """The amount of a payload (for checks and tests)."""
    return Decimal(payload.split("\n")[7][3:])
