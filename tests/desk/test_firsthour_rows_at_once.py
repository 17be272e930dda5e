"""Rows at once: the newest invoices are on screen before the domain layer loads, and agree with the full list."""

from __future__ import annotations

from datetime import date, timedelta

from ledgerdesk.persistence.first_page import first_rows
from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.models.invoices import issue_key
from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab


def test_the_first_page_is_the_top_of_the_full_list_row_for_row(busy_book, today):
    for as_of in (today, today - timedelta(days=40), today + timedelta(days=400)):
        with busy_book.db.reading() as s:
            full = sorted(list_invoices(s, as_of, kind="all"), key=issue_key, reverse=True)
        for limit in (1, 25, 500):
            assert first_rows(busy_book.paths.book, as_of, limit=limit) == full[:limit], (as_of, limit)


def test_a_file_that_is_not_a_book_gives_no_first_page(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    assert first_rows(bad, date(2026, 3, 2)) == []
    assert first_rows(tmp_path / "missing.sqlite", date(2026, 3, 2)) == []


def test_the_invoices_tab_has_rows_before_its_first_paint_then_the_whole_list(qtbot, busy_book, prefs, today):
    ctx = AppContext(busy_book, language="nl", today=lambda: today, preferences=prefs)
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    assert 0 < tab.model.rowCount() <= 80  # already there: nothing waited for a worker
    newest = tab.model.row_at(0)
    assert tab.summary.text() == "De nieuwste documenten; de andere worden gelezen…"
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.show()
    assert tab.model.rowCount() == 129 and tab.model.row_at(0) == newest
    assert "Documenten: 129" in tab.summary.text() and "gelezen" not in tab.summary.text()
    ctx.wait_idle()
