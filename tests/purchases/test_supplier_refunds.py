"""Money in from a supplier refunds its credit note (by structured communication, number, or amount and IBAN) or
its negative balance, instead of waiting in the customers' review queue; undoing the import opens them again."""

from __future__ import annotations

from datetime import date

import pytest
from builders import bill, supplier
from builders import bill_line as line

from ledgerdesk.banking.samples import Stmt, Tx, camt, coda
from ledgerdesk.domain import purchase_matching as rules
from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.persistence.models import BankLine, Purchase
from ledgerdesk.services import bank_import, bank_review, purchase_list

DAY = date(2026, 12, 10)
GARAGE_IBAN = "BE71096123456769"
PRINT_IBAN = "BE68539007547034"
CREDIT = DocumentKind.PURCHASE_CREDIT_NOTE


def _statement(tmp_path, txs, kind):
    statement = Stmt(account="BE71096123456769", opening_cents=1_000_000, txs=txs, day=DAY)
    path = tmp_path / ("s.cod" if kind == "coda" else "s.xml")
    path.write_bytes(coda([statement], created=DAY) if kind == "coda" else camt([statement]))
    return path


@pytest.mark.parametrize("kind", ["coda", "camt"])
def test_a_suppliers_refunds_settle_its_credit_notes_not_the_customer_queue(book, tmp_path, kind):
    with book.db.transaction() as s:
        garage = supplier(s, "Garage Dubois", iban=GARAGE_IBAN)
        printer = supplier(s, "Drukkerij Peeters", vat="BE0417497106", iban=PRINT_IBAN)
        other = supplier(s, "Kantoor Janssens", vat="BE0403170701", iban="BE43068999999501")
        # 60.50, with a structured communication
        bill(s, garage, "GC-1", line("50"), kind=CREDIT, structured_communication="090933755493")
        bill(s, printer, "PC-7", line("20"), kind=CREDIT)  # 24.20, refunded naming its number
        bill(s, printer, "PC-8", line("30"), kind=CREDIT)  # 36.30, refunded by its amount
        # Janssens owes us on balance: a credit note of 121.00 and an open bill of 48.40 → refunds 72.60
        bill(s, other, "JC-1", line("100"), kind=CREDIT)
        bill(s, other, "J-1", line("40"))
    path = _statement(
        tmp_path,
        [
            Tx(6050, ogm="090933755493", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="R1"),
            Tx(
                2420, text="terugbetaling creditnota PC-7", name="Drukkerij Peeters", iban=PRINT_IBAN, day=DAY, ref="R2"
            ),
            Tx(3630, text="terugbetaling", name="Drukkerij Peeters", iban=PRINT_IBAN, day=DAY, ref="R3"),
            Tx(7260, text="saldo", name="Kantoor Janssens", iban="BE43068999999501", day=DAY, ref="R4"),
            Tx(1000, text="iets", name="Drukkerij Peeters", iban=PRINT_IBAN, day=DAY, ref="R5"),  # fits nothing
        ],
        kind,
    )
    with book.db.transaction() as s:
        result = bank_import.import_file(s, path, today=DAY)
    assert sorted((p.number, p.amount_cents) for p in result.bills_paid) == [
        ("GC-1", 6050),
        ("J-1", 4840),
        ("JC-1", 12100),
        ("PC-7", 2420),
        ("PC-8", 3630),
    ]
    with book.db.reading() as s:
        assert {p.number: p.status for p in s.query(Purchase)} == dict.fromkeys(
            ("GC-1", "PC-7", "PC-8", "JC-1", "J-1"), "paid"
        )
        lines = {line.amount_cents: line for line in s.query(BankLine)}
        assert lines[6050].reason == "refund of supplier credit note GC-1 (structured communication)"
        assert lines[2420].reason == "refund of supplier credit note PC-7"
        assert lines[3630].reason == "refund of supplier credit note PC-8"
        assert lines[7260].reason == "refund of the supplier's balance (credit note JC-1 and the open bills)"
        assert {lines[c].status for c in (6050, 2420, 3630, 7260)} == {"outgoing"}
        assert lines[1000].status in ("review", "unmatched")  # left for the user, where it was

    with book.db.transaction() as s:
        bank_review.undo_import(s, result.batch_id, on=DAY)
    with book.db.reading() as s:
        assert {(p.status, p.paid_cents) for p in s.query(Purchase)} == {("received", 0)}


