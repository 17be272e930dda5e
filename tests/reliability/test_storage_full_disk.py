"""A full disk during writes, exports and a migration: a plain 'disk is full' sentence, an intact book, no leftovers.

Each case copies the demo book onto a small tmpfs (root, as in CI), fills the disk, runs
the command, then frees the space and checks: exit 1 with one sentence, no `*.tmp` or half
file, the book's rows exactly as before and its integrity intact.
"""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence import book as book_module

from .storage_helpers import (
    AS_OF,
    behind_book,
    book_state,
    check_book,
    fill_disk,
    run,
    small_disk,
)

WRITES = {
    "import-statement": lambda d: ("import-statement", str(d / "demo-statement.cod")),
    "recurring-run": lambda d: ("recurring", "run", "--as-of", "2026-12-31", "--confirm"),
    "reminders-confirm": lambda d: ("reminders", "confirm", "--as-of", AS_OF, "--ignore-bank-age"),
    "export-book": lambda d: ("export-book", "-o", str(d / "book.json")),
    "reminders-print": lambda d: ("reminders", "print", "--as-of", AS_OF, "-o", str(d / "letters.pdf")),
}


def _assert_disk_full_sentence(code: int, err: str) -> None:
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in err and "disk I/O error" not in err, err
    assert "The disk is full" in lines[0] and "MB" in lines[0] and "free some space" in lines[0], err


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_full_disk_during_a_command_changes_nothing_and_says_so(name, demo_folder, tmp_path):
    with small_disk(tmp_path / "disk", "4m") as disk:
        folder = disk / "book"
        shutil.copytree(demo_folder, folder)
        if name == "reminders-print":  # letters to print
            assert run(folder, *WRITES["reminders-confirm"](folder))[0] == 0
        before = book_state(folder / "ledgerdesk.sqlite")
        ballast = fill_disk(disk, leave=0)
        code, _, err = run(folder, *WRITES[name](folder))
        _assert_disk_full_sentence(code, err)
        ballast.unlink()
        leftovers = [p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".part")) or p.name.startswith(".")]
        assert leftovers == []
        assert not (folder / "book.json").exists() and not (folder / "letters.pdf").exists()
        check_book(folder / "ledgerdesk.sqlite")
        assert book_state(folder / "ledgerdesk.sqlite") == before


def test_demo_on_a_full_disk_leaves_no_book_and_no_temporary_file(tmp_path):
    with small_disk(tmp_path / "disk", "1m") as disk:
        folder = disk / "book"
        folder.mkdir()
        ballast = fill_disk(disk, leave=48 * 1024)
        code, _, err = run(folder, "demo", "--years", "1", "--customers", "3", "--as-of", AS_OF)
        _assert_disk_full_sentence(code, err)
        ballast.unlink()
        names = sorted(p.name for p in folder.iterdir())
        assert "ledgerdesk.sqlite" not in names or book_state(folder / "ledgerdesk.sqlite")["company"] == []
        assert not [n for n in names if n.endswith((".tmp", "-journal")) or ".new-" in n], names


def test_a_migration_without_room_is_refused_before_it_starts(tmp_path):
    with small_disk(tmp_path / "disk", "4m") as disk:
        book, revision = behind_book(disk / "book", tmp_path / "built")
        before = book_state(book)
        code, _, err = run(book.parent, "invoices")
        assert code == 1 and "must be updated" in err and "MB of free space" in err and "not changed" in err, err
        assert book_module.read_revision(book) == revision and book_state(book) == before
        assert not (book.parent / "backups").exists() or not list((book.parent / "backups").iterdir())


def test_a_full_disk_in_the_middle_of_a_migration_leaves_the_book_at_its_revision(tmp_path, monkeypatch):
    """The disk fills up after the backup, while the migrations run: all of them roll back."""
    with small_disk(tmp_path / "disk", "10m") as disk:
        book, revision = behind_book(disk / "book", tmp_path / "built")
        before = book_state(book)
        made = []
        backup = book_module.backup

        def backup_then_fill(paths, label):
            made.append(backup(paths, label))
            fill_disk(disk, leave=0)
            return made[-1]

        monkeypatch.setattr(book_module, "backup", backup_then_fill)
        with pytest.raises(book_module.StorageError) as refused:
            book_module.open_book(BookPaths(book))
        message = str(refused.value)
        assert "The disk is full" in message and f"left as it was (schema {revision})" in message, message
        (disk / "ballast.bin").unlink()
        assert book_module.read_revision(book) == revision
        check_book(book)
        assert book_state(book) == before
        assert book_module.read_revision(made[0]) == revision  # the verified backup is a usable copy
        monkeypatch.setattr(book_module, "backup", backup)
        book_module.open_book(BookPaths(book)).close()  # with room again, the update goes through
        assert book_module.read_revision(book) == book_module.HEAD_REVISION


