"""Defects found with real public statement files (issue 23.2-23.5), each with its file or one of the same shape."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from ledgerdesk.banking import read_file
from ledgerdesk.banking.camt import CamtReader
from ledgerdesk.banking.coda import CodaReader
from ledgerdesk.banking.samples import Stmt, Tx, camt, coda, record

DATA = Path(__file__).parent / "data"


def test_an_empty_coda_statement_without_record_8_is_accepted():
    """febelfin-coda's CODA-empty.txt: records 0, 1 and 9 only; no movement, so no new balance."""
    (st,), problems = read_file(DATA / "febelfin-coda-CODA-empty.txt")
    assert problems == []
    assert st.lines == () and st.closing_balance_cents == st.opening_balance_cents == 0
    assert st.closing_date == st.opening_date


def test_a_type_114_card_payment_reads_as_words_and_figures():
    """febelfin-coda's KBC CODA.txt, movement 0043: a card payment (structured communication 114)
    continued in record 2.2."""
    (st,), problems = read_file(DATA / "febelfin-coda-CODA.txt")
    assert problems == []
    first = next(line for line in st.lines if line.sequence == "0043/0001")
    assert first.communication.startswith(
        "ETS STEYLEMANS, BRUXELLES, 31/10/2006 11:01 (POS 353047, 186/006835, 0507775191760001)"
    )
    assert not any("9353047186" in line.communication for line in st.lines)  # no run-together digits left


def _records(data: bytes) -> list[str]:
    return data.decode("cp1252").split("\r\n")[:-1]


def _join(recs: list[str]) -> bytes:
    return ("\r\n".join(recs) + "\r\n").encode("cp1252")


def test_a_short_trailer_is_one_problem_not_also_a_truncated_file():
    """pycoda's Coda_v2_3_faulty_globalisation_2.txt ends in a 57-character record 9."""
    recs = _records(coda([Stmt(txs=[Tx(1000, ref="A"), Tx(-200, ref="B")])]))
    recs[-1] = recs[-1][:57]
    statements, problems = CodaReader().parse(_join(recs), "faulty.cod")
    assert statements == []
    assert [str(p) for p in problems] == [
        f"faulty.cod, line {len(recs)}: record is 57 characters long, a CODA record has 128"
    ]


def test_a_trailer_glued_to_record_8_is_one_problem():
    recs = _records(coda([Stmt(txs=[Tx(1000, ref="A")])]))
    glued = recs[:-2] + [recs[-2] + recs[-1]]
    statements, problems = CodaReader().parse(_join(glued), "glued.cod")
    assert statements == []
    assert [str(p) for p in problems] == [
        f"glued.cod, line {len(glued)}: record is 256 characters long, a CODA record has 128"
    ]


def test_one_bad_amount_is_one_problem_not_five_follow_ons():
    """php-coda-parser's sample6.cod: movement 0001's amount has a fraction of a cent; its records
    2.2, 2.3 and 3.1-3.3 used to add 'no record 2.1 before it' and 'belongs to no movement'."""
    recs = _records(
        coda(
            [
                Stmt(
                    txs=[
                        Tx(
                            7678,
                            ref="A",
                            text="x" * 150,
                            name="BVBA Bakker",
                            iban="BE54805480215856",
                            info="Main street 928 " * 12,
                        ),
                        Tx(500, ref="B"),
                    ]
                )
            ]
        )
    )
    assert [r[:2] for r in recs[2:8]] == ["21", "22", "23", "31", "32", "33"]
    recs[2] = recs[2][:32] + "000000000767823" + recs[2][47:]
    statements, problems = CodaReader().parse(_join(recs), "sample6.cod")
    assert statements == []
    assert [str(p) for p in problems] == [
        "sample6.cod, line 3: record 21 amount: '000000000767823' has a fraction of a cent"
    ]


def test_a_record_8_for_another_account_than_record_1_is_refused():
    """pycoda's Coda_v2_3_*.txt files were anonymised differently in records 1 and 8."""
    recs = _records(coda([Stmt(txs=[Tx(1000, ref="A")])]))
    at = next(i for i, r in enumerate(recs) if r.startswith("8"))
    recs[at] = recs[at][:4] + "BE12345602625236" + recs[at][20:]
    statements, problems = CodaReader().parse(_join(recs), "other.cod")
    assert statements == []
    assert [p.where for p in problems] == [f"line {at + 1}"]
    assert "record 8 account: 'BE12345602625236 EUR'" in problems[0].message
    assert "is not the account of record 1 ('BE71096123456769 EUR')" in problems[0].message


def test_record_8_may_pad_its_account_differently():
    recs = _records(coda([Stmt(txs=[Tx(1000, ref="A")])]))
    at = next(i for i, r in enumerate(recs) if r.startswith("8"))
    recs[at] = recs[at][:4] + "BE71096123456769    EUR" + " " * 14 + recs[at][41:]
    assert CodaReader().parse(_join(recs), "padded.cod")[1] == []


