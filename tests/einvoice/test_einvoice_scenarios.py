"""Purpose-made invoices export to Peppol BIS 3.0 UBL that passes XSD, EN 16931 and Peppol with no fatal finding."""

from __future__ import annotations

from datetime import date

import pytest
from lxml import etree

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.services import company as company_service
from ledgerdesk.services import einvoicing, invoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}
ON = date(2026, 3, 2)


def issue_and_export(book, customer_id: int, lines: list[LineInput], **draft) -> tuple[int, bytes, list]:
    with book.db.transaction() as s:
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id=customer_id, issue_date=ON, lines=lines, **draft)
        )
        einvoicing.issue_with_einvoice(s, invoice_id, on=ON)
        exported = einvoicing.export_einvoice(s, invoice_id, on=ON)
    return invoice_id, exported.xml, list(exported.report.findings)


def values(xml: bytes, xpath: str) -> list[str]:
    return [str(v).strip() for v in etree.fromstring(xml).xpath(xpath, namespaces=X)]


def assert_clean(findings) -> None:
    assert [(f.rule, f.message) for f in findings if f.is_fatal] == []


def test_belgian_business_invoice_carries_ogm_iban_endpoints_and_units(book, peppol_customer):
    _, xml, findings = issue_and_export(
        book,
        peppol_customer,
        [
            LineInput.of("Consultancy", "7.5", "85", unit="uur"),
            LineInput.of("Workshop", "2", "650", unit="dagen"),
            LineInput.of("Cables", "4", "12.50", unit=""),
        ],
    )
    assert_clean(findings)
    assert findings == []
    assert values(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == ["0208"]
    assert values(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/text()") == ["0202239951"]
    assert values(xml, "//cac:PaymentMeans/cbc:PaymentID/text()") == ["+++202/6000/00192+++"]
    assert values(xml, "//cac:PayeeFinancialAccount/cbc:ID/text()") == ["BE71096123456769"]
    assert values(xml, "//cbc:InvoicedQuantity/@unitCode") == ["HUR", "DAY", "C62"]
    assert values(xml, "/*/cbc:DueDate/text()") == ["2026-04-01"]
    # the payment terms speak the customer's language (Dutch by default)
    assert "30 dagen" in values(xml, "//cac:PaymentTerms/cbc:Note/text()")[0]


def test_several_rates_and_zero_rate_each_get_their_vat_summary(book, peppol_customer):
    _, xml, findings = issue_and_export(
        book,
        peppol_customer,
        [
            LineInput.of("Renovation", "1", "1000", "21"),
            LineInput.of("Restaurant", "1", "100", "12"),
            LineInput.of("Books", "3", "19.99", "6"),
            LineInput.of("Newspaper subscription", "1", "120", "0"),
        ],
    )
    assert_clean(findings)
    cats = list(
        zip(
            values(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()"),
            values(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:Percent/text()"),
            strict=False,
        )
    )
    assert cats == [("S", "21"), ("S", "12"), ("S", "6"), ("Z", "0")]


def test_discounts_become_line_allowances_that_add_up(book, peppol_customer):
    _, xml, findings = issue_and_export(
        book,
        peppol_customer,
        [
            LineInput.of("Licence", "3", "33.333", discount_pct="12.5"),
            LineInput.of("Support", "1.25", "99.99", discount_pct="7"),
            LineInput.of("Gift", "1", "40", discount_pct="100"),
        ],
    )
    assert_clean(findings)
    assert values(xml, "//cac:InvoiceLine/cac:AllowanceCharge/cbc:AllowanceChargeReasonCode/text()") == ["95"] * 3


def test_franchise_regime_uses_category_e_with_the_legal_mention(empty_book, new_customer):
    with empty_book.db.transaction() as s:
        company_service.save_company(
            s,
            company_service.CompanyData(
                name="Kapsalon Lisa",
                street="Dorp 3",
                postcode="3000",
                city="Leuven",
                vat="BE0403170701",
                vat_regime="franchise",
                iban="BE71096123456769",
            ),
        )
    customer = new_customer(empty_book)
    _, xml, findings = issue_and_export(
        empty_book, customer, [LineInput.of("Haircut", "1", "35", "0", exemption="franchise")]
    )
    assert_clean(findings)
    assert values(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == ["E"]
    assert values(xml, "//cac:TaxSubtotal//cbc:TaxExemptionReason/text()") == [
        "Bijzondere vrijstellingsregeling van belasting"
    ]


def test_reverse_charge_uses_ae_with_vatex_code(book, peppol_customer):
    _, xml, findings = issue_and_export(
        book, peppol_customer, [LineInput.of("Roof works", "1", "8000", "0", exemption="reverse_charge")]
    )
    assert_clean(findings)
    assert values(xml, "//cac:TaxSubtotal//cbc:TaxExemptionReasonCode/text()") == ["VATEX-EU-AE"]


def test_intra_eu_supply_to_a_dutch_business(book, new_customer):
    customer = new_customer(
        book,
        name="Bakker BV",
        vat="NL004495445B01",
        street="Dam 1",
        postcode="1012 JS",
        city="Amsterdam",
        country="NL",
        language="en",
    )
    _, xml, findings = issue_and_export(
        book,
        customer,
        [LineInput.of("Oven parts", "10", "45", "0", exemption="intra_eu")],
        delivery_date=date(2026, 2, 27),
    )
    assert_clean(findings)
    assert values(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == ["9944"]
    assert values(xml, "//cac:TaxSubtotal//cbc:TaxExemptionReasonCode/text()") == ["VATEX-EU-IC"]
    assert values(xml, "//cac:Delivery/cbc:ActualDeliveryDate/text()") == ["2026-02-27"]
    assert values(xml, "//cac:Delivery//cbc:IdentificationCode/text()") == ["NL"]


def test_export_outside_the_eu_uses_category_g(book, new_customer):
    customer = new_customer(
        book,
        name="Acme Inc",
        vat=None,
        kind="business",
        country="US",
        city="Boston",
        street="1 Main St",
        postcode="02110",
        email="ap@acme.example",
        language="en",
        receives_einvoice=False,  # no VAT number, so no Peppol address: it cannot receive through Peppol
    )
    _, xml, findings = issue_and_export(
        book, customer, [LineInput.of("Machine", "1", "12000", "0", exemption="export")]
    )
    # A customer without a VAT number has no Peppol address (an e-mail is none: PEPPOL-EN16931-CL008), so
    # the file is complete for EN 16931 but can never go over Peppol: only R010 says so.
    assert [f.rule for f in findings if f.is_fatal] == ["PEPPOL-EN16931-R010"]
    assert values(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == []
    assert values(xml, "//cac:AccountingCustomerParty//cbc:ElectronicMail/text()") == ["ap@acme.example"]
    assert values(xml, "//cac:TaxSubtotal//cbc:TaxExemptionReasonCode/text()") == ["VATEX-EU-G"]


def test_a_negative_line_is_a_negative_quantity_at_a_positive_price(book, peppol_customer):
    _, xml, findings = issue_and_export(
        book, peppol_customer, [LineInput.of("Works", "1", "1000"), LineInput.of("Deposit already paid", "1", "-200")]
    )
    assert_clean(findings)
    assert values(xml, "//cbc:InvoicedQuantity/text()") == ["1", "-1"]


def test_credit_note_refers_to_the_invoice_it_corrects(book, peppol_customer):
    invoice_id, _, _ = issue_and_export(
        book,
        peppol_customer,
        [LineInput.of("Consultancy", "10", "85", unit="uur"), LineInput.of("Travel", "120", "0.42", unit="km")],
    )
    with book.db.transaction() as s:
        note_id = invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 10))
        number = einvoicing.issue_with_einvoice(s, note_id, on=date(2026, 3, 10))
        exported = einvoicing.export_einvoice(s, note_id, on=date(2026, 3, 10))
    assert_clean(exported.report.findings)
    root = etree.fromstring(exported.xml)
    assert etree.QName(root).localname == "CreditNote"
    assert values(exported.xml, "//cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID/text()") == ["2026-0001"]
    assert values(exported.xml, "/*/cbc:ID/text()") == [number]
    assert values(exported.xml, "//cbc:CreditedQuantity/@unitCode") == ["HUR", "KMT"]
    assert values(exported.xml, "/*/cbc:CreditNoteTypeCode/text()") == ["381"]


@pytest.mark.parametrize("language, words", [("fr", "30 jours"), ("en", "30 days")])
def test_payment_terms_follow_the_document_language(book, new_customer, language, words):
    customer = new_customer(book, language=language)
    _, xml, _ = issue_and_export(book, customer, [LineInput.of("Service", "1", "100")])
    assert words in values(xml, "//cac:PaymentTerms/cbc:Note/text()")[0]
