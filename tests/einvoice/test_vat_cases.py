"""Every Belgian VAT case, in each language: the PDF's mention, the UBL category and reason code, one total."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from ledgerdesk.domain.invoicing import LineInput, totals_of
from ledgerdesk.domain.vat import RENOVATION_STATEMENT, Exemption, exemption_mention
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.i18n import format_money
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import company as company_service
from ledgerdesk.services import documents, einvoicing, invoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}
ON = date(2026, 3, 2)
NL_VAT = "NL004495445B01"


@dataclass(frozen=True)
class Case:
    code: str  # the line's VAT key: rate, or rate/case
    customer: dict
    category: str
    reason_code: str | None
    mention: dict[str, str] | None  # a fragment each language's PDF must show (None: no mention)


BE_BUSINESS = {"vat": "BE0202239951", "kind": "business"}
CONSUMER = {"kind": "consumer", "email": "thuis@example.be"}
NL_BUSINESS = {"vat": NL_VAT, "country": "NL", "kind": "business", "city": "Amsterdam", "postcode": "1011"}
US_BUSINESS = {"country": "US", "kind": "business", "city": "Boston", "postcode": "02110", "email": "ap@example.com"}

CASES = [
    Case("21", BE_BUSINESS, "S", None, None),
    Case("12", BE_BUSINESS, "S", None, None),
    Case("6", BE_BUSINESS, "S", None, None),
    Case("0", BE_BUSINESS, "Z", None, None),
    Case(
        "6/renovation",
        CONSUMER,
        "S",
        None,
        {"nl": RENOVATION_STATEMENT["nl"], "fr": RENOVATION_STATEMENT["fr"], "en": "(Translation) VAT rate"},
    ),
    Case(
        "0/reverse_charge",
        BE_BUSINESS,
        "AE",
        "VATEX-EU-AE",
        {"nl": "Verlegging van heffing", "fr": "Autoliquidation", "en": "Reverse charge"},
    ),
    Case(
        "0/eu_services",
        NL_BUSINESS,
        "AE",
        "VATEX-EU-AE",
        {
            "nl": "Verlegging van heffing: dienst aan een belastingplichtige in een andere lidstaat",
            "fr": "Autoliquidation : prestation de services à un assujetti d'un autre État membre",
            "en": "Reverse charge: service to a taxable person in another Member State",
        },
    ),
    Case(
        "0/intra_eu",
        NL_BUSINESS,
        "K",
        "VATEX-EU-IC",
        {
            "nl": "Vrijgestelde intracommunautaire levering",
            "fr": "Livraison intracommunautaire exemptée",
            "en": "Exempt intra-Community supply",
        },
    ),
    Case(
        "0/export",
        US_BUSINESS,
        "G",
        "VATEX-EU-G",
        {"nl": "Vrijgestelde uitvoer", "fr": "Exportation exemptée", "en": "Exempt export"},
    ),
    Case(
        "0/art44",
        CONSUMER,
        "E",
        "VATEX-EU-132",
        {
            "nl": "Vrijgesteld van btw, art. 44 W.BTW",
            "fr": "Exonéré de TVA, art. 44 du Code TVA",
            "en": "Exempt from VAT, art. 44 Belgian VAT Code",
        },
    ),
    Case(
        "0/franchise",
        BE_BUSINESS,
        "E",
        None,
        {
            "nl": "Bijzondere vrijstellingsregeling",
            "fr": "Régime particulier de la franchise",
            "en": "Special VAT exemption scheme",
        },
    ),
    Case(
        "0/outside_scope",
        CONSUMER,
        "O",
        "VATEX-EU-O",
        {
            "nl": "Buiten het toepassingsgebied van de btw",
            "fr": "Hors du champ d'application de la TVA",
            "en": "Outside the scope of VAT",
        },
    ),
]

EXEMPT_WORD = {"nl": "vrijgesteld", "fr": "exonéré", "en": "exempt"}


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def values(xml: bytes, xpath: str) -> list[str]:
    return [str(v).strip() for v in etree.fromstring(xml).xpath(xpath, namespaces=X)]


def _lines(code: str) -> list[LineInput]:
    rate, _, case = code.partition("/")
    return [
        LineInput.of("Werk / travail / work", "7.5", "85.55", rate, exemption=case or None, unit="h"),
        LineInput.of("Materiaal / matériel / material", "3", "19.99", rate, exemption=case or None, discount_pct="10"),
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.code)
def test_each_vat_case_prints_its_mention_and_writes_its_ubl_category_in_every_language(book, case: Case):
    if case.code == "0/franchise":
        with book.db.transaction() as s:
            company = company_service.get_company(s)
            company.vat_regime = "franchise"
    for language in ("nl", "fr", "en"):
        lines = _lines(case.code)
        with book.db.transaction() as s:
            customer = company_service.create_customer(
                s,
                company_service.CustomerData(
                    name=f"Klant {language}",
                    street="Straat 1",
                    postcode=case.customer.get("postcode", "9000"),
                    city=case.customer.get("city", "Gent"),
                    language=language,
                    **{k: v for k, v in case.customer.items() if k not in ("city", "postcode")},
                ),
                today=ON,
            ).id
            invoice_id = invoicing.create_draft(
                s, invoicing.DraftData(customer_id=customer, issue_date=ON, lines=lines)
            )
            number = invoicing.issue(s, invoice_id)
            buffer = io.BytesIO()
            printed = documents.write_invoice_pdf(s, invoice_id, buffer, as_of=ON)
            doc = einvoicing.document_of(s, s.get(Invoice, invoice_id))
        text = pdf_text(buffer.getvalue())
        xml = build_ubl(doc)
        report = validate(xml)
        # Without a VAT number the customer has no Peppol address: the file can never go over Peppol, and
        # OpenPeppol's R010 is then the only thing that says so.
        expected = [] if case.customer.get("vat") else ["PEPPOL-EN16931-R010"]
        assert [f.rule for f in report.findings if f.is_fatal] == expected, (case.code, language, report.findings)
        # the mention, word for word where the law gives the words
        if case.mention:
            assert flat(case.mention[language]) in text, (case.code, language)
            case_code = case.code.partition("/")[2]
            assert flat(exemption_mention(Exemption(case_code), language, ON)) in text
        # reverse charge is never called exempt
        if case.category == "AE":
            assert not re.search(EXEMPT_WORD[language], text, re.IGNORECASE), (case.code, language)
        # the UBL category and reason code, on the lines and in the VAT breakdown
        assert set(values(xml, "//cac:ClassifiedTaxCategory/cbc:ID/text()")) == {case.category}
        assert values(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()") == [case.category]
        assert values(xml, "//cac:TaxCategory/cbc:TaxExemptionReasonCode/text()") == (
            [case.reason_code] if case.reason_code else []
        )
        # one total: what the editor computes, what the PDF prints, what the UBL says
        editor = totals_of(lines)
        assert printed.document.total_cents == editor.total_cents == doc.total_cents
        assert flat(format_money(editor.total_cents, language)) in text
        assert Decimal(values(xml, "//cac:LegalMonetaryTotal/cbc:PayableAmount/text()")[0]) * 100 == editor.total_cents
        assert Decimal(values(xml, "/*/cac:TaxTotal/cbc:TaxAmount/text()")[0]) * 100 == editor.vat_cents
        assert number


def test_the_renovation_statement_is_in_the_ubl_note_too(book):
    with book.db.transaction() as s:
        customer = company_service.create_customer(
            s,
            company_service.CustomerData(
                name="Familie Claes", kind="consumer", language="fr", street="Rue 1", postcode="1000", city="Bruxelles"
            ),
            today=ON,
        ).id
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id=customer, issue_date=ON, lines=_lines("6/renovation"))
        )
        invoicing.issue(s, invoice_id)
        doc = einvoicing.document_of(s, s.get(Invoice, invoice_id))
    xml = build_ubl(doc)
    assert RENOVATION_STATEMENT["fr"] in values(xml, "/*/cbc:Note/text()")[0]
    assert values(xml, "//cac:TaxSubtotal//cbc:Percent/text()") == ["6"]
