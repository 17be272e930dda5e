"""Scenario: a customer is created, an invoice written and issued, credited in part and paid."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.services import invoice_forms
from ledgerdesk.ui.dialogs.customers import CustomersDialog
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.models.lines import LineDraft
from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab


def _wait_loaded(qtbot, tab):
    with qtbot.waitSignal(tab.loaded, timeout=5000) as blocker:
        tab.reload()
    return blocker.args[0]


def test_create_customer_issue_credit_and_pay(qtbot, ctx, messages, today, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(
        InvoiceEditor, "confirm_issue", staticmethod(lambda parent, text, *a: asked.append(text) or True)
    )
    # A customer, through the customers dialog and the customer page.
    customers = CustomersDialog(ctx)
    qtbot.addWidget(customers)
    page = customers.open_customer(None)
    form = page.form
    qtbot.keyClicks(form.name, "Brasserie Dubois")
    form.city.setText("Namur")
    form.vat.setText("BE 0403.170.701")
    form.language.setCurrentIndex(form.language.findData("fr"))
    assert "✓" in form.vat_message.text()
    customer_id = page.save()
    assert customer_id is not None and messages == []
    qtbot.waitUntil(lambda: customers.model.rowCount() == 1, timeout=5000)
    # details + invoices + the account page (behaviour, statement of account) + reminders (letters, scenario)
    assert [page.pages.tabText(i) for i in range(page.pages.count())][2:] == [
        "Account",
        "Reminders",
        "Direct debit",
        "Peppol",
        "Quotes",
        "Work delivered",
    ]

    # An invoice with two lines at two VAT rates; totals follow live.
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    editor = tab.new_invoice(customer_id)
    assert editor.customer_id() == customer_id
    assert editor.language.currentData() == "fr"
    lines = editor.lines
    lines.set_drafts([LineDraft("Conseil", "2", "500", "0", "21"), LineDraft("Livre", "1", "30", "0", "6")])
    assert ctx.money(124180) in [
        editor.totals_grid.itemAt(i).widget().text() for i in range(editor.totals_grid.count())
    ]
    number = editor.issue()
    assert messages == [] and number == "2026-0001"
    assert asked == [
        f"Issue invoice 2026-0001 to {editor.view.document.buyer.name} for {ctx.money(124180)}? "
        "Issued invoices cannot be changed; corrections go through a credit note."
    ]
    assert editor.view.is_issued and not editor.save_button.isVisible() and editor.credit_button.isVisible()
    assert lines.read_only

    # Credit the book line only.
    dialog = editor.credit()
    dialog.selected.setChecked(True)
    book_line = next(i for i in range(dialog.line_list.count()) if "Livre" in dialog.line_list.item(i).text())
    dialog.line_list.item(book_line).setCheckState(Qt.CheckState.Checked)
    credit_id = dialog.make_credit_note()
    assert credit_id is not None and messages == []
    credit_editor = editor.credit_note_editor
    assert credit_editor.view.document.is_credit_note
    assert credit_editor.issue() == "CN2026-0001"
    assert editor.view.credited_cents == 3180

    # Pay part of the rest in cash, then the remainder.
    payment = editor.register_payment()
    payment.amount.setText("200,00")
    payment.method.setCurrentIndex(payment.method.findData("cash"))
    assert payment.register() is not None
    assert editor.view.open_cents == 121000 - 20000
    payment = editor.register_payment()
    assert payment.amount.text() == "1010.00"
    assert payment.register() is not None and messages == []
    assert not editor.payment_button.isEnabled()

    # The list and the book agree: the invoice, paid, and its credit note, listed against the customer.
    assert _wait_loaded(qtbot, tab) == 2
    shown = {tab.model.row_at(i).number: tab.model.row_at(i) for i in range(2)}
    assert (shown["2026-0001"].status, shown["2026-0001"].open_cents) == ("paid", 0)
    assert (shown["CN2026-0001"].status, shown["CN2026-0001"].open_cents) == ("credit_note", 0)
    note_row = [i for i in range(2) if tab.model.row_at(i).kind == "credit_note"][0]
    assert tab.model.data(tab.model.index(note_row, 4)) == ctx.amount(-3180)  # against the customer
    assert tab.model.data(tab.model.index(note_row, 6)) == "Credit note"
    assert tab.summary.text() == f"Documents: 2 · open {ctx.money(0)}"
    rows = ctx.read(list_invoices, today)
    assert rows[0].settled_cents == 121000 and rows[0].credited_cents == 3180
    tab.status.setCurrentIndex(tab.status.findData("overdue"))
    assert _wait_loaded(qtbot, tab) == 0
    tab.status.setCurrentIndex(tab.status.findData("credit_notes"))
    assert _wait_loaded(qtbot, tab) == 1 and tab.model.row_at(0).number == "CN2026-0001"

    # The customer's page shows the invoice and nothing left open.
    with qtbot.waitSignal(page.loaded, timeout=5000):
        page.refresh()
    assert page.invoices_model.rowCount() == 2  # the invoice and its credit note
    assert page.open_label.text() == f"1 invoices · open {ctx.money(0)}"


def test_editor_refuses_bad_lines_in_one_sentence_and_suggests_earlier_work(qtbot, ctx, customer_id, messages):
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Plastering", "abc", "40")])
    assert editor.save() is None
    assert messages and "Line 1" in messages[0] and "not a number" in messages[0]
    editor.lines.set_drafts([LineDraft("Plastering", "3", "40,5", "0", "6")])
    draft_id = editor.save()
    assert draft_id is not None and not editor.delete_button.isHidden()

    suggestions = ctx.read(invoice_forms.line_suggestions)
    assert [(s.description, str(s.unit_price), str(s.vat_rate)) for s in suggestions] == [("Plastering", "40.5", "6")]
    second = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(second)
    qtbot.waitUntil(lambda: bool(second.suggestions), timeout=5000)  # loaded off the UI thread
    second.lines.setData(second.lines.index(0, 0), "Plastering")
    second.apply_suggestion(0)
    assert second.lines.drafts()[0].unit_price == "40.50" and second.lines.drafts()[0].vat == "6"


def test_editor_needs_a_customer(qtbot, ctx, messages):
    editor = InvoiceEditor(ctx)
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Work", "1", "10")])
    assert editor.issue() is None
    assert messages == ["Choose a customer from the list, or create one."]


def test_pdf_buttons_call_the_document_capability(qtbot, ctx, customer_id, messages, monkeypatch):
    monkeypatch.setattr(InvoiceEditor, "confirm_issue", staticmethod(lambda *a: True))
    from types import SimpleNamespace

    from ledgerdesk.ui.dialogs import invoice_actions

    calls = []
    fake = SimpleNamespace(
        preview_invoice=lambda ctx, invoice_id, parent, allow_draft=False: calls.append(
            ("preview", invoice_id, allow_draft)
        ),
        save_invoice_pdf_as=lambda ctx, invoice_id, parent, suggested_number="": calls.append(
            ("save", suggested_number)
        ),
        print_invoice=lambda ctx, invoice_id, parent: calls.append(("print", invoice_id)) or 1,
    )
    monkeypatch.setattr(invoice_actions, "document_module", lambda: fake)
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    assert editor.preview_button.isHidden()  # nothing saved yet
    editor.lines.set_drafts([LineDraft("Work", "1", "10")])
    draft_id = editor.save()
    assert not editor.preview_button.isHidden() and not editor.print_button.isEnabled()
    editor.preview_button.click()
    number = editor.issue()
    editor.preview_button.click()
    editor.pdf_button.click()
    editor.print_button.click()
    assert calls == [("preview", draft_id, True), ("preview", draft_id, False), ("save", number), ("print", draft_id)]
