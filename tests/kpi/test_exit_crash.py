"""The app exits cleanly after the KPI tab's charts were built and destroyed many times.

Cause found: PySide6/shiboken6 6.12.0 on Python 3.11 drops a reference to None on every call
of a void C++ method (and of one returning None), so after enough calls None's refcount hits
zero during the final garbage collection and the interpreter aborts (`none_dealloc`). pyqtgraph
makes thousands of such calls per chart. Python 3.12+ hides it (None is immortal there). The
project pins PySide6-Essentials != 6.12.0; these tests fail loudly if a bad version comes back.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def test_void_calls_keep_the_reference_count_of_none():
    from PySide6.QtCore import QObject, QRect

    rect, obj = QRect(0, 0, 1, 1), QObject()

    def calls() -> None:
        for _ in range(1000):
            rect.setWidth(3)
            obj.setObjectName("x")
            obj.parent()

    calls()  # warm-up: first calls may cache an object or two
    before = sys.getrefcount(None)
    calls()
    # The broken build loses 3000 here; allow a stray reference or two from unrelated caches.
    assert abs(sys.getrefcount(None) - before) < 10, "this PySide6 build loses references to None: see the docstring"


@pytest.mark.slow
def test_opening_and_closing_the_kpi_tab_many_times_then_exiting_is_clean(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(HERE / "exit_loop.py"), str(tmp_path / "book"), "8"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "Fatal Python error" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "clean exit" in proc.stdout
