"""The VAT cases of a document: dated rates, and who may receive which case (errors and warnings).

Rates are dated data (`RATE_TABLE`, `GOODS_RATES`), not constants: a rate is valid from a day and
until a day, and the rate of a kind of supply changes on a date (1 March 2026: furnished
accommodation and campsites 6 % -> 12 %, plant-protection products 12 % -> 21 %). The checks read
the lines and the buyer: services to another member state and intra-EU supplies need the customer's
valid EU VAT number (not a Belgian one), the co-contractor rule a Belgian one, and the renovation
rate is for private customers (a business customer is a warning, not a refusal: a sole trader may
renovate his own home).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import ValidationError
from .messages import Message
from .vat import Exemption, VatTreatment


@dataclass(frozen=True)
class DatedRate:
    """A rate valid from a day (inclusive) until a day (exclusive; None while it lasts)."""

    rate: Decimal
    valid_from: date
    valid_until: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)


# The Belgian rates since the current scheme (1 January 1996 for 21 %/12 %/6 %/0 %).
RATE_TABLE: tuple[DatedRate, ...] = (
    DatedRate(Decimal(21), date(1996, 1, 1)),
    DatedRate(Decimal(12), date(1992, 4, 1)),
    DatedRate(Decimal(6), date(1971, 1, 1)),
    DatedRate(Decimal(0), date(1971, 1, 1)),
)

# The rate of a kind of supply, by date (a catalogue article may name one of these kinds).
GOODS_RATES: dict[str, tuple[DatedRate, ...]] = {
    "furnished_accommodation": (
        DatedRate(Decimal(6), date(1971, 1, 1), date(2026, 3, 1)),
        DatedRate(Decimal(12), date(2026, 3, 1)),
    ),
    "campsite": (
        DatedRate(Decimal(6), date(1971, 1, 1), date(2026, 3, 1)),
        DatedRate(Decimal(12), date(2026, 3, 1)),
    ),
    "plant_protection": (
        DatedRate(Decimal(12), date(1992, 4, 1), date(2026, 3, 1)),
        DatedRate(Decimal(21), date(2026, 3, 1)),
    ),
    "dwelling_renovation": (DatedRate(Decimal(6), date(1971, 1, 1)),),
    "restaurant": (DatedRate(Decimal(12), date(2010, 1, 1)),),
    "books": (DatedRate(Decimal(6), date(1971, 1, 1)),),
}

# Member states whose VAT numbers the intra-EU cases accept (Greece's prefix is EL, not GR).
EU_VAT_PREFIXES = frozenset("AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())


class VatCaseError(ValidationError):
    """A VAT case the document's customer cannot receive; carries its sentence as a Message."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message

    def translated(self, gettext) -> str:  # type: ignore[no-untyped-def]
        return self.message.translated(gettext)


def rates_on(day: date) -> tuple[Decimal, ...]:
    """The Belgian VAT rates valid on a day, highest first."""
    return tuple(sorted((r.rate for r in RATE_TABLE if r.valid_on(day)), reverse=True))


def rate_for(kind: str, day: date) -> Decimal:
    """The rate of a kind of supply on a day, from the dated table."""
    for dated in GOODS_RATES.get(kind, ()):
        if dated.valid_on(day):
            return dated.rate
    raise ValidationError(f"no VAT rate is known for '{kind}' on {day.isoformat()}")


def _eu_vat_valid(number: str) -> bool:
    from stdnum.eu import vat  # python-stdnum: the check digits of every member state

    return bool(vat.is_valid(number))


def check_cases(
    lines: Sequence[VatTreatment], *, buyer_vat: str | None, buyer_kind: str, on: date
) -> tuple[Message, ...]:
    """Refuse what a customer cannot receive (VatCaseError); return the warnings a user should see."""
    valid = rates_on(on)
    for vat in lines:
        if vat.rate not in valid:
            raise VatCaseError(
                Message.of(
                    "{rate} % is not a Belgian VAT rate on {date}", rate=format(vat.rate, "f"), date=on.isoformat()
                )
            )
    cases = list(dict.fromkeys(v.exemption for v in lines if v.exemption is not None))
    by_category: dict[tuple[str, Decimal], list[Exemption | None]] = {}
    for vat in dict.fromkeys(lines):
        by_category.setdefault((vat.ubl_category, vat.rate), []).append(vat.exemption)
    for (_, rate), shared in by_category.items():
        if len(shared) > 1:
            # EN 16931 has one VAT breakdown per category and rate: two cases sharing one cannot be told apart.
            names = [case.value if case else f"{format(rate, 'f')} %" for case in shared]
            raise VatCaseError(
                Message.of(
                    "the VAT cases '{first}' and '{second}' cannot be on one invoice", first=names[0], second=names[1]
                )
            )
    if Exemption.OUTSIDE_SCOPE in cases and len(set(lines)) > 1:
        raise VatCaseError(Message.of("an invoice outside the scope of VAT cannot have lines of another VAT case"))
    number = (buyer_vat or "").replace(" ", "").upper()
    for case in cases:
        if case.needs_eu_vat_number:
            if not number:
                raise VatCaseError(
                    Message.of(
                        "the VAT case '{case}' needs the customer's VAT number of another EU country", case=case.value
                    )
                )
            if number.startswith("BE"):
                raise VatCaseError(
                    Message.of(
                        "the VAT case '{case}' is for a customer in another EU country, not a Belgian VAT number",
                        case=case.value,
                    )
                )
            if number[:2] not in EU_VAT_PREFIXES or not _eu_vat_valid(number):
                raise VatCaseError(Message.of("{number} is not a valid EU VAT number", number=number))
        if case is Exemption.REVERSE_CHARGE and not number.startswith("BE"):
            raise VatCaseError(Message.of("the co-contractor reverse charge needs the customer's Belgian VAT number"))
    warnings: list[Message] = []
    if Exemption.RENOVATION in cases and buyer_kind == "business":
        warnings.append(
            Message.of("the 6 % renovation rate is for works invoiced to a final consumer; this customer is a business")
        )
    return tuple(warnings)
