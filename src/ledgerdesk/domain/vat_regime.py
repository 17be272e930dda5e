"""The company's VAT regime: normal, small-business franchise (with its turnover threshold) or art. 44 exempt.

- standard: VAT is charged by the rates and cases of `domain.vat`.
- franchise (art. 56bis WBTW): no VAT on any line, the franchise mention, no periodic return; the
  regime holds while the year's turnover stays at or below € 25,000 excluding VAT. Going over it ends
  the franchise (VAT is due from the supply that crosses it), so the user is warned as it approaches
  (from 80 %) and when it is exceeded.
- art44 (art. 44 WBTW: medical care, teaching, some artists…): every line is exempt with the art. 44
  mention, and there is no periodic return to file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .errors import DomainError
from .messages import Message
from .money import fmt_cents
from .vat import Exemption, VatTreatment

FRANCHISE_THRESHOLD_CENTS = 25_000_00  # annual turnover excluding VAT (since 2016)
FRANCHISE_WARNING_SHARE = Decimal("0.8")  # warn from 80 % of the threshold


class VatRegime(StrEnum):
    """What the book stores in `company.vat_regime`."""

    STANDARD = "standard"
    FRANCHISE = "franchise"
    ART44 = "art44"

    @property
    def line_case(self) -> Exemption | None:
        """The one case every line of such a company has (None: each line's own)."""
        return {VatRegime.FRANCHISE: Exemption.FRANCHISE, VatRegime.ART44: Exemption.ART44}.get(self)

    @property
    def files_vat_return(self) -> bool:
        return self is VatRegime.STANDARD


def regime_of(value: str) -> VatRegime:
    try:
        return VatRegime(value)
    except ValueError:
        raise DomainError(f"the VAT regime is 'standard', 'franchise' or 'art44', not '{value}'") from None


def check_lines(regime: VatRegime, lines: Iterable[tuple[str, VatTreatment]]) -> None:
    """Under the franchise or art. 44 every line carries that case (0 %, no VAT); refused with the line."""
    case = regime.line_case
    if case is None:
        return
    for description, vat in lines:
        if vat.exemption is not case:
            if regime is VatRegime.FRANCHISE:
                raise DomainError(f"line '{description}': under the franchise regime every line is exempt (no VAT)")
            raise DomainError(f"line '{description}': a business exempt under art. 44 charges no VAT on any line")


def no_return_reason(regime: VatRegime) -> str | None:
    """Why this company files no periodic VAT return (None: it files one)."""
    if regime is VatRegime.FRANCHISE:
        return "under the small-business franchise you file no periodic VAT return"
    if regime is VatRegime.ART44:
        return "a business exempt under art. 44 files no periodic VAT return"
    return None


@dataclass(frozen=True)
class FranchiseStatus:
    """The year's turnover against the franchise threshold, as of a day."""

    year: int
    turnover_cents: int
    threshold_cents: int = FRANCHISE_THRESHOLD_CENTS

    @property
    def share(self) -> Decimal:
        """Turnover as a fraction of the threshold (1 = reached)."""
        return Decimal(self.turnover_cents) / Decimal(self.threshold_cents)

    @property
    def exceeded(self) -> bool:
        return self.turnover_cents > self.threshold_cents

    @property
    def approaching(self) -> bool:
        return not self.exceeded and self.share >= FRANCHISE_WARNING_SHARE

    def message(self) -> Message:
        """One sentence for the KPI tab, the company page and the command line."""
        values = {  # 'amount' and 'total' are shown as money in the user's format
            "year": self.year,
            "amount": fmt_cents(self.turnover_cents),
            "total": fmt_cents(self.threshold_cents),
            "percent": int(self.share * 100),
        }
        if self.exceeded:
            return Message.of(
                "Turnover {year}: {amount} of the {total} franchise threshold ({percent} %): exceeded. "
                "The franchise ends; from the supply that crossed it you charge VAT — tell your accountant.",
                **values,
            )
        if self.approaching:
            return Message.of(
                "Turnover {year}: {amount} of the {total} franchise threshold ({percent} %): approaching. "
                "Above the threshold the franchise ends and VAT is due.",
                **values,
            )
        return Message.of("Turnover {year}: {amount} of the {total} franchise threshold ({percent} %).", **values)
