"""EPC QR payload (EPC069-12 "SEPA credit transfer" QR, version 002): a pure builder and parser.

The payload is the text a banking app reads from the QR code on an invoice:

    BCD / 002 / 1 (UTF-8) / SCT / BIC (may be empty) / name (<= 70) / IBAN /
    EUR<amount> / purpose (4 chars or empty) / structured reference (<= 35) /
    unstructured text (<= 140) / information to the payer (<= 70)

one field per line, LF-separated, nothing after the last used line, at most
331 bytes. A Belgian structured communication (OGM/VCS) goes in the
*structured-reference* line as its 12 bare digits: Belgian banking apps only
recognise it there; put in the free-text line it arrives as a plain message and
automatic matching at the bank and in the books fails.

Refusal policy: `build_payload` RAISES `EpcError` (a `ValidationError`, one
clear sentence) for anything it cannot encode, including an amount outside
0.01 .. 999,999,999.99 EUR. Callers that must keep going (the invoice PDF: no
QR, but the document still renders) check `amount_encodable()` first.

Amounts are always written with exactly two decimals ('EUR12.30'). The
guideline allows 'EUR12.3' too; fixed decimals are what payers see on the
invoice and are accepted by every decoder.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..domain import references
from ..domain.errors import ValidationError
from ..domain.identifiers import validate_bic, validate_iban
from ..domain.money import from_cents

MIN_CENTS = 1
MAX_CENTS = 99_999_999_999  # 999,999,999.99
MAX_BYTES = 331
NAME_MAX = 70


class EpcError(ValidationError):
    """A value cannot go into an EPC QR payload; the message says which and why."""


@dataclass(frozen=True)
class EpcPayment:
    """The fields of an EPC QR payment request, as parsed back from a payload."""

    bic: str
    name: str
    iban: str
    amount: Decimal
    purpose: str = ""
    reference: str = ""
    text: str = ""
    info: str = ""
    version: str = "002"
    charset: str = "1"


def amount_encodable(cents: int) -> bool:
    """True when an amount fits the EPC range 0.01 .. 999,999,999.99 EUR."""
    return MIN_CENTS <= cents <= MAX_CENTS


def format_amount(cents: int) -> str:
    """'EUR1234.50' for 123450 cents; EpcError outside the EPC range."""
    if not isinstance(cents, int) or isinstance(cents, bool):
        raise EpcError("the EPC QR amount must be given in integer cents")
    if not amount_encodable(cents):
        raise EpcError(
            f"the amount {from_cents(cents)} EUR is outside what an EPC QR code can carry (0.01 to 999999999.99)"
        )
    return f"EUR{from_cents(cents)}"


def _single_line(value: str, field: str) -> str:
    # An LF inside a field would shift every following line and change what the bank reads.
    cleaned = " ".join((value or "").replace("\r", " ").replace("\n", " ").split())
    return cleaned


def clean_reference(value: str) -> str:
    """A structured reference in its bare form: 12 OGM digits, or a compact RF reference."""
    raw = (value or "").strip()
    if not raw:
        return ""
    if raw[:2].upper() == "RF":
        try:
            return references.rf_validate(raw)
        except ValidationError as exc:
            raise EpcError(str(exc)) from None
    try:
        return references.validate(raw)
    except ValidationError as exc:
        raise EpcError(str(exc)) from None


def build_payload(
    *,
    name: str,
    iban: str,
    amount_cents: int,
    bic: str | None = "",
    reference: str = "",
    text: str = "",
    purpose: str = "",
    info: str = "",
) -> str:
    """The EPC069-12 v002 UTF-8 payload for a SEPA credit transfer.

    `reference` is an OGM in any written form ('+++123/4567/89002+++', '123456789002')
    or an RF creditor reference; it lands in line 10 in bare form. `text` (line 11) must
    stay empty when a reference is given. Raises EpcError for anything not encodable.
    """
    name = _single_line(name, "name")
    if not name:
        raise EpcError("the beneficiary name of an EPC QR code cannot be empty")
    if len(name) > NAME_MAX:
        raise EpcError(f"the beneficiary name '{name}' is longer than {NAME_MAX} characters")
    if not iban or not iban.strip():
        raise EpcError("an EPC QR code needs the beneficiary's IBAN")
    try:
        iban = validate_iban(iban)
    except ValidationError as exc:
        raise EpcError(str(exc)) from None
    bic = (bic or "").strip().upper()
    if bic:
        if len(bic) not in (8, 11):
            raise EpcError(f"the BIC '{bic}' must have 8 or 11 characters")
        try:
            bic = validate_bic(bic)
        except ValidationError as exc:
            raise EpcError(str(exc)) from None
    purpose = (purpose or "").strip().upper()
    if purpose and (len(purpose) != 4 or not purpose.isalnum()):
        raise EpcError(f"the purpose code '{purpose}' must be 4 letters or digits")
    reference = clean_reference(reference)
    if len(reference) > 35:
        raise EpcError("the structured reference is longer than 35 characters")
    text = _single_line(text, "text")
    if reference and text:
        raise EpcError("an EPC QR code carries a structured reference or a free text, never both")
    if len(text) > 140:
        raise EpcError("the remittance text of an EPC QR code is longer than 140 characters")
    info = _single_line(info, "info")
    if len(info) > 70:
        raise EpcError("the information to the payer is longer than 70 characters")
    lines = ["BCD", "002", "1", "SCT", bic, name, iban, format_amount(amount_cents), purpose, reference, text, info]
    while lines[-1] == "":
        lines.pop()
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > MAX_BYTES:
        raise EpcError(f"the EPC QR payload would be longer than {MAX_BYTES} bytes")
    return payload


def payload_for_ogm(*, name: str, iban: str, bic: str | None, amount_cents: int, ogm: str) -> str:
    """The Belgian invoice case: beneficiary, amount and the OGM in line 10.

    A name longer than the 70 characters the format allows is cut (the IBAN, not the
    name, decides where the money goes)."""
    return build_payload(
        name=_single_line(name, "name")[:NAME_MAX], iban=iban, bic=bic, amount_cents=amount_cents, reference=ogm
    )


_CHARSETS = {
    "1": "utf-8",
    "2": "iso-8859-1",
    "3": "iso-8859-2",
    "4": "iso-8859-4",
    "5": "iso-8859-5",
    "6": "iso-8859-7",
    "7": "iso-8859-10",
    "8": "iso-8859-15",
}


def parse_payload(payload: str | bytes) -> EpcPayment:
    """Read an EPC payload back into its fields (checks, tests, and diagnosing a scanned code)."""
    if isinstance(payload, bytes):
        charset = payload.split(b"\n")[2:3]
        encoding = _CHARSETS.get(charset[0].decode("ascii", "replace").strip() if charset else "1", "utf-8")
        payload = payload.decode(encoding)
    lines = payload.split("\n")
    if len(lines) < 8 or lines[0] != "BCD" or lines[3] != "SCT":
        raise EpcError("this is not an EPC SEPA credit transfer payload")
    lines += [""] * (12 - len(lines))
    amount_field = lines[7]
    if not amount_field.startswith("EUR"):
        raise EpcError(f"the EPC amount '{amount_field}' is not in EUR")
    return EpcPayment(
        version=lines[1],
        charset=lines[2],
        bic=lines[4],
        name=lines[5],
        iban=lines[6],
        amount=Decimal(amount_field[3:]) if amount_field[3:] else Decimal(0),
        purpose=lines[8],
        reference=lines[9],
        text=lines[10],
        info=lines[11],
    )
