"""Reopening on the reminders tab: the letters of the last proposal at once, the run's own answer after.

The first screenful is kept from the last proposal without review edits and shown only while the book
has the write stamp it was read under, for the same day; the proposal itself runs as before and
replaces it. These stories hold the worker's answer back, so nothing depends on timing.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from builders import customer
from builders import invoice_due as invoice

from ledgerdesk.persistence.write_stamp import book_state
from ledgerdesk.services import reminder_first_page, reminders
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.reminders_tab import RemindersTab

TODAY = date(2026, 3, 18)


@pytest.fixture
def overdue_book(book):
    for n in range(3):
        who = customer(book, f"Klant {n}")
        invoice(book, who, f"{100 * (n + 1)}.00", due=date(2026, 1, 31))
    wouters = customer(book, "Lies Wouters", kind="consumer")
    invoice(book, wouters, "320.00", due=date(2026, 2, 1))
    reminder_first_page.forget(book.paths.book)
    return book


class HeldBack:
    """A context whose background reads wait until released: what the tab shows before its proposal is done."""

    def __init__(self, ctx: AppContext) -> None:
        self.waiting: list = []
        ctx.read_async = self.hold  # type: ignore[method-assign]
        self.ctx = ctx

    def hold(self, query, *args, done, failed=None, owner=None, **kwargs):  # type: ignore[no-untyped-def]
        self.waiting.append(lambda: done(self.ctx.read(query, *args, **kwargs)))

    def release(self) -> None:
        while self.waiting:
            self.waiting.pop(0)()


def open_tab(qtbot, book, today=TODAY):  # type: ignore[no-untyped-def]
    held = HeldBack(AppContext(book, language="en", today=lambda: today))
    tab = RemindersTab(held.ctx)
    qtbot.addWidget(tab)
    tab.show()
    return tab, held


def shown(tab) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [
        (r.customer_id, r.customer, r.level, r.channel, len(r.items), r.total_cents, r.pay_by, r.number)
        for r in tab.letters.rows()
    ]


def test_reopened_the_same_day_the_tab_shows_the_letters_before_its_proposal_is_done(qtbot, overdue_book):
    first, held = open_tab(qtbot, overdue_book)
    assert first.letters.rowCount() == 0  # nothing kept yet: the first visit waits for the run
    held.release()
    proposed = shown(first)
    assert len(proposed) == 4
    summary = first.summary.text()

    again, held = open_tab(qtbot, overdue_book)
    assert held.waiting, "the proposal is still to run"
    assert shown(again) == proposed  # readable at once, and what the run said
    assert again.summary.text() == summary
    assert not again.confirm_button.isEnabled()  # nothing is confirmed from a kept page
    assert again.preview_letter() is None
    again.letters_view.selectRow(0)
    assert [i.number for i in again.items.rows()] == [i.number for i in first.letters.rows()[0].items]
    held.release()
    assert shown(again) == proposed and again.proposal is not None and again.confirm_button.isEnabled()


def test_a_kept_page_is_the_proposal_to_the_cent(overdue_book):
    with overdue_book.db.reading() as s:
        proposal = reminders.propose(s, TODAY)
        from ledgerdesk.persistence.write_stamp import state_in

        reminder_first_page.remember(overdue_book.paths.book, proposal, *state_in(s))
    kept = reminder_first_page.first_page(overdue_book.paths.book, TODAY)
    assert kept is not None and kept.letter_count == len(proposal.letters) == len(kept.letters)
    for mine, theirs in zip(kept.letters, proposal.letters, strict=True):
        for field in ("customer_id", "customer", "level", "channel", "pay_by", "number", "total_cents"):
            assert getattr(mine, field) == getattr(theirs, field)
        assert [(i.invoice_id, i.number, i.due_date, i.level, i.total_cents) for i in mine.items] == [
            (i.invoice_id, i.number, i.due_date, i.level, i.total_cents) for i in theirs.items
        ]
    assert kept.total_cents == sum(x.total_cents for x in proposal.letters)
    assert kept.skipped_count == len(proposal.skipped)


def test_after_any_write_another_day_or_a_review_edit_nothing_kept_is_shown(qtbot, overdue_book):
    tab, held = open_tab(qtbot, overdue_book)
    held.release()
    book = overdue_book.paths.book
    assert reminder_first_page.first_page(book, TODAY) is not None
    assert reminder_first_page.first_page(book, date(2026, 3, 19)) is None  # another day: levels move on

    customer(overdue_book, "Nieuwe klant")  # any write changes the book's stamp
    assert reminder_first_page.first_page(book, TODAY) is None
    again, held = open_tab(qtbot, overdue_book)
    assert again.letters.rowCount() == 0 and held.waiting

    held.release()  # the run keeps its page again
    again.letters_view.selectRow(0)
    again.items_view.selectRow(0)
    again.drop_selected()  # a review edit: proposed with it, but not kept
    held.release()
    edited = shown(again)
    kept = reminder_first_page.first_page(book, TODAY)
    assert kept is not None and len(kept.letters) == 4 and len(edited) == 3


def test_every_write_stamps_the_book_and_a_refused_one_leaves_the_stamp(overdue_book):
    book = overdue_book.paths.book
    before = book_state(book)
    assert before is not None and before[0] != 0
    customer(overdue_book, "Klant X")
    after = book_state(book)
    assert after is not None and after[0] not in (0, before[0]) and after[1] == before[1]
    with pytest.raises(RuntimeError), overdue_book.db.transaction() as s:
        s.connection().exec_driver_sql("DELETE FROM customers WHERE name = 'Klant X'")
        raise RuntimeError("refused")
    assert book_state(book) == after


def test_a_damaged_or_foreign_cache_file_is_no_first_page(overdue_book):
    book = overdue_book.paths.book
    target = reminder_first_page._file_for(book)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("{not json")
    assert reminder_first_page.first_page(book, TODAY) is None
    state = book_state(book)
    assert state is not None
    target.write_text(
        f'{{"format": 1, "version": "0.1.0", "stamp": {state[0]}, "revision": "{state[1]}", '
        f'"as_of": "{TODAY.isoformat()}", "letters": [{{"customer": 3}}]}}'
    )
    assert reminder_first_page.first_page(book, TODAY) is None


def test_a_book_made_before_write_stamps_gets_one_when_opened_for_writing(tmp_path, overdue_book):
    book = overdue_book.paths.book
    overdue_book.close()
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    assert book_state(book) is not None and book_state(book)[0] == 0  # type: ignore[index]
    code = (
        "import sys; from pathlib import Path; from ledgerdesk.paths import BookPaths;"
        "from ledgerdesk.persistence.book import open_book;"
        "open_book(BookPaths.in_dir(Path(sys.argv[1]))).close()"
    )
    subprocess.run([sys.executable, "-c", code, str(book.parent)], check=True)
    assert book_state(book)[0] != 0  # type: ignore[index]


def test_another_day_chosen_before_the_run_answers_takes_the_kept_letters_away(qtbot, overdue_book):
    from PySide6.QtCore import QDate

    _first, held = open_tab(qtbot, overdue_book)
    held.release()
    again, held = open_tab(qtbot, overdue_book)
    assert again.letters.rowCount() == 4
    again.date.setDate(QDate(2026, 3, 19))  # not the day they were proposed for
    assert again.letters.rowCount() == 0 and again.summary.text() == "Proposing…"
    held.release()
    assert again.proposal is not None and again.proposal.as_of == date(2026, 3, 19)
    assert again.letters.rowCount() == len(again.proposal.letters)


def test_built_in_the_background_the_tab_fits_the_kept_letters_columns_once_shown(qtbot, overdue_book):
    """Measuring the letters' texts is left to the showing: a tab built behind another one stays a short step."""
    first, held = open_tab(qtbot, overdue_book)
    held.release()  # the first visit's proposal is kept
    proposed = shown(first)
    hidden = RemindersTab(HeldBack(AppContext(overdue_book, language="en", today=lambda: TODAY)).ctx)
    qtbot.addWidget(hidden)
    assert shown(hidden) == proposed  # the kept letters are there at once
    view = hidden.letters_view
    fitted = range(hidden.letters.columnCount() - 1)  # the last one may stretch to the window
    assert {view.columnWidth(c) for c in fitted} == {view.horizontalHeader().defaultSectionSize()}  # not measured
    hidden.show()
    assert [view.columnWidth(c) for c in fitted] == [first.letters_view.columnWidth(c) for c in fitted]
