"""camt.053 reader: versions 001.02 and 001.08, OGM and RF references, every text node, broken files."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerdesk.banking.camt import CamtReader
from ledgerdesk.banking.samples import Stmt, Tx, camt
from ledgerdesk.domain import references

OGM = references.for_document(2026, 0, 7)


def sample() -> list[Stmt]:
    return [
        Stmt(
            number="17",
            opening_cents=-5000,
            txs=[
                Tx(
                    24200,
                    ogm=OGM,
                    name="Bakkerij Peeters",
                    iban="BE68539007547034",
                    bic="GKCCBEBB",
                    ref="A1",
                    end_to_end="E2E-9",
                ),
                Tx(
                    9900,
                    rf="RF18539007547034",
                    name="Café Zoë",
                    iban="BE62510007547061",
                    ref="A2",
                    text="réf. client",
                    info="Zahlung",
                ),
                Tx(-1500, name="Proximus", iban="BE79000000001133", ref="A3", text="factuur gsm"),
                Tx(
                    30000,
                    ref="A4",
                    info="VERZAMELBETALING",
                    details=[
                        Tx(10000, name="Een", iban="BE68539007547034", ref="A4-1", text="2026-0001"),
                        Tx(20000, name="Twee", ref="A4-2", text="2026-0002"),
                    ],
                ),
            ],
        ),
        Stmt(number="18", opening_cents=57600, day=date(2026, 3, 3), txs=[Tx(100, ref="B1", day=date(2026, 3, 3))]),
    ]


@pytest.mark.parametrize("version", ["02", "08"])
def test_reads_every_field(version):
    statements, problems = CamtReader().parse(camt(sample(), version=version), "stmt.xml")
    assert problems == []
    first, second = statements
    assert (first.account, first.number, first.currency, first.holder) == (
        "BE71096123456769",
        "17",
        "EUR",
        "Atelier Janssens",
    )
    assert (first.opening_balance_cents, first.closing_balance_cents) == (-5000, 57600)
    ogm_line, rf_line, out_line, *batch = first.lines
    assert ogm_line.ogm == OGM and ogm_line.amount_cents == 24200
    assert (ogm_line.counterparty_name, ogm_line.counterparty_iban, ogm_line.counterparty_bic) == (
        "Bakkerij Peeters",
        "BE68539007547034",
        "GKCCBEBB",
    )
    assert ogm_line.bank_reference == "A1" and ogm_line.end_to_end == "E2E-9"
    assert ogm_line.booking_date == date(2026, 3, 2)
    assert rf_line.rf_reference == "RF18539007547034" and rf_line.ogm is None
    assert "réf. client" in rf_line.communication and "Zahlung" in rf_line.communication  # Ustrd + AddtlTxInf
    assert out_line.amount_cents == -1500 and out_line.counterparty_name == "Proximus"
    assert [(b.sequence, b.amount_cents, b.bank_reference) for b in batch] == [
        ("0004/0001", 10000, "A4-1"),
        ("0004/0002", 20000, "A4-2"),
    ]
    assert all("VERZAMELBETALING" in b.communication for b in batch)  # AddtlNtryInf
    assert second.number == "18" and second.lines[0].amount_cents == 100


def refused(data: bytes) -> str:
    statements, problems = CamtReader().parse(data, "stmt.xml")
    assert statements == [] and problems
    return str(problems[0])


def test_truncated_xml_names_the_line():
    data = camt(sample())
    assert refused(data[: len(data) // 2]).startswith("stmt.xml, line 1: not well-formed XML")


def test_balance_mismatch_names_the_statement():
    data = camt(sample()).replace(b'<Amt Ccy="EUR">576.00</Amt>', b'<Amt Ccy="EUR">576.01</Amt>', 1)
    assert refused(data) == (
        "stmt.xml, /Document/BkToCstmrStmt/Stmt[1]: opening balance -50.00 + entries 626.00 "
        "does not give the closing balance 576.01"
    )


def test_bad_amount_names_the_xml_path():
    data = camt(sample()).replace(b">242.00<", b">242,00<", 1)
    assert refused(data) == "stmt.xml, /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt: '242,00' is not an amount"


def test_details_that_do_not_add_up_are_refused():
    data = camt(sample()).replace(b">200.00<", b">199.00<", 1)
    assert "its transaction details add up to 299.00, the entry says 300.00" in refused(data)


def test_other_documents_are_refused():
    assert "is not a camt.053 document" in refused(
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"/>'
    )
    assert "version 001.01 is not supported" in refused(
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.01"/>'
    )


def test_entry_count_from_the_summary_is_checked():
    data = camt(sample()).replace(b"<NbOfNtries>4</NbOfNtries>", b"<NbOfNtries>5</NbOfNtries>")
    assert (
        refused(data)
        == "stmt.xml, /Document/BkToCstmrStmt/Stmt[1]/TxsSummry/TtlNtries/NbOfNtries: says 5 entries, the statement has 4"
    )


def test_bad_booking_date_names_the_xml_path():
    data = camt(sample()).replace(b"<BookgDt><Dt>2026-03-02</Dt>", b"<BookgDt><Dt>2026-02-30</Dt>", 1)
    assert refused(data) == (
        "stmt.xml, /Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt/Dt: "
        "booking date '2026-02-30' is not a date (YYYY-MM-DD)"
    )


def test_bad_transaction_amount_names_the_xml_path():
    data = camt(sample()).replace(b">100.00<", b">1OO.00<", 1)
    assert refused(data) == (
        "stmt.xml, /Document/BkToCstmrStmt/Stmt[1]/Ntry[4]/NtryDtls/TxDtls[1]/Amt: '1OO.00' is not an amount"
    )


def test_an_ogm_needs_the_scor_code_and_the_bba_issuer():
    data = camt(sample())
    not_scor = data.replace(
        b"<Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr>", b"<Cd>DISP</Cd></CdOrPrtry><Issr>BBA</Issr>", 1
    )
    line = CamtReader().parse(not_scor, "stmt.xml")[0][0].lines[0]
    assert line.ogm is None and OGM in line.communication  # kept as readable text
    other_issuer = data.replace(b"<Issr>BBA</Issr>", b"<Issr>ISO</Issr>", 1)
    assert CamtReader().parse(other_issuer, "stmt.xml")[0][0].lines[0].ogm is None


def test_wrong_encoding_is_refused_with_its_line():
    latin1 = camt(sample()).decode("utf-8").encode("latin-1")  # 'Café Zoë' in latin-1, declared UTF-8
    message = refused(latin1)
    assert message.startswith("stmt.xml, line 1: not well-formed XML: the file is not UTF-8 text as it declares")
