"""Helpers for document tests: issue invoices in the real book, read PDFs back as text and QR codes."""

from __future__ import annotations

import io
from datetime import date

from ledgerdesk.services import company as company_service
from ledgerdesk.services import invoicing


def issue_invoice(book, customer_id: int, lines, *, on=date(2026, 3, 2), **draft) -> int:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id=customer_id, issue_date=on, lines=lines, **draft)
        )
        invoicing.issue(s, invoice_id)
    return invoice_id


def add_customer(book, **fields) -> int:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        return company_service.create_customer(s, company_service.CustomerData(**fields), today=date(2026, 1, 1)).id


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def page_image(data: bytes, index: int = 0, scale: float = 3.0):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[index].render(scale=scale).to_pil()
    finally:
        pdf.close()


def qr_payloads(data: bytes, index: int = 0) -> list[bytes]:
    """Every QR code a scanner finds on a page rendered at about 216 dpi, as raw bytes."""
    import zxingcpp

    image = page_image(data, index)
    return [r.bytes for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]


def pdf_text_fast(data: bytes) -> str:
    """Text of every page through PDFium (ten times faster than pypdf, for bulk checks)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
