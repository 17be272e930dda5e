"""Enterprise/VAT numbers, IBAN and BIC: normal forms or one clear error, plus soft warnings.

python-stdnum does the checks. Its Belgian IBAN check also requires the bank
code to be in stdnum's own registry; a structurally valid IBAN of an unlisted
bank is accepted with a warning rather than refused (registries lag behind new
banks, and the user knows their own account).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stdnum import bic as _bic
from stdnum import iban as _iban
from stdnum.be import vat as _be_vat
from stdnum.eu import vat as _eu_vat
from stdnum.exceptions import ValidationError as StdnumError

from .errors import ValidationError


@dataclass(frozen=True)
class Checked:
    """A validated value in normal form, with warnings the user should see but may ignore."""

    value: str
    warnings: tuple[str, ...] = field(default=())


def validate_vat(value: str, default_country: str = "BE") -> str:
    """'BE 0403.170.701' or '0403170701' -> 'BE0403170701'; any EU VAT number with prefix."""
    raw = value.strip().upper().replace(" ", "").replace(".", "").replace("-", "")
    if not raw:
        raise ValidationError("the VAT number is empty")
    if raw[:2].isalpha():
        country, number = raw[:2], raw[2:]
    else:
        country, number = default_country.upper(), raw
    try:
        if country == "BE":
            return "BE" + _be_vat.validate(number)
        return _eu_vat.validate(country + number)
    except StdnumError as exc:
        raise ValidationError(f"'{value}' is not a valid VAT number ({exc})") from None


def enterprise_number(vat: str) -> str:
    """The 10-digit Belgian enterprise number of a 'BE…' VAT number."""
    normal = validate_vat(vat)
    if not normal.startswith("BE"):
        raise ValidationError(f"{vat} is not a Belgian enterprise number")
    return normal[2:]


def format_vat(value: str) -> str:
    """'BE0403170701' -> 'BE 0403.170.701' (Belgian); others unchanged."""
    if value.startswith("BE") and len(value) == 12:
        n = value[2:]
        return f"BE {n[:4]}.{n[4:7]}.{n[7:]}"
    return value


def check_iban(value: str) -> Checked:
    """Normal form of an IBAN; unknown Belgian bank codes give a warning, not a refusal."""
    try:
        normal = _iban.validate(value, check_country=False)
    except StdnumError as exc:
        raise ValidationError(f"'{value}' is not a valid IBAN ({exc})") from None
    warnings: tuple[str, ...] = ()
    try:
        _iban.validate(normal, check_country=True)
    except StdnumError:
        warnings = (f"the bank code of IBAN {format_iban(normal)} is not in the Belgian bank register; check it",)
    return Checked(normal, warnings)


def validate_iban(value: str) -> str:
    return check_iban(value).value


def format_iban(value: str) -> str:
    return _iban.format(value)


def bank_bic(iban: str) -> str | None:
    """The BIC of a Belgian IBAN's bank from stdnum's copy of the NBB bank register; None when the
    IBAN is not Belgian, invalid, or its bank code has no single BIC there (the user then types it)."""
    from stdnum.be import iban as be_iban

    try:
        normal = _iban.validate(iban, check_country=False)
        if not normal.startswith("BE"):
            return None  # stdnum's Belgian register would read a foreign IBAN's digits as a Belgian bank code
        info = be_iban.info(normal)
    except (StdnumError, KeyError, IndexError):
        return None
    bic = info.get("bic") if isinstance(info, dict) else None
    if not isinstance(bic, str) or not bic.strip():
        return None
    try:
        return _bic.validate(bic.strip())
    except StdnumError:
        return None


def validate_bic(value: str) -> str:
    try:
        return _bic.validate(value)
    except StdnumError as exc:
        raise ValidationError(f"'{value}' is not a valid BIC ({exc})") from None
