"""Importing statements into a real book: certain matches, duplicates, review queue, undo, CLI."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from builders import customer, issued_invoice
from sqlalchemy import func, select

from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.cli import main
from ledgerdesk.domain import references
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.models import BankLine, Payment
from ledgerdesk.services import bank_import, bank_review, payment_references

TODAY = date(2026, 3, 5)
GROUP = references.from_payload(65)


@pytest.fixture
def invoices(book):
    with book.db.transaction() as s:
        cid = customer(s)
        other = customer(s, "Café Zoë", language="fr")
        a = issued_invoice(s, cid, "100", date(2026, 1, 5))  # 121.00
        b = issued_invoice(s, cid, "200", date(2026, 1, 10))  # 242.00
        c = issued_invoice(s, other, "50", date(2026, 1, 12))  # 60.50
    return {"customer": cid, "other": other, "a": a, "b": b, "c": c}


def write(tmp_path: Path, statements, name="s.cod") -> Path:
    path = tmp_path / name
    path.write_bytes(coda(statements) if name.endswith(".cod") else camt(statements))
    return path


def do_import(book, path, **kw):
    with book.db.transaction() as s:
        return bank_import.import_file(s, path, today=TODAY, **kw)


def test_no_import_yet_means_no_last_import_date(book):
    with book.db.reading() as s:
        assert bank_import.last_import_date(s) is None


def test_exact_ogm_pays_partial_and_overpayment_become_credit(book, invoices, tmp_path):
    a_id, a_ogm, _ = invoices["a"]
    b_id, b_ogm, _ = invoices["b"]
    c_id, c_ogm, _ = invoices["c"]
    path = write(
        tmp_path,
        [
            Stmt(
                txs=[
                    Tx(12100, ogm=a_ogm, ref="R1", iban="BE68539007547034", name="Bakkerij Peeters"),
                    Tx(10000, ogm=b_ogm, ref="R2"),
                    Tx(7000, ogm=c_ogm, ref="R3"),
                    Tx(-250, text="bank costs", ref="R4"),
                    Tx(999, text="who is this", ref="R5"),
                ]
            )
        ],
    )
    result = do_import(book, path)
    assert [(m.invoice, m.amount_cents) for m in result.matched] == [
        ("2026-0001", 12100),
        ("2026-0002", 10000),
        ("2026-0003", 6050),
    ]
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 0
        assert queries.open_cents(s, b_id) == 14200
        assert queries.customer_credit_cents(s, invoices["other"]) == 950
        statuses = [line.status for line in s.scalars(select(BankLine).order_by(BankLine.id))]
        assert statuses == ["matched", "matched", "matched", "outgoing", "unmatched"]
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.method == "bank")) == 3
        assert bank_import.last_import_date(s) == TODAY


def test_camt_rf_reference_of_an_invoice_ogm_pays_it(book, invoices, tmp_path):
    from stdnum.iso7064 import mod_97_10

    a_id, a_ogm, _ = invoices["a"]
    rf = "RF" + mod_97_10.calc_check_digits(a_ogm + "RF") + a_ogm
    result = do_import(
        book, write(tmp_path, [Stmt(txs=[Tx(12100, rf=rf, ref="R1", name="Bakkerij Peeters")])], "s.xml")
    )
    assert [(m.invoice, m.amount_cents) for m in result.matched] == [("2026-0001", 12100)]
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 0
        line = s.scalars(select(BankLine)).one()
        assert line.rf_reference == rf and line.reason.startswith("RF creditor reference")


def test_importing_twice_adds_nothing_but_identical_transfers_are_both_kept(book, invoices, tmp_path):
    same = dict(amount_cents=5000, text="huur", iban="BE68539007547034", name="X")
    path = write(tmp_path, [Stmt(txs=[Tx(ref="R1", **same), Tx(ref="R2", **same)])])
    first = do_import(book, path)
    assert first.plan.new == 2
    second = do_import(book, path)
    assert (second.plan.new, second.plan.duplicates, second.batch_id) == (0, 2, None)
    # an overlapping statement under another number, same bank references: still nothing new
    overlap = write(tmp_path, [Stmt(number="002", txs=[Tx(ref="R2", **same), Tx(ref="R9", **same)])], "o.cod")
    third = do_import(book, overlap)
    assert (third.plan.new, third.plan.duplicates) == (1, 1)


def test_a_reused_bank_reference_inside_one_statement_drops_nothing(book, invoices, tmp_path):
    same = dict(amount_cents=5000, text="huur", ref="BATCH-7")
    first = do_import(book, write(tmp_path, [Stmt(txs=[Tx(**same), Tx(**same), Tx(**same)])]))
    assert (first.plan.new, first.plan.duplicates) == (3, 0)
    # the same three in an overlapping statement: recognised, nothing added
    again = do_import(book, write(tmp_path, [Stmt(number="002", txs=[Tx(**same)])], "o.cod"))
    assert (again.plan.new, again.plan.duplicates) == (0, 1)


def test_foreign_account_is_refused_unless_accepted(book, invoices, tmp_path):
    path = write(tmp_path, [Stmt(account="BE68539007547034", txs=[Tx(100, ref="R1")])])
    with pytest.raises(bank_import.ForeignAccount, match="the company's account is BE71096123456769"):
        do_import(book, path)
    assert do_import(book, path, accept_account=True).plan.new == 1


def test_refused_file_writes_nothing(book, invoices, tmp_path):
    path = write(tmp_path, [Stmt(txs=[Tx(100, ref="R1")])])
    path.write_bytes(path.read_bytes()[:-200])
    with pytest.raises(bank_import.StatementRefused, match="nothing was imported"):
        do_import(book, path)
    with book.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(BankLine)) == 0


def test_grouped_reference_pays_several_invoices_oldest_first(book, invoices, tmp_path):
    a_id, b_id = invoices["a"][0], invoices["b"][0]
    with book.db.transaction() as s:
        payment_references.register(s, GROUP, [b_id, a_id], on=TODAY, source="reminder letter 1")
        assert payment_references.invoices_of(s, GROUP) == [b_id, a_id]
        with pytest.raises(DomainError, match="already in use"):
            payment_references.register(s, GROUP, [a_id], on=TODAY)
        with pytest.raises(DomainError, match="one customer"):
            payment_references.register(s, references.from_payload(66), [a_id, invoices["c"][0]], on=TODAY)
    result = do_import(book, write(tmp_path, [Stmt(txs=[Tx(20000, ogm=GROUP, ref="G1")])]))
    assert [(m.invoice, m.amount_cents) for m in result.matched] == [("2026-0001", 12100), ("2026-0002", 7900)]


def test_review_queue_accept_split_undo_and_undo_import(book, invoices, tmp_path):
    a_id, _, _ = invoices["a"]
    b_id, _, _ = invoices["b"]
    path = write(
        tmp_path,
        [
            Stmt(
                txs=[
                    Tx(24200, text="factuur 2026-0002", ref="R1"),
                    Tx(36300, text="twee facturen", ref="R2"),
                ]
            )
        ],
    )
    result = do_import(book, path)
    assert result.plan.count("review") == 1 and result.plan.count("unmatched") == 1
    first, second = result.line_ids
    with book.db.transaction() as s:
        line = s.get(BankLine, first)
        assert line.status == "review" and "invoice number 2026-0002 in the communication" in line.reason
        bank_review.accept_suggestion(s, first, 0)
        bank_review.allocate_line(s, second, [(a_id, 5000), (a_id, 7100)], customer_id=invoices["customer"])
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == queries.open_cents(s, b_id) == 0
        assert queries.customer_credit_cents(s, invoices["customer"]) == 36300 - 12100
    with book.db.transaction() as s, pytest.raises(DomainError, match="already booked; undo it first"):
        bank_review.allocate_line(s, first, [(a_id, 99999)])
    with book.db.transaction() as s, pytest.raises(DomainError, match="booked by hand afterwards"):
        bank_review.undo_import(s, result.batch_id, on=TODAY)
    with book.db.transaction() as s:
        bank_review.undo_line(s, first, on=TODAY)
        bank_review.undo_line(s, second, on=TODAY)
        assert bank_review.undo_import(s, result.batch_id, on=TODAY) == 2
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 12100 and queries.open_cents(s, b_id) == 24200
        assert s.scalar(select(func.count()).select_from(Payment)) == 0


def test_undo_import_of_certain_matches(book, invoices, tmp_path):
    a_id, a_ogm, _ = invoices["a"]
    result = do_import(book, write(tmp_path, [Stmt(txs=[Tx(12100, ogm=a_ogm, ref="R1")])], "s.xml"))
    with book.db.transaction() as s:
        bank_review.undo_import(s, result.batch_id, on=TODAY)
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 12100


def run_cli(book, *args):
    out, err = io.StringIO(), io.StringIO()
    data_dir = book.paths.book.parent
    book.close()
    code = main(["--data-dir", str(data_dir), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_import_statement_json_and_refusal(book, invoices, tmp_path):
    _, a_ogm, _ = invoices["a"]
    path = write(tmp_path, [Stmt(txs=[Tx(12100, ogm=a_ogm, ref="R1"), Tx(500, text="?", ref="R2")])])
    code, out, err = run_cli(book, "import-statement", str(path), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["statements"] == [
        {
            "account": "BE71096123456769",
            "number": "001",
            "opening_balance": "0.00",
            "closing_balance": "126.00",
            "lines": 2,
            "free_message": "",
        }
    ]
    assert (data["new"], data["duplicates"], data["to_review"]) == (2, 0, 0)
    assert data["matched"] == [{"line": "0001", "invoice": "2026-0001", "amount": "121.00"}]
    broken = tmp_path / "broken.cod"
    broken.write_bytes(path.read_bytes()[:300])
    code, out, err = (
        main(
            ["--data-dir", str(book.paths.book.parent), "import-statement", str(broken)],
            out=io.StringIO(),
            err=(e := io.StringIO()),
        ),
        None,
        None,
    )
    assert code == 1 and "nothing was imported" in e.getvalue() and "broken.cod, line 3" in e.getvalue()
    foreign = write(tmp_path, [Stmt(account="BE68539007547034", txs=[Tx(100, ref="Z")])], "f.cod")
    code = main(
        ["--data-dir", str(book.paths.book.parent), "import-statement", str(foreign)],
        out=io.StringIO(),
        err=(e := io.StringIO()),
    )
    assert code == 1 and "--accept-account" in e.getvalue()


def test_cli_plain_summary_explains_each_match(book, invoices, tmp_path):
    _, a_ogm, _ = invoices["a"]
    path = write(tmp_path, [Stmt(txs=[Tx(12100, ogm=a_ogm, ref="R1"), Tx(24200, text="fact 2026-0002", ref="R2")])])
    code, out, err = run_cli(book, "import-statement", str(path))
    assert code == 0, err
    assert (
        "line 0001: 121.00 paid 121.00 to invoice 2026-0001 (structured communication of invoice 2026-0001: "
        "paid in full)"
    ) in out
    assert "line 0002: 242.00 to review: invoice number 2026-0002 in the communication, same amount" in out
    assert "2 new, 0 already imported, 1 allocations, 1 to review" in out