def utc_camt(booking: str, value: str) -> bytes:
    """OCA's camt test: BookgDt and ValDt as UTC date-times."""
    data = camt([Stmt(day=date(2014, 1, 5), txs=[Tx(1000, ref="A", text="x", day=date(2014, 1, 5))])])
    data = data.replace(
        b"<BookgDt><Dt>2014-01-05</Dt></BookgDt>", f"<BookgDt><DtTm>{booking}</DtTm></BookgDt>".encode()
    )
    return data.replace(b"<ValDt><Dt>2014-01-05</Dt></ValDt>", f"<ValDt><DtTm>{value}</DtTm></ValDt>".encode())


def test_camt_booking_times_in_utc_land_on_the_belgian_day():
    (st,), problems = CamtReader().parse(utc_camt("2014-01-04T23:00:00.000Z", "2014-07-04T22:30:00+00:00"), "oca.xml")
    assert problems == []
    (line,) = st.lines
    assert line.booking_date == date(2014, 1, 5)  # 00:00 in Brussels (winter time, UTC+1)
    assert line.value_date == date(2014, 7, 5)  # 00:30 in Brussels (summer time, UTC+2)
    (st,), _ = CamtReader().parse(utc_camt("2014-01-04T22:59:59Z", "2014-01-04T23:30:00"), "oca.xml")
    assert st.lines[0].booking_date == date(2014, 1, 4)
    assert st.lines[0].value_date == date(2014, 1, 4)  # no zone: the bank's own (Belgian) time


def test_a_bad_date_time_names_its_element():
    statements, problems = CamtReader().parse(utc_camt("2014-01-04T25:00:00Z", "2014-01-05"), "oca.xml")
    assert statements == []
    assert str(problems[0]) == (
        "oca.xml, /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt/DtTm: booking date "
        "'2014-01-04T25:00:00Z' is not a date (YYYY-MM-DDThh:mm:ss)"
    )


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_of_camt_statements_is_read_one_statement_per_member(tmp_path):
    path = _zip(
        tmp_path / "statements.zip",
        {
            "2026-03-02.xml": camt([Stmt(number="41", txs=[Tx(1000, ref="A")])]),
            "__MACOSX/._2026-03-02.xml": b"\x00\x05\x16\x07",
            "sub/2026-03-03.xml": camt([Stmt(number="42", day=date(2026, 3, 3), txs=[Tx(-200, ref="B")])]),
        },
    )
    statements, problems = read_file(path)
    assert problems == []
    assert [(s.number, len(s.lines)) for s in statements] == [("41", 1), ("42", 1)]


def test_a_bad_member_of_a_zip_is_named(tmp_path):
    good = camt([Stmt(number="41", txs=[Tx(1000, ref="A")])])
    path = _zip(
        tmp_path / "statements.zip", {"a.xml": good, "b.xml": good.replace(b"10.00", b"10,00"), "notes.txt": b"hello"}
    )
    statements, problems = read_file(path)
    assert statements == []
    assert [str(p) for p in problems] == [
        "statements.zip › b.xml, /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt: '10,00' is not an amount",
        "statements.zip › b.xml, /Document/BkToCstmrStmt/Stmt[1]/Bal[2]/Amt: '10,00' is not an amount",
        "statements.zip › notes.txt, file: is neither a CODA nor a camt.053 statement",
    ]


def _declare_size(raw: bytes, size: int) -> bytes:
    """Patch the uncompressed size the central directory declares for the (only) member."""
    data = bytearray(raw)
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = size.to_bytes(4, "little")
    return bytes(data)


def test_a_zip_bomb_is_refused_unpacked(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.xml", b"\x00" * 100_000)
    path = tmp_path / "bomb.zip"
    path.write_bytes(_declare_size(buffer.getvalue(), 3_000_000_000))  # what a bomb's header says
    statements, problems = read_file(path)
    assert statements == [] and len(problems) == 1
    assert "big.xml unpacks to 3,000,000,000 bytes, more than any statement archive: refused unpacked" in str(
        problems[0]
    )


def test_a_zip_that_lies_about_its_size_is_stopped(tmp_path):
    data = camt([Stmt(number="41", txs=[Tx(1000, ref="A", text="y" * 100)])])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.xml", data)
    raw = _declare_size(buffer.getvalue(), 100)  # the local header keeps the true size
    path = tmp_path / "liar.zip"
    path.write_bytes(raw)
    statements, problems = read_file(path)
    assert statements == [] and problems
    assert problems[0].file.startswith("liar.zip")


def test_texts_longer_than_a_bank_may_send_are_cut_and_the_cut_is_noted():
    text = "2026-0001abc" * 9000  # 108,000 characters, no space
    (st,), problems = CamtReader().parse(camt([Stmt(txs=[Tx(1000, ref="A", text=text)])]), "long.xml")
    assert problems == []
    (line,) = st.lines
    assert line.communication == text[:140]
    assert [str(note) for note in line.notes] == [
        "RmtInf/Ustrd cut to 140 characters, what the standard allows (the file has 108000)"
    ]


def test_a_statement_level_record_4_is_not_glued_to_a_movement():
    recs = _records(coda([Stmt(txs=[Tx(1000, ref="A", text="huur")])]))
    recs.insert(len(recs) - 1, record((0, "4 00010000"), (32, "CLOSING AVAILABLE BALANCE"), (127, "0")))
    (st,), problems = CodaReader().parse(_join(recs), "free.cod")
    assert problems == []
    assert st.free_message == "CLOSING AVAILABLE BALANCE"
    assert st.lines[0].communication == "huur"
