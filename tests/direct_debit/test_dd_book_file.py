"""The book file carries the direct debit setup, the mandate register (history, signed copy) and the collections."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

import pytest
from dd_helpers import NOW, belgian_iban, customer_with_mandate, monthly_template, set_up_creditor

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import book_io, direct_debit, direct_debit_collect, recurring


def _dd_book(book):
    with book.db.transaction() as s:
        set_up_creditor(s, core=True, b2b=True)
        jan, jan_mandate = customer_with_mandate(s, "Jan Peeters", reference="LD-0001")
        els, els_mandate = customer_with_mandate(s, "Els Maes", reference="LD-0002")
        monthly_template(s, jan)
        monthly_template(s, els)
        recurring.generate(s, date(2026, 1, 1), now=NOW)
        direct_debit_collect.collect(s, date(2026, 1, 15), today=date(2026, 1, 2), now=datetime(2026, 1, 2, 9))
        direct_debit.amend_mandate(s, jan_mandate, on=date(2026, 1, 20), debtor_iban=belgian_iban("001", 77), now=NOW)
        direct_debit.attach_document(
            s, jan_mandate, "mandaat.pdf", b"%PDF-1.4 signed", today=date(2026, 1, 20), now=NOW
        )
        direct_debit.revoke_mandate(s, els_mandate, on=date(2026, 1, 25), reason="moved abroad", now=NOW)


def _import(tmp_path, doc, name="copy"):
    book = open_book(BookPaths.in_dir(tmp_path / name))
    with book.db.transaction() as s:
        book_io.import_book(s, json.loads(json.dumps(doc)))
    return book


def test_direct_debit_round_trips(book, tmp_path):
    _dd_book(book)
    with book.db.reading() as s:
        first = book_io.export_book(s)
    section = first["direct_debit"]
    assert section["creditor"]["b2b"] is True
    assert [m["reference"] for m in section["mandates"]] == ["LD-0001", "LD-0002"]
    assert section["mandates"][0]["amendment"] == {"other_bank": True}
    assert section["mandates"][0]["next_sequence"] == "FRST"  # a new bank: first collection again
    assert len(section["collections"]) == 2 and len(section["notices"]) == 2
    other = _import(tmp_path, first)
    try:
        with other.db.reading() as s:
            assert book_io.export_book(s) == first
            assert direct_debit.mandate_document(s, direct_debit.find_mandate(s, "LD-0001")) == (
                "mandaat.pdf",
                b"%PDF-1.4 signed",
            )
    finally:
        other.close()


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda d: d["creditor"].update(creditor_id="BE12ZZZ0403170701"), "$.direct_debit.creditor", "check digits"),
        (lambda d: d["mandates"][0].update(debtor_iban="BE00 1234"), "$.direct_debit.mandates[0].debtor_iban", "IBAN"),
        (
            lambda d: d["mandates"][1].update(reference="LD-0001"),
            "$.direct_debit.mandates[1].reference",
            "two mandates",
        ),
        (
            lambda d: d["mandates"][0].update(document_base64="AAAA"),
            "$.direct_debit.mandates[0].document_sha256",
            "changed",
        ),
        (lambda d: d["collections"][0].update(mandate="M99"), "$.direct_debit.collections[0].mandate", "no mandate"),
    ],
)
def test_a_bad_direct_debit_section_is_refused_by_path(book, tmp_path, change, path, message):
    _dd_book(book)
    with book.db.reading() as s:
        doc = copy.deepcopy(book_io.export_book(s))
    change(doc["direct_debit"])
    target = open_book(BookPaths.in_dir(tmp_path / "bad"))
    try:
        with pytest.raises(book_io.BookFileError) as refused, target.db.transaction() as s:
            book_io.import_book(s, doc)
        assert any(str(p).startswith(path) and message in str(p) for p in refused.value.problems), (
            refused.value.problems
        )
    finally:
        target.close()
