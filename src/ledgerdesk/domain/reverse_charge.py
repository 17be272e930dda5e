"""Bills on which the buyer owes the VAT (reverse charge): which case applies, and what the return holds.

The supplier charges no VAT; the buyer self-assesses it at the Belgian rate and, as far as the cost
allows, deducts it in the same return. Each case has its grids on the periodic return:

| case | base | VAT due | credit note received: base |
|---|---|---|---|
| intra-EU acquisition of goods (UBL `K`) | 86 | 55 | 84 |
| intra-EU services received (art. 21 §2; UBL `AE` from a supplier in another member state) | 88 | 55 | 84 |
| other reverse charge: Belgian co-contractor works (art. 20 KB nr. 1), services from outside the EU | 87 | 56 | 85 |
| import with the VAT deferred under licence (ET 14.000) | 87 | 57 | 85 |

The base also goes to the cost grids (81/82/83) by the lines' categories, as any bill's; the deductible
share of the self-assessed VAT goes to 59. On a credit note received the VAT due is recovered in 64 and
the deduction paid back in 63.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .errors import ValidationError
from .vat_cases import EU_VAT_PREFIXES

HUNDRED = Decimal(100)
RATES = (Decimal(21), Decimal(12), Decimal(6))  # the Belgian rates a self-assessment can take


class ReverseCharge(StrEnum):
    INTRA_EU_GOODS = "intra_eu_goods"
    INTRA_EU_SERVICES = "intra_eu_services"
    CO_CONTRACTOR = "co_contractor"
    IMPORT = "import"

    @property
    def label(self) -> str:
        """What the user reads (an English msgid)."""
        return LABELS[self]

    @property
    def base_grid(self) -> str:
        return {"intra_eu_goods": "86", "intra_eu_services": "88"}.get(self.value, "87")

    @property
    def vat_grid(self) -> str:
        return {"intra_eu_goods": "55", "intra_eu_services": "55", "co_contractor": "56"}.get(self.value, "57")

    @property
    def credit_base_grid(self) -> str:
        return "84" if self.value.startswith("intra_eu") else "85"


LABELS = {
    ReverseCharge.INTRA_EU_GOODS: "Goods bought in another EU country (intra-EU acquisition)",
    ReverseCharge.INTRA_EU_SERVICES: "Services from a supplier in another EU country",
    ReverseCharge.CO_CONTRACTOR: "Other reverse charge (Belgian co-contractor works, services from outside the EU)",
    ReverseCharge.IMPORT: "Import with the VAT deferred under licence (ET 14.000)",
}


def parse_case(value: str | None) -> ReverseCharge | None:
    """A stored or typed case ('' or None: the supplier charged the VAT)."""
    if not value:
        return None
    try:
        return ReverseCharge(value)
    except ValueError:
        cases = ", ".join(c.value for c in ReverseCharge)
        raise ValidationError(f"'{value}' is not a reverse-charge case: write {cases}") from None


def check_rate(rate: Decimal) -> Decimal:
    """The Belgian rate the buyer self-assesses: 21, 12 or 6 %."""
    if rate not in RATES:
        raise ValidationError(f"{rate} % is not a Belgian VAT rate to self-assess: write 21, 12 or 6")
    return rate


def case_of_ubl(categories: Iterable[str | None], supplier_country: str) -> ReverseCharge | None:
    """The case a supplier's UBL file says, from its lines' VAT categories and the supplier's country.

    `K` is an intra-EU supply of goods; `AE` is services from another member state, else (a Belgian
    supplier, or one outside the EU) the other reverse charge. `G` (the supplier exported) is left to the
    user: the import VAT is usually paid to customs, and only a licence puts it in the return.
    """
    found = {c for c in categories if c}
    if "K" in found:
        return ReverseCharge.INTRA_EU_GOODS
    if "AE" in found:
        country = "EL" if supplier_country.upper() == "GR" else supplier_country.upper()
        if country != "BE" and country in EU_VAT_PREFIXES:
            return ReverseCharge.INTRA_EU_SERVICES
        return ReverseCharge.CO_CONTRACTOR
    return None


@dataclass(frozen=True)
class SelfAssessed:
    base_cents: int
    vat_cents: int  # due
    deductible_cents: int  # of it, what the buyer deducts


def self_assess(lines: Iterable[tuple[int, Decimal]], rate: Decimal) -> SelfAssessed:
    """The VAT owed on (net cents, deductible %) lines at `rate`, rounded half up once for the bill, and the
    deductible part of it (each line's share weighted, rounded half up once, never more than what is due)."""
    pairs = [(abs(net), pct) for net, pct in lines]
    base = sum(net for net, _ in pairs)
    due = int((Decimal(base) * rate / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    weighted = sum((Decimal(net) * pct for net, pct in pairs), Decimal(0)) / HUNDRED
    deductible = int((weighted * rate / HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return SelfAssessed(base, due, min(max(deductible, 0), due))
