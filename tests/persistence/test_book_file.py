"""Opening a book: create, migrate with a backup, refuse newer/foreign files, one writer at a time."""

import hashlib
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from builders import invoice
from sqlalchemy import create_engine, text

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence import book as book_module
from ledgerdesk.persistence.book import (
    BookLockedError,
    NewerBookError,
    NotABookError,
    backup,
    known_revisions,
    open_book,
    read_revision,
)
from ledgerdesk.persistence.db import Database
from ledgerdesk.persistence.models import all_metadata
from ledgerdesk.persistence.schema import HEAD_REVISION


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_head_constant_matches_the_migration_scripts():
    assert known_revisions()[-1] == HEAD_REVISION


def test_new_book_is_created_at_head_with_durable_pragmas(tmp_path):
    paths = BookPaths.in_dir(tmp_path)
    with open_book(paths) as book:
        with book.db.reading() as s:
            assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    assert read_revision(paths.book) == HEAD_REVISION


def test_migrations_build_exactly_the_models_schema(tmp_path):
    paths = BookPaths.in_dir(tmp_path)
    open_book(paths).close()
    engine = create_engine(f"sqlite:///{paths.book}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), all_metadata())
    engine.dispose()
    assert diff == []


def test_opening_a_book_at_head_does_not_import_alembic(tmp_path):
    paths = BookPaths.in_dir(tmp_path)
    open_book(paths).close()
    code = (
        "import sys; from ledgerdesk.paths import BookPaths; from ledgerdesk.persistence.book import open_book;"
        f"open_book(BookPaths.in_dir(__import__('pathlib').Path({str(tmp_path)!r}))).close();"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def _seed_base_rows(path):
    """Rows that exist since revision 0001, written with plain SQL as an old app would have."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        INSERT INTO company (id, name, street, postcode, city, country, vat, vat_regime, iban, bic, email, phone,
          language, payment_terms_days, invoice_number_format, credit_note_number_format, late_payment_terms)
          VALUES (1, 'Oud BV', 'Straat 1', '9000', 'Gent', 'BE', 'BE0403170701', 'standard', 'BE71096123456769',
          'GKCCBEBB', '', '', 'nl', 30, '{year}-{seq:04d}', 'CN{year}-{seq:04d}', 0);
        INSERT INTO customers (id, name, kind, street, postcode, city, country, language, email, phone, notes,
          receives_einvoice, created_on) VALUES (1, 'Klant', 'business', '', '', '', 'BE', 'nl', '', '', '', 0, '2025-01-01');
        INSERT INTO invoices (id, kind, status, customer_id, number, number_year, number_seq, issue_date, due_date,
          language, currency, notes, structured_communication, net_cents, vat_cents, total_cents, created_at)
          VALUES (1, 'invoice', 'draft', 1, NULL, NULL, NULL, '2025-02-01', NULL, 'nl', 'EUR', '', NULL, 10000, 2100,
          12100, '2025-02-01 10:00:00');
        INSERT INTO invoice_lines (id, invoice_id, position, description, quantity, unit, unit_price, discount_pct,
          vat_rate, net_cents) VALUES (1, 1, 0, 'Werk', '1', '', '100', '0', '21', 10000);
        UPDATE invoices SET status = 'issued', number = '2025-0001', number_year = 2025, number_seq = 1,
          structured_communication = '202500000171' WHERE id = 1;
        """
    )
    conn.commit()
    conn.close()


def test_the_company_check_reads_the_models_table_without_sqlalchemy(tmp_path):
    from ledgerdesk.persistence.models import Company
    from ledgerdesk.services.company import CompanyData, save_company

    assert book_module.COMPANY_TABLE == Company.__tablename__
    with open_book(BookPaths.in_dir(tmp_path)) as book:
        assert book.has_company() is False
        with book.db.transaction() as session:
            save_company(session, CompanyData(name="Studio", vat="BE0403170701", iban="BE71096123456769"))
        assert book.has_company() is True


def test_opening_a_book_makes_no_engine_until_it_is_read(tmp_path):
    import threading

    open_book(BookPaths.in_dir(tmp_path)).close()
    code = (
        "import sys; from ledgerdesk.paths import BookPaths; from ledgerdesk.persistence.book import open_book;"
        f"b = open_book(BookPaths.in_dir(__import__('pathlib').Path({str(tmp_path)!r})));"
        "print('sqlalchemy' in sys.modules, b.has_company()); b.close()"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
    db = Database(BookPaths.in_dir(tmp_path).book)
    engines: list[object] = []
    threads = [threading.Thread(target=lambda: engines.append(db.read_engine)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(e) for e in engines}) == 1  # made once, whichever thread came first
    with db.reading() as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
    db.dispose()


@pytest.mark.parametrize("revision", known_revisions()[:-1] or ["(only one revision)"])
def test_a_book_from_every_earlier_revision_upgrades_with_its_data_and_a_backup(tmp_path, revision):
    if revision == "(only one revision)":
        pytest.skip("no earlier revision yet")
    paths = BookPaths.in_dir(tmp_path)
    paths.folder.mkdir(parents=True, exist_ok=True)
    db = Database(paths.book)
    book_module.upgrade(db, revision)
    db.dispose()
    _seed_base_rows(paths.book)
    with open_book(paths) as book:
        assert book.backup_made is not None and book.backup_made.exists()
        assert read_revision(book.backup_made) == revision
        with book.db.reading() as s:
            assert s.execute(text("SELECT number, total_cents FROM invoices")).one() == ("2025-0001", 12100)
    assert read_revision(paths.book) == HEAD_REVISION


def test_upgrade_from_0001_with_data(tmp_path):
    """Always runs: a 0001 book with data opens at head, data intact (a backup when there was work)."""
    paths = BookPaths.in_dir(tmp_path)
    paths.folder.mkdir(parents=True, exist_ok=True)
    db = Database(paths.book)
    book_module.upgrade(db, "0001")
    db.dispose()
    _seed_base_rows(paths.book)
    with open_book(paths) as book:
        with book.db.reading() as s:
            assert s.execute(text("SELECT name FROM customers")).scalar() == "Klant"
        if HEAD_REVISION != "0001":
            assert book.backup_made is not None


def test_a_newer_book_is_refused_and_left_untouched(tmp_path):
    paths = BookPaths.in_dir(tmp_path)
    open_book(paths).close()
    conn = sqlite3.connect(paths.book)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = _sha(paths.book)
    with pytest.raises(NewerBookError, match="newer version of LedgerDesk"):
        open_book(paths)
    assert _sha(paths.book) == before
    assert not paths.backups.exists()


def test_files_that_are_not_books_are_refused(tmp_path):
    paths = BookPaths.in_dir(tmp_path)
    paths.folder.mkdir(parents=True, exist_ok=True)
    paths.book.write_text("hello, not a database")
    with pytest.raises(NotABookError, match="not an SQLite database"):
        open_book(paths)
    paths.book.unlink()
    conn = sqlite3.connect(paths.book)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotABookError, match="not a LedgerDesk book"):
        open_book(paths)


def test_a_second_writer_gets_a_clear_message_and_readers_are_not_blocked(tmp_path):
    paths = BookPaths.in_dir(tmp_path)
    with open_book(paths):
        with pytest.raises(BookLockedError, match="open in another LedgerDesk"):
            open_book(paths)
        read = subprocess.run(
            [sys.executable, "-m", "ledgerdesk.cli", "--data-dir", str(tmp_path), "invoices", "--json"],
            capture_output=True,
            text=True,
        )
        assert read.returncode == 0, read.stderr
        assert read.stdout.strip() == "[]"
        write = subprocess.run(
            [sys.executable, "-m", "ledgerdesk.cli", "--data-dir", str(tmp_path), "reminders", "confirm"],
            capture_output=True,
            text=True,
        )
        assert write.returncode == 1
        assert "open in another LedgerDesk" in write.stderr and "Traceback" not in write.stderr
    open_book(paths).close()  # released on close


def test_backups_are_rotated_not_piled_up(tmp_path):
    """Many backups on one day: the rotation (see tests/backups) keeps the newest of the day."""
    paths = BookPaths.in_dir(tmp_path)
    open_book(paths).close()
    made = [backup(paths, f"n{i}") for i in range(13)]
    kept = sorted(paths.backups.glob("*.sqlite"))
    assert kept == [made[-1]]
    assert read_revision(made[-1]) == HEAD_REVISION


def test_issued_rows_are_guarded_by_the_database(book, customer_id):
    invoice_id = invoice(book, customer_id, date(2026, 1, 5), "10", what="x")
    for sql in (
        "UPDATE invoices SET total_cents = 1 WHERE id = :id",
        "DELETE FROM invoices WHERE id = :id",
        "UPDATE invoice_lines SET unit_price = '1' WHERE invoice_id = :id",
        "DELETE FROM invoice_lines WHERE invoice_id = :id",
        "UPDATE invoice_events SET kind = 'x' WHERE invoice_id = :id",
    ):
        with pytest.raises(Exception, match="cannot be changed|cannot be deleted|append-only"):
            with book.db.transaction() as s:
                s.execute(text(sql), {"id": invoice_id})
