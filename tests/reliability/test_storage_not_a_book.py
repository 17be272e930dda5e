"""Files that are not (or no longer) books: refused in one sentence naming the file and what to do, and never changed.

Each case runs the command line in this process (exit code and stderr) and compares the
whole folder before and after, byte for byte: no -wal, -shm or lock file appears beside a
refused file.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.schema import HEAD_REVISION

from .storage_helpers import folder_state, run

READER = ("invoices",)
WRITER = ("reminders", "confirm", "--as-of", "2026-11-30", "--ignore-bank-age")


def _refused(folder: Path, argv: tuple[str, ...], *fragments: str) -> str:
    before = folder_state(folder)
    code, out, err = run(folder, *argv)
    assert code == 1, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ledgerdesk: "), err
    assert "internal error" not in err and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert folder_state(folder) == before, "a refused file was changed (or a file was added beside it)"
    return lines[0]


def _flip(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as fh:
        fh.seek(offset)
        fh.write(data)


def _checkpointed(folder: Path) -> Path:
    """The demo book with its WAL folded in, no -wal/-shm/lock beside it: what a closed book looks like."""
    book = folder / "ledgerdesk.sqlite"
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("-wal", "-shm", ".lock"):
        Path(str(book) + extra).unlink(missing_ok=True)
    return book


def test_a_zero_length_book_file_is_refused_not_opened_as_a_new_book(tmp_path):
    (tmp_path / "ledgerdesk.sqlite").touch()
    for argv in (READER, WRITER, ("demo", "--years", "1", "--customers", "2")):
        line = _refused(tmp_path, argv, str(tmp_path / "ledgerdesk.sqlite"), "empty (0 bytes)", "backup")
    assert (tmp_path / "ledgerdesk.sqlite").stat().st_size == 0
    assert "delete the file" in line


def test_the_book_path_being_a_folder_is_refused(tmp_path):
    (tmp_path / "ledgerdesk.sqlite").mkdir()
    _refused(tmp_path, READER, "is a folder, not a book file")
    _refused(tmp_path, WRITER, "is a folder, not a book file")


def test_a_file_holding_only_alembic_version_is_refused_and_left_as_it_was(tmp_path):
    (tmp_path / "book.json").write_text("{}")
    tmp_path = tmp_path / "data"
    tmp_path.mkdir()
    book = tmp_path / "ledgerdesk.sqlite"
    conn = sqlite3.connect(book)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    conn.execute("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))
    conn.commit()
    conn.close()
    for argv in (READER, WRITER, ("import-book", str(tmp_path.parent / "book.json"))):
        _refused(tmp_path, argv, "not a complete LedgerDesk book", "company")
    conn = sqlite3.connect(book)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")  # behind: must not be "upgraded" either
    conn.commit()
    conn.close()
    _refused(tmp_path, WRITER, "not a complete LedgerDesk book")
    assert not (tmp_path / "backups").exists()


def test_an_empty_alembic_version_table_is_refused(demo_copy):
    book = _checkpointed(demo_copy)
    conn = sqlite3.connect(book)
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _refused(demo_copy, READER, "its schema version is missing", "backup")
    _refused(demo_copy, WRITER, "its schema version is missing")


def test_flipped_bytes_in_the_schema_page_are_called_damage(demo_copy):
    book = _checkpointed(demo_copy)
    _flip(book, 100, b"\xff" * 12)  # the b-tree header of page 1 (sqlite_master)
    _refused(demo_copy, READER, "is damaged", "restore it from a backup")


def test_flipped_bytes_in_stored_text_are_called_damage_not_an_internal_error(demo_copy):
    book = _checkpointed(demo_copy)
    data = book.read_bytes()
    offset = data.index(b"Kerkstraat") if b"Kerkstraat" in data else data.index(b"straat")
    _flip(book, offset, b"\xff\xfe\xff")
    line = _refused(demo_copy, ("export-book",), "is damaged", "not UTF-8")
    assert str(book) in line


def test_a_newer_book_is_refused_without_wal_shm_or_lock_beside_it(demo_copy):
    book = _checkpointed(demo_copy)
    conn = sqlite3.connect(book)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("-wal", "-shm"):
        Path(str(book) + extra).unlink(missing_ok=True)
    for argv in (READER, WRITER):
        _refused(demo_copy, argv, "newer version of LedgerDesk", "9999_future")
    assert sorted(p.name for p in demo_copy.iterdir()) == ["demo-statement.cod", "ledgerdesk.sqlite"]


def test_a_lock_file_that_is_a_folder_stops_writers_with_a_sentence_and_readers_not_at_all(demo_copy):
    (demo_copy / "ledgerdesk.sqlite.lock").unlink()
    (demo_copy / "ledgerdesk.sqlite.lock").mkdir()
    _refused(demo_copy, WRITER, "lock file", "is a folder", "remove it")
    code, _, err = run(demo_copy, *READER)
    assert code == 0, err


def test_a_lock_file_that_cannot_be_opened_stops_writers_with_a_sentence(demo_copy):
    lock = demo_copy / "ledgerdesk.sqlite.lock"
    lock.unlink()
    lock.symlink_to(demo_copy / "no-such-folder" / "lock")  # opening it fails whoever we are (root too)
    _refused(demo_copy, WRITER, "lock file", "cannot be opened", "remove it")
    if os.geteuid() != 0:
        lock.unlink()
        lock.touch(mode=0o000)
        _refused(demo_copy, WRITER, "lock file", "cannot be opened")


def test_a_missing_data_folder_parent_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "plain-file").write_text("x")
    code, _, err = run(tmp_path / "plain-file" / "data", *WRITER)
    assert code == 1 and "internal error" not in err and len(err.strip().splitlines()) == 1, err


def test_opening_for_reading_takes_no_lock_and_writing_then_takes_it(demo_copy):
    paths = BookPaths.in_dir(demo_copy)
    (demo_copy / "ledgerdesk.sqlite.lock").unlink()
    with open_book(paths, for_writing=False) as reader:
        assert not paths.lock.exists() and not reader.writing
        with reader.db.reading() as session:
            assert session.connection().exec_driver_sql("SELECT COUNT(*) FROM invoices").scalar() > 0
        with open_book(paths):  # a writer (the app) can open meanwhile
            pass
        with reader.db.transaction() as session:
            session.connection().exec_driver_sql("UPDATE settings SET value = value")
        assert reader.writing and paths.lock.exists()


def test_a_pipe_where_the_book_should_be_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "ledgerdesk.sqlite")
    _refused(tmp_path, READER, "not a regular file")


def test_a_new_book_half_made_by_a_killed_process_is_cleared_and_never_taken_for_the_book(tmp_path):
    leftover = tmp_path / ".ledgerdesk.sqlite.new-99999"
    leftover.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # what a kill during creation leaves
    code, _, err = run(tmp_path, *READER)
    assert code == 0, err
    assert not leftover.exists()
    assert (tmp_path / "ledgerdesk.sqlite").stat().st_size > 0


def test_a_backup_cut_short_by_a_killed_process_does_not_count_and_is_cleared(demo_copy):
    from ledgerdesk.persistence.backups import list_backups
    from ledgerdesk.persistence.book import backup

    paths = BookPaths.in_dir(demo_copy)
    paths.backups.mkdir()
    partials = [
        paths.backups / "ledgerdesk-20261130-120000-000000-manual.sqlite.partial",
        paths.backups / ".ledgerdesk-20261130-120000-manual.sqlite.partial",
    ]
    for partial in partials:
        partial.write_bytes(b"")
    made = backup(paths, "manual")
    assert made.name.endswith("-manual.sqlite") and not any(partial.exists() for partial in partials)
    assert [kept.path for kept in list_backups(paths)] == [made]
