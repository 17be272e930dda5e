"""Money out on an imported statement pays the suppliers' bills: by OGM, by amount and IBAN, partly, net of a
credit note, from our own payment file; the rest waits for review; undoing the import opens the bills again."""

from __future__ import annotations

from datetime import date

import pytest
from builders import bill, bill_line, supplier

from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.domain import purchase_matching as rules
from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.persistence.models import BankLine, Purchase
from ledgerdesk.services import bank_import, bank_review, purchase_matching, purchases
from ledgerdesk.services.purchase_list import list_bills

DAY = date(2026, 12, 10)
GARAGE_IBAN = "BE71096123456769"
PRINT_IBAN = "BE68539007547034"


def _bills(book) -> dict[str, int]:
    with book.db.transaction() as s:
        garage = supplier(s, "Garage Dubois", iban=GARAGE_IBAN)
        printer = supplier(s, "Drukkerij Peeters", vat="BE0417497106", iban=PRINT_IBAN)
        ids = {
            "OGM": bill(s, garage, "G-1", bill_line("100"), structured_communication="090933755493").id,  # 121.00
            "IBAN": bill(s, printer, "P-1", bill_line("200")).id,  # 242.00
            "PART": bill(s, garage, "G-2", bill_line("300"), structured_communication="+++000/0000/10104+++").id,
            "NET": bill(s, printer, "P-2", bill_line("500")).id,  # 605.00, less the credit note 60.50
            "CREDIT": bill(s, printer, "PC-1", bill_line("50"), kind=DocumentKind.PURCHASE_CREDIT_NOTE).id,
            "ASK": bill(s, garage, "G-3", bill_line("40")).id,
        }
        for key in ("OGM", "IBAN", "PART"):
            purchases.approve_bill(s, ids[key], "Ann", on=DAY)
    return ids


def _statement(tmp_path, txs, kind="coda"):
    statement = Stmt(account="BE71096123456769", opening_cents=1_000_000, txs=txs, day=DAY)
    path = tmp_path / ("s.cod" if kind == "coda" else "s.xml")
    path.write_bytes(coda([statement], created=DAY) if kind == "coda" else camt([statement]))
    return path


@pytest.mark.parametrize("kind", ["coda", "camt"])
def test_a_statement_paying_three_bills_books_them(book, tmp_path, kind):
    ids = _bills(book)
    path = _statement(
        tmp_path,
        [
            Tx(-12100, ogm="090933755493", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="A1"),
            Tx(-24200, text="factuur P-1", name="Drukkerij Peeters", iban=PRINT_IBAN, day=DAY, ref="A2"),
            Tx(-10000, ogm="000000010104", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="A3"),
            Tx(
                -(60500 - 6050), text="P-2 min creditnota", name="Drukkerij Peeters", iban=PRINT_IBAN, day=DAY, ref="A4"
            ),
            Tx(-999, text="iets anders", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="A5"),
            Tx(-5000, text="koffie", name="Colruyt", iban="BE43068999999501", day=DAY, ref="A6"),
        ],
        kind,
    )
    with book.db.transaction() as s:
        result = bank_import.import_file(s, path, today=DAY)
    assert sorted((p.number, p.amount_cents) for p in result.bills_paid) == [
        ("G-1", 12100),
        ("G-2", 10000),
        ("P-1", 24200),
        ("P-2", 60500),
        ("PC-1", 6050),
    ]
    with book.db.reading() as s:
        rows = {r.number: r for r in list_bills(s, DAY)}
        assert (rows["G-1"].status, rows["P-1"].status, rows["P-2"].status, rows["PC-1"].status) == ("paid",) * 4
        assert (rows["G-2"].status, rows["G-2"].paid_cents, rows["G-2"].open_cents) == ("approved", 10000, 26300)
        assert rows["G-3"].status == "received" and rows["G-3"].paid_cents == 0
        reasons = {line.amount_cents: line.reason for line in s.query(BankLine)}
        assert reasons[-12100] == "structured communication of bill G-1"
        assert reasons[-24200] == "amount and account of bill P-1"
        assert reasons[-10000] == "part payment of bill G-2 (structured communication)"
        assert reasons[-54450] == "bill P-2 less the supplier's credit notes"
        assert {line.status for line in s.query(BankLine)} == {"outgoing"}
        review = purchase_matching.to_review(s)
        assert [(r.amount_cents, r.candidates) for r in review] == [(-999, (ids["PART"], ids["ASK"]))]

    with book.db.transaction() as s:  # the user says the 9.99 paid towards G-3
        assert purchase_matching.pay_from_line(s, review[0].line_id, ids["ASK"]) == 999
    with pytest.raises(DomainError, match="already paid a bill"), book.db.transaction() as s:
        purchase_matching.pay_from_line(s, review[0].line_id, ids["PART"])

    with book.db.transaction() as s:  # undoing the import opens every bill again
        bank_review.undo_import(s, result.batch_id, on=DAY)
    with book.db.reading() as s:
        bills = {p.number: p for p in s.query(Purchase)}
        assert {n: (p.status, p.paid_cents) for n, p in bills.items()} == {
            "G-1": ("approved", 0),
            "P-1": ("approved", 0),
            "G-2": ("approved", 0),
            "P-2": ("received", 0),
            "PC-1": ("received", 0),
            "G-3": ("received", 0),
        }
    with book.db.transaction() as s:  # and importing it again books them again
        again = bank_import.import_file(s, path, today=DAY)
    assert len(again.bills_paid) == 5


