"""CODA 2.x reader: every field both sides, several statements, globalisation, accents, broken files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledgerdesk import banking
from ledgerdesk.banking.coda import CodaReader, belgian_iban
from ledgerdesk.banking.samples import Stmt, Tx, coda, record
from ledgerdesk.domain import references

OGM = references.for_document(2026, 0, 1)


def sample() -> list[Stmt]:
    first = Stmt(
        number="041",
        opening_cents=150000,
        txs=[
            Tx(
                12100,
                ogm=OGM,
                name="Bakkerij Peeters",
                iban="BE68539007547034",
                bic="GKCCBEBB",
                ref="BR0001",
                info="Markt 5 2000 Antwerpen",
                end_to_end="E2E-1",
                day=date(2026, 3, 2),
            ),
            Tx(
                -1250,
                text="Beheerskosten maart / frais de gestion été à Liège " * 2,
                ref="BR0002",
                name="Banque Générale",
                iban="BE62510007547061",
                bic="GEBABEBB",
            ),
            Tx(
                30000,
                ref="BR0003",
                details=[
                    Tx(10000, name="Café Zoë", iban="BE62510007547061", ref="BR0003", text="factuur 2026-0002"),
                    Tx(20000, name="Brasserie Léon", iban="BE68539007547034", ref="BR0003", text="facture 2026-0003"),
                ],
            ),
        ],
    )
    second = Stmt(
        number="042",
        opening_cents=first.closing_cents,
        day=date(2026, 3, 3),
        txs=[Tx(4500, text="thanks", ref="BR0004", day=date(2026, 3, 3))],
    )
    return [first, second]


def parse(data: bytes):
    return CodaReader().parse(data, "test.cod")


def test_reads_every_field_of_a_two_statement_file():
    statements, problems = parse(coda(sample()))
    assert problems == []
    first, second = statements
    assert (first.account, first.number, first.currency) == ("BE71096123456769", "041", "EUR")
    assert (first.opening_balance_cents, first.closing_balance_cents) == (150000, 190850)
    assert first.opening_date == date(2026, 3, 2) and first.holder == "Atelier Janssens"
    paid = first.lines[0]
    assert paid.ogm == OGM and paid.amount_cents == 12100
    assert (paid.counterparty_name, paid.counterparty_iban, paid.counterparty_bic) == (
        "Bakkerij Peeters",
        "BE68539007547034",
        "GKCCBEBB",
    )
    assert paid.bank_reference == "BR0001" and paid.end_to_end == "E2E-1"
    assert "Markt 5 2000 Antwerpen" in paid.communication  # information record 3.1 joined
    assert paid.booking_date == date(2026, 3, 2) == paid.value_date
    cost = first.lines[1]
    assert cost.amount_cents == -1250 and cost.ogm is None
    assert (cost.counterparty_name, cost.counterparty_iban, cost.counterparty_bic) == (
        "Banque Générale",
        "BE62510007547061",
        "GEBABEBB",
    )
    # free text spread over 2.1, 2.2 and 2.3, windows-1252 accents intact
    assert cost.communication.startswith("Beheerskosten maart / frais de gestion été à Liège Beheerskosten")
    assert second.number == "042" and second.lines[0].amount_cents == 4500


def test_globalised_movement_books_its_details_not_the_total():
    first = parse(coda(sample()))[0][0]
    details = [line for line in first.lines if line.sequence.startswith("0003")]
    assert [(d.sequence, d.amount_cents, d.counterparty_name) for d in details] == [
        ("0003/0001", 10000, "Café Zoë"),
        ("0003/0002", 20000, "Brasserie Léon"),
    ]
    assert sum(line.amount_cents for line in first.lines) == first.closing_balance_cents - first.opening_balance_cents


def test_read_file_detects_the_format(tmp_path: Path):
    path = tmp_path / "march.cod"
    path.write_bytes(coda(sample()))
    statements, problems = banking.read_file(path)
    assert problems == [] and [s.format for s in statements] == ["coda", "coda"]


def test_old_belgian_account_numbers_become_ibans():
    assert belgian_iban("539007547034") == "BE68539007547034"


def test_same_as_the_tryton_parser_on_its_real_kbc_sample():
    coda_lib = pytest.importorskip("coda")
    path = Path(coda_lib.__file__).parent / "CODA.txt"
    mine, problems = CodaReader().extract(path)
    assert problems == []
    theirs = coda_lib.CODA(str(path)).statements[0]
    (st,) = mine
    assert st.number == theirs.old_sequence
    assert st.opening_balance_cents == int(theirs.old_balance * 100)
    assert st.closing_balance_cents == int(theirs.new_balance * 100)
    assert st.account == belgian_iban(theirs.account)
    tops = {m.sequence: m for m in theirs.moves}
    for line in st.lines:
        seq, _, detail = line.sequence.partition("/")
        move = tops[seq] if not detail else tops[seq].find_move(seq, detail)
        assert line.amount_cents == int(move.amount * 100)
        assert line.bank_reference == move.bank_reference.strip()
        if not detail and move.counterparty_name:
            assert line.counterparty_name == move.counterparty_name.strip()


# --- broken files: refused whole, with line and field ---------------------------------
def lines_of(data: bytes) -> list[bytes]:
    return data.split(b"\r\n")[:-1]


def join(lines: list[bytes]) -> bytes:
    return b"\r\n".join(lines) + b"\r\n"


def only_problem(data: bytes) -> str:
    statements, problems = parse(data)
    assert statements == [] and problems
    return str(problems[0])


def test_truncated_file_is_refused():
    lines = lines_of(coda(sample()[:1]))
    message = only_problem(join(lines[:-3]))
    assert "no trailer record 9 (truncated?)" in message and "begun on line 1" in message


def test_wrong_record_length_names_the_line():
    lines = lines_of(coda(sample()[:1]))
    lines[3] = lines[3][:-1]
    assert only_problem(join(lines)) == "test.cod, line 4: record is 127 characters long, a CODA record has 128"


def test_bad_trailer_totals_are_refused():
    lines = lines_of(coda(sample()[:1]))
    trailer = lines[-1].decode("cp1252")
    lines[-1] = (trailer[:37] + "000000000999990" + trailer[52:]).encode("cp1252")
    statements, problems = parse(join(lines))
    assert statements == []
    assert any("trailer credit total 999.99 does not match the movements (421.00)" in str(p) for p in problems)


def test_balance_that_does_not_add_up_is_refused():
    lines = lines_of(coda(sample()[:1]))
    new_balance = lines[-2].decode("cp1252")
    lines[-2] = (new_balance[:42] + "000000001908510" + new_balance[57:]).encode("cp1252")
    message = only_problem(join(lines))
    assert "does not give the new balance 1908.51" in message


def test_utf8_file_is_refused_with_an_encoding_hint():
    data = coda(sample()[:1]).decode("cp1252").encode("utf-8")
    message = only_problem(data)
    assert "looks UTF-8 encoded; CODA files are windows-1252" in message


def test_bytes_outside_windows_1252_are_refused():
    lines = lines_of(coda(sample()[:1]))
    lines[2] = lines[2][:70] + b"\x81" + lines[2][71:]
    assert only_problem(join(lines)) == "test.cod, line 3: byte 0x81 at column 71 is not windows-1252 text"


def test_bad_trailer_field_is_one_problem():
    lines = lines_of(coda(sample()[:1]))
    trailer = lines[-1].decode("cp1252")
    lines[-1] = (trailer[:16] + "00002X" + trailer[22:]).encode("cp1252")
    statements, problems = parse(join(lines))
    assert [str(p) for p in problems] == [
        f"test.cod, line {len(lines)}: record 9 record count: '00002X' at positions 17-22 is not a number"
    ]


def test_bad_date_and_bad_amount_name_the_field():
    lines = lines_of(coda(sample()[:1]))
    movement = lines[2].decode("cp1252")
    lines[2] = (movement[:47] + "310226" + movement[53:]).encode("cp1252")
    assert "value date: '310226' at positions 48-53 is not a date (DDMMYY)" in only_problem(join(lines))
    lines = lines_of(coda(sample()[:1]))
    lines[2] = (movement[:32] + "00000000012X000" + movement[47:]).encode("cp1252")
    assert "amount: '00000000012X000' at positions 33-47 is not a number" in only_problem(join(lines))


def test_unsupported_version_and_unknown_record():
    lines = lines_of(coda(sample()[:1]))
    lines[0] = lines[0][:127] + b"1"
    assert "CODA version '1' is not supported" in only_problem(join(lines))
    lines = lines_of(coda(sample()[:1]))
    lines.insert(2, record((0, "7")).encode())
    assert "'7' is not a CODA record type" in only_problem(join(lines))


def test_globalised_details_that_do_not_add_up_are_refused():
    stmt = sample()[0]
    stmt.txs[2].details[1].amount_cents = 19999
    message = only_problem(coda([stmt]))
    assert "details of globalised movement 0003 add up to 299.99, the total says 300.00" in message


def test_information_records_3_1_to_3_3_join_the_communication_and_record_4_stays_with_the_statement():
    long_info = ("Vrije mededeling deel één " * 4)[:73] + ("partie deux à Liège " * 6)[:105] + "slot drie"
    st = Stmt(
        number="050",
        txs=[
            Tx(8800, ref="I1", info=long_info, free="record vier: dank u", info_name="Brasserie Léon"),
            Tx(30000, ref="I2", details=[Tx(10000, ref="I2", info="detail info"), Tx(20000, ref="I2", free="vrij")]),
        ],
    )
    data = coda([st])
    kinds = [line[:2] for line in data.decode("cp1252").split("\r\n") if line]
    assert {"31", "32", "33", "4 "} <= set(kinds)
    (read,), problems = parse(data)
    assert problems == []
    first, d1, d2 = read.lines
    assert first.counterparty_name == "Brasserie Léon"  # from the structured 3.1 (type 001)
    for piece in ("Vrije mededeling deel één", "partie deux à Liège", "slot drie"):
        assert piece in first.communication
    assert "detail info" in d1.communication
    # record 4 is the bank's message about the statement, whatever sequence number it carries
    assert read.free_message == "record vier: dank u vrij"
    assert all("record vier" not in line.communication and "vrij" not in line.communication for line in read.lines)
    assert (d1.sequence, d2.sequence) == ("0002/0001", "0002/0002")
