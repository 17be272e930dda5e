"""Broken inputs give the expected rule ids; the issuing rule for Peppol customers; the archive."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from builders import draft_invoice
from lxml import etree
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.persistence.models import Company, Invoice
from ledgerdesk.services import einvoicing, invoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}
ON = date(2026, 3, 2)


def draft(book, customer_id, lines=None) -> int:
    default = [LineInput.of("Work", "2", "100"), LineInput.of("Extra", "1", "50", discount_pct=10)]
    return draft_invoice(book, customer_id, ON, lines=lines or default)


def fatal_rules(findings) -> set[str]:
    return {f.rule for f in findings if f.is_fatal}


def good_xml(book, customer_id) -> bytes:
    invoice_id = draft(book, customer_id)
    with book.db.transaction() as s:
        einvoicing.issue_with_einvoice(s, invoice_id, on=ON)
        return einvoicing.archived(s, invoice_id).xml


def edit(xml: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    root = etree.fromstring(xml)
    change(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def first(root, xpath):  # type: ignore[no-untyped-def]
    return root.xpath(xpath, namespaces=X)[0]


# --- the issuing rule -------------------------------------------------------------------------


def test_a_peppol_customer_without_vat_number_blocks_issuing_in_business_words(book, new_customer):
    customer = new_customer(book, vat=None)
    invoice_id = draft(book, customer)
    with book.db.transaction() as s:
        findings = einvoicing.check_before_issue(s, invoice_id, on=ON)
    r010 = [f for f in findings if f.rule == "PEPPOL-EN16931-R010"]
    assert r010 and r010[0].message == (
        "The customer has no VAT number (so no Peppol address) although the invoice charges 21 % VAT."
    )
    with pytest.raises(einvoicing.EInvoiceInvalid, match="PEPPOL-EN16931-R010") as refused:
        with book.db.transaction() as s:
            einvoicing.issue_with_einvoice(s, invoice_id, on=ON)
    assert refused.value.findings
    with book.db.reading() as s:
        assert s.get(Invoice, invoice_id).status == "draft"  # nothing half-done: no number taken


def test_the_user_may_override_and_the_invalid_file_is_archived_as_overridden(book, new_customer):
    customer = new_customer(book, vat=None)
    invoice_id = draft(book, customer)
    with book.db.transaction() as s:
        number = einvoicing.issue_with_einvoice(s, invoice_id, on=ON, override=True)
    with book.db.reading() as s:
        row = einvoicing.archived(s, invoice_id)
        assert (number, row.valid, row.overridden) == ("2026-0001", False, True)
        assert any(f["rule"] == "PEPPOL-EN16931-R010" for f in row.findings)


def test_a_customer_without_einvoices_is_issued_even_when_the_file_would_be_invalid(book, new_customer):
    customer = new_customer(book, vat=None, kind="consumer", receives_einvoice=False)
    invoice_id = draft(book, customer)
    with book.db.transaction() as s:
        assert einvoicing.issue_with_einvoice(s, invoice_id, on=ON) == "2026-0001"
        assert einvoicing.archived(s, invoice_id) is None  # nothing produced, nothing archived


def test_the_preview_uses_the_number_issuing_will_take(book, peppol_customer):
    first_id, second_id = draft(book, peppol_customer), draft(book, peppol_customer)
    with book.db.transaction() as s:
        einvoicing.issue_with_einvoice(s, first_id, on=ON)
        assert einvoicing.status_of(s, second_id, on=ON).number == "2026-0002"
        assert einvoicing.issue_with_einvoice(s, second_id, on=ON) == "2026-0002"


def test_reverse_charge_for_a_customer_without_vat_number_fails_br_ae_02(book, new_customer):
    customer = new_customer(book, vat=None, email="boss@example.be")
    invoice_id = draft(book, customer, [LineInput.of("Roof", "1", "5000", "0", exemption="reverse_charge")])
    with book.db.transaction() as s:
        assert "BR-AE-02" in fatal_rules(einvoicing.check_before_issue(s, invoice_id, on=ON))


def test_intra_eu_for_a_customer_without_vat_number_fails_br_ic_02(book, new_customer):
    customer = new_customer(book, vat=None, country="NL", email="x@example.nl")
    invoice_id = draft(book, customer, [LineInput.of("Parts", "1", "500", "0", exemption="intra_eu")])
    with book.db.transaction() as s:
        assert "BR-IC-02" in fatal_rules(einvoicing.check_before_issue(s, invoice_id, on=ON))


# --- broken files give the expected rule ids ----------------------------------------------------


@pytest.mark.parametrize(
    "change, rule",
    [
        (lambda r: r.remove(first(r, "cbc:ID")), "BR-02"),
        (lambda r: setattr(first(r, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount"), "text", "1.00"), "BR-CO-15"),
        (lambda r: first(r, "cac:InvoiceLine/cbc:InvoicedQuantity").set("unitCode", "HOURS"), "BR-CL-23"),
        (
            lambda r: setattr(first(r, "cac:InvoiceLine/cbc:LineExtensionAmount"), "text", "150.00"),
            "PEPPOL-EN16931-R120",
        ),
        (
            lambda r: setattr(first(r, "//cac:AccountingCustomerParty//cbc:EndpointID"), "text", "0123456789"),
            "PEPPOL-COMMON-R043",
        ),
        (lambda r: setattr(first(r, "cbc:ProfileID"), "text", "urn:something-else"), "PEPPOL-EN16931-R007"),
        (lambda r: r.remove(first(r, "cbc:BuyerReference")), "PEPPOL-EN16931-R003"),
        (lambda r: setattr(first(r, "cbc:InvoiceTypeCode"), "text", "999"), "PEPPOL-EN16931-P0100"),
        (lambda r: setattr(first(r, "cbc:IssueDate"), "text", "2026-03-02+01:00"), "PEPPOL-EN16931-F001"),
        (lambda r: setattr(first(r, "cac:PaymentMeans/cbc:PaymentID"), "text", ""), "PEPPOL-EN16931-R008"),
        (lambda r: first(r, "cac:TaxTotal/cbc:TaxAmount").set("currencyID", "USD"), "PEPPOL-EN16931-R051"),
        (
            lambda r: first(r, "cac:InvoiceLine/cac:Price").append(
                etree.fromstring(f'<cbc:BaseQuantity xmlns:cbc="{NS["cbc"]}" unitCode="C62">0</cbc:BaseQuantity>')
            ),
            "PEPPOL-EN16931-R121",
        ),
        (
            lambda r: first(r, "cac:InvoiceLine/cac:AllowanceCharge").remove(
                first(r, "cac:InvoiceLine/cac:AllowanceCharge/cbc:BaseAmount")
            ),
            "PEPPOL-EN16931-R041",
        ),
        (
            lambda r: first(r, "cac:InvoiceLine/cac:AllowanceCharge").remove(
                first(r, "cac:InvoiceLine/cac:AllowanceCharge/cbc:MultiplierFactorNumeric")
            ),
            "PEPPOL-EN16931-R042",
        ),
        (
            lambda r: first(r, "cac:PaymentMeans").remove(first(r, "cac:PaymentMeans/cac:PayeeFinancialAccount")),
            "BR-61",
        ),
        (
            lambda r: first(r, "cac:InvoiceLine/cac:Item").insert(
                0, etree.fromstring(f'<cbc:Bogus xmlns:cbc="{NS["cbc"]}">x</cbc:Bogus>')
            ),
            "UBL-XSD",
        ),
    ],
)
def test_broken_documents_fail_the_expected_rule(book, peppol_customer, change, rule):
    report = validate(edit(good_xml(book, peppol_customer), change))
    assert rule in fatal_rules(report.findings)
    assert all(f.message for f in report.findings)


def test_two_notes_are_a_peppol_error(book, peppol_customer):
    """OpenPeppol's 3.0.19 rules make a second note fatal (unless both parties are German)."""

    def two_notes(root):  # type: ignore[no-untyped-def]
        at = root.index(first(root, "cbc:DocumentCurrencyCode"))
        for word in ("one", "two"):
            note = etree.Element(f"{{{NS['cbc']}}}Note")
            note.text = word
            root.insert(at, note)

    findings = validate(edit(good_xml(book, peppol_customer), two_notes)).findings
    assert [(f.rule, f.severity) for f in findings] == [("PEPPOL-EN16931-R002", "fatal")]


