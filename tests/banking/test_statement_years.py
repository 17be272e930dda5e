"""Statement numbers restart every January: ten years of statements book every line once, old books re-keyed."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ledgerdesk.banking import read_file
from ledgerdesk.banking.samples import Stmt, Tx, camt, coda, ddmmyy, record
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence import book as book_module
from ledgerdesk.persistence.book import open_book, read_revision
from ledgerdesk.persistence.db import Database
from ledgerdesk.persistence.models import BankLine, BankStatement
from ledgerdesk.persistence.schema import HEAD_REVISION
from ledgerdesk.services import bank_import

OWN = "BE71096123456769"


def year_of_statements(year: int) -> list[Stmt]:
    """Three statements numbered 001-003 from January, the same lines every year: a blank bank
    reference and a reference the bank reuses, same amounts, same sequence numbers."""
    return [
        Stmt(
            number=f"{n:03d}",
            day=date(year, n * 3, 2),
            opening_cents=0,
            txs=[
                Tx(2500, ref=" ", text="huur", day=date(year, n * 3, 2)),
                Tx(-1000, ref="KOSTEN", text="bankkosten", day=date(year, n * 3, 2)),
            ],
        )
        for n in (1, 2, 3)
    ]


def import_years(book, tmp_path: Path, write, suffix: str) -> tuple[int, int]:
    new = dup = 0
    for year in range(2017, 2027):
        path = tmp_path / f"{year}.{suffix}"
        path.write_bytes(write(year_of_statements(year)))
        with book.db.transaction() as s:
            result = bank_import.import_file(s, path, today=date(year, 12, 31))
        new, dup = new + result.plan.new, dup + result.plan.duplicates
    return new, dup


@pytest.mark.parametrize("suffix, write", [("cod", coda), ("xml", camt)])
def test_ten_years_of_statements_restarting_each_january_book_every_line_once(book, tmp_path, suffix, write):
    new, dup = import_years(book, tmp_path, write, suffix)
    assert (new, dup) == (60, 0)
    with book.db.reading() as s:
        rows = s.execute(
            select(BankLine.statement_year, BankLine.statement_number, BankLine.sequence, BankLine.booking_date)
        ).all()
    assert len(rows) == 60 and len(set(rows)) == 60
    assert {r.statement_year for r in rows} == set(range(2017, 2027))
    assert all(r.booking_date.year == r.statement_year for r in rows)
    # importing every year again adds nothing
    again_new, again_dup = import_years(book, tmp_path, write, suffix)
    assert (again_new, again_dup) == (0, 60)
    with book.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(BankLine)) == 60


def foreign_account_statement(year: int) -> bytes:
    """The shape of pycoda's Coda_foreign_account.txt (GPL, so rebuilt here): a French IBAN (structure 3),
    statement 024, two debits with blank bank references, and record 4 after record 8."""
    yy = year % 100
    day1, day2 = date(year, 2, 1), date(year, 2, 2)
    acct = "FR1234567890240924002304825"
    recs = [
        record(
            (0, "00000"),
            (5, ddmmyy(day2)),
            (11, "200"),
            (14, "05"),
            (24, "0000000000"),
            (34, "VILLA EXEMPLE SASU"),
            (60, "CCFRFRPP"),
            (71, "00000000000"),
            (83, "00000"),
            (88, f"DI/SW{yy:02d}0202/2459"),
            (127, "2"),
        ),
        record(
            (0, "13024"),
            (5, acct),
            (39, "EUR"),
            (42, "0000000443390700"),
            (58, ddmmyy(day1)),
            (64, "VILLA EXEMPLE SASU"),
            (90, "09240023048EUR"),
            (125, "024"),
        ),
        record(
            (0, "2100010000"),
            (31, "1000000000037000"),
            (47, ddmmyy(day1)),
            (53, "00101000"),
            (61, "0TRANS : NMSC / INFO : ELYS PC ABONNEMENT"),
            (115, ddmmyy(day1)),
            (121, "024"),
            (124, "0"),
            (125, "1"),
            (127, "0"),
        ),
        record((0, "2200010000"), (63, "0000000"), (125, "0"), (127, "1")),
        record((0, "3100010001"), (31, "00101000"), (39, "0"), (40, "CONTRAT NO 123456789379"), (125, "0"), (127, "0")),
        record(
            (0, "2100020000"),
            (31, "1000000000007400"),
            (47, ddmmyy(day1)),
            (53, "03037000"),
            (61, "0TRANS : NCOM / INFO : TVA 20 0"),
            (115, ddmmyy(day1)),
            (121, "024"),
            (124, "0"),
            (125, "1"),
            (127, "0"),
        ),
        record((0, "2200020000"), (63, "0000000"), (125, "0"), (127, "0")),
        record((0, "8024"), (4, acct), (38, "EUR"), (41, "0000000443346300"), (57, ddmmyy(day2)), (127, "1")),
        record((0, "4 00010000"), (32, f"CLOSING AVAILABLE BALANCE C {yy:02d}0202 EUR 443346,3"), (127, "0")),
        record((0, "9"), (16, "000007"), (22, "000000000044400"), (37, "000000000000000"), (127, "2")),
    ]
    return ("\r\n".join(recs) + "\r\n").encode("cp1252")


def test_the_same_statement_a_year_later_is_booked_and_its_record_4_stays_with_the_statement(book, tmp_path):
    first, later = tmp_path / "2018.cod", tmp_path / "2019.cod"
    first.write_bytes(foreign_account_statement(2018))
    later.write_bytes(foreign_account_statement(2019))
    (st,), problems = read_file(first)
    assert problems == []
    assert st.free_message == "CLOSING AVAILABLE BALANCE C 180202 EUR 443346,3"
    assert [line.bank_reference for line in st.lines] == ["", ""]
    assert st.lines[0].communication == "TRANS : NMSC / INFO : ELYS PC ABONNEMENT CONTRAT NO 123456789379"
    counts = []
    for path in (first, later, first, later):
        with book.db.transaction() as s:
            plan = bank_import.import_file(s, path, today=date(2019, 3, 1), accept_account=True).plan
        counts.append((plan.new, plan.duplicates))
    assert counts == [(2, 0), (2, 0), (0, 2), (0, 2)]
    with book.db.reading() as s:
        assert sorted(s.scalars(select(BankStatement.free_message))) == [
            "CLOSING AVAILABLE BALANCE C 180202 EUR 443346,3",
            "CLOSING AVAILABLE BALANCE C 190202 EUR 443346,3",
        ]


def _seed_0003_bank_lines(db_path: Path, statement: Stmt, *, with_dates: bool) -> int:
    """Bank lines written with plain SQL as a 0003 app would have (no year in the key)."""
    (parsed,), problems = read_file(_write(db_path.parent / "seed.cod", [statement]))
    assert problems == []
    conn = sqlite3.connect(db_path)
    batch = conn.execute(
        "INSERT INTO bank_import_batches (file_name, file_format, file_sha256, imported_on, "
        "imported_at, new_lines, duplicate_lines) VALUES ('seed.cod', 'coda', '', '2025-03-03', "
        "'2025-03-03 10:00:00', ?, 0)",
        (len(parsed.lines),),
    ).lastrowid
    sid = conn.execute(
        "INSERT INTO bank_statements (batch_id, account, currency, number, opening_date, opening_cents, "
        "closing_date, closing_cents, holder) VALUES (?, ?, 'EUR', ?, ?, ?, ?, ?, '')",
        (
            batch,
            parsed.account,
            parsed.number,
            parsed.opening_date.isoformat() if with_dates else None,
            parsed.opening_balance_cents,
            parsed.closing_date.isoformat() if with_dates else None,
            parsed.closing_balance_cents,
        ),
    ).lastrowid
    for line in parsed.lines:
        conn.execute(
            "INSERT INTO bank_lines (statement_id, batch_id, account, statement_number, sequence, "
            "bank_reference, booking_date, amount_cents, counterparty_name, counterparty_iban, "
            "counterparty_bic, communication, end_to_end, transaction_code, status, reason, reason_data, "
            "suggestions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?, '', '', 'unmatched', '', '[]', '[]')",
            (
                sid,
                batch,
                parsed.account,
                parsed.number,
                line.sequence,
                line.bank_reference,
                line.booking_date.isoformat(),
                line.amount_cents,
                line.communication,
            ),
        )
    conn.commit()
    conn.close()
    return len(parsed.lines)


def _write(path: Path, statements: list[Stmt]) -> Path:
    path.write_bytes(coda(statements))
    return path


def test_the_migration_re_keys_an_older_book_without_losing_or_doubling_a_line(tmp_path):
    paths = BookPaths.in_dir(tmp_path / "data")
    paths.folder.mkdir(parents=True)
    db = Database(paths.book)
    book_module.upgrade(db, "0003")
    db.dispose()
    conn = sqlite3.connect(paths.book)
    conn.execute(
        "INSERT INTO company (id, name, street, postcode, city, country, vat, vat_regime, iban, bic, email, "
        "phone, language, payment_terms_days, invoice_number_format, credit_note_number_format, "
        "late_payment_terms) VALUES (1, 'Oud BV', '', '', '', 'BE', '', 'standard', ?, '', '', '', 'nl', 30, "
        "'{year}-{seq:04d}', 'CN{year}-{seq:04d}', 0)",
        (OWN,),
    )
    conn.commit()
    conn.close()
    s2025 = year_of_statements(2025)
    seeded = _seed_0003_bank_lines(paths.book, s2025[0], with_dates=True)
    undated = Stmt(number="777", day=date(2024, 12, 30), txs=[Tx(500, ref="U1", day=date(2024, 12, 30))])
    seeded += _seed_0003_bank_lines(paths.book, undated, with_dates=False)

    with open_book(paths) as book:
        assert read_revision(paths.book) == HEAD_REVISION
        with book.db.reading() as s:
            years = s.execute(select(BankLine.statement_number, BankLine.statement_year)).all()
        assert sorted(years) == [("001", 2025), ("001", 2025), ("777", 2024)]  # closing date, else first booking
        assert len(years) == seeded
        # the lines already booked are still recognised; statement 001 of the next year is booked
        for statements, expected in (([s2025[0]], (0, 2)), ([undated], (0, 1)), (year_of_statements(2026)[:1], (2, 0))):
            with book.db.transaction() as s:
                plan = bank_import.import_file(
                    s, _write(tmp_path / "again.cod", statements), today=date(2026, 4, 1)
                ).plan
            assert (plan.new, plan.duplicates) == expected
        with book.db.reading() as s:
            assert s.scalar(select(func.count()).select_from(BankLine)) == seeded + 2


def test_two_years_of_statement_001_survive_a_book_file_round_trip(book, tmp_path):
    import json

    from ledgerdesk.services import book_io

    import_years_range = (2025, 2026)
    for year in import_years_range:
        path = tmp_path / f"{year}.cod"
        path.write_bytes(coda(year_of_statements(year)[:1]))
        with book.db.transaction() as s:
            bank_import.import_file(s, path, today=date(year, 12, 31))
    free = tmp_path / "free.cod"
    free.write_bytes(coda([Stmt(number="009", txs=[Tx(100, ref="F", free="Nieuwe tarieven")])]))
    with book.db.transaction() as s:
        bank_import.import_file(s, free, today=date(2026, 3, 5))
        doc = book_io.export_book(s)
    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy.db.transaction() as s:
            book_io.import_book(s, json.loads(json.dumps(doc)))
        with copy.db.reading() as s:
            assert book_io.export_book(s) == doc
            years = sorted(s.execute(select(BankLine.statement_number, BankLine.statement_year)).all())
            assert (
                s.scalar(select(BankStatement.free_message).where(BankStatement.number == "009")) == "Nieuwe tarieven"
            )
        assert years == [("001", 2025), ("001", 2025), ("001", 2026), ("001", 2026), ("009", 2026)]
    finally:
        copy.close()
