"""Folder names a user may well choose ("Facturen?2026", "#2", "50%") open the book in that folder, not another file."""

from __future__ import annotations

from datetime import date

from ledgerdesk.cli import main
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.first_page import first_rows


def test_a_folder_name_with_question_mark_hash_and_percent_opens_its_own_book(tmp_path, capsys):
    folder = tmp_path / "Facturen?2026 #2 50%"
    assert main(["--data-dir", str(folder), "demo", "--years", "1", "--as-of", "2026-12-02"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "invoices", "--json"]) == 0
    assert '"number"' in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder.name]  # nothing made beside it
    assert first_rows(BookPaths.in_dir(folder).book, date(2026, 12, 2))  # the first page reads the same file
