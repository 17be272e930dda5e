"""Opening a book file: check what it is, lock it for writing, back it up and migrate it when it is behind.

On a network drive or in a sync folder -> refused read-write before anything is written (see location).
At head -> open (alembic is not even imported). Behind -> back up with SQLite's backup API
into backups/ (verified before it counts, rotated: see persistence.backups), then upgrade in one transaction: all
or nothing. Newer than this app, not a LedgerDesk file, or open in another writing process -> a
BookError with one clear sentence, and the file is left untouched (not even a lock file).

Writers (the app, and commands when they first write) hold the book's lock file; readers
never take it, so `invoices` or `kpi` work while the app has the book open and on read-only
media. SQLite's WAL gives each reader a consistent snapshot.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import BookPaths
from .book_lock import acquire_lock as _acquire_lock
from .db import Database
from .errors import (
    BookError,
    BookLockedError,
    EmptyBookFileError,
    NewerBookError,
    NotABookError,
    UnsafeLocationError,
)
from .faults import (
    MB,
    DiskFullError,
    StorageError,
    explain,
    folder_is_read_only,
    free_bytes,
    megabytes,
    read_only_file,
)
from .inspect_book import (
    SQLITE_MAGIC,
    connect_read_only,
    inspect,
    read_only_uri,
    wal_of,
)
from .revisions import alembic_config as _alembic_config
from .revisions import known_revisions
from .schema import HEAD_REVISION
from .write_stamp import stamp_if_new

__all__ = [
    "SQLITE_MAGIC",
    "Book",
    "BookError",
    "BookLockedError",
    "EmptyBookFileError",
    "NewerBookError",
    "NotABookError",
    "StorageError",
    "UnsafeLocationError",
    "backup",
    "known_revisions",
    "open_book",
    "read_revision",
    "upgrade",
]

log = logging.getLogger(__name__)
COMPANY_TABLE = "company"


Progress = Callable[[str], None]


@dataclass
class Book:
    """An open book: its paths, its database and, once it writes, the lock that keeps other writers out."""

    paths: BookPaths
    db: Database
    _lock: object = field(repr=False, default=None)
    backup_made: Path | None = None
    _locking: threading.Lock = field(repr=False, default_factory=threading.Lock)

    def has_company(self) -> bool:
        """Whether the company is set up. Read with the standard library's sqlite3, so the
        way to the first window needs no SQLAlchemy (a test keeps the table name honest)."""
        conn = connect_read_only(self.paths.book)
        try:
            return conn.execute(f"SELECT 1 FROM {COMPANY_TABLE} WHERE id = 1").fetchone() is not None
        finally:
            conn.close()

    @property
    def writing(self) -> bool:
        """Whether this process holds the writers' lock."""
        return self._lock is not None and bool(self._lock.is_locked)  # type: ignore[attr-defined]

    def take_write_lock(self) -> None:
        """Before the first write of a book opened for reading: refused when another process writes."""
        with self._locking:
            if self.writing:
                return
            if not os.access(self.paths.book, os.W_OK) and not folder_is_read_only(self.paths.folder):
                raise read_only_file(self.paths.book)
            self._lock = _acquire_lock(self.paths)

    def close(self) -> None:
        self.db.dispose()
        with self._locking:
            if self._lock is not None and self._lock.is_locked:  # type: ignore[attr-defined]
                self._lock.release()  # type: ignore[attr-defined]

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_revision(path: Path) -> str | None:
    """The alembic revision stamped in the file; None for an empty new database. Never changes the file."""
    return inspect(path).revision


def backup(paths: BookPaths, label: str) -> Path:
    """A verified, rotated backup of the live book into backups/ (see persistence.backups).

    The copy gets its real name only once verified, so a copy that failed or was cut short by a
    killed process never counts as a backup; partial copies left by a killed process are removed
    here."""
    from .backups import make_backup

    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
        for stale in [*paths.backups.glob("*.partial*"), *paths.backups.glob(".*.partial*")]:
            stale.unlink(missing_ok=True)
        return make_backup(paths, label).backup.path
    except OSError as exc:
        raise explain(exc, paths.book, writing=paths.backups, needed=_size(paths.book)) or BookError(str(exc)) from None


def upgrade(db: Database, revision: str = "head") -> None:
    """Run the migrations up to `revision` in ONE transaction: a failure (a full disk) rolls all of them back.

    Alembic gives each migration its own transaction on SQLite (it deems SQLite's DDL
    non-transactional); SQLite's DDL is transactional, so the whole upgrade runs inside the
    transaction begun here, which alembic then leaves alone."""
    from alembic import command

    with db.write_engine.connect() as conn, conn.begin():
        command.upgrade(_alembic_config(conn), revision)


def _size(path: Path) -> int:
    total = 0
    for part in (path, wal_of(path)):
        try:
            total += part.stat().st_size
        except OSError:
            pass
    return total


def _fsync(path: Path, *, folder: bool = False) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # folders cannot be opened on Windows; the rename is durable there anyway
    try:
        os.fsync(fd)
    except OSError:
        if not folder:
            raise
    finally:
        os.close(fd)


def _remove_leftovers(paths: BookPaths) -> None:
    """New books made by a process that was killed before it renamed them into place."""
    for leftover in paths.folder.glob(f".{paths.book.name}.new-*"):
        try:
            leftover.unlink()
        except OSError:
            pass


