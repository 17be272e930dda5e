"""The demo book shows the Belgian invoice cases: 6 % renovation with its statement, EU services reverse-charged
to an EU VAT number, a service period, an order number; each as a valid e-invoice and a PDF saying so."""

from __future__ import annotations

import io
from datetime import date

from doc_helpers import pdf_text_fast
from lxml import etree
from sqlalchemy import select

from ledgerdesk.domain.vat import RENOVATION_STATEMENT, Exemption
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.reports.invoice_pdf import render_invoice
from ledgerdesk.services import recurring
from ledgerdesk.services.demo import CATALOG, RENOVATION_ITEM, DemoSpec, generate
from ledgerdesk.services.documents import invoice_documents

AS_OF = date(2026, 11, 23)
X = {"cac": NS["cac"], "cbc": NS["cbc"]}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_demo_book_shows_each_case_and_no_renovation_goes_abroad(tmp_path):
    book = open_book(BookPaths.in_dir(tmp_path / "demo"))
    try:
        with book.db.transaction() as s:
            generate(s, DemoSpec(as_of=AS_OF))
        with book.db.reading() as s:
            issued = s.scalars(
                select(Invoice).where(Invoice.status == "issued", Invoice.kind == "invoice").order_by(Invoice.id)
            ).all()
            values = {
                inv.id: doc
                for inv, doc in zip(issued, invoice_documents(s, [i.id for i in issued], as_of=AS_OF), strict=True)
            }
        documents = [printed.document for printed in values.values()]
        renovation = [d for d in documents if Exemption.RENOVATION in d.exemptions]
        eu_services = [d for d in documents if Exemption.EU_SERVICES in d.exemptions]
        periods = [d for d in documents if d.service_period is not None]
        ordered = [d for d in documents if d.customer_references.order_reference]
        assert renovation and eu_services and periods and ordered
        # the known oddity: home renovation on an invoice to a business in another EU country
        names = set(CATALOG[RENOVATION_ITEM][0].values())
        assert not [line.description for d in eu_services for line in d.lines if line.description in names]
        assert all(d.buyer.vat and d.buyer.vat[:2] not in ("BE", "") for d in eu_services)
        shown = {id(d) for d in (renovation[0], eu_services[0], periods[0], ordered[0])}
        for printed in values.values():
            doc = printed.document
            if id(doc) not in shown:
                continue
            buffer = io.BytesIO()
            render_invoice(printed, buffer)
            text = _flat(pdf_text_fast(buffer.getvalue()))
            xml = build_ubl(doc)
            fatal = [f.rule for f in validate(xml).findings if f.is_fatal]
            # A consumer has no Peppol address (R010 alone): its file is EN 16931-valid and never goes to Peppol.
            assert fatal in ([[]] if doc.buyer.vat else [[], ["PEPPOL-EN16931-R010"]]), doc.number
            tree = etree.fromstring(xml)
            if doc is renovation[0]:
                assert _flat(RENOVATION_STATEMENT[doc.language if doc.language != "en" else "nl"]) in text
            if doc is eu_services[0]:
                assert tree.xpath("//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()", namespaces=X) == ["AE"]
            if doc is periods[0]:
                assert tree.xpath("/*/cac:InvoicePeriod/cbc:EndDate/text()", namespaces=X) == [
                    doc.service_period.end.isoformat()  # type: ignore[union-attr]
                ]
            if doc is ordered[0]:
                assert doc.customer_references.order_reference in text
                assert tree.xpath("/*/cac:OrderReference/cbc:ID/text()", namespaces=X) == [
                    doc.customer_references.order_reference
                ]
        # subscriptions invoice the period they cover
        with book.db.transaction() as s:
            made = recurring.generate(s, AS_OF, confirm=True)
            assert made.created
            for occurrence, invoice_id, _number in made.created:
                stored = s.get(Invoice, invoice_id)
                assert (stored.period_start, stored.period_end) == (occurrence.period_start, occurrence.period_end)
    finally:
        book.close()
