"""Belgian VAT: rates, exemption reasons and the legal mention each one needs.

A line carries either a rate (21, 12, 6 or 0) or an exemption reason; the
reason decides the wording on the invoice and the UBL VAT category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from .errors import ValidationError

RATES = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))


class Exemption(str, Enum):  # noqa: UP042 - str() and format() of a member are relied on as they are
    """Why no Belgian VAT is charged on a line."""

    FRANCHISE = "franchise"  # small-business regime, art. 56bis
    REVERSE_CHARGE = "reverse_charge"  # works on immovable property, art. 20 §3 KB nr. 1
    INTRA_EU = "intra_eu"  # intra-community supply, art. 39bis
    EXPORT = "export"  # export outside the EU, art. 39


# UBL / EN 16931 VAT category code per exemption (S and Z are for rated lines).
UBL_CATEGORY = {
    Exemption.FRANCHISE: "E",
    Exemption.REVERSE_CHARGE: "AE",
    Exemption.INTRA_EU: "K",
    Exemption.EXPORT: "G",
}

FRANCHISE_NEW_WORDING_FROM = date(2025, 1, 1)

_MENTIONS: dict[Exemption, dict[str, str]] = {
    Exemption.REVERSE_CHARGE: {
        "nl": "Verlegging van heffing. Bij gebrek aan schriftelijke betwisting binnen een termijn van één "
        "maand na de ontvangst van de factuur, wordt de klant geacht te erkennen dat hij een belastingplichtige "
        "is gehouden tot de indiening van periodieke aangiften. Als die voorwaarde niet vervuld is, is de klant "
        "ten aanzien van die voorwaarde aansprakelijk voor de betaling van de verschuldigde belasting, "
        "interesten en geldboeten.",
        "fr": "Autoliquidation. En l'absence de contestation par écrit, dans un délai d'un mois à compter de la "
        "réception de la facture, le client est présumé reconnaître qu'il est un assujetti tenu au dépôt de "
        "déclarations périodiques. Si cette condition n'est pas remplie, le client endossera, par rapport à "
        "cette condition, la responsabilité quant au paiement de la taxe, des intérêts et des amendes dus.",
        "en": "Reverse charge (Belgian VAT Code art. 20 §3 Royal Decree no. 1): VAT to be accounted for by "
        "the customer. Failing written objection within one month of receipt of the invoice, the customer is "
        "deemed to acknowledge being a taxable person filing periodic returns.",
    },
    Exemption.INTRA_EU: {
        "nl": "Vrijgestelde intracommunautaire levering, art. 39bis, eerste lid, 1° W.BTW.",
        "fr": "Livraison intracommunautaire exemptée, art. 39bis, alinéa 1er, 1° du Code TVA.",
        "en": "Exempt intra-Community supply, art. 39bis(1)(1) Belgian VAT Code (reverse charge).",
    },
    Exemption.EXPORT: {
        "nl": "Vrijgestelde uitvoer, art. 39 W.BTW.",
        "fr": "Exportation exemptée, art. 39 du Code TVA.",
        "en": "Exempt export, art. 39 Belgian VAT Code.",
    },
}

_FRANCHISE = {
    "new": {
        "nl": "Bijzondere vrijstellingsregeling van belasting",
        "fr": "Régime particulier de la franchise de taxe",
        "en": "Special VAT exemption scheme for small enterprises (art. 56bis Belgian VAT Code)",
    },
    "old": {
        "nl": "Bijzondere vrijstellingsregeling kleine ondernemingen",
        "fr": "Régime particulier de franchise des petites entreprises",
        "en": "Special exemption scheme for small enterprises (art. 56bis Belgian VAT Code)",
    },
}

CREDIT_NOTE_MENTION = {
    "nl": "BTW terug te storten aan de Staat in de mate waarin ze oorspronkelijk in aftrek werd gebracht.",
    "fr": "TVA à reverser à l'État dans la mesure où elle a été initialement déduite.",
    "en": "VAT to be repaid to the State insofar as it was initially deducted.",
}


def exemption_mention(reason: Exemption, language: str, issue_date: date) -> str:
    """The legal wording for an exemption, in the document's language and era."""
    if reason is Exemption.FRANCHISE:
        era = "new" if issue_date >= FRANCHISE_NEW_WORDING_FROM else "old"
        return _FRANCHISE[era][language]
    return _MENTIONS[reason][language]


@dataclass(frozen=True)
class VatTreatment:
    """A line's VAT: a rate, or 0 % with an exemption reason."""

    rate: Decimal
    exemption: Exemption | None = None

    @classmethod
    def parse(cls, rate: str | int | Decimal | None, exemption: str | None = None) -> VatTreatment:
        reason = Exemption(exemption) if exemption else None
        value = Decimal(str(rate)) if rate not in (None, "") else Decimal(0)
        if value not in RATES:
            raise ValidationError(f"VAT rate {rate} % is not a Belgian rate (21, 12, 6 or 0)")
        if reason is not None and value != 0:
            raise ValidationError(f"a line exempt for '{reason.value}' cannot carry {value} % VAT")
        return cls(value.normalize() if value else Decimal(0), reason)

    @property
    def key(self) -> str:
        """Grouping key for the VAT summary: '21', '0', '0/franchise' ..."""
        rate = format(self.rate.normalize(), "f")
        return f"{rate}/{self.exemption.value}" if self.exemption else rate

    @property
    def ubl_category(self) -> str:
        if self.exemption:
            return UBL_CATEGORY[self.exemption]
        return "S" if self.rate else "Z"
