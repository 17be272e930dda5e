"""The invoice PDF travels inside the e-invoice as an AdditionalDocumentReference attachment."""

from __future__ import annotations

import base64
import importlib.util
from datetime import date

import pytest
from lxml import etree

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.services import einvoicing, invoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}
ON = date(2026, 3, 2)
HAS_RENDERER = importlib.util.find_spec("ledgerdesk.services.documents") is not None


def export(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id=customer_id, issue_date=ON, lines=[LineInput.of("Work", "2", "100")])
        )
        einvoicing.issue_with_einvoice(s, invoice_id, on=ON)
        return einvoicing.export_einvoice(s, invoice_id, on=ON)


def attachment(xml: bytes):  # type: ignore[no-untyped-def]
    found = etree.fromstring(xml).xpath(
        "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject", namespaces=X
    )
    return found[0] if found else None


def test_a_rendered_pdf_is_embedded_and_the_file_stays_valid(book, peppol_customer, monkeypatch):
    pdf = b"%PDF-1.4\n% a tiny stand-in for the invoice PDF\n%%EOF\n"
    monkeypatch.setattr(einvoicing, "invoice_pdf", lambda session, invoice: pdf)
    exported = export(book, peppol_customer)
    assert exported.report.valid, exported.report.fatal
    node = attachment(exported.xml)
    assert node.get("mimeCode") == "application/pdf" and node.get("filename") == "2026-0001.pdf"
    assert base64.b64decode(node.text) == pdf


def test_without_a_renderer_the_e_invoice_goes_without_attachment(book, peppol_customer, monkeypatch):
    monkeypatch.setattr(einvoicing, "invoice_pdf", lambda session, invoice: None)
    exported = export(book, peppol_customer)
    assert exported.report.valid and attachment(exported.xml) is None


@pytest.mark.skipif(not HAS_RENDERER, reason="the invoice PDF renderer (services.documents) is not in this build")
def test_done_when_a_belgian_business_gets_a_valid_file_with_ogm_and_pdf_archived(book, peppol_customer, artifacts_dir):
    """A new user issues an invoice to a Belgian business: a Peppol BIS 3.0 file that passes EN 16931,
    with the structured communication and the PDF inside, archived locally."""
    import io

    from pypdf import PdfReader

    exported = export(book, peppol_customer)
    assert exported.report.valid, exported.report.fatal
    assert exported.report.findings == ()
    root = etree.fromstring(exported.xml)
    assert root.xpath("cac:PaymentMeans/cbc:PaymentID/text()", namespaces=X) == ["+++202/6000/00192+++"]
    pdf = base64.b64decode(attachment(exported.xml).text)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "2026-0001" in text and "202/6000/00192" in text
    with book.db.reading() as s:
        row = einvoicing.archived(s, 1)
        assert row.xml == exported.xml and row.valid and not row.overridden
    (artifacts_dir / "einvoice-with-pdf.xml").write_bytes(exported.xml)