def test_unreadable_xml_is_one_clear_finding():
    findings = validate(b"<Invoice><unclosed></Invoice>").findings
    assert [f.rule for f in findings] == ["XML"]


# --- the archive ----------------------------------------------------------------------------


def test_export_returns_the_archived_bytes_even_after_the_company_changed(book, peppol_customer):
    invoice_id = draft(book, peppol_customer)
    with book.db.transaction() as s:
        invoicing.issue(s, invoice_id, on=ON)
        first_export = einvoicing.export_einvoice(s, invoice_id, on=ON)
    assert first_export.archived_now and first_export.report.valid
    assert first_export.sha256 == hashlib.sha256(first_export.xml).hexdigest()
    with book.db.transaction() as s:
        s.get(Company, 1).name = "Janssens & Zonen BV"
    with book.db.transaction() as s:
        again = einvoicing.export_einvoice(s, invoice_id, on=date(2027, 1, 5))
        row = einvoicing.archived(s, invoice_id)
    assert not again.archived_now
    assert again.xml == first_export.xml and row.produced_on == ON and row.size == len(again.xml)
    assert b"Janssens &amp; Zonen" not in again.xml


def test_the_archive_refuses_changes_and_deletes(book, peppol_customer):
    invoice_id = draft(book, peppol_customer)
    with book.db.transaction() as s:
        einvoicing.issue_with_einvoice(s, invoice_id, on=ON)
    for statement in ("UPDATE einvoice_archive SET xml = x'00'", "DELETE FROM einvoice_archive"):
        with pytest.raises(DatabaseError, match="archived e-invoice"), book.db.transaction() as s:
            s.execute(text(statement))


def test_an_invalid_issued_document_is_not_archived_unless_forced(book, new_customer):
    customer = new_customer(book, vat=None, receives_einvoice=False)
    invoice_id = draft(book, customer)
    with book.db.transaction() as s:
        invoicing.issue(s, invoice_id, on=ON)
        refused = einvoicing.export_einvoice(s, invoice_id, on=ON)
        assert not refused.report.valid and einvoicing.archived(s, invoice_id) is None
        forced = einvoicing.export_einvoice(s, invoice_id, on=ON, force=True)
        assert forced.archived_now and einvoicing.archived(s, invoice_id).overridden


def test_an_incoming_latin1_file_with_an_external_entity_is_validated_without_fetching_it(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (
        f'<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE Invoice [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        "<cbc:Note>caf\xe9 &x;</cbc:Note></Invoice>"
    ).encode("latin-1")
    findings = validate(xml).findings
    assert "BR-02" in fatal_rules(findings)
    assert not any("TOP SECRET" in f.message for f in findings)
