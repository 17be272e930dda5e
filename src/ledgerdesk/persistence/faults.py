"""Storage faults (full disk, read-only folder or file, damaged book) as one sentence that says what is wrong.

SQLite and the operating system report these as "database or disk is full", "disk I/O error",
"attempt to write a readonly database" or an errno; the user needs to know which file, what is
actually wrong and what to do. `explain()` turns such an exception into a StorageError (a
BookError, so every boundary that already shows BookErrors shows these too) or returns None when
the exception is not a storage fault. The messages are msgids (translated in storage.po) with
their values, so the edge can show them in the user's language.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from .errors import BookError

MB = 1024 * 1024


class StorageError(BookError):
    """The disk or the folder refused a write, or the file is damaged; nothing was changed."""


class DiskFullError(StorageError):
    pass


class ReadOnlyError(StorageError):
    pass


class DamagedBookError(StorageError):
    pass


def free_bytes(folder: Path) -> int | None:
    """Free space where `folder` (or its nearest existing parent) lives; None when it cannot be told."""
    for candidate in (folder, *folder.parents):
        try:
            return shutil.disk_usage(candidate).free
        except OSError:
            continue
    return None


def megabytes(size: int) -> int:
    """Whole MB, rounded up so that 'N MB needed' is never an understatement."""
    return max(1, -(-size // MB))


def disk_full(path: Path, needed: int) -> DiskFullError:
    free = free_bytes(path.parent)
    return DiskFullError(
        "The disk is full: writing {path} needs about {needed} MB of free space ({free} MB free); "
        "free some space and try again. Nothing was changed.",
        path=str(path),
        needed=megabytes(needed),
        free=(free or 0) // MB,
    )


def folder_is_read_only(folder: Path) -> bool:
    """Read-only mount or a folder we may not write in (os.access sees EROFS even for root)."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        pass
    return folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK)


def read_only_folder(folder: Path) -> ReadOnlyError:
    return ReadOnlyError(
        "The folder {folder} is read-only, so the book in it can be read but not changed; "
        "copy the folder to a writable place (or make it writable) and try again.",
        folder=str(folder),
    )


def read_only_file(path: Path) -> ReadOnlyError:
    return ReadOnlyError(
        "The book file {path} is read-only, so it can be read but not changed; "
        "make it writable (or copy it) and try again.",
        path=str(path),
    )


def damaged(path: Path, detail: str) -> DamagedBookError:
    return DamagedBookError(
        "The book {path} is damaged ({detail}) and was not changed; restore it from a backup in {backups}.",
        path=str(path),
        detail=detail,
        backups=str(path.parent / "backups"),
    )


def _sqlite_message(exc: BaseException) -> str | None:
    """The SQLite error text of a sqlite3 error, bare or wrapped by SQLAlchemy."""
    orig = getattr(exc, "orig", exc)
    if isinstance(orig, sqlite3.Error):
        return str(orig).lower()
    return None


def quick_check(path: Path) -> str | None:
    """None when SQLite finds the file sound, else its first complaint. Read-only; never changes it."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("PRAGMA quick_check(1)").fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        return str(exc)
    return None if row and row[0] == "ok" else str(row[0] if row else "no answer")


def explain(
    exc: BaseException, book: Path, *, writing: Path | None = None, needed: int | None = None
) -> StorageError | None:
    """The StorageError a low-level failure really is, or None when it is not a storage fault.

    `book` is the open book; `writing` the file being written when it is not the book (an export,
    a PDF); `needed` the bytes that write needed, when known."""
    if isinstance(exc, StorageError):
        return exc
    target = writing or book
    sqlite_text = _sqlite_message(exc)
    if sqlite_text is not None:
        if "disk is full" in sqlite_text or "database or disk is full" in sqlite_text:
            return disk_full(target, needed or _book_size(book))
        if "readonly database" in sqlite_text or "read-only" in sqlite_text:
            return read_only_folder(book.parent) if folder_is_read_only(book.parent) else read_only_file(book)
        if "disk i/o error" in sqlite_text or "unable to open database file" in sqlite_text:
            if folder_is_read_only(book.parent):
                return read_only_folder(book.parent)
            free = free_bytes(book.parent)
            if free is not None and free < 2 * MB:
                return disk_full(target, needed or _book_size(book))
            return None
        if "could not decode to utf-8" in sqlite_text:
            column = sqlite_text.split("column '", 1)[-1].split("'", 1)[0] if "column '" in sqlite_text else "?"
            return damaged(book, f"text that is not UTF-8 in the column {column}")
        if "malformed" in sqlite_text or "not a database" in sqlite_text:
            return damaged(book, sqlite_text)
        return None
    if isinstance(exc, UnicodeDecodeError) and book.is_file():
        # Text in the book that is not UTF-8: bytes flipped on disk. Say so only when SQLite agrees.
        problem = quick_check(book)
        return damaged(book, problem) if problem else None
    if isinstance(exc, OSError):
        where = Path(exc.filename) if isinstance(exc.filename, str) else target
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return disk_full(where, needed or _book_size(book))
        if exc.errno == errno.EROFS:
            folder = where if where.is_dir() else where.parent
            if folder.resolve() == book.parent.resolve():
                return read_only_folder(folder)
            return ReadOnlyError(
                "The folder {folder} is read-only, so {path} cannot be written there; choose another folder.",
                folder=str(folder),
                path=str(where),
            )
        if exc.errno in (errno.EACCES, errno.EPERM):
            return ReadOnlyError(
                "Access to {path} was refused (permission denied); check its permissions and try again.",
                path=str(where),
            )
    return None


def _book_size(book: Path) -> int:
    size = 0
    for path in (book, book.with_name(book.name + "-wal")):
        try:
            size += path.stat().st_size
        except OSError:
            pass
    return max(size, MB)
