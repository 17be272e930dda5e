"""The mandate form to sign, in the customer's language, with the scheme's own EPC text."""

from __future__ import annotations

import io

import pytest
from dd_helpers import CREDITOR_ID, customer_with_mandate, set_up_creditor
from pypdf import PdfReader

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.services import direct_debit_forms


@pytest.mark.parametrize(
    ("language", "scheme", "title", "refund"),
    [
        ("nl", "CORE", "Mandaat voor Europese domiciliëring", "binnen 8 weken"),
        ("fr", "CORE", "Mandat de domiciliation européenne", "dans les 8 semaines"),
        ("en", "CORE", "SEPA Direct Debit Mandate", "within 8 weeks"),
        (
            "fr",
            "B2B",
            "Mandat de domiciliation européenne B2B",
            "uniquement destiné aux transactions entre entreprises",
        ),
    ],
)
def test_the_form_speaks_the_language_and_the_scheme(book, language, scheme, title, refund):
    with book.db.transaction() as s:
        set_up_creditor(s, core=True, b2b=True)
        customer, _ = customer_with_mandate(s, "Brasserie NV", kind="business", reference="LD-0001", scheme=scheme)
        pdf = direct_debit_forms.mandate_form_pdf(s, customer, "LD-0001", language=language)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert title in text and refund in text and CREDITOR_ID in text and "LD-0001" in text


def test_a_consumer_gets_no_b2b_form(book):
    with book.db.transaction() as s:
        set_up_creditor(s, core=True, b2b=True)
        customer, _ = customer_with_mandate(s, "Jan", reference="LD-0001")
        with pytest.raises(ValidationError, match="consumer cannot sign a B2B"):
            direct_debit_forms.mandate_form_pdf(s, customer, "LD-0009", scheme="B2B")
