"""The e-invoice status widget: valid / problems with the findings, and Save e-invoice."""

from __future__ import annotations

from datetime import date

import pytest
from builders import draft_invoice

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.services import einvoicing, invoicing
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.widgets.einvoice_status import EInvoiceStatusWidget

ON = date(2026, 3, 2)


def draft(book, customer_id, *lines):
    return draft_invoice(book, customer_id, ON, lines=list(lines) or [LineInput.of("Work", "1", "100")])


def test_valid_issued_invoice_is_saved_as_its_archived_file(qtbot, qtmodeltester, book, peppol_customer, tmp_path):
    invoice_id = draft(book, peppol_customer)
    with book.db.transaction() as s:
        einvoicing.issue_with_einvoice(s, invoice_id, on=ON)
    target = tmp_path / "out.xml"
    ctx = AppContext(book, language="en", today=lambda: ON)
    widget = EInvoiceStatusWidget(ctx, ask_path=lambda *a: str(target))
    qtbot.addWidget(widget)
    widget.show_invoice(invoice_id)
    assert "valid" in widget.summary.text() and "archived" in widget.summary.text()
    assert widget.model.rowCount() == 0
    assert widget.save_button.isEnabled()
    with qtbot.waitSignal(widget.saved):
        widget.save_button.click()
    with book.db.reading() as s:
        assert target.read_bytes() == einvoicing.archived(s, invoice_id).xml
    qtmodeltester.check(widget.model)


def test_problems_are_listed_in_the_users_language_and_saving_is_off(qtbot, qtmodeltester, book, new_customer):
    customer = new_customer(book, vat=None, kind="business")
    invoice_id = draft(book, customer)
    ctx = AppContext(book, language="nl", today=lambda: ON)
    widget = EInvoiceStatusWidget(ctx)
    qtbot.addWidget(widget)
    widget.show_invoice(invoice_id)
    rules = [widget.model.row_at(i).rule for i in range(widget.model.rowCount())]
    assert "PEPPOL-EN16931-R010" in rules
    row = widget.model.row_at(rules.index("PEPPOL-EN16931-R010"))
    assert "btw-nummer" in row.message.lower() and "21" in row.message
    assert "probleem" in widget.summary.text().lower()
    assert not widget.save_button.isEnabled()  # a draft has no e-invoice to save yet
    qtmodeltester.check(widget.model)
    widget.show_invoice(None)
    assert widget.model.rowCount() == 0


def test_issuing_an_invalid_peppol_invoice_needs_an_explicit_override(qtbot, book, new_customer):
    customer = new_customer(book, vat=None)
    invoice_id = draft(book, customer)
    asked = []
    ctx = AppContext(book, language="fr", today=lambda: ON)
    widget = EInvoiceStatusWidget(ctx, confirm_override=lambda parent, findings: asked.append(findings) or False)
    qtbot.addWidget(widget)
    assert widget.issue(invoice_id) is None
    assert any(f.rule == "PEPPOL-EN16931-R010" for f in asked[0])
    with book.db.reading() as s:
        assert s.get(invoicing.Invoice, invoice_id).status == "draft"
    widget = EInvoiceStatusWidget(ctx, confirm_override=lambda parent, findings: True)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.issued) as signal:
        widget.issue(invoice_id)
    assert signal.args == ["2026-0001"]
    assert "archivée" in widget.summary.text()
    with book.db.reading() as s:
        assert einvoicing.archived(s, invoice_id).overridden


def test_a_valid_peppol_invoice_is_issued_without_asking(qtbot, book, peppol_customer):
    invoice_id = draft(book, peppol_customer)
    ctx = AppContext(book, language="nl", today=lambda: ON)
    widget = EInvoiceStatusWidget(ctx, confirm_override=lambda *a: pytest.fail("asked without reason"))
    qtbot.addWidget(widget)
    assert widget.issue(invoice_id) == "2026-0001"
    assert "geldig" in widget.summary.text()


def test_the_default_override_question_defaults_to_cancel(qtbot, book, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ledgerdesk.einvoice.findings import finding
    from ledgerdesk.ui.widgets import einvoice_status

    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)  # the user closes the box
    widget = EInvoiceStatusWidget(AppContext(book, language="en", today=lambda: ON))
    qtbot.addWidget(widget)
    assert einvoice_status._confirm_override(widget, [finding("PEPPOL-EN16931-R010", "fatal")]) is False
