"""Reading a quote's PDF back: its text and QR codes (the quotes come from builders.py)."""

from __future__ import annotations


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
