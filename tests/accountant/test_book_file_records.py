"""The book file carries the accountant's records: the packs sent (so the copy knows which periods are closed)
and the statement files as the bank sent them (so the copy builds a period's pack with the same files)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import date

import pytest
from pack_builders import NOW, TODAY, fourth_quarter

from ledgerdesk.domain.period import Period, PeriodError
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import ImportedFile
from ledgerdesk.services import book_io, closing
from ledgerdesk.services.accountant_pack import build_pack, write_pack

Q4 = Period.parse("2026-Q4")


def _copy(tmp_path, doc, name="copy"):
    book = open_book(BookPaths.in_dir(tmp_path / name))
    with book.db.transaction() as s:
        book_io.import_book(s, json.loads(json.dumps(doc)))  # through JSON text, as the command does
    return book


def _bank_files(zipped: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(zipped)) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("bank/")}


def test_an_exported_and_imported_book_knows_its_closed_periods_and_rebuilds_the_pack(book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    with book.db.transaction() as s:
        write_pack(s, Q4, tmp_path / "q4.zip", today=TODAY, now=NOW)
    with book.db.transaction() as s:
        original, _ = build_pack(s, Q4, today=TODAY, now=NOW)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
        sent = closing.sent_periods(s)
        kept = s.query(ImportedFile).count()
    [pack] = doc["accountant_packs"]
    assert (pack["period"], pack["made_on"], pack["documents"]) == ("2026-Q4", TODAY.isoformat(), 5)
    # every file kept, none for the December import made before files were kept
    assert len(doc["bank_statement_files"]) == kept == len(doc["bank_imports"]) - 1
    copy = _copy(tmp_path, doc)
    try:
        with copy.db.reading() as s:
            assert closing.sent_periods(s) == sent
            assert book_io.export_book(s) == doc  # and out again unchanged
            with pytest.raises(PeriodError, match="2026-Q4 is closed"):
                closing.check_day_open(s, date(2026, 12, 30))
        with copy.db.transaction() as s:
            again, pack_again = build_pack(s, Q4, today=TODAY, now=NOW)
        assert _bank_files(again) == _bank_files(original)
        assert facts["november"] in _bank_files(again).values()  # byte for byte
        assert [m.file_name for m in pack_again.missing_bank_files] == ["december.cod"]
    finally:
        copy.close()


def test_a_statement_file_that_is_not_its_imports_file_is_refused_naming_the_field(book, tmp_path):
    fourth_quarter(book, tmp_path)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
    bad = json.loads(json.dumps(doc))
    bad["bank_statement_files"][0]["content"] = base64.b64encode(b"not the bank's file").decode()
    bad["bank_statement_files"].append(dict(doc["bank_statement_files"][0]))
    bad["accountant_packs"] = [
        {"period": "2026-Q4", "first_day": "2026-12-31", "last_day": "2026-10-01", "made_on": "2027-01-05",
         "made_at": "2027-01-05T10:00:00", "file_name": "q4.zip", "sha256": "abc", "documents": 1}
    ]  # fmt: skip
    fresh = open_book(BookPaths.in_dir(tmp_path / "fresh"))
    try:
        with pytest.raises(book_io.BookFileError) as refused, fresh.db.transaction() as s:
            book_io.import_book(s, bad)
        problems = refused.value.problems
        assert "$.bank_statement_files[0].content: is not the file of import 'B1' (its SHA-256 differs)" in problems
        assert "$.accountant_packs[0].sha256: is not a SHA-256 (64 lower-case hexadecimal digits)" in problems
        with fresh.db.reading() as s:
            assert closing.sent_periods(s) == []  # nothing written
    finally:
        fresh.close()
