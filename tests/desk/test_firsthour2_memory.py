"""Memory: what building the tabs leaves behind (source lines PySide6 read, freed heap) is given back."""

from __future__ import annotations

import linecache

from PySide6.QtCore import Qt

from ledgerdesk.ui import memory
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.main_window import MainWindow
from ledgerdesk.ui.tabs import load_domain


def test_giving_back_forgets_cached_source_lines_and_tracebacks_still_read_them():
    assert linecache.getline(memory.__file__, 1).startswith('"""Keeps the memory')
    memory.give_back()
    assert linecache.cache == {}
    assert linecache.getline(memory.__file__, 1).startswith('"""Keeps the memory')  # read from disk again


def test_once_told_linecache_keeps_no_source_lines_and_tracebacks_still_show_them():
    import traceback

    saved = linecache.cache
    try:
        linecache.cache = {}
        assert linecache.getline(memory.__file__, 1) and memory.__file__ in linecache.cache  # as Python does
        memory.keep_no_source_lines()
        assert linecache.cache == {}
        assert linecache.getline(memory.__file__, 1).startswith('"""Keeps the memory')
        assert memory.__file__ not in linecache.cache  # read, not kept
        try:
            raise ValueError("shown with its line")
        except ValueError as exc:
            text = "".join(traceback.format_exception(exc))
        assert 'raise ValueError("shown with its line")' in text
        linecache.lazycache("lazy.py", {"__name__": "lazy", "__loader__": memory.__loader__})
        assert "lazy.py" in linecache.cache  # a loader to ask (a packaged app's modules) is still kept
    finally:
        linecache.cache = saved


def test_the_window_gives_memory_back_once_every_tab_is_built(qtbot, book, prefs, today, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(memory, "give_back", lambda: calls.append(len(window._pending)))
    ctx = AppContext(book, language="en", today=lambda: today, preferences=prefs, warm_up=load_domain)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(calls), timeout=10_000)
    assert calls == [0]  # after the last tab, not before
    ctx.wait_idle()


def test_the_invoice_list_keeps_its_rows_as_columns_and_reads_them_back_whole(qtbot, busy_book, ctx, today):
    from ledgerdesk.services.invoice_list import list_invoices
    from ledgerdesk.ui.models.compact_rows import CompactRows
    from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab

    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.complete, timeout=10_000)
    assert isinstance(tab.model._base, CompactRows)  # no row object per invoice held
    stored = ctx.read(list_invoices, today, **tab.filters())
    assert sorted(tab.model.rows(), key=lambda r: r.id) == sorted(stored, key=lambda r: r.id)
    drafts = [r for r in stored if r.number is None]
    assert drafts and all(r.structured_communication is None for r in drafts)  # None stays None, not ""
    for column in range(tab.model.columnCount()):  # each sort reads its keys through the columns
        tab.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        key = tab.model._columns[column].sort_key
        shown = [key(r) for r in tab.model.rows()]
        assert shown == sorted(shown, key=lambda k: (k is None, k if k is not None else 0)), column
    open_total = sum(r.open_cents for r in stored if r.status in ("open", "overdue"))
    assert tab.summary.text() == f"Documents: {len(stored)} · open {ctx.money(open_total)}"


def test_compact_rows_read_like_the_rows_they_hold(busy_book, today):
    from ledgerdesk.services.invoice_list import iter_invoices, list_invoices
    from ledgerdesk.ui.models.compact_rows import CompactRows, Reordered

    with busy_book.db.reading() as session:
        rows = list_invoices(session, today)
        compact = CompactRows(iter_invoices(session, today))
    assert len(compact) == len(rows) and list(compact) == rows
    assert compact[-1] == rows[-1] and compact[2:5] == rows[2:5]
    assert compact.keys(lambda r: (r.open_cents, r.days_overdue(today))) == [
        (r.open_cents, r.days_overdue(today)) for r in rows
    ]
    backwards = Reordered(compact, reversed(range(len(compact))))
    assert list(backwards) == rows[::-1] and backwards[0] == rows[-1]


def test_an_invoice_window_loads_no_xml_library_until_a_collection_file_is_written():
    import subprocess
    import sys

    code = (
        "import sys; import ledgerdesk.services.invoice_forms, ledgerdesk.services.direct_debit_collect;"
        "print('lxml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_invoice_lists_whole_number_sort_keys_are_kept_as_machine_integers(qtbot, busy_book, ctx):
    from array import array

    from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab

    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.complete, timeout=10_000)
    assert isinstance(tab.model._key_cache[2], array)  # the issue dates the list is sorted by
    tab.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # customers' names: text keys stay a list
    assert isinstance(tab.model._key_cache[1], list)
    tab.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    dates = [(r.issue_date, r.id) for r in tab.model.rows()]
    assert dates == sorted(dates)
