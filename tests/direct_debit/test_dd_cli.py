"""The direct debit commands as a script uses them: setup, mandates, the collection file; errors in one sentence."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from dd_helpers import CREDITOR_ID
from lxml import etree

from ledgerdesk import cli
from ledgerdesk.sepa import schema

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(cli.Context, "today", lambda self: TODAY)


def run(*args, lang="en", monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_from_setup_to_collection_file(book, customer_id, tmp_path):
    book.close()
    d = str(book.paths.folder)
    code, out, err = run("--data-dir", d, "direct-debit-setup", "--json")
    assert (code, json.loads(out)) == (0, None)
    code, out, err = run(
        "--data-dir",
        d,
        "direct-debit-setup",
        "--creditor-id",
        CREDITOR_ID.lower(),
        "--iban",
        "BE71 0961 2345 6769",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out) == {
        "creditor_id": CREDITOR_ID,
        "iban": "BE71096123456769",
        "bic": "GKCCBEBB",
        "schemes": ["CORE"],
        "pain_version": "pain.008.001.08",
        "pre_notification_days": 14,
    }
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(b"%PDF-1.4 signed mandate")
    code, out, err = run(
        "--data-dir", d, "mandates", "add", "--customer", str(customer_id), "--reference", "LD-0001",
        "--signed", "2026-01-20", "--iban", "BE68 5390 0754 7034", "--bic", "KREDBEBB", "--document", str(signed), "--json",
    )  # fmt: skip
    assert code == 0, err
    added = json.loads(out)
    assert added["next_sequence"] == "FRST" and added["signed_copy"]["file"] == "signed.pdf"
    code, out, err = run(
        "--data-dir", d, "recurring", "add", "--customer", str(customer_id), "--description", "Onderhoud",
        "--price", "100.00", "--start", "2026-02-01", "--mode", "issued",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run("--data-dir", d, "recurring", "run", "--as-of", "2026-03-01", "--confirm")
    assert code == 0, err
    target = tmp_path / "march.xml"
    code, out, err = run("--data-dir", d, "direct-debit", "--collect-on", "2026-03-31", "-o", str(target), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert [(i["sequence"], i["amount"]) for i in result["invoices"]] == [("FRST", "121.00")]
    assert [s["reason"] for s in result["skipped"]] == ["waits until the first collection of its mandate"]
    assert schema.problems(target.read_bytes()) == ()
    code, out, err = run("--data-dir", d, "mandates", "list", "--json")
    [listed] = json.loads(out)
    assert listed["next_sequence"] == "RCUR" and [h["event"] for h in listed["history"]][:2] == ["signed", "attached"]
    code, out, err = run("--data-dir", d, "mandates", "amend", "LD-0001", "--iban", "BE71096123456769")
    assert code == 0 and "SMNDA" in out, err
    form = tmp_path / "form.pdf"
    code, out, err = run(
        "--data-dir", d, "mandates", "form", "--customer", str(customer_id), "--reference", "LD-0001", "-o", str(form)
    )
    assert code == 0, err
    assert form.read_bytes().startswith(b"%PDF")
    code, out, err = run(
        "--data-dir", d, "direct-debit", "--collect-on", "2026-04-07", "-o", str(tmp_path / "next.xml")
    )
    assert code == 0, err
    root = etree.parse(str(tmp_path / "next.xml")).getroot()
    ns = {"p": schema.namespace("pain.008.001.08")}
    assert root.findtext(".//p:SeqTp", namespaces=ns) == "FRST"  # new bank: first again, with SMNDA
    assert root.findtext(".//p:AmdmntInfDtls/p:OrgnlDbtrAcct/p:Id/p:Othr/p:Id", namespaces=ns) == "SMNDA"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("direct-debit-setup", "--creditor-id", "BE12ZZZ0403170701", "--iban", "BE71096123456769"), "check digits"),
        (("direct-debit-setup", "--creditor-id", CREDITOR_ID), "needs --creditor-id and --iban"),
        (("direct-debit", "--collect-on", "2026-03-20", "-o", "x.xml"), "not set up"),
        (("mandates", "revoke", "NOPE"), "there is no mandate 'NOPE'"),
    ],
)
def test_errors_are_one_sentence(book, args, message):
    book.close()
    code, out, err = run("--data-dir", str(book.paths.folder), *args)
    assert code == 1 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_errors_in_french(book, monkeypatch):
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, out, err = run(
        "--data-dir",
        str(book.paths.folder),
        "direct-debit-setup",
        "--creditor-id",
        "BE12ZZZ0403170701",
        "--iban",
        "BE71096123456769",
    )
    assert code == 1 and "chiffres de contrôle" in err


def collected_in_march(book, customer_id: int, tmp_path, reference: str) -> str:
    """The command line's way to a month collected: set up, a mandate, a monthly invoice issued in March and
    collected on the 31st (`march.xml`). Returns the book's folder."""
    book.close()
    d = str(book.paths.folder)
    for args in (
        ("direct-debit-setup", "--creditor-id", CREDITOR_ID, "--iban", "BE71096123456769"),
        ("mandates", "add", "--customer", str(customer_id), "--reference", reference, "--signed", "2026-01-20",
         "--iban", "BE68 5390 0754 7034"),
        ("recurring", "add", "--customer", str(customer_id), "--description", "Onderhoud", "--price", "100.00",
         "--start", "2026-02-01", "--mode", "issued"),
        ("recurring", "run", "--as-of", "2026-03-01", "--confirm"),
        ("direct-debit", "--collect-on", "2026-03-31", "-o", str(tmp_path / "march.xml")),
    ):  # fmt: skip
        code, out, err = run("--data-dir", d, *args)
        assert code == 0, (args, err)
    return d


