"""Run a slow pure function (a 1,000-page PDF render) off the UI thread and get its result as a signal.

Only work without a database session goes here: the caller reads what it needs first, in
the UI thread, and hands plain values over.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class Job(QObject):
    """`done(result)` or `failed(message)` is emitted (queued to the receiver's thread) when the work ends."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self._work = work
        self.running = False

    def start(self) -> None:
        job = self

        class _Runner(QRunnable):
            def run(self) -> None:  # noqa: D102 - Qt's name
                try:
                    result = job._work()
                except Exception as exc:  # noqa: BLE001 - reported to the user as one sentence
                    job.running = False
                    job.failed.emit(f"{type(exc).__name__}: {exc}")
                    return
                job.running = False
                job.done.emit(result)

        self.running = True
        QThreadPool.globalInstance().start(_Runner())
