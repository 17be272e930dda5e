"""Belgian VAT: rates, the special VAT cases of a line and the legal mention each one needs.

A line carries a rate (21, 12, 6 or 0) and, for a special case, the case's code (`Exemption`,
stored as `vat_exemption`): the code decides the wording on the invoice and the UBL VAT category.
Most cases charge no Belgian VAT (0 %); the 6 % renovation of an old dwelling is a rated case
that needs its mandatory statement. Reverse charge is a case of its own, never an exemption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from .errors import ValidationError

RATES = (Decimal("21"), Decimal("12"), Decimal("6"), Decimal("0"))


class Exemption(str, Enum):  # noqa: UP042 - str() and format() of a member are relied on as they are
    """A line's special VAT case (why no Belgian VAT is charged, or which mention a rate needs).

    The value is the documented code a book file and the `vat_exemption` column carry
    (docs/book-format.md); the class keeps its first name so stored books read unchanged.
    """

    FRANCHISE = "franchise"  # small-business regime, art. 56bis
    REVERSE_CHARGE = "reverse_charge"  # works on immovable property for a contractor, art. 20 KB nr. 1
    INTRA_EU = "intra_eu"  # intra-community supply of goods, art. 39bis
    EXPORT = "export"  # export outside the EU, art. 39
    EU_SERVICES = "eu_services"  # services to a business in another member state, art. 21 §2 (reverse charge)
    ART44 = "art44"  # exempt activities (medical, teaching, ...), art. 44
    OUTSIDE_SCOPE = "outside_scope"  # not subject to VAT at all
    RENOVATION = "renovation"  # 6 % renovation of a private dwelling of at least 10 years, KB nr. 20 XXXI

    @property
    def required_rate(self) -> Decimal:
        """The rate a line of this case carries: 6 % for the renovation case, 0 % for every other."""
        return Decimal(6) if self is Exemption.RENOVATION else Decimal(0)

    @property
    def is_reverse_charge(self) -> bool:
        """The customer accounts for the VAT: to be labelled reverse charge, never 'exempt'."""
        return self in (Exemption.REVERSE_CHARGE, Exemption.EU_SERVICES)

    @property
    def needs_eu_vat_number(self) -> bool:
        """The customer's VAT number of another EU member state must be on the invoice."""
        return self in (Exemption.EU_SERVICES, Exemption.INTRA_EU)


# UBL / EN 16931 VAT category code per exemption (S and Z are for rated lines).
UBL_CATEGORY = {
    Exemption.FRANCHISE: "E",
    Exemption.REVERSE_CHARGE: "AE",
    Exemption.INTRA_EU: "K",
    Exemption.EXPORT: "G",
    Exemption.EU_SERVICES: "AE",
    Exemption.ART44: "E",
    Exemption.OUTSIDE_SCOPE: "O",
    Exemption.RENOVATION: "S",
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
    Exemption.EU_SERVICES: {
        "nl": "Verlegging van heffing: dienst aan een belastingplichtige in een andere lidstaat, "
        "btw te voldoen door de afnemer (art. 21, § 2 W.BTW; art. 196 Richtlijn 2006/112/EG).",
        "fr": "Autoliquidation : prestation de services à un assujetti d'un autre État membre, "
        "TVA due par le preneur (art. 21, § 2 du Code TVA ; art. 196 de la directive 2006/112/CE).",
        "en": "Reverse charge: service to a taxable person in another Member State, VAT to be accounted "
        "for by the customer (art. 21 §2 Belgian VAT Code; art. 196 Directive 2006/112/EC).",
    },
    Exemption.ART44: {
        "nl": "Vrijgesteld van btw, art. 44 W.BTW.",
        "fr": "Exonéré de TVA, art. 44 du Code TVA.",
        "en": "Exempt from VAT, art. 44 Belgian VAT Code.",
    },
    Exemption.OUTSIDE_SCOPE: {
        "nl": "Buiten het toepassingsgebied van de btw.",
        "fr": "Hors du champ d'application de la TVA.",
        "en": "Outside the scope of VAT.",
    },
}

