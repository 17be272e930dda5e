"""Why a book cannot be opened: the errors opening a book raises, for the UI that explains them and offers a way out."""

from __future__ import annotations

from ..persistence.book import (
    BookError,
    BookLockedError,
    EmptyBookFileError,
    NewerBookError,
    NotABookError,
    UnsafeLocationError,
)

__all__ = [
    "BookError",
    "BookLockedError",
    "EmptyBookFileError",
    "NewerBookError",
    "NotABookError",
    "UnsafeLocationError",
]
