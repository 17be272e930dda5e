"""Engines and sessions for one book file: WAL, foreign keys, full sync, immediate write locks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def _configure(engine: Engine, *, immediate: bool) -> Engine:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # A write transaction takes the write lock up front, so two writers
        # serialise instead of failing half-way (gapless numbering relies on it).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def make_engine(path: Path, *, immediate: bool = True) -> Engine:
    return _configure(create_engine(f"sqlite:///{path}"), immediate=immediate)


class Database:
    """A book's engines: writes begin IMMEDIATE, reads are deferred and never block a writer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.write_engine = make_engine(path, immediate=True)
        self.read_engine = make_engine(path, immediate=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commit on success, roll back everything on any error."""
        with self._write() as session:
            with session.begin():
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()
