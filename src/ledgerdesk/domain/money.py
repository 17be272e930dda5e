"""Money as an exact value: Decimal with two decimals, stored as integer cents.

Rounding is always explicit: ROUND_HALF_UP to the cent, the rule Belgian VAT
returns and invoices use. Floats are refused so a binary fraction never
reaches an amount.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import ValidationError

CENT = Decimal("0.01")


def D(value: str | int | Decimal) -> Decimal:
    """Parse an exact decimal; floats are a bug and raise."""
    if isinstance(value, float):
        raise TypeError("money and quantities must not be floats")
    if isinstance(value, Decimal):
        return value
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(f"'{value}' is not a number") from None
    if not result.is_finite():
        raise ValidationError(f"'{value}' is not a finite number")
    return result


def round_cents(value: Decimal) -> Decimal:
    """Round half up to the cent (0.005 -> 0.01, -0.005 -> -0.01)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(value: str | int | Decimal) -> int:
    """Decimal euros to integer cents, rounding half up."""
    return int(round_cents(D(value)) * 100)


def from_cents(cents: int) -> Decimal:
    """Integer cents to a two-decimal Decimal."""
    return (Decimal(cents) / 100).quantize(CENT)


def fmt_cents(cents: int) -> str:
    """Cents as a plain decimal string ('1234.50'), the JSON and CLI form."""
    return str(from_cents(cents))
