"""Builders for the backup tests: issued invoices in a real book, and a book's content as comparable text."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from builders import customer, issued_invoice


def add_issued_invoices(book, count: int, first: int = 1) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        who = customer(s, name=f"Klant {first}")
        for i in range(count):
            issued_invoice(s, who, net=str(100 + first + i), day=date(2026, 1, 10))


def dump(path: Path) -> list[str]:
    """Every schema object and row of the file, as SQL (what `.dump` prints)."""
    conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
