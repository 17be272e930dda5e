"""What every widget gets injected: the open book, the clock, the language, a change signal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from ..i18n import gettext
from ..persistence.book import Book

T = TypeVar("T")


class AppContext(QObject):
    """Runs service calls in one transaction each and tells the tabs the book changed."""

    book_changed = Signal()

    def __init__(self, book: Book, *, language: str = "nl", today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.book = book
        self.language = language
        self._today = today
        self.tr = gettext(language)

    def today(self) -> date:
        return self._today()

    def write(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One user action = one service call = one transaction; then refresh the views."""
        with self.book.db.transaction() as session:
            result = action(session, *args, **kwargs)
        self.book_changed.emit()
        return result

    def read(self, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self.book.db.reading() as session:
            return query(session, *args, **kwargs)

    def session_read(self) -> Session:  # for models that page through rows themselves
        return self.book.db._read()
