"""The book file carries suppliers and bills (lines, files byte for byte, history): export → import → export."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from builders import SUPPLIER_SINCE, bill_line, supplier

from ledgerdesk.domain.purchases import CostCategory
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Purchase, PurchaseFile
from ledgerdesk.services import book_io, purchases
from ledgerdesk.services.purchase_import import import_ubl

from .supplier_ubl import exempt


def _filled(book) -> dict:
    with book.db.transaction() as s:
        purchases.set_categories(s, [*purchases.categories(s), CostCategory("boat", "Boat", 0)])
        sid = supplier(s, default_category="car", payment_terms_days=14)
        draft = purchases.BillDraft(
            sid,
            "F-1",
            SUPPLIER_SINCE,
            (bill_line("100", "21", "car", "50"), bill_line("12.34", "6", "boat", "0")),
            structured_communication="090933755493",
        )
        typed = purchases.record_bill(
            s, draft, on=SUPPLIER_SINCE, attachments=[purchases.Attachment("f1.jpg", b"\xff\xd8photo")]
        )
        purchases.approve_bill(s, typed.id, "Ann", on=SUPPLIER_SINCE)
        purchases.mark_paid(s, typed.id, on=date(2026, 12, 3), amount_cents=1000)
        imported = import_ubl(s, exempt(), name="exempt.xml", on=SUPPLIER_SINCE)
        purchases.reject_bill(s, imported.recorded.id, "not ours", on=SUPPLIER_SINCE)
    with book.db.reading() as s:
        return book_io.export_book(s)


def test_suppliers_and_bills_round_trip(book, tmp_path):
    first = _filled(book)
    assert [p["number"] for p in first["purchases"]] == ["F-1", "Vat-E"] or len(first["purchases"]) == 2
    copy_book = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy_book.db.transaction() as s:
            summary = book_io.import_book(s, json.loads(json.dumps(first)))
        assert (summary["suppliers"], summary["purchases"]) == (2, 2)
        with copy_book.db.reading() as s:
            assert book_io.export_book(s) == first
            typed = s.query(Purchase).filter_by(number="F-1").one()
            assert (typed.status, typed.paid_cents, typed.deductible_vat_cents) == ("approved", 1000, 1050)
            assert s.query(PurchaseFile).filter_by(purchase_id=typed.id).one().content == b"\xff\xd8photo"
    finally:
        copy_book.close()


def _refused(tmp_path, doc) -> list[str]:
    target = open_book(BookPaths.in_dir(tmp_path / "target"))
    try:
        with pytest.raises(book_io.BookFileError) as refused, target.db.transaction() as s:
            book_io.import_book(s, json.loads(json.dumps(doc)))
        with target.db.reading() as s:
            assert s.query(Purchase).count() == 0
        return list(refused.value.problems)
    finally:
        target.close()


def test_a_changed_file_a_wrong_total_or_an_unknown_supplier_is_refused_by_path(book, tmp_path):
    doc = _filled(book)
    bad = copy.deepcopy(doc)
    bad["purchases"][0]["files"][0]["content_base64"] = "AAAA"
    bad["purchases"][0]["total"] = "1.00"
    bad["purchases"][1]["supplier"] = "S99"
    bad["purchases"][1]["lines"][0]["category"] = "yachts"
    problems = _refused(tmp_path, bad)
    assert "$.purchases[0].files[0].sha256: does not match the file: the file was changed" in problems
    assert "$.purchases[1].supplier: no supplier with id 'S99'" in problems
    assert any(
        p.startswith("$.purchases[1].lines[0]: line ") and "'yachts' is not a cost category" in p for p in problems
    )


def test_a_total_that_is_not_what_the_lines_make_is_refused(book, tmp_path):
    bad = _filled(book)
    bad["purchases"][0]["total"] = "1.00"
    assert _refused(tmp_path, bad) == ["$.purchases[0].total: is 1.00 but the lines add up to 134.08"]
