"""Backups of a real book: verified copies, never a half-written one listed, exact restores, damage detected."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from backup_builders import add_issued_invoices, dump

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.backups import (
    BackupError,
    BackupSettings,
    list_backups,
    make_backup,
    restore_book,
    same_disk_warning,
    verify,
)
from ledgerdesk.persistence.book import BookError, open_book


def test_a_backup_is_verified_and_says_what_it_holds(book):
    add_issued_invoices(book, 3)
    result = make_backup(book.paths, "manual", now=datetime(2026, 3, 2, 10, 0))
    facts = result.backup.facts
    assert result.backup.path.exists() and result.backup.verified
    assert facts.integrity == "ok"
    assert facts.invoices == 3 and facts.last_invoice == "2026-0003"
    assert facts.company == "Atelier Janssens"
    assert facts.archived_einvoices == 0 and "einvoice_archive" in facts.rows  # the archive lives in the file
    assert dump(result.backup.path) == dump(book.paths.book)
    [listed] = list_backups(book.paths)
    assert listed.path == result.backup.path and listed.facts == facts and listed.label == "manual"


def test_restoring_gives_exactly_the_book_that_was_backed_up(book):
    add_issued_invoices(book, 2)
    saved = make_backup(book.paths, "manual", now=datetime(2026, 3, 2, 10, 0)).backup
    before = dump(book.paths.book)
    add_issued_invoices(book, 3, first=3)  # work done after the backup
    assert dump(book.paths.book) != before
    book.close()

    facts = restore_book(book.paths, saved.path, now=datetime(2026, 3, 3, 9, 0))

    assert facts.last_invoice == "2026-0002"
    assert dump(book.paths.book) == before
    labels = [b.label for b in list_backups(book.paths)]
    assert labels == ["before-restore", "manual"]  # the book as it was before the restore is kept
    with open_book(book.paths) as reopened, reopened.db.reading() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT max(number) FROM invoices")).scalar() == "2026-0002"


def test_a_corrupted_backup_is_detected_and_the_book_is_left_alone(book):
    add_issued_invoices(book, 40)
    saved = make_backup(book.paths, "manual", now=datetime(2026, 3, 2, 10, 0)).backup
    conn = sqlite3.connect(saved.path)
    page_size, root = (
        conn.execute("PRAGMA page_size").fetchone()[0],
        conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'invoices'").fetchone()[0],
    )
    conn.close()
    data = bytearray(saved.path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + 12] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"  # the invoices b-tree's header
    saved.path.write_bytes(bytes(data))
    before = dump(book.paths.book)
    book.close()

    with pytest.raises(BackupError, match="is damaged"):
        verify(saved.path)
    with pytest.raises(BookError, match="is damaged"):
        restore_book(book.paths, saved.path)
    assert dump(book.paths.book) == before


def test_a_backup_whose_bytes_changed_is_reported_even_when_sqlite_finds_it_consistent(book):
    from ledgerdesk.persistence.backups import check

    add_issued_invoices(book, 2)
    saved = make_backup(book.paths, "manual").backup
    data = bytearray(saved.path.read_bytes())
    at = data.rindex(b"Werk")  # a line description: a byte of data, not of structure
    data[at] = ord("V")
    saved.path.write_bytes(bytes(data))
    assert verify(saved.path).integrity == "ok"
    with pytest.raises(BackupError, match="checksum differs"):
        check(saved.path)
    book.close()
    with pytest.raises(BackupError, match="checksum differs"):
        restore_book(book.paths, saved.path)


def test_a_truncated_or_foreign_file_is_not_a_backup(tmp_path, book):
    saved = make_backup(book.paths, "manual").backup
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(saved.path.read_bytes()[:3000])
    with pytest.raises(BackupError):
        verify(cut)
    text_file = tmp_path / "notes.sqlite"
    text_file.write_text("hello")
    with pytest.raises(BackupError, match="not an SQLite database"):
        verify(text_file)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).executescript("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
    with pytest.raises(BackupError, match="not a LedgerDesk book"):
        verify(other)


def test_a_backup_killed_half_way_is_never_listed(book, tmp_path):
    """A child process backs up a large book and is killed with SIGKILL while writing."""
    add_issued_invoices(book, 5)
    big = sqlite3.connect(book.paths.book)
    big.execute("CREATE TABLE IF NOT EXISTS padding(x BLOB)")  # a big book, so the copy takes a while
    big.executemany("INSERT INTO padding VALUES (randomblob(8192))", [()] * 12000)
    big.commit()
    big.close()
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from ledgerdesk.paths import BookPaths
        from ledgerdesk.persistence import backups
        backups.COPY_PAGES = 16
        def slowly(done, total):  # so the kill lands mid-copy
            if done == 16:
                print("copying", flush=True)
            time.sleep(0.002)
        backups.make_backup(BookPaths(Path({str(book.paths.book)!r})), "daily", progress=slowly)
        print("finished", flush=True)
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "copying"
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    partial = list(book.paths.backups.glob(".*.partial"))
    assert partial, "the kill should land while the copy is being written"
    assert list_backups(book.paths) == []
    # The next backup clears the leftover and is listed.
    make_backup(book.paths, "daily")
    assert [b.label for b in list_backups(book.paths)] == ["daily"]


def test_rotation_keeps_dailies_weeklies_monthlies_and_years(tmp_path):
    """Six years of a backup every third day, rotated after each one as the app does."""
    from ledgerdesk.persistence.backups import STAMP_FORMAT, backups_in, rotate

    start = datetime(2020, 1, 1, 18, 0)
    for day in range(0, 6 * 365, 3):
        moment = start + timedelta(days=day)
        (tmp_path / f"ledgerdesk-{moment.strftime(STAMP_FORMAT)}-daily.sqlite").write_bytes(b"")
        (tmp_path / f"ledgerdesk-{moment.strftime(STAMP_FORMAT)}-daily.json").write_text("{}")
        rotate(tmp_path, "ledgerdesk")
    kept = backups_in(tmp_path, "ledgerdesk")
    assert len(kept) == len(list(tmp_path.glob("*.json")))  # facts go with their backup
    days = sorted({b.made_at.date() for b in kept}, reverse=True)
    assert days[:7] == [kept[0].made_at.date() - timedelta(days=3 * i) for i in range(7)]
    assert {b.made_at.year for b in kept} == {2020, 2021, 2022, 2023, 2024, 2025}
    assert len(kept) <= 7 + 8 + 12 + 11


def test_a_second_folder_gets_a_checked_copy_and_the_warning_goes(book, tmp_path):
    usb = tmp_path / "usb"
    settings = BackupSettings(second_folder=usb)
    assert same_disk_warning(book.paths, BackupSettings(), list_backups(book.paths)) is not None
    missing = make_backup(book.paths, "manual", settings=settings)
    assert missing.second_copy is None and "not reachable" in str(missing.problems[0])
    usb.mkdir()
    result = make_backup(book.paths, "manual", settings=settings)
    assert result.second_copy is not None and result.second_copy.read_bytes() == result.backup.path.read_bytes()
    listed = list_backups(book.paths, settings)
    assert [b.second_copy for b in listed][:2] == [True, False]
    warning = same_disk_warning(book.paths, settings, listed)
    # tmp_path is one disk here, so the app still says so (a real USB disk has its own device number)
    assert warning is not None and "same disk" in str(warning)


def test_the_pre_migration_backup_is_a_verified_one(book):
    from ledgerdesk.persistence.book import backup

    path = backup(book.paths, "before-0009")
    assert verify(path).company == "Atelier Janssens"
    assert list_backups(book.paths)[0].label == "before-0009"


def test_a_backup_reads_a_book_open_for_writing_consistently(book):
    add_issued_invoices(book, 2)
    with book.db.transaction() as s:  # an uncommitted write in progress is not in the copy
        from sqlalchemy import text

        s.execute(text("UPDATE company SET name = 'Changing' WHERE id = 1"))
        result = make_backup(book.paths, "daily")
    assert result.backup.facts.company == "Atelier Janssens"


def test_restore_refuses_while_the_book_is_open(book):
    saved = make_backup(book.paths, "manual").backup
    with pytest.raises(BookError, match="open in another"):
        restore_book(book.paths, saved.path)


def test_a_damaged_book_can_be_restored_and_its_bytes_are_kept(book):
    add_issued_invoices(book, 2)
    saved = make_backup(book.paths, "manual", now=datetime(2026, 3, 1)).backup
    book.close()
    Path(f"{book.paths.book}-wal").unlink(missing_ok=True)
    book.paths.book.write_bytes(b"SQLite format 3\x00" + b"\x00" * 5000)
    restore_book(book.paths, saved.path, now=datetime(2026, 3, 2))
    assert dump(book.paths.book) == dump(saved.path)
    assert [b.label for b in list_backups(BookPaths(book.paths.book))] == ["damaged", "manual"]


def test_last_tuesdays_copy_from_the_usb_disk_restores_on_another_computer(book, tmp_path):
    """A fresh computer with no book yet, and folder names that a raw SQLite URI would cut (# and %)."""
    add_issued_invoices(book, 3)
    usb = tmp_path / "USB #1 50% vol"
    usb.mkdir()
    result = make_backup(
        book.paths, "daily", now=datetime(2026, 3, 3, 18, 0), settings=BackupSettings(second_folder=usb)
    )
    assert result.second_copy is not None and not result.problems
    other = BookPaths.in_dir(tmp_path / "other computer" / "Boeken #2 50%")
    facts = restore_book(other, result.second_copy)
    assert facts.last_invoice == "2026-0003"
    assert dump(other.book) == dump(book.paths.book)
    with open_book(other) as opened, opened.db.reading() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT count(*) FROM invoices")).scalar() == 3
