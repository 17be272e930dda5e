"""SEPA creditor identifier (EPC262-08) and mandate reference: compact, validate, is_valid, format.

A creditor identifier is the country code, two check digits, a three-character business code chosen
by the creditor (ZZZ when unused) and the national identifier; the check digits are ISO 7064
mod 97-10 over the national identifier followed by the country code, the business code left out. In
Belgium the national identifier is the enterprise number (KBO/BCE), itself checked (mod 97), so a
Belgian creditor identifier reads BE + 2 digits + ZZZ + 10 digits. python-stdnum has no module for
the creditor identifier; it does the mod 97-10 and the enterprise number.
"""

from __future__ import annotations

import string

from stdnum.be import vat as _be_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10

from ..domain.direct_debit import CREDITOR_ID_EXAMPLE as EXAMPLE
from ..domain.errors import ValidationError
from .charset import check_identifier

_ALNUM = frozenset(string.ascii_uppercase + string.digits)


class CreditorIdError(ValidationError):
    """Not a valid SEPA creditor identifier."""


def compact(value: str) -> str:
    """Upper case, without spaces, dots, dashes or slashes."""
    return "".join(ch for ch in value.upper() if ch not in " .-/")


def calc_check_digits(country: str, national_id: str) -> str:
    """The two check digits of a creditor identifier of that country and national identifier."""
    return str(mod_97_10.calc_check_digits(compact(national_id) + country.upper()))


def validate(value: str) -> str:
    """The creditor identifier in its compact form, or CreditorIdError saying what is wrong with it."""
    raw = value.strip()
    number = compact(raw)
    if not number:
        raise CreditorIdError(f"the creditor identifier is empty; it reads like {EXAMPLE}")
    if len(number) < 8 or len(number) > 35 or any(ch not in _ALNUM for ch in number):
        raise CreditorIdError(
            f"'{raw}' is not a creditor identifier (country, 2 check digits, business code, national identifier, "
            f"e.g. {EXAMPLE})"
        )
    country, check, national = number[:2], number[2:4], number[7:]
    if not country.isalpha() or not check.isdigit():
        raise CreditorIdError(
            f"'{raw}' is not a creditor identifier (country, 2 check digits, business code, national identifier, "
            f"e.g. {EXAMPLE})"
        )
    if not mod_97_10.is_valid(national + country + check):
        raise CreditorIdError(
            f"the check digits of creditor identifier '{raw}' are wrong (a valid one reads like {EXAMPLE})"
        )
    if country == "BE":
        try:
            _be_vat.validate(national)
        except StdnumError:
            raise CreditorIdError(
                f"creditor identifier '{raw}' does not end with a valid Belgian enterprise number (e.g. {EXAMPLE})"
            ) from None
    return number


def is_valid(value: str) -> bool:
    try:
        validate(value)
    except CreditorIdError:
        return False
    return True


def format(value: str) -> str:  # noqa: A001 - the python-stdnum shape: compact, validate, is_valid, format
    """'be69zzz0123456789' -> 'BE69 ZZZ 0123456789' (the way banks print it)."""
    number = compact(value)
    return f"{number[:4]} {number[4:7]} {number[7:]}"


def for_enterprise(enterprise_number: str, business_code: str = "ZZZ") -> str:
    """The Belgian creditor identifier built from an enterprise number ('0403.170.701' -> 'BE..ZZZ0403170701')."""
    try:
        national = _be_vat.validate(enterprise_number)
    except StdnumError:
        raise CreditorIdError(f"'{enterprise_number}' is not a valid Belgian enterprise number") from None
    code = compact(business_code)
    if len(code) != 3 or any(ch not in _ALNUM for ch in code):
        raise CreditorIdError(f"the business code '{business_code}' must be 3 letters or digits")
    return "BE" + calc_check_digits("BE", national) + code + national


def business_code(value: str) -> str:
    """The creditor's business code (characters 5-7); ZZZ when the creditor uses none."""
    return compact(value)[4:7]


def same_creditor(a: str, b: str) -> bool:
    """Two creditor identifiers name the same creditor when all but the business code agree (EPC262-08)."""
    ca, cb = compact(a), compact(b)
    return ca[:4] == cb[:4] and ca[7:] == cb[7:]


def validate_mandate_reference(value: str) -> str:
    """A unique mandate reference (UMR): 1 to 35 characters of the SEPA set, as EPC's identifier rules say."""
    return check_identifier(value.strip(), "the mandate reference", 35)
