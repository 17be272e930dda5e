"""`ledgerdesk backup`, `backups`, `restore`, `backup-settings`, `move-book` and `--version` on real books."""

from __future__ import annotations

import io
import json
import shutil

from backup_builders import add_issued_invoices, dump

from ledgerdesk import __version__
from ledgerdesk.cli import main
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book


def run(*argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_back_up_list_and_restore_from_the_command_line(book):
    add_issued_invoices(book, 2)
    folder = str(book.paths.folder)
    book.close()
    code, out, _ = run("--data-dir", folder, "backup", "--json")
    assert code == 0
    made = json.loads(out)
    assert made["verified"] and made["last_invoice"] == "2026-0002" and made["kind"] == "manual"
    saved = dump(book.paths.book)

    book2 = open_book(book.paths)
    add_issued_invoices(book2, 1, first=5)
    book2.close()
    assert dump(book.paths.book) != saved

    code, out, err = run("--data-dir", folder, "restore", made["file"])
    assert code == 0, err
    assert "restored" in out and dump(book.paths.book) == saved
    code, out, err = run("--data-dir", folder, "backups", "--json")
    listed = json.loads(out)
    assert [b["kind"] for b in listed["backups"]] == ["before-restore", "manual"]
    assert "same disk" in listed["warning"]


def test_a_damaged_backup_is_one_sentence_and_a_failure(book, tmp_path):
    folder = str(book.paths.folder)
    book.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x01" * 3000)
    code, out, err = run("--data-dir", folder, "restore", str(bad))
    assert code == 1 and out == ""
    assert err.startswith("ledgerdesk: The backup") and err.count("\n") == 1 and "Traceback" not in err


def test_a_second_folder_set_from_the_command_line_receives_copies(book, tmp_path):
    folder = str(book.paths.folder)
    book.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, _ = run("--data-dir", folder, "backup-settings", "--second-folder", str(usb))
    assert code == 0 and str(usb) in out
    code, out, _ = run("--data-dir", folder, "backup", "--json")
    assert code == 0 and json.loads(out)["second_copy"].startswith(str(usb))
    code, out, _ = run("--data-dir", folder, "backup-settings", "--second-folder", str(tmp_path / "nope"))
    assert code == 1


def test_a_book_in_a_sync_folder_is_refused_and_can_be_moved_out(book, tmp_path):
    add_issued_invoices(book, 1)
    book.close()
    synced = tmp_path / "OneDrive" / "Boeken"
    shutil.copytree(book.paths.folder, synced)
    code, _, err = run("--data-dir", str(synced), "invoices", "--json")
    assert code == 1 and "synchronised by OneDrive" in err
    local = tmp_path / "local"
    code, out, err = run("--data-dir", str(synced), "move-book", str(local))
    assert code == 0, err
    code, out, _ = run("--data-dir", str(local), "invoices", "--json")
    assert code == 0 and json.loads(out)[0]["number"] == "2026-0001"
    assert BookPaths.in_dir(synced).book.exists()  # the original is left as it was


def test_version():
    try:
        run("--version")
    except SystemExit as done:
        assert done.code == 0
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "ledgerdesk.cli", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == f"ledgerdesk {__version__}"
