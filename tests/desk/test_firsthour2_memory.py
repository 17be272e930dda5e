"""Memory: what building the tabs leaves behind (source lines PySide6 read, freed heap) is given back."""

from __future__ import annotations

import linecache

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
