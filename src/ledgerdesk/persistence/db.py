"""Engines and sessions for one book file: WAL, foreign keys, full sync, immediate write locks.

SQLAlchemy is imported when a book is first read or written, not when it is opened: the
main window paints first and SQLAlchemy (~0.2 s to import) loads meanwhile off the UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .write_stamp import new_stamp_sql

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session


def _configure(engine: Engine, *, immediate: bool, read_only: bool = False) -> Engine:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not read_only:  # a read-only connection can set neither (the file keeps its WAL mode)
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # An idle connection in the pool gives its page cache back (up to 2 MiB each, one connection per
        # thread that read): a 10-year book is far bigger than the cache, so the next read would not find
        # much of it there anyway, while the app keeps three of them for its whole life.
        if dbapi_conn is not None:
            dbapi_conn.execute("PRAGMA shrink_memory")

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # A write transaction takes the write lock up front, so two writers
        # serialise instead of failing half-way (gapless numbering relies on it).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(path: Path, *, immediate: bool = True, uri: str | None = None) -> Engine:
    """An engine on the book; `uri` (a read-only SQLite URI) for reading media that cannot be written."""
    from sqlalchemy import URL, create_engine

    if uri is None:
        # URL.create, not f"sqlite:///{path}": a folder named "Facturen?2026" or "#2" would be parsed as a query
        return _configure(create_engine(URL.create("sqlite", database=str(path))), immediate=immediate)
    import sqlite3

    from sqlalchemy.pool import QueuePool

    # A file's pool (not the per-thread one SQLAlchemy picks for "sqlite://"): connections are shared by threads.
    engine = create_engine(
        "sqlite://", poolclass=QueuePool, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )
    return _configure(engine, immediate=False, read_only=True)


class Database:
    """A book's engines: writes begin IMMEDIATE, reads are deferred and never block a writer.

    The engines are made on first use (from any thread, once). `read_uri` makes the reading engine
    read-only (a book on read-only media); `before_write` runs before every write transaction (a
    book opened for reading takes the writers' lock there, on its first write)."""

    def __init__(
        self, path: Path, *, read_uri: str | None = None, before_write: Callable[[], None] | None = None
    ) -> None:
        self.path = path
        self.read_uri = read_uri
        self.before_write = before_write
        self._made: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _get(self, name: str) -> Any:
        made = self._made.get(name)
        if made is None:
            with self._lock:
                if not self._made:
                    from sqlalchemy.orm import sessionmaker

                    write_engine = make_engine(self.path, immediate=True)
                    read_engine = make_engine(self.path, immediate=False, uri=self.read_uri)
                    self._made.update(
                        write_engine=write_engine,
                        read_engine=read_engine,
                        write=sessionmaker(write_engine, expire_on_commit=False),
                        read=sessionmaker(read_engine, expire_on_commit=False),
                    )
                made = self._made[name]
        return made

    @property
    def write_engine(self) -> Engine:
        return self._get("write_engine")

    @property
    def read_engine(self) -> Engine:
        return self._get("read_engine")

    def _write(self) -> Session:
        return self._get("write")()

    def _read(self) -> Session:
        return self._get("read")()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit on success, roll back everything on any error."""
        if self.before_write is not None:
            self.before_write()
        with self._write() as session:
            with session.begin():
                yield session
                # What is kept from a whole-book read is trusted only under the stamp it was read at.
                session.connection().exec_driver_sql(new_stamp_sql())

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        with self._lock:
            made, self._made = self._made, {}
        for name in ("write_engine", "read_engine"):
            if name in made:
                made[name].dispose()
