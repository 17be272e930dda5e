"""Suppliers' e-invoices for the purchase tests, written here (Peppol BIS Billing 3.0, valid XSD, CEN, Peppol).

`invoice()` is a Belgian printer's invoice to Atelier Janssens at 21 % and 6 %; `exempt()` one line exempt
(category E); `broken()` the first with a document reference after the parties, which UBL 2.1 forbids.
"""

from __future__ import annotations

from decimal import Decimal

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
<cbc:ID>{number}</cbc:ID>
<cbc:IssueDate>{issued}</cbc:IssueDate>
<cbc:DueDate>{due}</cbc:DueDate>
<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cbc:BuyerReference>PO-2026-88</cbc:BuyerReference>
<cac:AccountingSupplierParty><cac:Party>
<cbc:EndpointID schemeID="0208">0417497106</cbc:EndpointID>
<cac:PartyName><cbc:Name>Drukkerij Peeters</cbc:Name></cac:PartyName>
<cac:PostalAddress><cbc:StreetName>Veldstraat 12</cbc:StreetName><cbc:CityName>Gent</cbc:CityName>
<cbc:PostalZone>9000</cbc:PostalZone><cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>
</cac:PostalAddress>
<cac:PartyTaxScheme><cbc:CompanyID>BE0417497106</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
</cac:PartyTaxScheme>
<cac:PartyLegalEntity><cbc:RegistrationName>Drukkerij Peeters BV</cbc:RegistrationName>
<cbc:CompanyID schemeID="0208">0417497106</cbc:CompanyID></cac:PartyLegalEntity>
</cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party>
<cbc:EndpointID schemeID="0208">0403170701</cbc:EndpointID>
<cac:PartyName><cbc:Name>Atelier Janssens</cbc:Name></cac:PartyName>
<cac:PostalAddress><cbc:StreetName>Kerkstraat 1</cbc:StreetName><cbc:CityName>Gent</cbc:CityName>
<cbc:PostalZone>9000</cbc:PostalZone><cac:Country><cbc:IdentificationCode>BE</cbc:IdentificationCode></cac:Country>
</cac:PostalAddress>
<cac:PartyTaxScheme><cbc:CompanyID>BE0403170701</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
</cac:PartyTaxScheme>
<cac:PartyLegalEntity><cbc:RegistrationName>Atelier Janssens</cbc:RegistrationName></cac:PartyLegalEntity>
</cac:Party></cac:AccountingCustomerParty>
<cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentID>+++090/9337/55493+++</cbc:PaymentID>
<cac:PayeeFinancialAccount><cbc:ID>BE71096123456769</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
<cac:PaymentTerms><cbc:Note>30 days</cbc:Note></cac:PaymentTerms>
"""


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))}"


def _document(number: str, lines: list[tuple[str, Decimal, Decimal, str, Decimal]]) -> bytes:
    """lines: (name, quantity, price, category, rate); exempt lines (E) get the art. 44 reason."""
    subtotals: dict[tuple[str, Decimal], Decimal] = {}
    body = []
    for i, (name, quantity, price, category, rate) in enumerate(lines, 1):
        net = (quantity * price).quantize(Decimal("0.01"))
        subtotals[(category, rate)] = subtotals.get((category, rate), Decimal(0)) + net
        body.append(
            f"<cac:InvoiceLine><cbc:ID>{i}</cbc:ID>"
            f'<cbc:InvoicedQuantity unitCode="C62">{quantity}</cbc:InvoicedQuantity>'
            f'<cbc:LineExtensionAmount currencyID="EUR">{_money(net)}</cbc:LineExtensionAmount>'
            f"<cac:Item><cbc:Name>{name}</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>{category}</cbc:ID>"
            f"<cbc:Percent>{rate}</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>"
            f"</cac:ClassifiedTaxCategory></cac:Item>"
            f'<cac:Price><cbc:PriceAmount currencyID="EUR">{price}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>\n'
        )
    tax = []
    total_vat = Decimal(0)
    for (category, rate), base in subtotals.items():
        vat = (base * rate / 100).quantize(Decimal("0.01"))
        total_vat += vat
        reason = (
            "<cbc:TaxExemptionReasonCode>VATEX-EU-132</cbc:TaxExemptionReasonCode>"
            "<cbc:TaxExemptionReason>Exempt, art. 44</cbc:TaxExemptionReason>"
            if category == "E"
            else ""
        )
        tax.append(
            f'<cac:TaxSubtotal><cbc:TaxableAmount currencyID="EUR">{_money(base)}</cbc:TaxableAmount>'
            f'<cbc:TaxAmount currencyID="EUR">{_money(vat)}</cbc:TaxAmount><cac:TaxCategory><cbc:ID>{category}</cbc:ID>'
            f"<cbc:Percent>{rate}</cbc:Percent>{reason}<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>"
            f"</cac:TaxCategory></cac:TaxSubtotal>"
        )
    net_total = sum(subtotals.values(), Decimal(0))
    gross = net_total + total_vat
    xml = (
        HEAD.format(number=number, issued="2026-11-13", due="2026-11-30")
        + f'<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{_money(total_vat)}</cbc:TaxAmount>{"".join(tax)}'
        + "</cac:TaxTotal>\n"
        + f'<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">{_money(net_total)}'
        + f'</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">{_money(net_total)}'
        + f'</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">{_money(gross)}'
        + f'</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">{_money(gross)}</cbc:PayableAmount>'
        + "</cac:LegalMonetaryTotal>\n"
        + "".join(body)
        + "</Invoice>\n"
    )
    return xml.encode("utf-8")


def invoice(number: str = "DP-2026-117") -> bytes:
    """500.00 at 21 % (VAT 105.00) and 250.00 at 6 % (VAT 15.00): 870.00 to pay."""
    return _document(
        number,
        [
            ("Folders A5", Decimal(1000), Decimal("0.50"), "S", Decimal(21)),
            ("Boeken", Decimal(10), Decimal("25.00"), "S", Decimal(6)),
        ],
    )


def exempt(number: str = "DP-2026-118") -> bytes:
    """One exempt line of 200.00 (category E, art. 44)."""
    return _document(number, [("Opleiding", Decimal(1), Decimal("200.00"), "E", Decimal(0))])


def broken() -> tuple[bytes, int]:
    """`invoice()` with a document reference after the parties, where UBL 2.1 does not allow it; and its line."""
    lines = invoice().decode("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "</cac:AccountingCustomerParty>" in line) + 1
    lines.insert(at, "<cac:AdditionalDocumentReference><cbc:ID>x</cbc:ID></cac:AdditionalDocumentReference>\n")
    return "".join(lines).encode("utf-8"), at + 1
