"""Keeps the memory that importing and building the tabs would leave behind: source lines and freed heap pages.

Two things would stay resident after the tabs and the charts are built although nothing uses them again:
- PySide6's import hook (shibokensupport's feature support) reads the whole source of every module imported
  after PySide6 (inspect.getsource) to see whether it uses PySide6, and linecache keeps the lines: SQLAlchemy,
  pyqtgraph, numpy, babel and our own source. Cleared afterwards they still leave the heap fragmented (about
  19 MiB more for SQLAlchemy alone than importing it before PySide6), so `keep_no_source_lines` stops
  linecache from keeping them in the first place: a traceback reads the few lines it needs from disk.
- glibc keeps the pages freed after the first big reads (the 50,000-row invoice list, the reminder
  proposal) for the process instead of returning them: malloc_trim gives them back (about 4 MiB).
Measured with benchmarks/bench_startup.py on a 10-year book.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import linecache
import sys
from typing import Any


class _NoSourceLines(dict):  # type: ignore[type-arg]
    """linecache's cache that keeps only its lazy entries (a loader to ask, one element): a file's lines are
    read each time they are asked for, instead of held for the life of the process."""

    def __setitem__(self, key: Any, value: Any) -> None:
        if len(value) == 1:
            super().__setitem__(key, value)


def keep_no_source_lines() -> None:
    """From now on, source lines read for inspection or tracebacks are not kept (call before the big imports)."""
    if not isinstance(linecache.cache, _NoSourceLines):
        lazy = {k: v for k, v in linecache.cache.items() if len(v) == 1}
        linecache.cache = _NoSourceLines(lazy)


def give_back() -> None:
    """Forget cached source lines and return free heap pages to the system (glibc only; elsewhere a no-op)."""
    linecache.clearcache()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            libc.malloc_trim(0)
        except (OSError, AttributeError):  # musl has no malloc_trim: nothing to give back that way
            pass
