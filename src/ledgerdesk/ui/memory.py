"""Gives back the memory that building the tabs leaves behind: cached source lines and freed heap pages.

Two things stay resident after the tabs and the charts are built although nothing uses them again:
- PySide6's import hook (shibokensupport's feature support) reads the whole source of every module imported
  after PySide6 (inspect.getsource) to see whether it uses PySide6, and the lines stay in linecache: about
  6 MiB of SQLAlchemy, pyqtgraph, numpy and our own source. A traceback formatted later reads the few lines
  it needs from disk again.
- glibc keeps the pages freed after the first big reads (the 50,000-row invoice list, the reminder
  proposal) for the process instead of returning them: malloc_trim gives them back (about 4 MiB).
Measured with benchmarks/bench_startup.py on a 10-year book: together about 25 MiB of the window's memory.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import linecache
import sys


def give_back() -> None:
    """Forget cached source lines and return free heap pages to the system (glibc only; elsewhere a no-op)."""
    linecache.clearcache()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            libc.malloc_trim(0)
        except (OSError, AttributeError):  # musl has no malloc_trim: nothing to give back that way
            pass
