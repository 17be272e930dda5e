"""Receivables tab, import wizard and review queue with real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

from datetime import date

from builders import customer, issued_invoice
from sqlalchemy import select

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.persistence import queries
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.import_statement import ImportStatementDialog
from ledgerdesk.ui.tabs.receivables_tab import ReceivablesTab

TODAY = date(2026, 3, 5)


def answering_at_once(ctx):  # type: ignore[no-untyped-def]
    """The tab reads open items in a worker thread (see test_open_items_are_read_off_the_ui_thread);
    these stories check what it shows, so its reads answer at once here."""
    ctx.read_async = lambda query, *a, done, failed=None, owner=None, **k: done(ctx.read(query, *a, **k))
    return ctx


def ready(qtbot, wizard: ImportStatementDialog) -> ImportStatementDialog:
    """The wizard reads and matches in a worker thread; wait for the preview."""
    if wizard.parent() is None:  # a child goes with its tab
        qtbot.addWidget(wizard)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    return wizard


def imported(qtbot, wizard: ImportStatementDialog) -> ImportStatementDialog:
    ready(qtbot, wizard).do_import()
    qtbot.waitUntil(lambda: wizard.result_ is not None, timeout=10_000)
    qtbot.wait(10)  # let the queued book_changed refresh the tab
    return wizard


def test_import_wizard_preview_then_review_queue(qtbot, qtmodeltester, book, tmp_path, artifacts_dir):
    with book.db.transaction() as s:
        cid = customer(s)
        a_id, a_ogm, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))
        b_id, _, _ = issued_invoice(s, cid, "200", date(2026, 1, 20))
    path = tmp_path / "march.cod"
    path.write_bytes(
        coda(
            [
                Stmt(
                    txs=[
                        Tx(12100, ogm=a_ogm, ref="R1"),
                        Tx(24200, text="fact 2026-0002", ref="R2"),
                        Tx(-300, text="kosten", ref="R3"),
                    ]
                )
            ]
        )
    )
    ctx = answering_at_once(AppContext(book, language="en", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    assert tab.items_model.rowCount() == 0  # built hidden (after start-up): not read yet
    tab.show()  # filled when first shown
    assert tab.items_model.rowCount() == 2
    qtmodeltester.check(tab.items_model)

    wizard = ready(qtbot, ImportStatementDialog(ctx, path, tab))
    qtmodeltester.check(wizard.model)
    states = [wizard.model.row_at(i).state for i in range(wizard.model.rowCount())]
    assert sorted(states) == ["matched", "outgoing", "to review"]
    assert "3 new, 0 already imported, 1 matched, 1 to review" in wizard.summary.text()
    wizard.resize(1000, 360)
    wizard.grab().save(str(artifacts_dir / "import_wizard_preview.png"))
    wizard.do_import()
    qtbot.waitUntil(lambda: wizard.result_ is not None)
    assert len(wizard.result_.matched) == 1
    qtbot.waitUntil(lambda: tab.items_model.rowCount() == 1)

    # the tab refreshed through book_changed: one open item left, one line to review
    assert tab.items_model.rowCount() == 1
    assert tab.queue_model.rowCount() == 1
    qtmodeltester.check(tab.queue_model)
    tab.resize(1200, 800)
    tab.grab().save(str(artifacts_dir / "receivables_tab.png"))
    tab.queue.setCurrentIndex(tab.queue_model.index(0, 0))
    tab.accept_suggestion()
    assert tab.items_model.rowCount() == 0 and tab.queue_model.rowCount() == 0
    with book.db.reading() as s:
        assert queries.open_cents(s, b_id) == 0

    again = ready(qtbot, ImportStatementDialog(ctx, path, tab))
    assert "0 new, 3 already imported" in again.summary.text() and not again.import_button.isEnabled()


def test_filters_as_of_date_and_behaviour_widget(qtbot, book):
    with book.db.transaction() as s:
        cid = customer(s)
        issued_invoice(s, cid, "100", date(2025, 10, 1))
        issued_invoice(s, cid, "100", date(2026, 3, 1))
    ctx = answering_at_once(AppContext(book, language="nl", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()  # filled when first shown
    assert tab.title() == "Openstaande posten"
    tab.overdue_only.setChecked(True)
    assert tab.items_model.rowCount() == 1
    tab.bucket.setCurrentIndex(tab.bucket.findData("over_90"))
    assert tab.items_model.rowCount() == 1
    tab.overdue_only.setChecked(False)
    tab.bucket.setCurrentIndex(0)
    tab.customer.setCurrentIndex(tab.customer.findData(cid))
    assert tab.behaviour.open.text() == "€\xa0242,00" and tab.behaviour.overdue.text() == "€\xa0121,00"
    assert "Meer dan 90 dagen: €\xa0121,00" in tab.aging.text()  # Belgian Dutch formats
    assert tab.items_model.data(tab.items_model.index(0, 2)) == "01/10/2025"


def test_refused_file_shows_the_problems(qtbot, book, tmp_path):
    path = tmp_path / "bad.cod"
    path.write_bytes(coda([Stmt(txs=[Tx(100, ref="R")])])[:-140])
    ctx = answering_at_once(AppContext(book, language="en", today=lambda: TODAY))
    wizard = ready(qtbot, ImportStatementDialog(ctx, path))
    assert "no trailer record 9" in wizard.summary.text() and not wizard.import_button.isEnabled()


def test_outgoing_lines_stay_visible_and_a_whole_import_can_be_undone(qtbot, book, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    with book.db.transaction() as s:
        cid = customer(s)
        a_id, a_ogm, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))
    path = tmp_path / "march.cod"
    path.write_bytes(coda([Stmt(txs=[Tx(12100, ogm=a_ogm, ref="R1"), Tx(-300, text="kosten", ref="R3")])]))
    ctx = answering_at_once(AppContext(book, language="fr", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()  # filled when first shown
    imported(qtbot, ImportStatementDialog(ctx, path, tab))
    tab.show_lines.setCurrentIndex(2)  # outgoing
    assert tab.queue_model.rowCount() == 1 and tab.queue_model.row_at(0).amount_cents == -300
    assert tab.queue_model.data(tab.queue_model.index(0, 5)).startswith("argent sortant")  # reasons in French
    tab.show_lines.setCurrentIndex(1)  # matched
    tab.queue.setCurrentIndex(tab.queue_model.index(0, 0))
    tab.undo_booking()
    assert tab.items_model.rowCount() == 1
    assert tab.batches.count() == 1
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.No)
    tab.undo_import()
    assert tab.batches.count() == 1 and "march.cod" in asked[0]  # asked first; 'No' keeps it
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    tab.undo_import()
    assert tab.batches.count() == 0 and tab.items_model.rowCount() == 1
    tab.show_lines.setCurrentIndex(5)  # all bank lines
    assert tab.queue_model.rowCount() == 0


def test_cash_payment_and_split_by_hand(qtbot, qtmodeltester, book, tmp_path, monkeypatch):
    from ledgerdesk.ui.dialogs.pick_invoices import PickInvoicesDialog

    with book.db.transaction() as s:
        cid = customer(s)
        a_id, _, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))  # 121.00
        b_id, _, _ = issued_invoice(s, cid, "200", date(2026, 1, 20))  # 242.00
    ctx = answering_at_once(AppContext(book, language="nl", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()  # filled when first shown

    def fill(amount: str, per_row: list[str]):
        def exec_(dialog: PickInvoicesDialog) -> bool:
            if not dialog.amount.isReadOnly():
                dialog.amount.setText(amount)
            for row, value in enumerate(per_row):
                dialog.table.item(row, dialog.AMOUNT).setText(value)
            return True

        return exec_

    monkeypatch.setattr(PickInvoicesDialog, "exec", fill("50,00", ["50,00", "0,00"]))
    tab.register_cash()
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 7100

    path = tmp_path / "s.cod"
    path.write_bytes(coda([Stmt(txs=[Tx(20000, text="voor alles", ref="X1")])]))
    imported(qtbot, ImportStatementDialog(ctx, path, tab))
    assert tab.queue_model.rowCount() == 1
    tab.queue.setCurrentIndex(tab.queue_model.index(0, 0))
    monkeypatch.setattr(PickInvoicesDialog, "exec", fill("", ["71,00", "129,00"]))  # a split over two invoices
    tab.pick_invoices()
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 0 and queries.open_cents(s, b_id) == 11300
    assert tab.queue_model.rowCount() == 0 and tab.items_model.rowCount() == 1


def test_statement_of_account_pdf_from_the_tab(qtbot, book, tmp_path, monkeypatch):
    import pypdf
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QFileDialog

    with book.db.transaction() as s:
        cid = customer(s, "Café Zoë", language="fr")
        issued_invoice(s, cid, "100", date(2026, 1, 5))
    ctx = answering_at_once(AppContext(book, language="nl", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()  # filled when first shown
    target = tmp_path / "releve.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF (*.pdf)"))
    tab.customer.setCurrentIndex(tab.customer.findData(cid))
    tab.period_start.setDate(QDate(2026, 1, 1))
    assert tab.statement_pdf() == target
    text = pypdf.PdfReader(target).pages[0].extract_text()
    assert "Relevé de compte" in text and "121,00" in text  # the customer's language, not the user's


def test_pick_dialog_offers_each_suggestion_and_cash_has_its_own_date(qtbot, book, tmp_path, monkeypatch):
    from PySide6.QtCore import QDate

    from ledgerdesk.persistence.models import BankLine, Payment
    from ledgerdesk.ui.dialogs.pick_invoices import PickInvoicesDialog

    with book.db.transaction() as s:
        cid = customer(s)
        other = customer(s, "Café Zoë", language="fr")
        a_id, _, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))  # 121.00
        b_id, _, _ = issued_invoice(s, cid, "200", date(2026, 1, 20))  # 242.00
        c_id, _, _ = issued_invoice(s, other, "50", date(2026, 1, 12))  # 60.50
    ctx = answering_at_once(AppContext(book, language="nl", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()  # filled when first shown
    path = tmp_path / "s.cod"
    path.write_bytes(coda([Stmt(txs=[Tx(36300, text="facturen 2026-0001 en 2026-0002", ref="X1")])]))
    imported(qtbot, ImportStatementDialog(ctx, path, tab))
    tab.queue.setCurrentIndex(tab.queue_model.index(0, 0))
    line = tab._selected_line()
    dialog = tab.pick_dialog(line.amount_cents, customers=ctx.read(queries.customer_names), proposals=line.proposals)
    qtbot.addWidget(dialog)
    # the best suggestion is chosen and filled in: both invoices of the one customer, oldest first
    assert dialog.proposal.currentIndex() == 1 and dialog.customer.currentData() == cid
    assert dialog.allocations() == [(a_id, 12100), (b_id, 24200)]
    assert "factuurnummers 2026-0001, 2026-0002" in dialog.proposal.currentText()
    assert dialog.accepted_proposal() == 0
    dialog.proposal.setCurrentIndex(0)  # by hand: nothing filled in
    assert dialog.allocations() == [] and dialog.accepted_proposal() is None

    monkeypatch.setattr(PickInvoicesDialog, "exec", lambda d: True)  # OK on the proposed suggestion
    tab.pick_invoices()
    with book.db.reading() as s:
        booked = s.get(BankLine, line.id)
        assert booked.status == "matched" and booked.reason.startswith("suggestion accepted")
        assert queries.open_cents(s, a_id) == queries.open_cents(s, b_id) == 0

    def cash(d: PickInvoicesDialog) -> bool:
        d.amount.setText("100,00")
        d.date.setDate(QDate(2026, 2, 27))
        d.customer.setCurrentIndex(d.customer.findData(other))
        d.spread()
        assert d.allocations() == [(c_id, 6050)] and "tegoed van de klant 39,50" in d.rest.text()
        return True

    monkeypatch.setattr(PickInvoicesDialog, "exec", cash)
    tab.register_cash()
    with book.db.reading() as s:
        payment = s.scalars(select(Payment).where(Payment.method == "cash")).one()
        assert (payment.date, payment.customer_id, payment.amount_cents) == (date(2026, 2, 27), other, 10000)
        assert queries.open_cents(s, c_id) == 0 and queries.customer_credit_cents(s, other) == 3950


def test_undo_one_allocation_and_delete_a_cash_payment(qtbot, qtmodeltester, book, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ledgerdesk.persistence.models import Payment
    from ledgerdesk.services import payments

    with book.db.transaction() as s:
        cid = customer(s)
        a_id, a_ogm, _ = issued_invoice(s, cid, "100", date(2026, 1, 5))  # 121.00
        b_id, _, _ = issued_invoice(s, cid, "200", date(2026, 1, 20))  # 242.00
        cash = payments.register_payment(
            s,
            payments.PaymentData(date=date(2026, 2, 1), amount_cents=30000, method="cash", customer_id=cid),
            [(b_id, 30000 - 5800)],
        )
    path = tmp_path / "s.cod"
    path.write_bytes(coda([Stmt(txs=[Tx(12100, ogm=a_ogm, ref="R1")])]))
    ctx = answering_at_once(AppContext(book, language="en", today=lambda: TODAY))
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()  # filled when first shown
    imported(qtbot, ImportStatementDialog(ctx, path, tab))
    dialog = tab.allocations_dialog()
    qtmodeltester.check(dialog.model)
    assert [(r.invoice, r.method) for r in dialog.model.rows()] == [("2026-0001", "bank"), ("2026-0002", "cash")]
    # a bank line's payment is undone through its line, not deleted here
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert not dialog.delete_payment() and "undo that booking in the review queue" in dialog.message.text()
    assert dialog.undo_allocation()  # the money stays on the payment as customer credit
    with book.db.reading() as s:
        assert queries.open_cents(s, a_id) == 12100 and queries.customer_credit_cents(s, cid) == 12100 + 5800
    tab.show_lines.setCurrentIndex(1)  # matched: the line says what was undone, amounts the user's way
    assert tab.queue_model.data(tab.queue_model.index(0, 5)).endswith(
        "allocation of 121,00 to invoice 2026-0001 undone; it stays as customer credit"
    )  # en_BE
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert dialog.model.row_at(0).method == "cash" and dialog.delete_payment()
    with book.db.reading() as s:
        assert s.get(Payment, cash) is None and queries.open_cents(s, b_id) == 24200
    assert dialog.model.rowCount() == 0


def test_open_items_are_read_off_the_ui_thread_and_only_the_newest_is_shown(qtbot, book):
    import threading

    from PySide6.QtCore import QDate

    with book.db.transaction() as s:
        customer_id = customer(s)
        issued_invoice(s, customer_id, "100", day=date(2026, 1, 10))
    ctx = AppContext(book, language="en", today=lambda: TODAY)
    on_main: list[bool] = []
    original = ctx.read

    def read(query, *args, **kwargs):  # type: ignore[no-untyped-def]
        on_main.append(threading.current_thread() is threading.main_thread())
        return original(query, *args, **kwargs)

    ctx.read = read  # type: ignore[method-assign]
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.items_shown, timeout=10_000):
        tab.show()
        tab.as_of.setDate(QDate(2026, 1, 5))  # before the invoice: overtakes the first read
    ctx.wait_idle()
    qtbot.wait(50)
    assert on_main and True not in on_main  # every read of the tab's (items, queue, filter lists) in a worker
    assert tab.items_model.rowCount() == 0  # the newest request (5 January) is what shows
    qtbot.waitUntil(lambda: tab.customer.count() == 2, timeout=5000)  # "All customers" and the one customer