def test_a_backup_that_cannot_be_completed_is_removed_and_never_counts(tmp_path):
    with small_disk(tmp_path / "disk", "8m") as disk:  # room for the book and one good backup, then filled
        folder = disk / "book"
        book_module.open_book(BookPaths.in_dir(folder)).close()
        paths = BookPaths.in_dir(folder)
        conn = sqlite3.connect(paths.book)
        conn.execute("CREATE TABLE filler (x)")
        conn.executemany("INSERT INTO filler VALUES (?)", [(os.urandom(1000),) for _ in range(1500)])
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        good = book_module.backup(paths, "good")
        fill_disk(disk, leave=64 * 1024)
        with pytest.raises(book_module.StorageError, match="The disk is full"):
            book_module.backup(paths, "manual")
        from ledgerdesk.persistence.backups import list_backups

        assert [kept.path for kept in list_backups(paths)] == [good]
        assert not [left for left in paths.backups.iterdir() if "partial" in left.name]


def test_the_app_shows_a_full_disk_as_a_sentence_in_the_users_language(demo_folder, tmp_path, qapp):
    from ledgerdesk.domain.errors import DomainError
    from ledgerdesk.services.company import CompanyData, save_company
    from ledgerdesk.ui.context import AppContext

    with small_disk(tmp_path / "disk", "4m") as disk:
        folder = disk / "book"
        shutil.copytree(demo_folder, folder)
        book = book_module.open_book(BookPaths.in_dir(folder))
        try:
            ctx = AppContext(book, language="nl")
            ballast = fill_disk(disk, leave=0)
            with pytest.raises(DomainError, match="De schijf is vol") as refused:
                ctx.write(save_company, CompanyData(name="N" * 200_000))
            assert "MB" in str(refused.value)
            ballast.unlink()
        finally:
            book.close()
        check_book(folder / "ledgerdesk.sqlite")


def test_a_failure_in_the_last_migration_step_rolls_back_the_earlier_steps_too(tmp_path, caplog):
    """The disk fills up at the last step (simulated: SQLite's own error at its first statement):
    alembic gave each step its own transaction on SQLite, which left books at an intermediate revision."""
    import sqlite3 as sqlite

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    book, revision = behind_book(tmp_path / "book", tmp_path / "built")
    before = book_state(book)

    def full_at_the_last_step(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if "CREATE TABLE reminder_runs" in statement:
            raise sqlite.OperationalError("database or disk is full")

    event.listen(Engine, "before_cursor_execute", full_at_the_last_step)
    try:
        with pytest.raises(book_module.StorageError, match=f"left as it was \\(schema {revision}\\)"):
            book_module.open_book(BookPaths(book))
    finally:
        event.remove(Engine, "before_cursor_execute", full_at_the_last_step)
    assert book_module.read_revision(book) == revision
    assert "restoring" not in caplog.text  # rolled back by SQLite, not put back from the backup
    check_book(book)
    assert book_state(book) == before


def test_should_a_failed_update_leave_the_book_changed_the_verified_backup_is_put_back(tmp_path, monkeypatch, caplog):
    """The safety net behind the one transaction: an upgrade that commits part of its steps and then fails."""
    import errno

    book, revision = behind_book(tmp_path / "book", tmp_path / "built")
    before = book_state(book)
    real_upgrade = book_module.upgrade

    def half_then_full(db, target="head"):  # type: ignore[no-untyped-def]
        real_upgrade(db, book_module.known_revisions()[2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(book_module, "upgrade", half_then_full)
    with pytest.raises(book_module.StorageError, match=f"The disk is full.*schema {revision}"):
        book_module.open_book(BookPaths(book))
    assert "restoring" in caplog.text
    assert book_module.read_revision(book) == revision
    check_book(book)
    assert book_state(book) == before
