"""What a file at the book's path is (a book at some revision, nothing yet, or not a book), read without changing it.

Every check reads only: the header with open(), then SQLite read-only. When no `-wal` file
lies beside the book it is opened `immutable`, so not even a `-wal`, `-shm` or lock file is
made (a refused or read-only file is left exactly as it was found).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..domain.os_errors import reason as os_reason
from .errors import BookError, EmptyBookFileError, NotABookError
from .faults import MB, damaged, disk_full, folder_is_read_only, free_bytes

SQLITE_MAGIC = b"SQLite format 3\x00"
# Tables every revision of the schema has had since 0001 (a test checks each revision): a file
# claiming a revision without them is not a book, whatever its alembic_version says.
BASE_TABLES = frozenset(
    {
        "company",
        "customers",
        "invoices",
        "invoice_lines",
        "invoice_events",
        "payments",
        "allocations",
        "number_series",
        "settings",
    }
)


@dataclass(frozen=True)
class Found:
    """The file at the book's path: `exists` False for no file, `revision` None for an empty database."""

    exists: bool
    revision: str | None = None


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def read_only_uri(path: Path) -> str:
    """A read-only SQLite URI; `immutable` when there is no WAL to read, so nothing is created beside it."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not wal_of(path).exists():
        uri += "&immutable=1"
    return uri


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


def inspect(path: Path) -> Found:
    """Raise NotABookError (with what is wrong and what to do) unless `path` is absent, an empty
    database, or a LedgerDesk book; otherwise say which revision it holds."""
    if path.is_dir():
        raise NotABookError(
            "{path} is a folder, not a book file; choose the book file itself or another data folder.", path=str(path)
        )
    if not path.exists():
        if path.is_symlink():
            raise NotABookError(
                "{path} is a link to a file that does not exist; remove the link or restore its file.", path=str(path)
            )
        return Found(exists=False)
    if not path.is_file():
        raise NotABookError("{path} is not a regular file (a device or a pipe); choose the book file.", path=str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise NotABookError(
            "{path} cannot be read ({reason}); check its permissions.", path=str(path), reason=os_reason(exc)
        ) from None
    if not head:
        raise EmptyBookFileError(
            "The book file {path} is empty (0 bytes) and holds no book. If you want a new book there, delete the "
            "file; if it held your book, restore it from a backup in {backups}.",
            path=str(path),
            backups=str(path.parent / "backups"),
        )
    if head != SQLITE_MAGIC:
        raise NotABookError("{path} is not a LedgerDesk book (not an SQLite database).", path=str(path))
    return Found(exists=True, revision=_revision(path))


def _revision(path: Path) -> str | None:
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise _unreadable(path, exc) from None
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise NotABookError("{path} is an SQLite database but not a LedgerDesk book.", path=str(path))
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        if len(rows) != 1 or not isinstance(rows[0][0], str) or not rows[0][0]:
            raise NotABookError(
                "{path} is not a usable LedgerDesk book: its schema version is missing; restore it from a backup "
                "in {backups}.",
                path=str(path),
                backups=str(path.parent / "backups"),
            )
        missing = sorted(BASE_TABLES - tables)
        if missing:
            raise NotABookError(
                "{path} is not a complete LedgerDesk book (it lacks the tables {tables}); restore it from a backup "
                "in {backups}.",
                path=str(path),
                tables=", ".join(missing),
                backups=str(path.parent / "backups"),
            )
        return rows[0][0]
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from None
    finally:
        conn.close()


def _unreadable(path: Path, exc: BaseException) -> BookError:
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in text and folder_is_read_only(path.parent):
        return NotABookError(
            "{path} cannot be read: the folder is read-only and the book was not closed cleanly (its -wal file is "
            "there without its -shm file); copy the folder to a writable place and open it there.",
            path=str(path),
        )
    if isinstance(exc, sqlite3.OperationalError) and "disk i/o error" in text.lower():
        free = free_bytes(path.parent)
        if free is not None and free < 2 * MB:  # no room for the -shm index a reader needs: not damage
            return disk_full(path, MB)
    if isinstance(exc, UnicodeDecodeError):
        text = "text that is not UTF-8"
    error = damaged(path, text)
    return NotABookError(error.msgid, **error.values)
