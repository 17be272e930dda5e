"""The Purchases tab with real widgets: a dropped e-invoice, approve / reject / pay, the bill editor with the
supplier's PDF, the suppliers' page, and the KPI tab's next steps mentioning bills due."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from builders import bill, bill_line, supplier
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from ledgerdesk.domain.purchases import DEFAULT_CATEGORIES
from ledgerdesk.persistence.models import Purchase, PurchaseFile
from ledgerdesk.services import kpis
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.purchases_tab import PurchasesTab

from .supplier_ubl import broken, invoice

TODAY = date(2026, 12, 7)


@pytest.fixture
def said(monkeypatch):
    """What message boxes would have shown (the tests answer them at once)."""
    messages: list[str] = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *a, **k: messages.append(text))
    return messages


def _tab(qtbot, book, language="en") -> PurchasesTab:
    ctx = AppContext(book, language=language, today=lambda: TODAY)
    tab = PurchasesTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        pass
    return tab


def _reloaded(qtbot, tab: PurchasesTab) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.reload()


def test_a_dropped_e_invoice_becomes_a_bill_and_a_broken_one_is_refused(qtbot, qtmodeltester, book, said, tmp_path):
    tab = _tab(qtbot, book)
    good, bad = tmp_path / "peeters.xml", tmp_path / "Moved.xml"
    good.write_bytes(invoice())
    broken_xml, broken_line = broken()
    bad.write_bytes(broken_xml)
    urls = [
        QUrl.fromLocalFile(str(good)),
        QUrl.fromLocalFile(str(bad)),
    ]
    mime = QMimeData()
    mime.setUrls(urls)
    event = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    tab.dropEvent(event)
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    (message,) = said
    assert message.splitlines()[0] == "peeters.xml: bill DP-2026-117 of Drukkerij Peeters received (870,00\xa0€)"
    assert message.splitlines()[1].startswith(f"Moved.xml is refused: UBL-XSD (line {broken_line})")
    _reloaded(qtbot, tab)
    qtmodeltester.check(tab.model)
    assert [r.number for r in tab.model.rows()] == ["DP-2026-117"]
    assert "Past due: 1" in tab.due_label.text()


def test_approve_reject_and_mark_paid_from_the_list(qtbot, book, said):
    with book.db.transaction() as s:
        sid = supplier(s)
        bill(s, sid, "A", bill_line("100"), day=date(2026, 12, 1))
        bill(s, sid, "B", bill_line("50"), day=date(2026, 12, 2))
    tab = _tab(qtbot, book)
    tab.status.setCurrentIndex(tab.status.findData("all"))
    _reloaded(qtbot, tab)
    numbers = [r.number for r in tab.model.rows()]
    tab.view.selectRow(numbers.index("A"))
    assert tab.approve_button.isEnabled() and tab.reject_button.isEnabled()
    tab.approve_selected(by="Ann")
    _reloaded(qtbot, tab)
    tab.view.selectRow([r.number for r in tab.model.rows()].index("A"))
    assert not tab.approve_button.isEnabled() and tab.paid_button.isEnabled()
    tab.mark_selected_paid()
    _reloaded(qtbot, tab)
    tab.view.selectRow([r.number for r in tab.model.rows()].index("B"))
    tab.reject_selected(reason="not ours")
    _reloaded(qtbot, tab)
    statuses = {r.number: r.status for r in tab.model.rows()}
    assert statuses == {"A": "paid", "B": "rejected"}
    assert [tab.model.data(tab.model.index(i, 4)) for i in range(2)] == ["Rejected", "Paid"]
    assert said == []


def test_the_bill_editor_saves_a_typed_bill_with_the_suppliers_pdf(qtbot, book, tmp_path, said):
    with book.db.transaction() as s:
        supplier(s, default_category="car")
    tab = _tab(qtbot, book, language="nl")
    editor = tab.new_bill()
    editor.number.setText("F-77")
    editor.table.item(0, 1).setText("100,00")
    assert editor.table.cellWidget(0, 3).currentData() == "car" and editor.table.item(0, 4).text() == "50"
    row = editor.add_line("Lunch", "30", "12", "restaurant")
    assert editor.table.item(row, 4).text() == "0"
    assert editor.totals.text() == "Excl. btw €\xa0130,00 · btw €\xa024,60 (aftrekbaar €\xa010,50) · totaal €\xa0154,60"
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4 scan\n%%EOF")
    editor.attach(pdf)
    assert editor.save() is not None, said
    with book.db.reading() as s:
        p = s.query(Purchase).one()
        assert (p.number, p.total_cents, p.deductible_vat_cents) == ("F-77", 15460, 1050)
        assert s.query(PurchaseFile).one().sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest()
    editor2 = tab.new_bill()
    editor2.number.setText("F-77")
    editor2.table.item(0, 1).setText("100")
    assert editor2.save() is None
    assert said == ["De aankoopfactuur F-77 van deze leverancier staat al in het boek"]


def test_the_suppliers_page_adds_checks_and_shows_a_suppliers_bills(qtbot, book, said):
    tab = _tab(qtbot, book, language="fr")
    dialog = tab.show_suppliers()
    dialog.name.setText("Garage Dubois")
    dialog.vat.setText("BE0202239952")
    assert dialog.save() is None and said[-1].startswith("« BE0202239952 » n’est pas un numéro de TVA valide")
    dialog.vat.setText("0202.239.951")
    dialog.iban.setText("BE71 0961 2345 6769")
    dialog.category.setCurrentIndex(dialog.category.findData("car"))
    supplier_id = dialog.save()
    assert supplier_id is not None
    with book.db.transaction() as s:
        bill(s, supplier_id, "X-1", bill_line("10"))
    dialog.reload()
    dialog.view.selectRow(0)
    assert dialog.bills.rowCount() == 1 and dialog.bills_label.text() == "1 factures · à payer 12,10\xa0€"
    assert dialog.category.itemText(dialog.category.currentIndex()) == "Frais de voiture"


def test_every_new_interface_string_and_category_is_translated():
    import ast

    from ledgerdesk import i18n

    ui = Path(i18n.__file__).resolve().parent.parent / "ui"
    found = {label for _, label in __import__("ledgerdesk.ui.models.purchases", fromlist=["x"]).STATUS_CHOICES}
    found |= {c.name for c in DEFAULT_CATEGORIES}
    for path in (
        ui / "tabs" / "purchases_tab.py",
        ui / "dialogs" / "bill_editor.py",
        ui / "dialogs" / "suppliers.py",
        ui / "models" / "purchases.py",
    ):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
                if name == "tr" and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    for language in ("nl", "fr"):
        assert sorted(s for s in found if s not in i18n.catalog(language)) == []


def test_the_kpi_next_steps_mention_bills_past_due_and_due_this_week(book):
    with book.db.transaction() as s:
        sid = supplier(s, payment_terms_days=0)
        bill(s, sid, "LATE", bill_line("100"), day=date(2026, 12, 1))
        bill(s, sid, "SOON", bill_line("10"), day=date(2026, 12, 1), due_date=date(2026, 12, 10))
    with book.db.reading() as s:
        snap = kpis.compute(s, TODAY)
    steps = {a.code: a for a in snap.actions}
    assert steps["bills_overdue"].tab == "purchases"
    assert kpis.action_text(steps["bills_overdue"], "en") == "1 supplier bill(s) are past due (121,00\xa0€): pay them."
    assert kpis.action_text(steps["bills_due"], "nl") == "1 aankoopfactu(u)r(en) vervallen deze week (€\xa012,10)."


def test_pay_selected_writes_a_valid_payment_file(qtbot, book, tmp_path, said):
    from ledgerdesk.sepa import schema
    from ledgerdesk.services import purchases as service

    with book.db.transaction() as s:
        sid = supplier(s)
        service.approve_bill(s, bill(s, sid, "A", bill_line("100")).id, "Ann", on=TODAY)
        bill(s, sid, "B", bill_line("50"))
    tab = _tab(qtbot, book)
    numbers = [r.number for r in tab.model.rows()]
    tab.view.selectRow(numbers.index("B"))
    assert not tab.pay_button.isEnabled()  # not approved yet
    tab.view.selectRow(numbers.index("A"))
    assert tab.pay_button.isEnabled()
    target = tab.pay_selected(tmp_path / "pay.xml")
    assert target is not None and schema.problems(target.read_bytes(), "pain.001.001.09") == ()
    assert said == ["pay.xml: 1 transfers, 121,00\xa0€. Give this file to your bank."]
