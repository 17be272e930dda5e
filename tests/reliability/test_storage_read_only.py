"""Read-only media: reading a book works (no lock file made), writing is refused saying the folder or file is read-only.

Uses read-only bind mounts (root, as in CI); chmod would not stop root, a mount does.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from .storage_helpers import AS_OF, folder_state, read_only_view, run

READS = (
    ("invoices", "--json"),
    ("kpi", "--as-of", AS_OF, "--json"),
    ("reminders", "propose", "--as-of", AS_OF, "--ignore-bank-age", "--json"),
    ("export-book",),
    ("recurring", "list"),
)


def _closed(folder):
    """The book as a closed book looks: WAL folded in, no lock file."""
    book = folder / "ledgerdesk.sqlite"
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for extra in ("-wal", "-shm", ".lock"):
        (folder / f"ledgerdesk.sqlite{extra}").unlink(missing_ok=True)


def test_a_book_on_a_read_only_mount_can_be_read_but_not_written(demo_copy, tmp_path):
    _closed(demo_copy)
    with read_only_view(demo_copy, tmp_path / "ro") as ro:
        before = folder_state(ro)
        for argv in READS:
            code, out, err = run(ro, *argv)
            assert code == 0, (argv, err)
            assert out.strip(), argv
        assert json.loads(run(ro, "invoices", "--json")[1])
        for argv in (
            ("reminders", "confirm", "--as-of", AS_OF, "--ignore-bank-age"),
            ("recurring", "run", "--as-of", "2026-12-31", "--confirm"),
            ("import-statement", str(ro / "demo-statement.cod")),
        ):
            code, out, err = run(ro, *argv)
            assert code == 1, (argv, out, err)
            assert len(err.strip().splitlines()) == 1 and "internal error" not in err, err
            assert f"The folder {ro} is read-only" in err and "copy the folder" in err, err
        code, _, err = run(ro, "export-book", "-o", str(ro / "book.json"))
        assert code == 1 and "read-only" in err and "choose another folder" in err, err
        assert folder_state(ro) == before  # not even a lock file
        assert not (ro / "ledgerdesk.sqlite.lock").exists()


def test_a_book_that_must_be_migrated_on_a_read_only_mount_is_refused_plainly(demo_copy, tmp_path):
    _closed(demo_copy)
    conn = sqlite3.connect(demo_copy / "ledgerdesk.sqlite")
    conn.execute("UPDATE alembic_version SET version_num = '0001'")  # claims to be behind
    conn.commit()
    conn.close()
    _closed(demo_copy)
    with read_only_view(demo_copy, tmp_path / "ro") as ro:
        code, _, err = run(ro, "invoices")
        assert code == 1 and "must be updated" in err and "read-only" in err, err


def test_a_read_only_book_file_in_a_writable_folder_is_read_but_not_written(demo_copy, tmp_path):
    _closed(demo_copy)
    book = demo_copy / "ledgerdesk.sqlite"
    with read_only_view(book, tmp_path / "ledgerdesk.sqlite") as ro_book:
        folder = ro_book.parent
        (folder / "demo-statement.cod").write_bytes((demo_copy / "demo-statement.cod").read_bytes())
        code, _, err = run(folder, "invoices")
        assert code == 0, err
        code, _, err = run(folder, "reminders", "confirm", "--as-of", AS_OF, "--ignore-bank-age")
        assert code == 1 and f"The book file {ro_book} is read-only" in err, err
        assert "internal error" not in err


def test_the_app_opens_a_book_on_read_only_media_to_read_and_says_why_it_cannot_change_it(demo_copy, tmp_path, qtbot):
    from ledgerdesk.app import Desk
    from ledgerdesk.domain.errors import DomainError
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.queries import list_invoices
    from ledgerdesk.services.company import CompanyData, save_company
    from ledgerdesk.ui.preferences import Preferences

    _closed(demo_copy)
    with read_only_view(demo_copy, tmp_path / "ro") as ro:
        prefs = Preferences.in_file(tmp_path / "prefs.ini")
        prefs.set_language("nl")
        desk = Desk(prefs)
        try:
            assert desk.start(BookPaths.in_dir(ro))
            qtbot.addWidget(desk.window)
            assert desk.ctx.read(list_invoices, desk.today(), status="all", kind="all")
            with pytest.raises(DomainError, match=f"De map {ro} is alleen-lezen"):
                desk.ctx.write(save_company, CompanyData(name="Nieuw"))
            desk.window.close()
        finally:
            desk.close()
        assert not (ro / "ledgerdesk.sqlite.lock").exists()
