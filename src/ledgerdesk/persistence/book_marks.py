"""Marks a book carries about itself (a demo book says so), read with sqlite3 on the way to the first window."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .inspect_book import read_only_uri

DEMO_KEY = "book.demo"  # in the settings table; set by services.demo.generate


def is_demo(book: Path) -> bool:
    """Whether the book is the generated demo business (False when it cannot tell)."""
    try:
        conn = sqlite3.connect(read_only_uri(book), uri=True)  # a path with ? or # is not cut short
    except sqlite3.Error:
        return False
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (DEMO_KEY,)).fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    try:
        return bool(row) and json.loads(row[0]) is True
    except (TypeError, ValueError):
        return False