def test_a_customer_payment_by_its_structured_communication_is_never_taken_for_a_refund():
    credit = rules.OpenBill(3, "purchase_credit_note", "C-1", 1, "BE71096123456769", None, 5000)
    assert rules.match_refund(rules.OutLine(-5000, None, "", "BE71096123456769"), [credit]) is None  # money out
    assert rules.match_refund(rules.OutLine(5000, None, "", "BE43068999999501"), [credit]) is None  # other account
    assert rules.match_refund(rules.OutLine(6000, None, "C-1", "BE71096123456769"), [credit]) is None  # too much
    twins = [credit, rules.OpenBill(4, "purchase_credit_note", "C-2", 1, "BE71096123456769", None, 5000)]
    assert rules.match_refund(rules.OutLine(5000, None, "", "BE71096123456769"), twins) is None  # which one?
    assert rules.match_refund(rules.OutLine(5000, None, "ref c-2", "BE71 0961 2345 6769"), twins) == rules.Booking(
        ((4, 5000),), "refund of supplier credit note {number}", "C-2"
    )


def test_a_credit_note_to_be_refunded_lowers_what_there_is_to_pay(book):
    """An open supplier's credit note is money coming back: negative in the lists, never more to pay."""
    with book.db.transaction() as s:
        garage = supplier(s, "Garage Dubois", iban=GARAGE_IBAN)
        bill(s, garage, "G-1", line("100"))  # 121.00 to pay
        bill(s, garage, "GC-1", line("50"), kind=CREDIT)  # 60.50 to come back
    with book.db.reading() as s:
        rows = {r.number: r for r in purchase_list.list_bills(s, DAY, status="open")}
        assert (rows["G-1"].owed_cents, rows["GC-1"].owed_cents) == (12100, -6050)
        assert rows["GC-1"].as_json(DAY)["owed"] == "-60.50"
        assert [r.open_cents for r in purchase_list.list_suppliers(s) if r.name == "Garage Dubois"] == [6050]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_refund_is_money_in_in_the_bank_lines_and_the_bills(qtbot, book, tmp_path, artifacts_dir, language):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.models.purchases import bill_model
    from ledgerdesk.ui.tabs.purchases_tab import PurchasesTab
    from ledgerdesk.ui.tabs.receivables_tab import LINE_VIEWS, ReceivablesTab

    with book.db.transaction() as s:
        garage = supplier(s, "Garage Dubois", iban=GARAGE_IBAN)
        bill(s, garage, "GC-1", line("50"), kind=CREDIT, structured_communication="090933755493")
        bill(s, garage, "GC-2", line("20"), kind=CREDIT)  # 24.20, not refunded yet
    path = _statement(
        tmp_path,
        [
            Tx(6050, ogm="090933755493", name="Garage Dubois", iban=GARAGE_IBAN, day=DAY, ref="R1"),
            Tx(-300, text="kosten", day=DAY, ref="R2"),
        ],
        "coda",
    )
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=DAY)
    with book.db.reading() as s:
        assert [(r.amount_cents, r.status) for r in bank_review.bank_lines(s, statuses=("outgoing",))] == [
            (-300, "outgoing")
        ]
        assert [(r.amount_cents, r.status) for r in bank_review.bank_lines(s, statuses=("refund",))] == [
            (6050, "refund")
        ]

    ctx = AppContext(book, language=language, today=lambda: DAY)
    ctx.read_async = lambda query, *a, done, failed=None, owner=None, **k: done(ctx.read(query, *a, **k))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_lines.setCurrentIndex([label for label, _ in LINE_VIEWS].index("Supplier refunds"))
    assert [tab.queue_model.row_at(i).amount_cents for i in range(tab.queue_model.rowCount())] == [6050]
    status = tab.queue_model.data(tab.queue_model.index(0, 4))
    assert (
        status
        == {"nl": "terugbetaling van leverancier (inkomend)", "fr": "remboursement de fournisseur (entrant)"}[language]
    )
    tab.show_lines.setCurrentIndex([label for label, _ in LINE_VIEWS].index("Outgoing"))
    assert [tab.queue_model.row_at(i).amount_cents for i in range(tab.queue_model.rowCount())] == [-300]
    tab.show_lines.setCurrentIndex([label for label, _ in LINE_VIEWS].index("Supplier refunds"))
    tab.resize(1024, 700)
    tab.grab().save(str(artifacts_dir / f"refund-bank-lines-{language}.png"))

    bills = PurchasesTab(ctx)
    qtbot.addWidget(bills)
    with qtbot.waitSignal(bills.loaded, timeout=10_000):
        bills.reload()
    model = bill_model(ctx)
    with book.db.reading() as s:
        model.set_rows(purchase_list.list_bills(s, DAY))
    shown = {model.row_at(i).number: model.data(model.index(i, 6)) for i in range(model.rowCount())}
    assert shown["GC-2"].replace("\xa0", " ") == {"nl": "€ -24,20", "fr": "-24,20 €"}[language]
    qtbot.waitUntil(lambda: "24,20" in bills.summary.text(), timeout=10_000)
    assert "-" in bills.summary.text()  # the refund to come lowers what there is to pay
    for width, height in ((1024, 700), (1920, 1080)):
        bills.resize(width, height)
        bills.grab().save(str(artifacts_dir / f"refund-bills-{language}-{width}.png"))
    ctx.wait_idle()
