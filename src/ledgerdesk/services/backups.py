"""Backups as the user asks for them: now, daily while working, on close; list, preview, restore, move.

The same functions serve the Backups window, the app's timers and the `backup`, `backups`,
`restore` and `move-book` commands. "Now" is a parameter; only the edges read the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..domain.messages import Message
from ..paths import BookPaths
from ..persistence.backups import (
    Backup,
    BackupError,
    BackupFacts,
    BackupResult,
    BackupSettings,
    check,
    daily_due,
    list_backups,
    make_backup,
    restore_book,
    same_disk_warning,
)
from ..persistence.book import BookError

__all__ = ["Backup", "BackupError", "BackupFacts", "BackupResult", "BackupSettings", "Overview"]  # for the UI


@dataclass(frozen=True)
class Overview:
    """What the Backups window and `ledgerdesk backups` show."""

    backups: list[Backup]
    settings: BackupSettings
    warning: Message | None


def _require_book(paths: BookPaths) -> None:
    if not paths.book.exists():
        raise BookError(f"There is no book at {paths.book}.")


def back_up_now(paths: BookPaths, *, now: datetime) -> BackupResult:
    _require_book(paths)
    return make_backup(paths, "manual", now=now)


def back_up_if_due(paths: BookPaths, *, now: datetime) -> BackupResult | None:
    """The daily backup, while the app is used: made unless one was already made today or they are off."""
    settings = BackupSettings.load(paths)
    if not settings.automatic or not paths.book.exists():
        return None
    if not daily_due(list_backups(paths, settings), now.date()):
        return None
    return make_backup(paths, "daily", now=now, settings=settings)


def back_up_on_close(paths: BookPaths, *, now: datetime) -> BackupResult | None:
    settings = BackupSettings.load(paths)
    if not settings.automatic or not paths.book.exists():
        return None
    return make_backup(paths, "close", now=now, settings=settings)


def overview(paths: BookPaths) -> Overview:
    settings = BackupSettings.load(paths)
    found = list_backups(paths, settings)
    return Overview(found, settings, same_disk_warning(paths, settings, found))


def preview(file: Path) -> BackupFacts:
    """What a backup holds, checked again now (a damaged copy raises BackupError)."""
    return check(Path(file))


def restore(paths: BookPaths, file: Path, *, now: datetime) -> BackupFacts:
    """Replace the book by the backup; the book as it was is backed up first. The book must be closed."""
    return restore_book(paths, Path(file), now=now)


def set_second_folder(paths: BookPaths, folder: Path | None) -> BackupSettings:
    """A USB disk or NAS folder that receives a checked copy of every backup (None: no second folder)."""
    if folder is not None and not Path(folder).is_dir():
        raise BackupError(Message.of("The folder {folder} does not exist.", folder=folder))
    settings = BackupSettings.load(paths)
    settings.second_folder = Path(folder).resolve() if folder is not None else None
    settings.save(paths)
    return settings


def set_automatic(paths: BookPaths, automatic: bool) -> BackupSettings:
    settings = BackupSettings.load(paths)
    settings.automatic = automatic
    settings.save(paths)
    return settings


def move_book(paths: BookPaths, folder: Path) -> BookPaths:
    """Copy a book (e.g. off a network drive) into a local folder, checked; the original is left as it was."""
    from ..persistence.backups import read_only, verify
    from ..persistence.location import unsafe_for_book

    _require_book(paths)
    target = BookPaths.in_dir(Path(folder))
    problem = unsafe_for_book(target.folder)
    if problem is not None:
        raise BackupError(problem)
    if target.book.exists():
        raise BackupError(Message.of("There is already a book at {path}; choose an empty folder.", path=target.book))
    target.folder.mkdir(parents=True, exist_ok=True)
    partial = target.folder / f".{target.book.name}.partial"
    try:
        import sqlite3

        source = read_only(paths.book)
        copy = sqlite3.connect(str(partial))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        verify(partial)
        partial.replace(target.book)
    except sqlite3.Error as exc:
        raise BackupError(
            Message.of("The book {path} could not be copied: {error}.", path=paths.book, error=exc)
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return target


def describe(backup: Backup) -> dict[str, object]:
    """A backup as plain data (the JSON of `ledgerdesk backups --json`)."""
    facts = backup.facts
    return {
        "file": str(backup.path),
        "made_at": backup.made_at.isoformat(timespec="seconds"),
        "kind": backup.label,
        "second_folder": backup.second_copy,
        "verified": backup.verified,
        "size": facts.size if facts else backup.path.stat().st_size,
        "schema": facts.revision if facts else None,
        "company": facts.company if facts else None,
        "invoices": facts.invoices if facts else None,
        "last_invoice": facts.last_invoice if facts else None,
        "last_credit_note": facts.last_credit_note if facts else None,
        "archived_einvoices": facts.archived_einvoices if facts else None,
        "customers": facts.customers if facts else None,
        "sha256": facts.sha256 if facts else None,
    }
