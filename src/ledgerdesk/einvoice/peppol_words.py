"""Plainer words for one official Peppol finding: a missing buyer address on an invoice that charges VAT.

OpenPeppol's schematron decides (PEPPOL-EN16931-R010: the buyer has no electronic address); this only
says why in the user's terms when the reason is that the customer has no VAT number although the
invoice charges VAT — the usual mistake of a Belgian sole trader — instead of the general sentence.
"""

from __future__ import annotations

from decimal import Decimal, DecimalException, InvalidOperation

from lxml import etree

from . import codes
from .findings import Finding, finding

X = {"cac": codes.NS["cac"], "cbc": codes.NS["cbc"]}


def reworded(root: etree._Element, found: Finding) -> Finding:
    if found.rule != "PEPPOL-EN16931-R010":
        return found
    buyer_vat = root.xpath(
        "cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID/text()", namespaces=X
    )
    rates = []
    for text in root.xpath("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[cbc:ID='S']/cbc:Percent/text()", namespaces=X):
        try:
            rates.append(Decimal(str(text).strip()))
        except InvalidOperation:
            continue
    if buyer_vat or not rates:
        return found
    try:
        rate = format(max(rates).normalize(), "f")
    except DecimalException:  # a hostile percent (1e999999999): the general sentence will do
        return found
    return finding(
        found.rule, found.severity, found.location, source=found.source, key="PEPPOL-EN16931-R010-S", rate=rate
    )
