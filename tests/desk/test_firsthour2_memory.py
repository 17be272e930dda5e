"""Memory: what building the tabs leaves behind (source lines PySide6 read, freed heap) is given back."""

from __future__ import annotations

import linecache

from ledgerdesk.ui import memory
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.main_window import MainWindow
from ledgerdesk.ui.tabs import load_domain


def test_giving_back_forgets_cached_source_lines_and_tracebacks_still_read_them():
    assert linecache.getline(memory.__file__, 1).startswith('"""Gives back')
    memory.give_back()
    assert linecache.cache == {}
    assert linecache.getline(memory.__file__, 1).startswith('"""Gives back')  # read from disk again


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
