"""Units: a Rec. 20 code per line, named in the document's language on the PDF, the code in the UBL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from builders import customer, invoice
from doc_helpers import pdf_text
from lxml import etree

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.units import UNITS, known_code, unit_code, unit_name
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import documents, einvoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}


def test_every_unit_has_a_name_in_each_language_and_words_people_type_map_to_codes():
    for code, names in UNITS.items():
        assert set(names) == {"nl", "fr", "en"} and all(all(pair) for pair in names.values()), code
    assert [unit_code(w) for w in ("uur", "heures", "HUR", "m²", "forfait", "", "stoel")] == [
        "HUR",
        "HUR",
        "HUR",
        "MTK",
        "LS",
        "C62",
        "C62",
    ]
    assert known_code("stoel") is None and unit_name("stoel", "fr") == "stoel"  # typed text stays as typed
    assert unit_name("uur", "fr", Decimal("7.5")) == "heures" and unit_name("HUR", "en", Decimal(1)) == "hour"
    assert unit_name("LS", "nl") == "forfait" and unit_name("MTQ", "fr", Decimal(3)) == "m³"


@pytest.mark.parametrize("language, expected", [("nl", "7,5 uren"), ("fr", "7,5 heures"), ("en", "7,5 hours")])
def test_the_pdf_names_the_unit_in_the_documents_language_and_the_ubl_writes_its_code(book, language, expected):
    who = customer(
        book, name="Klant", vat="BE0202239951", street="Markt 5", postcode="2000", city="Antwerpen", language=language
    )
    invoice_id = invoice(
        book,
        who,
        lines=[
            LineInput.of("Consultancy", "7.5", "85", unit="uur"),  # a Dutch word from an older book
            LineInput.of("Tiles", "12", "30", unit="MTK"),
            LineInput.of("Transport", "1", "150", unit="LS"),
        ],
    )
    with book.db.reading() as s:
        import io

        buffer = io.BytesIO()
        documents.write_invoice_pdf(s, invoice_id, buffer, as_of=s.get(Invoice, invoice_id).issue_date)
        doc = einvoicing.document_of(s, s.get(Invoice, invoice_id))
    text = " ".join(pdf_text(buffer.getvalue()).split())
    assert expected in text, text
    assert "12 m²" in text
    assert {"nl": "1 forfait", "fr": "1 forfait", "en": "1 lump sum"}[language] in text
    if language != "nl":
        assert " uur" not in text and " uren" not in text
    xml = etree.fromstring(build_ubl(doc))
    assert xml.xpath("//cbc:InvoicedQuantity/@unitCode", namespaces=X) == ["HUR", "MTK", "LS"]
