"""The quote PDF read back: in the customer's language, with validity, terms, the deposit asked without VAT
(structured communication and an EPC QR code a banking app reads) and the acceptance block."""

from __future__ import annotations

import io
from datetime import date

from builders import draft_quote, sent_quote
from quote_helpers import pdf_text, qr_payloads

from ledgerdesk.domain import references
from ledgerdesk.services import company as company_service
from ledgerdesk.services import quotes


def render(book, quote_id: int) -> bytes:
    buffer = io.BytesIO()
    with book.db.reading() as s:
        quotes.write_quote_pdf(s, quote_id, buffer, as_of=date(2026, 3, 2))
    return buffer.getvalue()


def test_a_dutch_quote_with_a_deposit_to_pay(book, customer_id, artifacts_dir):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(
            s, customer_id, deposit_cents=50_000, valid_until=date(2026, 4, 1), terms="Prijzen exclusief verplaatsing."
        )
        ogm = quotes.load_quote(s, quote_id, date(2026, 3, 2)).document.structured_communication
    data = render(book, quote_id)
    (artifacts_dir / "quote-nl.pdf").write_bytes(data)
    text = " ".join(pdf_text(data).split())
    for expected in (
        "Offerte",
        f"Offertenummer {number}",
        "Geldig tot 01/04/2026",
        "Deze offerte is geldig tot 01/04/2026.",
        "Prijzen exclusief verplaatsing.",
        "geen factuur en bevat geen btw",
        "500,00",
        references.format(ogm),
        "Voor akkoord",
        "Handtekening",
        "2.980,00",  # the quote's total, VAT included, in the table as on an invoice
    ):
        assert expected in text, expected
    payload = qr_payloads(data)[0].decode("utf-8").split("\n")
    assert payload[0] == "BCD" and payload[6] == "BE71096123456769"
    assert payload[7] == "EUR500.00"  # the deposit, not the quote's total: no VAT is asked yet
    assert payload[9] == ogm


def test_a_french_draft_preview_has_no_number_and_no_deposit_block(book, artifacts_dir):
    with book.db.transaction() as s:
        customer = company_service.create_customer(
            s, company_service.CustomerData(name="Boulangerie Dupont", language="fr"), today=date(2026, 1, 1)
        ).id
        quote_id = draft_quote(s, customer)
    data = render(book, quote_id)
    (artifacts_dir / "quote-fr-draft.pdf").write_bytes(data)
    text = " ".join(pdf_text(data).split())
    assert "Devis – Brouillon" in text and "Numéro du devis —" in text
    assert "Bon pour accord" in text and "Ce devis est valable jusqu'au 01/04/2026." in text
    assert "Acompte" not in text and qr_payloads(data) == []
