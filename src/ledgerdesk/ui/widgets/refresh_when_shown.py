"""A tab whose refresh reads much of the book refreshes when it is on screen, not behind the user's back.

Built in the background after start-up, such a tab would otherwise read the whole ledger while the
user works in another tab; and a hidden tab need not follow every change of the book.
"""

from __future__ import annotations


class RefreshWhenShown:
    """Mix in before QWidget; the class has `refresh()` and calls `watch_book(ctx)` in `__init__`."""

    _stale = True

    def watch_book(self, ctx) -> None:  # type: ignore[no-untyped-def]
        self._stale = True
        ctx.book_changed.connect(self._book_changed)

    def _book_changed(self) -> None:
        if self.isVisible():  # type: ignore[attr-defined]
            self.refresh()  # type: ignore[attr-defined]
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().showEvent(event)  # type: ignore[misc]
        if self._stale:
            self._stale = False
            self.refresh()  # type: ignore[attr-defined]
