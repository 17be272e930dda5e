"""Belgian structured communication (OGM/VCS) and ISO 11649 RF creditor references.

Validation is python-stdnum's `be.ogm_vcs`; this module adds how LedgerDesk
derives a reference from a document number, so a person can trace a payment
back to its invoice: payload = YYYY (year) + T (document type) + NNNNN (sequence).
"""

from __future__ import annotations

from stdnum import iso11649
from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError as StdnumError

from .errors import ValidationError

# Document type digit inside the payload.
INVOICE = 0
CREDIT_NOTE = 1
QUOTE = 2  # the deposit a quote asks for: a payment without VAT, traced back to the quote
REMINDER_LETTER = 5


def compact(value: str) -> str:
    """'+++123/4567/89002+++' -> '123456789002' (also accepts ***...***, spaces)."""
    return ogm_vcs.compact(value.replace("*", ""))


def check_digits(payload: str) -> str:
    """Two check digits for a 10-digit payload: payload mod 97, '97' when that is 0."""
    return ogm_vcs.calc_check_digits(payload)


def validate(value: str) -> str:
    """The 12 bare digits of a valid structured communication, or ValidationError."""
    try:
        return ogm_vcs.validate(compact(value))
    except StdnumError as exc:
        raise ValidationError(f"'{value}' is not a valid structured communication ({exc})") from None


def is_valid(value: str) -> bool:
    return ogm_vcs.is_valid(compact(value))


def format(value: str) -> str:  # noqa: A001 - the stdnum shape
    """'123456789002' -> '+++123/4567/89002+++'."""
    return f"+++{ogm_vcs.format(compact(value))}+++"


def from_payload(payload: int) -> str:
    """12 bare digits for a payload of up to 10 digits."""
    if not 0 <= payload <= 9_999_999_999:
        raise ValidationError(f"structured communication payload {payload} needs more than 10 digits")
    digits = f"{payload:010d}"
    return digits + check_digits(digits)


def for_document(year: int, doc_type: int, sequence: int) -> str:
    """The reference of a numbered document: 2026, invoice, 17 -> '2026000001' + check."""
    if not 0 <= doc_type <= 9 or not 0 < sequence <= 99_999 or not 1000 <= year <= 9999:
        raise ValidationError(f"cannot derive a structured communication for {year}/{doc_type}/{sequence}")
    return from_payload(int(f"{year:04d}{doc_type:01d}{sequence:05d}"))


def find_in_text(text: str) -> list[str]:
    """Every valid structured communication written in free text (with or without +++ and slashes)."""
    import re

    found: list[str] = []
    # Possessive spaces (\s*+): a digit group followed by a long run of spaces is read once, not
    # backtracked through (quadratic on a 100 KB bank text); the matches are the same.
    for match in re.finditer(r"(?<!\d)(\d{3})\s*+/?\s*+(\d{4})\s*+/?\s*+(\d{5})(?!\d)", text):
        digits = "".join(match.groups())
        if is_valid(digits) and digits not in found:
            found.append(digits)
    return found


def rf_validate(value: str) -> str:
    """ISO 11649 creditor reference ('RF18 5390 0754 7034'), compact form or ValidationError."""
    try:
        return iso11649.validate(value)
    except StdnumError as exc:
        raise ValidationError(f"'{value}' is not a valid RF creditor reference ({exc})") from None


def rf_format(value: str) -> str:
    return iso11649.format(value)
