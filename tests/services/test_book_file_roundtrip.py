"""Book format 2: a book with every kind of object survives export → import → export unchanged."""

from __future__ import annotations

import json

import pytest
from datetime import date

from bookfile_builder import build, counts

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import book_io, reminders
from ledgerdesk.services.reminders import Edits


COVERED = ["customers", "invoices", "invoice_lines", "payments", "allocations", "recurring_templates",
           "recurring_lines", "recurring_occurrences", "receivable_closings", "settings", "dunning_scenarios",
           "dunning_levels", "reminder_runs", "reminder_letters", "reminder_letter_items", "call_tasks",
           "payment_promises", "payment_plans", "plan_instalments", "plan_invoices", "disputes", "payment_references",
           "payment_reference_items", "number_series"]


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
        assert {t: after[t] for t in COVERED} == {t: before[t] for t in COVERED}
    finally:
        copy.close()


@pytest.mark.xfail(reason="bank imports are not in the file yet (the bank check differs)", strict=True)
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
