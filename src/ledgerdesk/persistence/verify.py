"""A backup counts only once verified: it opens, SQLite finds it sound, and it says which schema it holds.

One small function, so every way of making a backup (before a migration, by hand, on a
schedule) checks its copy the same way and a failed or 0-byte copy never stays among the kept.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .faults import StorageError


class BackupNotVerifiedError(StorageError):
    """The copy was removed: it is not a usable book."""


def backup_problem(path: Path) -> str | None:
    """None for a usable copy of a book, else what is wrong with it. Reads only."""
    try:
        if path.stat().st_size == 0:
            return "it is empty"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check(1)").fetchone()
            if not result or result[0] != "ok":
                return f"integrity check: {result[0] if result else 'no answer'}"
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except (OSError, sqlite3.Error, UnicodeDecodeError) as exc:
        return str(exc)
    if len(rows) != 1 or not rows[0][0]:
        return "it holds no schema version"
    return None


def verify_backup(path: Path) -> None:
    """Raise BackupNotVerifiedError, after deleting the copy, unless `path` is a usable book copy."""
    problem = backup_problem(path)
    if problem is None:
        return
    for part in (path, path.with_name(path.name + "-journal"), path.with_name(path.name + "-wal")):
        try:
            part.unlink(missing_ok=True)
        except OSError:
            pass
    raise BackupNotVerifiedError(
        "The backup {path} could not be verified ({problem}) and was removed; nothing else was changed.",
        path=str(path),
        problem=problem,
    )
