"""Invoice PDFs read back: mentions in the customer's language, the QR code a bank app would scan,
user text shown literally, the window-envelope zone, and snapshots that keep issued PDFs unchanged."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from builders import customer, invoice
from doc_helpers import page_image, pdf_text, qr_payloads

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.references import format as format_ogm
from ledgerdesk.persistence.models import Customer
from ledgerdesk.reports.epc import parse_payload
from ledgerdesk.reports.layout import ADDRESS_ZONES, PAGE_HEIGHT, WINDOW_CLEARANCE
from ledgerdesk.reports.model import DocumentSettings
from ledgerdesk.services import company as company_service
from ledgerdesk.services import documents, payments

AS_OF = date(2026, 3, 10)


def render(book, invoice_id: int, as_of: date = AS_OF) -> bytes:
    buffer = io.BytesIO()
    with book.db.reading() as s:
        documents.write_invoice_pdf(s, invoice_id, buffer, as_of=as_of)
    return buffer.getvalue()


def ogm_of(book, invoice_id: int) -> str:
    with book.db.reading() as s:
        return documents.invoice_document(s, invoice_id, as_of=AS_OF).document.structured_communication or ""


EXPECTED = {
    "nl": [
        "Factuur",
        "Factuurnummer",
        "Datum",
        "Vervaldatum",
        "Btw-nr. klant",
        "Omschrijving",
        "Aantal",
        "Eenheidsprijs",
        "Maatstaf van heffing",
        "Totaal btw",
        "Te betalen bedrag",
        "Gestructureerde mededeling",
        "Te betalen binnen 30 dagen na factuurdatum.",
        "Scan met uw bankapp",
        "€ 1.070,90",
        "€ 890,00",
    ],
    "fr": [
        "Facture",
        "N° de facture",
        "Date d'échéance",
        "N° TVA client",
        "Prix unitaire",
        "Base imposable",
        "Total TVA",
        "Montant à payer",
        "Communication structurée",
        "Payable dans les 30 jours suivant la date de facture.",
        "Scannez avec votre app bancaire",
        "1 070,90 €",
    ],
    "en": [
        "Invoice",
        "Invoice number",
        "Due date",
        "Customer VAT",
        "Unit price",
        "Taxable base",
        "Total VAT",
        "Amount to pay",
        "Structured communication",
        "Payable within 30 days of the invoice date.",
        "Scan with your banking app",
        "1.070,90 €",
    ],  # en_BE: Belgian separators,
}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_invoice_carries_every_mandatory_mention_in_the_customers_language(book, simple_lines, language):
    who = customer(
        book,
        name="Bakkerij Peeters",
        vat="BE0202239951",
        street="Markt 5",
        postcode="2000",
        city="Antwerpen",
        language=language,
    )
    invoice_id = invoice(book, who, lines=simple_lines, delivery_date=date(2026, 2, 27))
    text = pdf_text(render(book, invoice_id)).replace("\u00a0", " ").replace("\u202f", " ")
    for needle in EXPECTED[language] + [
        "2026-0001",
        "02/03/2026",
        "27/02/2026",
        "01/04/2026",  # number, issue, delivery, due date
        "Atelier Janssens",
        "Kerkstraat 1",
        "9000 Gent",
        "BE 0403.170.701",  # supplier
        "Bakkerij Peeters",
        "Markt 5",
        "2000 Antwerpen",
        "BE 0202.239.951",  # customer
        "Consultancy",
        {"nl": "10 uren", "fr": "10 heures", "en": "10 hours"}[language],  # unit 'h' in its language
        "Travel costs",
        "21 %",
        "6 %",
        format_ogm(ogm_of(book, invoice_id)),
        "BE71 0961 2345 6769",
        "GKCCBEBB",
        "1/1",
    ]:
        assert needle.replace("\u00a0", " ") in text, f"{needle!r} missing in the {language} PDF"


def test_the_qr_code_a_banking_app_scans_matches_the_invoice_field_by_field(book, customer_id, simple_lines):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    found = qr_payloads(render(book, invoice_id))
    assert len(found) == 1
    raw = found[0]
    assert len(raw) <= 331 and not raw.endswith(b"\n")
    epc = parse_payload(raw)
    assert (epc.version, epc.charset) == ("002", "1")
    assert epc.bic == "GKCCBEBB"
    assert epc.name == "Atelier Janssens"
    assert epc.iban == "BE71096123456769"
    assert str(epc.amount) == "1070.90" and raw.split(b"\n")[7] == b"EUR1070.90"
    assert epc.purpose == ""
    assert epc.reference == ogm_of(book, invoice_id) and len(epc.reference) == 12 and epc.reference.isdigit()
    assert epc.text == "" and epc.info == ""


def test_qr_asks_only_what_is_left_to_pay_and_disappears_when_paid(book, customer_id, simple_lines):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    with book.db.transaction() as s:
        payments.register_payment(
            s,
            payments.PaymentData(date=date(2026, 3, 5), amount_cents=70_90, method="bank", customer_id=customer_id),
            [(invoice_id, 70_90)],
        )
    partly = render(book, invoice_id)
    assert parse_payload(qr_payloads(partly)[0]).amount == 1000
    assert "Nog te betalen" in pdf_text(partly)
    before_payment = render(book, invoice_id, as_of=date(2026, 3, 4))
    assert str(parse_payload(qr_payloads(before_payment)[0]).amount) == "1070.90"
    with book.db.transaction() as s:
        payments.register_payment(
            s, payments.PaymentData(date=date(2026, 3, 6), amount_cents=1000_00, method="bank"), [(invoice_id, 1000_00)]
        )
    paid = render(book, invoice_id)
    assert qr_payloads(paid) == []
    assert "Er staat niets meer open op deze factuur" in pdf_text(paid)


def test_user_text_with_markup_characters_and_accents_is_shown_literally(book):
    who = customer(
        book,
        name="Dupont & Fils <Ëlodie>",
        street="Rue de l'Été 3 & 5",
        postcode="1000",
        city="Bruxelles",
        language="fr",
    )
    lines = [LineInput.of("<b>Réparation</b> & entretien — « façade » € ő ł Ž", "1", "100", "21")]
    invoice_id = invoice(book, who, lines=lines, notes="Merci & à bientôt <3")
    text = pdf_text(render(book, invoice_id))
    for needle in [
        "Dupont & Fils <Ëlodie>",
        "Rue de l'Été 3 & 5",
        "<b>Réparation</b> & entretien — « façade » € ő ł Ž",
        "Merci & à bientôt <3",
    ]:
        assert needle in text


def test_nothing_but_the_address_shows_in_the_envelope_window(book, customer_id, simple_lines):
    import pypdfium2 as pdfium

    invoice_id = invoice(book, customer_id, lines=simple_lines)
    for side in ("right", "left"):
        with book.db.transaction() as s:
            documents.save_document_settings(s, DocumentSettings(envelope_window=side))
        pdf = pdfium.PdfDocument(render(book, invoice_id))
        zone = ADDRESS_ZONES[side]
        c = WINDOW_CLEARANCE
        text = (
            pdf[0]
            .get_textpage()
            .get_text_bounded(
                left=zone.x - c,
                bottom=PAGE_HEIGHT - zone.top - zone.height - c,
                right=zone.x + zone.width + c,
                top=PAGE_HEIGHT - zone.top + c,
            )
        )
        pdf.close()
        assert [line.strip() for line in text.splitlines() if line.strip()] == [
            "Bakkerij Peeters",
            "Markt 5",
            "2000 Antwerpen",
        ], side


def test_an_issued_pdf_never_changes_when_company_or_customer_are_edited(book, customer_id, simple_lines):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    with book.db.transaction() as s:
        data = company_service.CompanyData(
            name="New Name BV",
            street="Nieuwstraat 9",
            postcode="1000",
            city="Brussel",
            vat="BE0403170701",
            iban="BE68539007547034",
        )
        company_service.save_company(s, data)
        customer = company_service.customer_data(s.get(Customer, customer_id))
        customer.name = "Renamed Customer"
        company_service.update_customer(s, customer_id, customer)
    text = pdf_text(render(book, invoice_id))
    assert "Atelier Janssens" in text and "Bakkerij Peeters" in text
    assert "New Name" not in text and "Renamed" not in text and "BE68 5390" not in text


@pytest.mark.parametrize(
    "exemption, needle",
    [
        ("reverse_charge", "Verlegging van heffing. Bij gebrek aan schriftelijke betwisting"),
        ("intra_eu", "Vrijgestelde intracommunautaire levering"),
        ("export", "Vrijgestelde uitvoer, art. 39 W.BTW."),
    ],
)
def test_exemption_wording_is_printed(book, customer_id, exemption, needle):
    lines = [LineInput.of("Werken", "1", "1000", "0", exemption=exemption)]
    if exemption == "intra_eu":  # an intra-EU supply goes to a customer with a VAT number of another member state
        customer_id = customer(
            book,
            name="Bakker BV",
            vat="NL004495445B01",
            country="NL",
            street="Dam 1",
            postcode="1012",
            city="Amsterdam",
        )
    text = " ".join(pdf_text(render(book, invoice(book, customer_id, lines=lines))).split())
    assert needle in text


def test_late_payment_terms_line_for_businesses_when_the_company_sets_it(book, customer_id, simple_lines):
    with book.db.transaction() as s:
        company = company_service.get_company(s)
        company.late_payment_terms = True
    consumer = customer(book, name="Jan Modaal", kind="consumer", street="Dorp 1", postcode="9000", city="Gent")
    business_text = " ".join(pdf_text(render(book, invoice(book, customer_id, lines=simple_lines))).split())
    consumer_text = " ".join(pdf_text(render(book, invoice(book, consumer, lines=simple_lines))).split())
    assert "wet van 2 augustus 2002" in business_text and "€ 40" in business_text
    assert "wet van 2 augustus 2002" not in consumer_text
    with book.db.transaction() as s:
        documents.save_document_settings(s, DocumentSettings(late_terms="Bij laattijdige betaling: 10 % intrest."))
    assert "Bij laattijdige betaling: 10 % intrest." in pdf_text(
        render(book, invoice(book, consumer, lines=simple_lines))
    )


def test_a_draft_or_unknown_number_has_no_pdf(book, customer_id, simple_lines):
    from ledgerdesk.domain.errors import DomainError
    from ledgerdesk.services import invoicing

    with book.db.transaction() as s:
        draft = invoicing.create_draft(s, invoicing.DraftData(customer_id, date(2026, 3, 1), simple_lines))
    with book.db.reading() as s, pytest.raises(DomainError, match="draft"):
        documents.write_invoice_pdf(s, draft, io.BytesIO(), as_of=AS_OF)
    with book.db.reading() as s, pytest.raises(DomainError, match="no invoice or credit note numbered 2099-9 "):
        documents.find_document(s, "2099-9")
    buffer = io.BytesIO()
    with book.db.reading() as s:  # the editor may still preview a draft
        doc = documents.write_invoice_pdf(s, draft, buffer, as_of=AS_OF, allow_draft=True)
    assert doc.document.number is None and doc.document.draft
    assert "Factuur – Ontwerp" in pdf_text(buffer.getvalue()) and qr_payloads(buffer.getvalue()) == []


def test_logo_from_settings_is_drawn(book, customer_id, simple_lines, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (200, 30, 30)).save(logo)
    with book.db.transaction() as s:
        documents.save_document_settings(s, DocumentSettings(logo_path=str(logo)))
    image = page_image(render(book, invoice(book, customer_id, lines=simple_lines)), scale=1)
    # Top-left corner of the page (20 mm margin, 14 mm from the top) is now red.
    r, g, b = image.getpixel((int(25 / 25.4 * 72), int(18 / 25.4 * 72)))[:3]
    assert r > 150 and g < 80 and b < 80


def test_sample_invoice_left_window_with_logo_abroad_partly_paid(book, artifacts_dir, tmp_path):
    """A second sample for a person to look at: French, customer in France, DIN left window, logo."""
    from PIL import Image, ImageDraw

    logo = tmp_path / "logo.png"
    image = Image.new("RGB", (480, 160), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 150, 160), fill=(20, 90, 160))
    image.save(logo)
    with book.db.transaction() as s:
        documents.save_document_settings(s, DocumentSettings(logo_path=str(logo), envelope_window="left"))
        company = company_service.get_company(s)
        company.late_payment_terms = True
    who = customer(
        book,
        name="SARL Les Ateliers d'Élise & Fils",
        vat="FR40303265045",
        street="12 rue de la République\nBâtiment B",
        postcode="59000",
        city="Lille",
        country="FR",
        language="fr",
    )
    lines = [
        LineInput.of("Conception graphique du catalogue 2026 (48 pages)", "1", "2400", "0", exemption="intra_eu"),
        LineInput.of("Retouches photo", "12.5", "65", "0", exemption="intra_eu", discount_pct="10", unit="h"),
    ]
    invoice_id = invoice(book, who, lines=lines, delivery_date=date(2026, 2, 20))
    with book.db.transaction() as s:
        payments.register_payment(
            s, payments.PaymentData(date=date(2026, 3, 5), amount_cents=500_00, method="bank"), [(invoice_id, 500_00)]
        )
    data = render(book, invoice_id)
    (artifacts_dir / "invoice-fr-left-window.pdf").write_bytes(data)
    page_image(data, scale=1.5).save(artifacts_dir / "invoice-fr-left-window.png")
    text = " ".join(pdf_text(data).split())
    assert "FRANCE" in text and "Livraison intracommunautaire exemptée" in text
    assert "Reste à payer" in text and "FR40303265045" in text
    assert parse_payload(qr_payloads(data)[0]).amount == Decimal("2631.25")
