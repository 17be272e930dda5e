"""Rows at once on Receivables: the oldest open items are on screen before the domain layer loads, and they
are the full list's first rows, whatever the date and whether or not the closing triggers are there."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from PySide6.QtCore import Qt

from ledgerdesk.persistence.open_items_page import first_open_items
from ledgerdesk.services import receivables
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.models.receivables import open_items_model
from ledgerdesk.ui.tabs import load_domain
from ledgerdesk.ui.tabs.receivables_tab import ReceivablesTab


def full_model_rows(book, as_of):  # type: ignore[no-untyped-def]
    """The open items as the tab shows the full list: the service's rows in its model, oldest due first."""
    with book.db.reading() as s:
        rows = receivables.open_items(s, as_of).rows
    model = open_items_model(lambda text, **kw: text, as_of)
    model.set_rows(rows)
    model.sort(3, Qt.SortOrder.AscendingOrder)
    return model.rows()


def test_the_first_open_items_are_the_top_of_the_full_list_row_for_row(busy_book, today, tmp_path):
    without_triggers = tmp_path / "copy.sqlite"
    with sqlite3.connect(busy_book.paths.book) as source, sqlite3.connect(without_triggers) as conn:
        source.backup(conn)  # with what the write-ahead log holds
        conn.execute("DROP TRIGGER receivable_closings_allocation_insert")  # lost in a rebuild: all are candidates
    conn.close()
    for as_of in (today, today - timedelta(days=40), today - timedelta(days=200), today + timedelta(days=400)):
        full = full_model_rows(busy_book, as_of)
        assert full, as_of
        for limit in (1, 7, 25, 500):
            assert first_open_items(busy_book.paths.book, as_of, limit=limit) == full[:limit], (as_of, limit)
            assert first_open_items(without_triggers, as_of, limit=limit) == full[:limit], (as_of, limit)


def test_a_file_that_is_not_a_book_gives_no_open_items(tmp_path, today):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database")
    assert first_open_items(bad, today) == []
    assert first_open_items(tmp_path / "missing.sqlite", today) == []


def test_the_receivables_tab_has_rows_before_its_first_paint_then_the_whole_list(qtbot, busy_book, prefs, today):
    # The window opens on this tab: the domain layer loads in a worker after the first paint.
    ctx = AppContext(busy_book, language="fr", today=lambda: today, preferences=prefs, warm_up=load_domain)
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    full = full_model_rows(busy_book, today)
    assert 0 < tab.items_model.rowCount() == min(len(full), 60)  # already there: nothing waited for a worker
    assert tab.items_model.rows() == full[: tab.items_model.rowCount()]
    assert tab.totals.text() == "Les postes ouverts les plus anciens ; les autres sont en cours de lecture…"
    with qtbot.waitSignal(tab.items_shown, timeout=10_000):
        tab.show()
    assert tab.items_model.rows() == full
    assert "Total" in tab.totals.text() and "lecture" not in tab.totals.text()
    ctx.wait_idle()


def test_a_receivables_tab_built_after_start_up_reads_nothing_until_shown(qtbot, busy_book, prefs, today):
    ctx = AppContext(busy_book, language="en", today=lambda: today, preferences=prefs)  # domain layer loaded
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    assert tab.items_model.rowCount() == 0 and tab.totals.text() == ""
