"""What a book says about itself before the domain layer loads (a demo book is marked as such)."""

from __future__ import annotations

from pathlib import Path

from ..persistence.book_marks import DEMO_KEY, is_demo

__all__ = ["DEMO_KEY", "is_demo"]


def is_demo_book(book: Path) -> bool:
    """Whether the book is the generated demo business; read with sqlite3 alone, so the window can say so at once."""
    return is_demo(book)