def test_a_transfer_from_our_own_payment_file_is_recognised_by_its_end_to_end_id():
    bills = [rules.OpenBill(7, "purchase_invoice", "X", 1, "BE71096123456769", None, 5000)]
    found = rules.match_out(rules.OutLine(-5000, None, "", "", end_to_end="LD-P7-0"), bills)
    assert found == rules.Booking(((7, 5000),), "paid by your payment file: bill {number}", "X")
    # two bills of the same amount on one account: not certain
    twins = [*bills, rules.OpenBill(8, "purchase_invoice", "Y", 1, "BE71096123456769", None, 5000)]
    assert rules.match_out(rules.OutLine(-5000, None, "", "BE71 0961 2345 6769"), twins) == rules.Review((7, 8))
    assert rules.match_out(rules.OutLine(5000, None, "", "BE71096123456769"), twins) is None  # money in


def test_the_command_line_says_which_bills_a_statement_paid_and_what_to_review(book, tmp_path, monkeypatch):
    import io
    import json

    from ledgerdesk.cli import main

    ids = _bills(book)
    path = _statement(
        tmp_path,
        [
            Tx(-12100, ogm="090933755493", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="A1"),
            Tx(-999, text="iets anders", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="A5"),
        ],
    )
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", folder, "import-statement", str(path), "--json"], out=out, err=err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["bills_paid"] == [{"bill": "G-1", "amount": "121.00"}]
    out = io.StringIO()
    assert main(["--data-dir", folder, "purchases", "review", "--json"], out=out, err=err) == 0
    (item,) = json.loads(out.getvalue())
    assert (item["amount"], item["bills"]) == ("-9.99", ["G-2", "G-3"])
    out = io.StringIO()
    code = main(
        ["--data-dir", folder, "purchases", "paid", "G-3", "--bank-line", str(item["bank_line"])], out=out, err=err
    )
    assert (code, out.getvalue()) == (0, "G-3: received\n")  # 9.99 of 48.40 paid: still open
    assert ids


def test_the_review_window_books_a_line_on_the_chosen_bill(qtbot, book, tmp_path):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.outgoing_review import OutgoingReview

    ids = _bills(book)
    path = _statement(
        tmp_path, [Tx(-999, text="iets anders", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="A5")]
    )
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=DAY)
    dialog = OutgoingReview(AppContext(book, language="fr", today=lambda: DAY))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1 and dialog.summary.text() == "1 paiements bancaires à vérifier"
    dialog.view.selectRow(0)
    assert [dialog.bill.itemText(i) for i in range(dialog.bill.count())] == ["G-1", "G-2", "G-3"]
    dialog.bill.setCurrentIndex(2)
    assert dialog.book_selected() == 999
    assert dialog.model.rowCount() == 0
    with book.db.reading() as s:
        assert s.get(Purchase, ids["ASK"]).paid_cents == 999