# The mandatory statement of the 6 % renovation rate (KB nr. 20, table A, rubric XXXI, since 2022), word for
# word; an English invoice carries the Dutch text with a translation, as the administration allows.
RENOVATION_STATEMENT = {
    "nl": "Btw-tarief: Bij gebrek aan schriftelijke betwisting binnen een termijn van één maand vanaf de ontvangst "
    "van de factuur, wordt de klant geacht te erkennen dat (1) de werken worden verricht aan een woning waarvan de "
    "eerste ingebruikneming heeft plaatsgevonden in een kalenderjaar dat ten minste tien jaar voorafgaat aan de datum "
    "van de eerste factuur met betrekking tot die werken, (2) de woning, na uitvoering van die werken, uitsluitend "
    "of hoofdzakelijk als privéwoning wordt gebruikt en (3) de werken worden verstrekt en gefactureerd aan een "
    "eindverbruiker. Wanneer minstens één van die voorwaarden niet is voldaan, zal het normale btw-tarief van 21 "
    "pct. van toepassing zijn en is de afnemer ten aanzien van die voorwaarden aansprakelijk voor de betaling van de "
    "verschuldigde belasting, interesten en geldboeten.",
    "fr": "Taux de TVA : En l'absence de contestation par écrit, dans un délai d'un mois à compter de la réception "
    "de la facture, le client est présumé reconnaître que (1) les travaux sont effectués à un bâtiment d'habitation "
    "dont la première occupation a eu lieu au cours d'une année civile qui précède d'au moins dix ans la date de la "
    "première facture relative à ces travaux, (2) qu'après l'exécution de ces travaux, l'habitation est utilisée, "
    "soit exclusivement soit à titre principal comme logement privé et (3) que ces travaux sont fournis et facturés "
    "à un consommateur final. Si au moins une de ces conditions n'est pas remplie, le taux normal de TVA de 21 p.c. "
    "sera applicable et le client endossera, par rapport à ces conditions, la responsabilité quant au paiement de la "
    "taxe, des intérêts et des amendes dus.",
}
RENOVATION_TRANSLATION_EN = (
    "(Translation) VAT rate: failing written objection within one month of receipt of the invoice, the customer "
    "is deemed to acknowledge that (1) the works are carried out on a dwelling first occupied in a calendar year at "
    "least ten years before the date of the first invoice for these works, (2) after the works the dwelling is used "
    "exclusively or mainly as a private home and (3) the works are supplied and invoiced to a final consumer. If at "
    "least one of these conditions is not met, the normal VAT rate of 21 % applies and the customer is liable for "
    "the tax, interest and fines due."
)

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
    "nl": "Btw terug te storten aan de Staat in de mate waarin ze oorspronkelijk in aftrek werd gebracht.",
    "fr": "TVA à reverser à l'État dans la mesure où elle a été initialement déduite.",
    "en": "VAT to be repaid to the State insofar as it was initially deducted.",
}


def exemption_mention(reason: Exemption, language: str, issue_date: date) -> str:
    """The legal wording for an exemption, in the document's language and era."""
    if reason is Exemption.FRANCHISE:
        era = "new" if issue_date >= FRANCHISE_NEW_WORDING_FROM else "old"
        return _FRANCHISE[era][language]
    if reason is Exemption.RENOVATION:
        if language == "en":
            return f"{RENOVATION_STATEMENT['nl']} {RENOVATION_TRANSLATION_EN}"
        return RENOVATION_STATEMENT[language]
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
        if reason is not None and value != reason.required_rate:
            raise ValidationError(
                f"a line of the VAT case '{reason.value}' carries {format(reason.required_rate, 'f')} % VAT, "
                f"not {format(value.normalize(), 'f')} %"
            )
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
