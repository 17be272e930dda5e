"""The book's write stamp: a fresh random number set by every write transaction, read without SQLAlchemy.

What is computed from the whole book (the reminder proposal of a day, ~1.5 s on a 10-year book) can be
kept between sessions and trusted while the stamp it was computed under is still the book's: any write
made through the app or the command line changes it, a restored backup carries the stamp of the state it
copied. It lives in SQLite's header field `user_version` (written in the same transaction as the data, so
a rolled-back write leaves it as it was): no table, no migration. 0 means never stamped: trust nothing.
"""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .inspect_book import read_only_uri

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SET_STAMP = "PRAGMA user_version = {stamp}"
READ_STAMP = "PRAGMA user_version"


def new_stamp_sql() -> str:
    """The statement a write transaction ends with: a random stamp in 1..2**31-1 (user_version is signed)."""
    return SET_STAMP.format(stamp=secrets.randbelow(2**31 - 1) + 1)


def stamp_if_new(book: Path) -> None:
    """Give a book that has no stamp yet its first one (called under the writers' lock, before SQLAlchemy loads)."""
    try:
        conn = sqlite3.connect(str(book), isolation_level=None)
        try:
            if not conn.execute(READ_STAMP).fetchone()[0]:
                conn.execute(new_stamp_sql())
        finally:
            conn.close()
    except sqlite3.Error:  # full disk, damaged file: nothing is kept for this book until a write stamps it
        pass


def book_state(book: Path) -> tuple[int, str] | None:
    """(stamp, schema revision) of the book as it is now, read with sqlite3 (~1 ms); None when it cannot be read."""
    try:
        conn = sqlite3.connect(read_only_uri(book), uri=True)
    except (sqlite3.Error, OSError):
        return None
    try:
        (stamp,) = conn.execute(READ_STAMP).fetchone()
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return (int(stamp), str(row[0])) if row else None


def state_in(session: Session) -> tuple[int, str]:
    """(stamp, schema revision) as the session's transaction sees the book: read in the same snapshot as its data."""
    conn = session.connection()
    stamp = conn.exec_driver_sql(READ_STAMP).scalar()
    revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return int(stamp or 0), str(revision)
