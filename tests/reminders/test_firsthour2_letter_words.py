"""Letters that read right: the French closing answers the greeting, no double brackets, one 'btw' in Dutch."""

from __future__ import annotations

import re
from datetime import date

import pypdfium2 as pdfium
import pytest
from builders import customer, invoice_due

from ledgerdesk.domain import dunning_defaults, vat
from ledgerdesk.i18n import catalog
from ledgerdesk.services import reminder_documents

ON, PAY_BY, DUE = date(2026, 12, 2), date(2026, 12, 16), date(2026, 11, 2)


def _letter_text(book, kind: str, language: str) -> str:  # type: ignore[no-untyped-def]
    who = customer(book, "Lies Wouters", kind=kind, language=language, **({"vat": None} if kind == "consumer" else {}))
    late = invoice_due(book, who, "300.00", DUE, what="Hosting en onderhoud (maand)")
    with book.db.reading() as s:
        doc = reminder_documents.build_doc(
            s,
            customer_id=who,
            scenario=dunning_defaults.shipped()[kind],
            level=1,
            number="R2026-0001",
            on=ON,
            pay_by=PAY_BY,
            ogm="202650000157",
            items=[(late, 1, 30000, 0, 0)],
        )
    pdf = pdfium.PdfDocument(reminder_documents.render([doc]))
    return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)


@pytest.mark.parametrize(
    ("kind", "greeting", "closing"),
    [
        ("consumer", "Chère cliente, cher client,", "Veuillez agréer, chère cliente, cher client, nos salutations"),
        ("business", "Madame, Monsieur,", "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."),
    ],
)
def test_the_french_closing_answers_the_greeting(book, kind, greeting, closing):  # type: ignore[no-untyped-def]
    text = _letter_text(book, kind, "fr")
    assert greeting in text and closing in text
    other = "Madame, Monsieur, nos" if kind == "consumer" else "chère cliente, cher client, nos"
    assert other not in text


def test_a_description_with_brackets_is_not_bracketed_twice(book):  # type: ignore[no-untyped-def]
    text = _letter_text(book, "consumer", "nl")
    assert "(Hosting en onderhoud [maand])" in text and "))" not in text


def test_dutch_writes_btw_one_way():
    """'btw' (at the start of a sentence 'Btw') everywhere; 'W.BTW', the code's abbreviation, stays."""
    texts = list(catalog("nl").values()) + [v["nl"] for v in vat.__dict__.values() if isinstance(v, dict) and "nl" in v]
    texts += [
        t.get("nl", "") for v in vat.__dict__.values() if isinstance(v, dict) for t in v.values() if isinstance(t, dict)
    ]
    shouting = [t for t in texts if isinstance(t, str) and re.search(r"(?<![W.])\bBTW\b", t)]
    assert shouting == []
    assert vat.CREDIT_NOTE_MENTION["nl"].startswith("Btw terug te storten")
