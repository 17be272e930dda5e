"""Every invoice and credit note of a demo book renders; the QR codes a bank app reads match the book."""

from __future__ import annotations

import io
from datetime import date

from doc_helpers import pdf_text_fast, qr_payloads
from sqlalchemy import select

from ledgerdesk.domain.references import format as format_ogm
from ledgerdesk.i18n import gettext
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.persistence.queries import open_cents
from ledgerdesk.reports.epc import parse_payload
from ledgerdesk.reports.invoice_pdf import render_invoice
from ledgerdesk.services.demo import DemoSpec, generate
from ledgerdesk.services.documents import invoice_documents

AS_OF = date(2026, 11, 23)


def test_every_demo_document_renders_in_its_customers_language_with_a_scannable_qr(tmp_path):
    book = open_book(BookPaths.in_dir(tmp_path / "demo"))
    try:
        with book.db.transaction() as s:
            generate(s, DemoSpec(years=1, customers=30, seed=3, as_of=AS_OF))
        with book.db.reading() as s:
            invoices = s.scalars(select(Invoice).where(Invoice.status == "issued").order_by(Invoice.id)).all()
            docs = invoice_documents(s, [inv.id for inv in invoices], as_of=AS_OF)
            expected_open = {inv.id: open_cents(s, inv.id, AS_OF) for inv in invoices}
            ogm = {inv.id: inv.structured_communication for inv in invoices}
        assert len(docs) > 20 and any(d.document.is_credit_note for d in docs)
        assert {d.document.language for d in docs} >= {"nl", "fr"}
        scanned = 0
        for invoice, doc in zip(invoices, docs, strict=True):
            buffer = io.BytesIO()
            render_invoice(doc, buffer)
            data = buffer.getvalue()
            text = " ".join(pdf_text_fast(data).split())
            _ = gettext(doc.document.language)
            assert doc.document.number in text
            assert _("Credit note" if doc.document.is_credit_note else "Invoice") in text
            if doc.document.is_credit_note:
                assert doc.document.corrects and doc.document.corrects.number in text
                continue
            assert doc.open_cents == max(expected_open[invoice.id], 0)
            if doc.open_cents > 0:
                assert format_ogm(ogm[invoice.id]) in text
            # Decoding is the slow part: check every open invoice's QR, up to a dozen.
            if doc.open_cents > 0 and scanned < 12:
                (raw,) = qr_payloads(data)
                epc = parse_payload(raw)
                assert epc.reference == ogm[invoice.id] and epc.text == ""
                assert int(epc.amount * 100) == doc.open_cents
                assert epc.iban == doc.document.seller.iban and epc.name == doc.document.seller.name[:70]
                scanned += 1
            elif doc.open_cents == 0:
                assert _("Nothing is left to pay on this invoice. Thank you.") in text
        assert scanned >= 3
    finally:
        book.close()
