"""Credit notes and long documents: the sample a person opens (3 pages, credit note, franchise regime),
repeated table headers, 'n/N' page numbers, and totals that never leave the last lines behind."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from builders import invoice, set_up_company
from doc_helpers import page_image, pdf_text, pdf_text_fast, qr_payloads
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.document import CommercialDocument, DocumentKind, Party
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.vat import CREDIT_NOTE_MENTION
from ledgerdesk.reports.invoice_pdf import render_invoice
from ledgerdesk.reports.model import InvoicePrint
from ledgerdesk.services import documents, invoicing


def _franchise(book) -> None:  # type: ignore[no-untyped-def]
    set_up_company(
        book, name="Studio Claes", street="Veldstraat 12 bus 3", vat_regime="franchise", email="hallo@studioclaes.be"
    )


def _pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_three_page_franchise_credit_note_sample(book, customer_id, artifacts_dir):
    _franchise(book)
    lines = [
        LineInput.of(
            f"Fotoreportage dag {i}: opname, selectie & nabewerking <RAW> — café “De Zwaan”",
            "1",
            f"{100 + i}.50",
            "0",
            exemption="franchise",
        )
        for i in range(1, 59)
    ]
    invoice_id = invoice(book, customer_id, lines=lines)
    with book.db.transaction() as s:
        note_id = invoicing.create_credit_note(
            s, invoice_id, issue_date=date(2026, 3, 20), notes="Geannuleerde opdracht."
        )
        number = invoicing.issue(s, note_id)
    buffer = io.BytesIO()
    with book.db.reading() as s:
        doc = documents.write_invoice_pdf(s, note_id, buffer, as_of=date(2026, 3, 20))
    data = buffer.getvalue()
    (artifacts_dir / "credit-note-franchise-3-pages.pdf").write_bytes(data)
    for index in range(3):
        page_image(data, index, scale=1.5).save(artifacts_dir / f"credit-note-franchise-page{index + 1}.png")

    pages = _pages(data)
    assert len(pages) == 3
    for n, text in enumerate(pages, start=1):
        assert f"{n}/3" in text
        assert "Omschrijving" in text and "Eenheidsprijs" in text  # the header repeats
    whole = " ".join(" ".join(pages).split())
    assert "Creditnota" in whole and number in whole and doc.document.is_credit_note
    assert "Verbetert factuur 2026-0001 (02/03/2026)" in whole
    assert "Deze creditnota verbetert factuur 2026-0001 van 02/03/2026." in whole
    assert CREDIT_NOTE_MENTION["nl"] in whole
    assert "Bijzondere vrijstellingsregeling van belasting" in whole
    assert "Totaal gecrediteerd" in whole
    last = pages[-1]
    assert "Fotoreportage dag 58" in last and "Fotoreportage dag 57" in last and "Totaal gecrediteerd" in last
    assert qr_payloads(data, 0) == [] and "Gestructureerde mededeling" not in whole  # nothing to pay


def test_franchise_wording_before_2025_is_the_old_one(book, customer_id):
    _franchise(book)
    lines = [LineInput.of("Logo-ontwerp", "1", "450", "0", exemption="franchise")]
    old = invoice(book, customer_id, lines=lines, on=date(2024, 11, 5))
    new = invoice(book, customer_id, lines=lines, on=date(2025, 1, 2))
    texts = {}
    for key, invoice_id in (("old", old), ("new", new)):
        buffer = io.BytesIO()
        with book.db.reading() as s:
            documents.write_invoice_pdf(s, invoice_id, buffer, as_of=date(2025, 1, 3))
        texts[key] = " ".join(pdf_text(buffer.getvalue()).split())
    assert "Bijzondere vrijstellingsregeling kleine ondernemingen" in texts["old"]
    assert "Bijzondere vrijstellingsregeling van belasting" in texts["new"]
    assert "kleine ondernemingen" not in texts["new"]


def _document(n_lines: int, price: str = "10.00", quantity: int = 1) -> InvoicePrint:
    lines = tuple(LineInput.of(f"Line {i} of the order", quantity, price, "21") for i in range(1, n_lines + 1))
    seller = Party(
        "Atelier Janssens", "Kerkstraat 1", "9000", "Gent", vat="BE0403170701", iban="BE71096123456769", bic="GKCCBEBB"
    )
    doc = CommercialDocument(
        kind=DocumentKind.INVOICE,
        number="2026-0042",
        language="en",
        issue_date=date(2026, 3, 2),
        seller=seller,
        buyer=Party("Bakkerij Peeters", "Markt 5", "2000", "Antwerpen"),
        lines=lines,
        due_date=date(2026, 4, 1),
        payment_terms_days=30,
        structured_communication="202600004236",
    )
    return InvoicePrint(doc, open_cents=doc.total_cents)


def _changed(printed: InvoicePrint, **changes: object) -> InvoicePrint:
    return replace(printed, document=replace(printed.document, **changes))


@pytest.mark.parametrize("n_lines", range(16, 30, 2))
def test_totals_and_payment_block_never_leave_the_last_lines_behind(n_lines):
    buffer = io.BytesIO()
    render_invoice(_document(n_lines), buffer)
    pages = _pages(buffer.getvalue())
    last = pages[-1]
    assert f"Line {n_lines} of" in last and f"Line {n_lines - 1} of" in last
    assert "Total VAT" in last and "Amount to pay" in last and "Scan with your banking app" in last
    assert all(f"/{len(pages)}" in text and "Description" in text for text in pages)


def test_an_amount_beyond_the_epc_range_still_renders_without_qr():
    doc = _document(1, price="90000000", quantity=10)  # EUR 1,089,000,000.00 with VAT
    assert doc.open_cents > 99_999_999_999
    buffer = io.BytesIO()
    render_invoice(doc, buffer)
    assert qr_payloads(buffer.getvalue()) == []
    assert "+++202/6000/04236+++" in pdf_text(buffer.getvalue())


@pytest.mark.parametrize("where", ["first", "last", "notes"])
def test_texts_longer_than_a_page_still_render(where):
    doc = _document(3)
    huge = "Lorem ipsum & <dolor> sit amet, https://example.be/" + "x" * 300 + " " + "consectetur adipiscing " * 500
    if where == "notes":
        doc = _changed(doc, notes=huge)
    else:
        index = 0 if where == "first" else -1
        lines = list(doc.document.lines)
        lines[index] = replace(lines[index], description=huge)
        doc = _changed(doc, lines=tuple(lines))
    buffer = io.BytesIO()
    render_invoice(doc, buffer)
    pages = _pages(buffer.getvalue())
    assert len(pages) >= 2 and f"1/{len(pages)}" in pages[0]
    assert "Lorem ipsum & <dolor>" in "".join(pages) and "Amount to pay" in "".join(pages)


LATIN = st.characters(
    codec="utf-8",
    categories=("Lu", "Ll", "Nd", "Po", "Ps", "Pe", "Sm", "Sc", "Zs"),
    max_codepoint=0x17F,  # Basic Latin, Latin-1 and Latin Extended-A: Western and Central European names
)


@settings(max_examples=15, deadline=None)
@given(
    name=st.text(LATIN, min_size=1, max_size=40).filter(str.strip),
    description=st.text(LATIN, min_size=1, max_size=120).filter(str.strip),
)
def test_any_european_user_text_comes_out_of_the_pdf_as_typed(name, description):
    doc = _document(1)
    doc = _changed(
        doc,
        buyer=replace(doc.document.buyer, name=name),
        lines=(replace(doc.document.lines[0], description=description),),
    )
    buffer = io.BytesIO()
    render_invoice(doc, buffer)
    text = "".join(pdf_text_fast(buffer.getvalue()).split())
    assert "".join(name.split()) in text
    assert "".join(description.split()) in text
