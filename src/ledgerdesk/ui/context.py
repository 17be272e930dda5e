"""What every widget gets injected: the open book, the clock, the language, a change signal."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from .. import i18n
from ..i18n import Translate, gettext

# The context is where the UI meets the composition: it holds the open Book (its session factory is what
# read/write run a service function in, one transaction each) and turns a storage fault of that Book
# into the user's sentence. Those two are persistence's by nature; the widgets never see either.
if TYPE_CHECKING:
    from ..persistence.book import Book

T = TypeVar("T")

# Views repaint the same amounts many times; babel formatting costs ~0.15 ms a call.
_money = functools.lru_cache(maxsize=65_536)(i18n.format_money)
_amount = functools.lru_cache(maxsize=65_536)(i18n.format_amount)


class _Relay(QObject):
    """Carries a worker's result back to the UI thread (signals cross threads queued)."""

    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the UI thread, shown there as one sentence
            self._emit(self.relay.failed, exc)
        else:
            self._emit(self.relay.done, result)

    @staticmethod
    def _emit(signal, value: Any) -> None:  # type: ignore[no-untyped-def]
        try:
            signal.emit(value)
        except RuntimeError:  # the app is shutting down and the relay is gone: nobody to tell
            pass


class AppContext(QObject):
    """Runs service calls in one transaction each and tells the tabs the book changed."""

    book_changed = Signal()
    unexpected_error = Signal(object)  # background work failed with no one to tell: the app shows a dialog
    # The user's language's `_`, not QObject.tr (widgets translate through the one catalog).
    tr: Translate  # type: ignore[assignment]

    def __init__(
        self,
        book: Book,
        *,
        language: str = "nl",
        today: Callable[[], date] = date.today,
        preferences: Any = None,
        warm_up: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.book = book
        self._warm_up = warm_up
        self.warmed_up = warm_up is None  # what `warm_up` imports has loaded
        self.language = language
        self._today = today
        self.tr = gettext(language)
        self.preferences = preferences  # ui.preferences.Preferences or None (tests)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    def today(self) -> date:
        return self._today()

    def write(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One user action = one service call = one transaction; then refresh the views.

        A full disk, a read-only folder or a damaged book (nothing written: the transaction rolled
        back) comes out as a DomainError in the user's language, which every view already shows."""
        try:
            with self.book.db.transaction() as session:
                result = action(session, *args, **kwargs)
        except Exception as exc:
            from ..domain.errors import DomainError
            from ..persistence.faults import explain

            fault = None if isinstance(exc, DomainError) else explain(exc, self.book.paths.book)
            if fault is None:
                raise
            raise DomainError(fault.in_language(self.language)) from exc
        self.book_changed.emit()
        return result

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.book.db.reading() as session:
            return query(session, *args, **kwargs)

    # --- off the UI thread ------------------------------------------------
    def read_async(
        self,
        query: Callable[..., T],
        *args: Any,
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
        owner: QObject | None = None,
        **kwargs: Any,
    ) -> None:
        """Run a read query in a worker thread; `done` gets the rows back on the UI thread."""
        self.run_async(lambda: self.read(query, *args, **kwargs), done=done, failed=failed, owner=owner)

    def run_async(
        self,
        work: Callable[[], T],
        *,
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Run `work` in a worker thread; the callbacks run on the UI thread, and not at all
        when `owner` (the widget that asked) was deleted in the meantime."""
        from shiboken6 import isValid

        relay = _Relay()
        self._relays.add(relay)  # keep it alive until the job reports

        def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
            self._relays.discard(relay)
            if owner is not None and not isValid(owner):
                return
            if callback is not None:
                callback(value)

        relay.done.connect(lambda value: finish(done, value))
        relay.failed.connect(lambda exc: finish(failed or self._unhandled, exc))
        self._pool.start(_Job(work, relay))

    def after_warm_up(self, done: Callable[[], None], owner: QObject | None = None) -> None:
        """Run the `warm_up` given at construction (it imports SQLAlchemy, the models, the services: no
        Qt) in a worker, then call `done` on the UI thread. The window paints before they load;
        work that needs them waits for `done` instead of freezing the UI on the import lock."""
        warm_up, self._warm_up = self._warm_up, None
        if warm_up is None:
            QTimer.singleShot(0, owner or self, done)
            return

        def load() -> None:
            warm_up()
            self.warmed_up = True  # whether or not the window that asked is still there

        def report(exc: Exception) -> None:  # the UI imports them again and reports properly
            self._unhandled(exc)
            self.warmed_up = True
            done()

        self.run_async(load, done=lambda _: done(), failed=report, owner=owner)

    def wait_idle(self, msecs: int = 10_000) -> bool:
        """Block until every worker is done (tests, shutdown)."""
        return self._pool.waitForDone(msecs)

    def _unhandled(self, exc: Exception) -> None:
        import logging

        logging.getLogger(__name__).error("background work failed: %s", exc, exc_info=exc)
        self.unexpected_error.emit(exc)

    # --- formatting in the user's language ---------------------------------
    def money(self, cents: int) -> str:
        return _money(cents, self.language)

    def amount(self, cents: int) -> str:
        return _amount(cents, self.language)

    def say(self, message: object, *, alone: bool = True) -> str:
        """An error or a domain sentence (already formatted in English) in the user's language; a sentence
        of its own, or (alone=False) a part of another one."""
        from ..i18n.sentences import sentence

        translated = getattr(message, "translated", None)  # an error or Message carrying its msgid and values
        if callable(translated):
            message = translated(self.tr)
        return sentence(message, self.language, alone=alone)

    def date(self, value: date | None) -> str:
        return i18n.format_date(value, self.language) if value else ""
