"""Book format 2: a book with every kind of object survives export → import → export unchanged."""

from __future__ import annotations

import json
from datetime import date

import pytest
from bookfile_builder import build, counts
from sqlalchemy import func, select

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import BankLine, ImportBatch, Invoice, InvoiceLine, Payment
from ledgerdesk.services import bank_review, book_io, reminders
from ledgerdesk.services.reminders import Edits


def _import_into_new_book(tmp_path, doc, name="copy"):
    book = open_book(BookPaths.in_dir(tmp_path / name))
    with book.db.transaction() as s:
        try:
            book_io.import_book(s, json.loads(json.dumps(doc)))  # through JSON text, as the command does
        except book_io.BookFileError as exc:
            pytest.fail("\n".join(exc.problems))
    return book


def test_every_kind_of_object_round_trips(book, tmp_path):
    build(book, tmp_path)
    with book.db.reading() as s:
        first, before = book_io.export_book(s), counts(s)
    assert first["ledgerdesk_book"] == 2
    copy = _import_into_new_book(tmp_path, first)
    try:
        with copy.db.reading() as s:
            assert book_io.export_book(s) == first
            after = counts(s)
        assert after == before
    finally:
        copy.close()


def test_the_imported_book_works_on(book, tmp_path):
    """The copy is a book, not a picture: the next reminder run proposes the same as in the original."""
    build(book, tmp_path)
    later = date(2026, 5, 20)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
        expected = reminders.propose(s, later, Edits(override_bank_check=True)).to_json()
    copy = _import_into_new_book(tmp_path, doc)
    try:
        with copy.db.reading() as s:
            assert reminders.propose(s, later, Edits(override_bank_check=True)).to_json() == expected
    finally:
        copy.close()


def test_bank_review_goes_on_in_the_copy(book, tmp_path):
    """Suggestions point at the right invoice after the ids changed, and the import can still be undone."""
    build(book, tmp_path)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
    copy = _import_into_new_book(tmp_path, doc)
    try:
        with copy.db.transaction() as s:
            line = s.scalar(select(BankLine).where(BankLine.status == "review"))
            payment_id = bank_review.accept_suggestion(s, line.id)
            [allocation] = s.get(Payment, payment_id).allocations
            assert s.get(Invoice, allocation.invoice_id).number == "2026-0002"
    finally:
        copy.close()
    other = _import_into_new_book(tmp_path, doc, "other")
    try:
        with other.db.transaction() as s:
            bank_review.undo_import(s, s.scalar(select(ImportBatch.id)), on=date(2026, 6, 1))
        with other.db.reading() as s:
            assert s.scalar(select(func.count()).select_from(BankLine)) == 0
            assert s.scalar(select(func.count()).select_from(Payment)) == 1  # the cash payment stays
    finally:
        other.close()


def test_a_credit_note_keeps_the_lines_it_corrects(book, tmp_path):
    build(book, tmp_path)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
    [by_line] = [c for c in doc["credit_notes"] if any("credits_line" in line for line in c["lines"])]
    assert [line.get("credits_line") for line in by_line["lines"]] == [1]
    copy = _import_into_new_book(tmp_path, doc)
    try:
        with copy.db.reading() as s:
            note = s.scalar(select(Invoice).where(Invoice.number == by_line["number"]))
            original = s.get(InvoiceLine, note.lines[0].credited_line_id)
            assert original.description == "Drukwerk" and original.invoice_id == note.credited_invoice_id
    finally:
        copy.close()