def test_a_returned_collection_is_told_in_the_users_language(book, customer_id, tmp_path, monkeypatch):
    """The statement import says which invoice the bank sent back, why, and that it is open again."""
    from dd_statements import Refused, camt_returns

    d = collected_in_march(book, customer_id, tmp_path, "LD-0009")
    ns = {"p": schema.namespace("pain.008.001.08")}
    end_to_end = etree.parse(str(tmp_path / "march.xml")).getroot().findtext(".//p:EndToEndId", namespaces=ns)
    statement = tmp_path / "returns.xml"
    statement.write_bytes(camt_returns([Refused(end_to_end, "LD-0009", 12100, "AM04", date(2026, 4, 2))]))
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, out, err = run("--data-dir", d, "import-statement", str(statement))
    assert code == 0, err
    number = end_to_end.rsplit("-", 1)[0]
    told = [line for line in out.splitlines() if line.startswith("Domiciliation de la facture")]
    assert told == [
        f"Domiciliation de la facture {number} (Bakkerij Peeters, 121,00\u00a0€) renvoyée par la banque "
        "(AM04 : provision insuffisante) : la facture est de nouveau ouverte et suit les rappels."
    ], out
    code, out, err = run("--data-dir", d, "invoices", "--json")
    [row] = [r for r in json.loads(out) if r["number"] == number]
    assert row["open_amount"] == "121.00"


def _camt_credit(amount: str, day: str, number: str, end_to_end: str = "", opening: str = "1000.00") -> bytes:
    closing = Decimal(opening) + Decimal(amount)
    balances = "".join(
        f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{value}</Amt>'
        f"<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>"
        for code, value in (("OPBD", opening), ("CLBD", closing))
    )
    refs = (
        f"<NtryDtls><TxDtls><Refs><EndToEndId>{end_to_end}</EndToEndId></Refs></TxDtls></NtryDtls>"
        if end_to_end
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>B{number}</MsgId><CreDtTm>{day}T08:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>STMT-B{number}</Id><ElctrncSeqNb>{number}</ElctrncSeqNb><LglSeqNb>{number}</LglSeqNb>"
        f"<CreDtTm>{day}T08:00:00</CreDtTm><Acct><Id><IBAN>BE71096123456769</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        f"{balances}"
        f'<Ntry><NtryRef>1</NtryRef><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>'
        f"<BookgDt><Dt>{day}</Dt></BookgDt><ValDt><Dt>{day}</Dt></ValDt><AcctSvcrRef>DDB{number}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>BBDD</SubFmlyCd></Fmly></Domn></BkTxCd>"
        f"{refs}</Ntry></Stmt></BkToCstmrStmt></Document>"
    ).encode()


def test_the_banks_credit_for_a_collection_file_is_set_aside_once(book, customer_id, tmp_path):
    """The batch credit is not a payment: out of the review queue, and it does not hold a returned invoice's
    reminder as "a payment may have arrived". A second credit of the same amount is not taken for it."""
    d = collected_in_march(book, customer_id, tmp_path, "LD-0010")
    (tmp_path / "credit.xml").write_bytes(_camt_credit("121.00", "2026-03-31", "7"))
    code, out, err = run("--data-dir", d, "import-statement", str(tmp_path / "credit.xml"), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert [(c["line"], c["invoices"], c["amount"]) for c in summary["collection_credits"]] == [("0001", 1, "121.00")]
    assert summary["collection_credits"][0]["file"].startswith("LD-DD-")
    (tmp_path / "again.xml").write_bytes(_camt_credit("121.00", "2026-04-01", "8", opening="1121.00"))
    code, out, err = run("--data-dir", d, "import-statement", str(tmp_path / "again.xml"), "--json")
    assert code == 0, err
    assert json.loads(out)["collection_credits"] == []  # that file's credit was already shown: a real payment?


def test_a_collection_on_a_closed_day_is_refused_with_the_next_open_one(book, monkeypatch):
    book.close()
    d = str(book.paths.folder)
    assert (
        run("--data-dir", d, "direct-debit-setup", "--creditor-id", CREDITOR_ID, "--iban", "BE71096123456769")[0] == 0
    )
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, out, err = run("--data-dir", d, "direct-debit", "--collect-on", "2026-12-25", "-o", "x.xml")
    assert code != 0 and "Traceback" not in err
    assert "25/12/2026" in err and "28/12/2026" in err and "TARGET" in err, err
