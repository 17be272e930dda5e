"""Opening a book file: lock it, check what it is, back it up and migrate it when it is behind.

At head -> open (alembic is not even imported). Behind -> back up with SQLite's
backup API into backups/ (last 10 kept), then upgrade. Newer than this app, not a
LedgerDesk file, or open in another process -> a BookError with one clear sentence,
and the file is left untouched.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..paths import BookPaths, migrations_dir
from .db import Database
from .schema import HEAD_REVISION

log = logging.getLogger(__name__)
KEEP_BACKUPS = 10
SQLITE_MAGIC = b"SQLite format 3\x00"
COMPANY_TABLE = "company"


class BookError(Exception):
    """The book cannot be opened; the message says why in one sentence."""


class BookLockedError(BookError):
    pass


class NewerBookError(BookError):
    pass


class NotABookError(BookError):
    pass


Progress = Callable[[str], None]


@dataclass
class Book:
    """An open book: its paths, its database and the lock that keeps other processes out."""

    paths: BookPaths
    db: Database
    _lock: object = field(repr=False)
    backup_made: Path | None = None

    def has_company(self) -> bool:
        """Whether the company is set up. Read with the standard library's sqlite3, so the
        way to the first window needs no SQLAlchemy (a test keeps the table name honest)."""
        conn = sqlite3.connect(f"file:{self.paths.book}?mode=ro", uri=True)
        try:
            return conn.execute(f"SELECT 1 FROM {COMPANY_TABLE} WHERE id = 1").fetchone() is not None
        finally:
            conn.close()

    def close(self) -> None:
        self.db.dispose()
        self._lock.release()  # type: ignore[attr-defined]

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _acquire_lock(paths: BookPaths):  # type: ignore[no-untyped-def]
    from filelock import FileLock, Timeout

    paths.folder.mkdir(parents=True, exist_ok=True)
    # thread_local=False: the app opens books in a worker thread and closes them on the UI thread.
    lock = FileLock(str(paths.lock), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise BookLockedError(
            f"The book {paths.book} is open in another LedgerDesk window or command; close it there first."
        ) from None
    return lock


def read_revision(path: Path) -> str | None:
    """The alembic revision stamped in the file; None for an empty new file."""
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head and head != SQLITE_MAGIC:
        raise NotABookError(f"{path} is not a LedgerDesk book (not an SQLite database).")
    if not head:
        return None
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return None
        if "alembic_version" not in tables:
            raise NotABookError(f"{path} is an SQLite database but not a LedgerDesk book.")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise NotABookError(f"{path} cannot be read as a LedgerDesk book ({exc}).") from None
    finally:
        conn.close()


def backup(paths: BookPaths, label: str) -> Path:
    """Copy the live book with SQLite's online backup API; keep the newest KEEP_BACKUPS."""
    paths.backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = paths.backups / f"{paths.book.stem}-{stamp}-{label}.sqlite"
    src = sqlite3.connect(str(paths.book))
    dst = sqlite3.connect(str(target))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    for old in sorted(paths.backups.glob(f"{paths.book.stem}-*.sqlite"))[:-KEEP_BACKUPS]:
        old.unlink()
    return target


def _alembic_config(connection):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> list[str]:
    """Every revision the shipped migrations know, oldest first."""
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    script = ScriptDirectory.from_config(cfg)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command

    with db.write_engine.connect() as conn:
        # The "begin" hook would open a transaction alembic also wants to own; alembic
        # runs its own transaction on this connection.
        command.upgrade(_alembic_config(conn), revision)
        conn.commit()


def open_book(paths: BookPaths, *, create: bool = True, progress: Progress | None = None) -> Book:
    """Open (and if needed create or migrate) the book. Raises BookError subclasses."""
    if not paths.book.exists() and not create:
        raise BookError(f"There is no book at {paths.book}.")
    lock = _acquire_lock(paths)
    try:
        existed = paths.book.exists()
        revision = read_revision(paths.book) if existed else None
        backup_made = None
        if revision != HEAD_REVISION:
            known = known_revisions()
            if revision is not None and revision not in known:
                raise NewerBookError(
                    f"The book {paths.book} was written by a newer version of LedgerDesk "
                    f"(schema {revision}); update the app to open it."
                )
            if revision is not None:
                if progress:
                    progress("Backing up the book before updating it")
                backup_made = backup(paths, f"before-{HEAD_REVISION}")
                log.info("backup before migration: %s", backup_made)
            if progress:
                progress("Updating the book to the current version")
        db = Database(paths.book)
        if revision != HEAD_REVISION:
            upgrade(db)
        return Book(paths=paths, db=db, _lock=lock, backup_made=backup_made)
    except BaseException:
        lock.release()
        raise