def _create(paths: BookPaths, progress: Progress | None) -> None:
    """A new book is built at head under a temporary name, then renamed into place: a book file
    either does not exist or is a complete book (never an empty or half-made one after a crash)."""
    if progress:
        progress("Creating the book")
    temporary = paths.folder / f".{paths.book.name}.new-{os.getpid()}"
    db = Database(temporary)
    try:
        upgrade(db)
        db.dispose()  # the last connection checkpoints the WAL into the file and removes it
        _fsync(temporary)
        os.replace(temporary, paths.book)
        _fsync(paths.folder, folder=True)
    except BaseException as exc:
        db.dispose()
        for part in (temporary, wal_of(temporary), temporary.with_name(temporary.name + "-shm")):
            part.unlink(missing_ok=True)
        fault = explain(exc, paths.book, needed=MB) if isinstance(exc, Exception) else None
        if fault is not None:
            raise fault from exc
        raise


def _migrate(paths: BookPaths, revision: str | None, progress: Progress | None) -> Path | None:
    """Back up (verified), then upgrade in one transaction; on any failure the book is left at
    `revision` (restored from the backup if SQLite could not roll back) and the error says so."""
    size = _size(paths.book)
    needed = size + size // 2 + MB  # the backup, and room for the upgrade (tables rebuilt in the WAL)
    free = free_bytes(paths.folder)
    if revision is not None and free is not None and free < needed:
        raise StorageError(
            "The book {path} must be updated for this version of LedgerDesk, which needs about {needed} MB of free "
            "space for a backup and the update ({free} MB free); free some space and open it again. "
            "The book was not changed.",
            path=str(paths.book),
            needed=megabytes(needed),
            free=free // MB,
        )
    backup_made = None
    if revision is not None:
        if progress:
            progress("Backing up the book before updating it")
        backup_made = backup(paths, f"before-{HEAD_REVISION}")
        log.info("backup before migration: %s", backup_made)
    if progress:
        progress("Updating the book to the current version")
    db = Database(paths.book)
    try:
        upgrade(db)
    except Exception as exc:
        db.dispose()
        _ensure_at(paths, revision, backup_made)
        cause = explain(exc, paths.book, needed=needed)
        if isinstance(cause, DiskFullError):
            free = free_bytes(paths.folder)
            raise StorageError(
                "The disk is full: the book {path} could not be updated for this version of LedgerDesk, which needs "
                "about {needed} MB of free space ({free} MB free). The book was left as it was (schema {revision}); "
                "free some space and open it again.",
                path=str(paths.book),
                needed=megabytes(needed),
                free=(free or 0) // MB,
                revision=revision or "new",
            ) from exc
        raise StorageError(
            "The book {path} could not be updated for this version of LedgerDesk ({reason}); it was left as it was "
            "(schema {revision}).",
            path=str(paths.book),
            reason=str(cause or exc),
            revision=revision or "new",
        ) from exc
    finally:
        db.dispose()
    return backup_made


def _ensure_at(paths: BookPaths, revision: str | None, backup_made: Path | None) -> None:
    """After a failed upgrade SQLite has rolled it back. Should the file nevertheless say another
    revision, put the verified backup back (with the backup API, so the WAL stays consistent).
    A file that cannot be read just now (no room for its -shm on a full disk) is left alone."""
    try:
        now = inspect(paths.book).revision
    except BookError:
        return
    if now == revision or backup_made is None:
        return
    log.error("upgrade left %s at %s instead of %s; restoring %s", paths.book, now, revision, backup_made)
    src = sqlite3.connect(str(backup_made))
    dst = sqlite3.connect(str(paths.book))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _reader(paths: BookPaths) -> Book:
    """A book at head opened for reading: no lock file (the lock is taken on the first write), and
    read-only SQLite when the folder or the file cannot be written (a read-only mount, a CD)."""
    read_only = folder_is_read_only(paths.folder) or not os.access(paths.book, os.W_OK)
    book = Book(paths=paths, db=Database(paths.book, read_uri=read_only_uri(paths.book) if read_only else None))
    book.db.before_write = book.take_write_lock
    return book


def open_book(
    paths: BookPaths, *, create: bool = True, progress: Progress | None = None, for_writing: bool = True
) -> Book:
    """Open (and if needed create or migrate) the book. Raises BookError subclasses.

    `for_writing=False` opens a book that is at head without taking the writers' lock; its
    first write transaction takes it (or is refused when another process holds it)."""
    found = inspect(paths.book)  # reads only: a refused file is left exactly as it was
    if not found.exists and not create:
        raise BookError("There is no book at {path}.", path=str(paths.book))
    from .location import unsafe_for_book

    # Readers too: WAL's shared memory is not safe on a network drive, and a sync client may swap
    # the file under a reader.
    problem = unsafe_for_book(paths.folder)
    if problem is not None:
        raise UnsafeLocationError(problem)
    if found.exists and found.revision == HEAD_REVISION and not for_writing:
        return _reader(paths)
    if found.revision not in (None, HEAD_REVISION):
        _refuse_newer(paths, found.revision)
        if folder_is_read_only(paths.folder):
            raise StorageError(
                "The book {path} was made by an older LedgerDesk and must be updated before it can be opened, but "
                "its folder is read-only; copy the folder to a writable place and open it there.",
                path=str(paths.book),
            )
    lock = _acquire_lock(paths)
    try:
        found = inspect(paths.book)  # again under the lock: another process may have made or updated it
        _remove_leftovers(paths)
        backup_made = None
        if not found.exists:
            _create(paths, progress)
        elif found.revision != HEAD_REVISION:
            _refuse_newer(paths, found.revision)
            backup_made = _migrate(paths, found.revision, progress)
        stamp_if_new(paths.book)  # once per book: made before write stamps, it has none yet
        return Book(paths=paths, db=Database(paths.book), _lock=lock, backup_made=backup_made)
    except BaseException:
        lock.release()
        raise


def _refuse_newer(paths: BookPaths, revision: str | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise NewerBookError(
            "The book {path} was written by a newer version of LedgerDesk (schema {revision}); "
            "update the app to open it.",
            path=str(paths.book),
            revision=revision,
        )
