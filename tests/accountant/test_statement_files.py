"""An imported statement file is kept byte for byte with its import, and only when it is the file that was planned."""

from __future__ import annotations

from datetime import date

from ledgerdesk.banking import samples
from ledgerdesk.persistence.models import ImportBatch, ImportedFile
from ledgerdesk.services import bank_import

DAY = date(2026, 11, 15)


def _file(tmp_path, cents: int):
    path = tmp_path / "statement.cod"
    path.write_bytes(samples.coda([samples.Stmt(number="011", day=DAY, txs=[samples.Tx(cents, ref="X1", day=DAY)])]))
    return path


def test_the_imported_bytes_are_kept_and_go_when_the_import_is_undone(book, tmp_path):
    path = _file(tmp_path, 1500)
    with book.db.transaction() as s:
        batch_id = bank_import.import_file(s, path, today=DAY).batch_id
    with book.db.reading() as s:
        assert s.get(ImportedFile, batch_id).content == path.read_bytes()
    with book.db.transaction() as s:
        s.delete(s.get(ImportBatch, batch_id))
    with book.db.reading() as s:
        assert s.query(ImportedFile).count() == 0


def test_a_file_changed_after_its_preview_is_booked_as_planned_but_not_kept_as_its_original(book, tmp_path):
    path = _file(tmp_path, 1500)
    with book.db.transaction() as s:
        plan = bank_import.preview_file(s, path, today=DAY)
        _file(tmp_path, 9900)  # another file under the same name before the user confirms
        batch_id = bank_import.apply(s, plan, today=DAY).batch_id
        assert s.get(ImportBatch, batch_id).file_sha256 == plan.sha256
        assert s.get(ImportedFile, batch_id) is None
