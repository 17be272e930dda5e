"""Every reminder text in every language, for one invoice and for three, rendered to PDF and read back.

A company is greeted as a company, a grouped letter speaks in the plural and gives each invoice its
own due date, the deadline has one wording per language throughout (text, references, payment block),
the level stays the creditor's business, and every claimed amount says how it was reckoned and why.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from builders import customer, invoice_due, new_book

from ledgerdesk.domain import dunning_defaults
from ledgerdesk.domain.late_payment import InterestPeriod
from ledgerdesk.services import reminder_documents

ON, PAY_BY = date(2026, 12, 2), date(2026, 12, 16)
DUES = (date(2026, 10, 31), date(2026, 11, 10), date(2026, 11, 20))
DEADLINE = {"nl": "uiterlijk op 16/12/2026", "fr": "au plus tard le 16/12/2026", "en": "by 16/12/2026"}
LABEL = {"nl": "Te betalen uiterlijk op", "fr": "À payer au plus tard le", "en": "Pay by"}
COMPANY = {"nl": "Geachte heer, mevrouw,", "fr": "Madame, Monsieur,", "en": "Dear Sir or Madam,"}
PERSON = {"nl": "Geachte Lies Wouters,", "fr": "Chère cliente, cher client,", "en": "Dear Lies Wouters,"}
PLURAL = {"nl": "onze facturen", "fr": "nos factures", "en": "our invoices"}
SINGULAR = {"nl": "onze factuur", "fr": "notre facture", "en": "our invoice"}
LEVEL_HEADER = {"nl": "Niveau", "fr": "Niveau", "en": "Level"}
BASIS = {
    "business": {"nl": "wet van 2 augustus 2002", "fr": "loi du 2 août 2002", "en": "law of 2 August 2002"},
    "consumer": {"nl": "boek XIX", "fr": "livre XIX", "en": "Book XIX"},
}


def _text(pdf: pdfium.PdfDocument, index: int) -> str:
    return " ".join(pdf[index].get_textpage().get_text_range().split())


@pytest.fixture(scope="module")
def letters(tmp_path_factory):
    """48 letters (2 scenarios × 4 levels × 3 languages × 1 or 3 invoices) in one PDF, and what each should say."""
    book = new_book(tmp_path_factory.mktemp("letters"))
    cases, docs = [], []
    made = {}
    for kind in ("business", "consumer"):
        for lang in ("nl", "fr", "en"):
            for count in (1, 3):
                name = "Lies Wouters" if kind == "consumer" else "Schrijnwerkerij Renard NV"
                who = customer(book, name, kind=kind, language=lang, **({"vat": None} if kind == "consumer" else {}))
                made[kind, lang, count] = (
                    who,
                    [invoice_due(book, who, f"{300 + 100 * n}.00", DUES[n]) for n in range(count)],
                )
    with book.db.reading() as s:
        for code in ("business", "consumer"):
            scenario = dunning_defaults.shipped()[code]
            for level in (0, 1, 2, 3):
                charges = scenario.level(level).charges
                for lang in ("nl", "fr", "en"):
                    for count in (1, 3):
                        who, ids = made[code, lang, count]
                        items = [
                            (i, level, 30000 + 10000 * n, 4000 if charges else 0, 123 + n if charges else 0)
                            for n, i in enumerate(ids)
                        ]
                        periods = (
                            {
                                i: [InterestPeriod(DUES[n], ON, Decimal("10.5"), 30000 + 10000 * n)]
                                for n, i in enumerate(ids)
                            }
                            if charges
                            else {}
                        )
                        docs.append(
                            reminder_documents.build_doc(
                                s,
                                customer_id=who,
                                scenario=scenario,
                                level=level,
                                number=f"R2026-{len(docs) + 1:04d}",
                                on=ON,
                                pay_by=PAY_BY,
                                ogm="202650000157",
                                items=items,
                                periods=periods,
                            )
                        )
                        cases.append((code, level, lang, count, charges))
    data = reminder_documents.render(docs)
    book.close()
    return pdfium.PdfDocument(data), cases, docs


def test_every_text_reads_right_in_every_language_for_one_and_for_three_invoices(letters, artifacts_dir):
    pdf, cases, docs = letters
    starts = [n for n in range(len(pdf)) if re.search(r"\b1/\d+$", _text(pdf, n))]
    assert len(starts) == len(cases) == 48
    for (code, level, lang, count, charges), first, doc in zip(cases, starts, docs, strict=False):
        text = _text(pdf, first)
        where = f"{code} level {level} {lang} ×{count}"
        assert "{" not in text and "}" not in text, where
        assert (PERSON if code == "consumer" else COMPANY)[lang] in text, where
        assert "Renard NV," not in text, where  # never "Dear Schrijnwerkerij Renard NV,"
        if "{debt_for}" in dunning_defaults.shipped()[code].level(level).body:  # the formal notice names no invoice
            assert (PLURAL if count > 1 else SINGULAR)[lang] in text, where
        if count > 1:
            assert SINGULAR[lang] + " " not in text.replace(PLURAL[lang], ""), where
        for due in DUES[:count]:  # every invoice with its own due date
            assert due.strftime("%d/%m/%Y") in text, where
        if level > 0:
            assert DEADLINE[lang] in text, where
        assert text.count(LABEL[lang]) >= 1 and ("vóór" not in text and "avant le" not in text), where
        assert LEVEL_HEADER[lang] not in doc.headers and f" {LEVEL_HEADER[lang]} " not in text, where
        if charges:
            assert BASIS[code][lang] in text, where
            assert "10,5 %" in text or "10.5 %" in text, where
    # A few pages to look at.
    for n in (starts[4], starts[5], starts[29], starts[47]):
        pdf[n].render(scale=1.3).to_pil().save(artifacts_dir / f"reminder-letter-page-{n + 1}.png")
