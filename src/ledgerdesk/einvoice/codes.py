"""Code lists the e-invoice needs: Peppol ids, unit codes, endpoint schemes, VAT exemption codes.

Values come from the Peppol BIS Billing 3.0 code lists (EAS, VATEX, UN/ECE Rec. 20/21);
only the subset a Belgian sole trader meets is kept, each with the reason it is here.
"""

from __future__ import annotations

from ..domain.units import UNITS, unit_code
from ..domain.vat import Exemption

__all__ = ["KNOWN_CODES", "unit_code"]

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}

INVOICE_TYPE = "380"  # commercial invoice
CREDIT_NOTE_TYPE = "381"  # credit note

# Payment means (UNCL 4461): SEPA credit transfer for euro payments to an IBAN, else plain credit transfer.
SEPA_CREDIT_TRANSFER = "58"
SEPA_DIRECT_DEBIT = "59"
CREDIT_TRANSFER = "30"

DISCOUNT_REASON_CODE = "95"  # UNCL 5189 "Discount"

# VATEX exemption reason codes EN 16931 / Peppol accept next to the free-text reason. The franchise
# regime (category E) has no EU-wide VATEX code (the French one does not apply), so it carries text only.
# Art. 44 WBTW transposes the exemptions of art. 132 of Directive 2006/112 (medical care, teaching, ...):
# VATEX-EU-132. The 6 % renovation case is a rated line (category S) and carries no exemption reason.
VATEX: dict[Exemption, str] = {
    Exemption.REVERSE_CHARGE: "VATEX-EU-AE",
    Exemption.EU_SERVICES: "VATEX-EU-AE",
    Exemption.INTRA_EU: "VATEX-EU-IC",
    Exemption.EXPORT: "VATEX-EU-G",
    Exemption.ART44: "VATEX-EU-132",
    Exemption.OUTSIDE_SCOPE: "VATEX-EU-O",
}
VATEX_OUTSIDE_SCOPE = "VATEX-EU-O"  # category O, for services outside the scope of VAT

# Peppol Electronic Address Schemes based on a VAT number, per country prefix of that number.
# Belgium is not here on purpose: Belgian parties are addressed by 0208 + enterprise number.
VAT_EAS: dict[str, str] = {
    "AT": "9914",
    "BG": "9926",
    "CY": "9928",
    "CZ": "9929",
    "DE": "9930",
    "EE": "9931",
    "EL": "9933",
    "GR": "9933",
    "HR": "9934",
    "IE": "9935",
    "LT": "9937",
    "LU": "9938",
    "LV": "9939",
    "MT": "9943",
    "NL": "9944",
    "PL": "9945",
    "PT": "9946",
    "RO": "9947",
    "SI": "9949",
    "SK": "9950",
    "ES": "9920",
    "FR": "9957",
    "HU": "9910",
    "IT": "0211",
    "DK": "0198",
    "FI": "0213",
    "GB": "9932",
    "CH": "9927",
    "LI": "9936",
    "MC": "9940",
    "SM": "9951",
}
BE_ENTERPRISE_EAS = "0208"

# Units: UN/ECE Rec. 20 codes, in domain/units.py (the PDF names them in the document's language too).
KNOWN_CODES = frozenset(UNITS)


def endpoint(country: str, vat: str | None, email: str = "") -> tuple[str, str] | None:
    """(scheme, identifier) of a party's Peppol address, or None when it has none.

    Belgian parties: 0208 + the 10-digit enterprise number (the VAT number without 'BE').
    Other parties with a VAT number: the VAT-based scheme of that country.
    Without a VAT number there is no Peppol address: an e-mail address (scheme EM) is not one
    (OpenPeppol's rule PEPPOL-EN16931-CL008 refuses it), so a consumer's document has no buyer
    endpoint, fails PEPPOL-EN16931-R010 and is never offered to Peppol; its e-mail stays in the contact.
    """
    if vat:
        prefix = vat[:2].upper()
        if prefix == "BE":
            return BE_ENTERPRISE_EAS, vat[2:]
        if prefix in VAT_EAS:
            return VAT_EAS[prefix], vat
    return None
