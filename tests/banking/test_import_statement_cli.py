"""`import-statement` describes every line it counted (issue 21.6), with the bank's message and cut notes."""

from __future__ import annotations

import io
import json
from datetime import date

from builders import customer, issued_invoice

from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.cli import main


def run(data_dir, *args):
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_every_counted_line_is_described_in_both_outputs(book, tmp_path):
    with book.db.transaction() as s:
        cid = customer(s)
        _, ogm, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))  # 121.00
        issued_invoice(s, cid, "200", date(2026, 1, 10))  # 242.00
    data_dir = book.paths.book.parent
    book.close()
    first = tmp_path / "first.cod"
    first.write_bytes(coda([Stmt(txs=[Tx(500, ref="D1", text="oud")])]))
    assert run(data_dir, "import-statement", str(first))[0] == 0
    path = tmp_path / "two.cod"
    path.write_bytes(
        coda(
            [
                Stmt(txs=[Tx(500, ref="D1", text="oud")]),  # statement 001 again: its line is a duplicate
                Stmt(
                    number="002",
                    txs=[
                        Tx(12100, ogm=ogm, ref="M1"),
                        Tx(24200, ref="R1", text="factuur 2026-0002"),
                        Tx(777, ref="U1", text="?"),
                        Tx(-1500, ref="O1", text="kosten"),
                    ],
                ),
            ]
        )
    )
    code, out, err = run(data_dir, "import-statement", str(path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1] == "  line 0001: 5.00 already imported, left as it was"
    assert (
        "  line 0001: 121.00 paid 121.00 to invoice 2026-0001 (structured communication of invoice 2026-0001: paid in full)"
        in lines
    )
    assert any(x.startswith("  line 0002: 242.00 to review: invoice number 2026-0002") for x in lines)
    assert "  line 0003: 7.77 unmatched: no open invoice fits this amount, payer or communication" in lines
    assert "  line 0004: -15.00 outgoing: money out (costs, refunds, suppliers) is shown, not matched" in lines
    assert lines[-1] == "4 new, 1 already imported, 1 allocations, 1 to review, 1 unmatched, 1 outgoing"
    described = [x for x in lines if x.startswith("  line ")]
    assert len(described) == 5  # every line counted in the last sentence

    again = tmp_path / "again.cod"
    again.write_bytes(path.read_bytes())
    code, out, err = run(data_dir, "import-statement", str(again), "--json")
    data = json.loads(out)
    assert [(x["statement"], x["line"], x["status"]) for x in data["lines"]] == [
        ("001", "0001", "duplicate"),
        ("002", "0001", "duplicate"),
        ("002", "0002", "duplicate"),
        ("002", "0003", "duplicate"),
        ("002", "0004", "duplicate"),
    ]


def test_the_banks_message_and_cut_texts_are_shown(book, tmp_path):
    data_dir = book.paths.book.parent
    book.close()
    path = tmp_path / "long.xml"
    path.write_bytes(camt([Stmt(txs=[Tx(1000, ref="L1", text="x" * 5000)])]))
    code, out, err = run(data_dir, "import-statement", str(path))
    assert code == 0, err
    assert "    note: RmtInf/Ustrd cut to 140 characters, what the standard allows (the file has 5000)" in out
    free = tmp_path / "free.cod"
    free.write_bytes(coda([Stmt(number="002", txs=[Tx(100, ref="F1", free="Nieuwe tarieven vanaf 1 april")])]))
    code, out, err = run(data_dir, "import-statement", str(free))
    assert code == 0, err
    assert "  the bank's message: Nieuwe tarieven vanaf 1 april" in out.splitlines()


def test_a_file_that_is_no_statement_is_refused_in_the_users_language(book, tmp_path, monkeypatch):
    data_dir = book.paths.folder
    book.close()
    notes = tmp_path / "random.txt"
    notes.write_text("hello\n", encoding="utf-8")
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, _out, err = run(data_dir, "import-statement", str(notes))
    assert code == 1
    assert err.splitlines() == [
        "ledgerdesk: random.txt, fichier : n’est ni un extrait CODA ni un extrait camt.053",
        "ledgerdesk: 1 problème(s) ; rien n'a été importé",
    ]
