"""Builders for the quote tests: a customer and a quote in the standard book of conftest."""

from __future__ import annotations

from datetime import date, datetime

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.services import quotes

NOW = datetime(2026, 3, 1, 9, 0)


def draft_quote(session, customer_id: int, *, day: date = date(2026, 3, 2), deposit_cents: int | None = None, **kw):
    """A draft quote of 40 hours at 55.00 (21 %) and materials 300.00 (6 %): net 2,500.00, total 2,980.00."""
    lines = kw.pop(
        "lines",
        [
            LineInput.of("Renovatie badkamer: arbeid", "40", "55.00", "21", unit="h"),
            LineInput.of("Tegels en lijm", "1", "300.00", "6"),
        ],
    )
    return quotes.create_draft(
        session,
        quotes.QuoteData(customer_id=customer_id, issue_date=day, lines=lines, deposit_cents=deposit_cents, **kw),
        now=NOW,
    )


def sent_quote(session, customer_id: int, **kw) -> tuple[int, str]:
    quote_id = draft_quote(session, customer_id, **kw)
    return quote_id, quotes.send(session, quote_id, now=NOW)


def pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def qr_payloads(data: bytes) -> list[bytes]:
    """Every QR code a scanner finds on the first page rendered at about 216 dpi."""
    import pypdfium2 as pdfium
    import zxingcpp

    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[0].render(scale=3.0).to_pil()
    finally:
        pdf.close()
    return [r.bytes for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode]
