"""Capabilities meet in the desk: KPI suggestions open the reminders tab, the recurring invoices
dialog has a menu entry, the customer page shows the account, and the invoice editor shows how the
customer pays and refuses an invalid e-invoice for a Peppol customer unless the user insists."""

from __future__ import annotations

from datetime import date, timedelta

import pypdfium2
from builders import invoice

from ledgerdesk.i18n import format_money
from ledgerdesk.services import company, einvoicing, payments
from ledgerdesk.ui.dialogs.customers import CustomerPage, CustomersDialog
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.main_window import MainWindow
from ledgerdesk.ui.models.lines import LineDraft
from ledgerdesk.ui.widgets.customer_account import CustomerAccountPage

TODAY = date(2026, 3, 2)  # as in tests/desk/conftest.py


def _issued(book, customer_id: int, day: date, price: str = "100") -> int:
    return invoice(book, customer_id, day, price, terms=30)


def test_a_kpi_suggestion_opens_the_reminders_tab_and_the_menu_opens_recurring_invoices(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.build_remaining_tabs()
    kpi = window.find_tab("open_tab_requested")
    assert kpi is not None
    kpi.open_tab_requested.emit("reminders")
    assert window.tab_key(window.tabs.currentIndex()) == "RemindersTab"
    kpi.open_tab_requested.emit("no-such-capability")  # ignored, not an error
    assert window.tab_key(window.tabs.currentIndex()) == "RemindersTab"
    window.show_recurring()
    assert window.recurring_dialog.isVisible()
    window.recurring_dialog.close()
    window.close()


def test_the_customer_page_shows_behaviour_and_the_statement_of_account(
    qtbot, qtmodeltester, ctx, customer_id, book, tmp_path
):
    first = _issued(book, customer_id, TODAY - timedelta(days=90))  # due 30 days later, paid 10 days late
    _issued(book, customer_id, TODAY - timedelta(days=20), "50")
    with book.db.transaction() as s:
        payments.register_payment(s, payments.PaymentData(TODAY - timedelta(days=50), 12100, "bank"), [(first, 12100)])
    dialog = CustomersDialog(ctx)
    qtbot.addWidget(dialog)
    page = dialog.open_customer(customer_id)
    assert isinstance(page, CustomerPage)
    account = next(
        page.pages.widget(i) for i in range(page.pages.count()) if isinstance(page.pages.widget(i), CustomerAccountPage)
    )
    account.start.setDate(TODAY - timedelta(days=365))
    kinds = [e.kind for e in account.model.rows()]
    assert kinds == ["invoice", "payment", "invoice"]
    assert account.model.rows()[-1].balance_cents == 6050
    assert "60,50" in account.closing.text() or "60.50" in account.closing.text()
    assert account.behaviour.days_late.text() == "10"
    assert account.behaviour.share_late.text() == "100%"
    qtmodeltester.check(account.model)
    account.end.setDate(TODAY - timedelta(days=400))  # ends before it starts: said, not raised
    assert account.model.rowCount() == 0 and "before" in account.opening.text()
    account.end.setDate(TODAY)
    target = account.save_pdf(tmp_path / "statement.pdf")
    text = "".join(page_.get_textpage().get_text_range() for page_ in pypdfium2.PdfDocument(str(target)))
    assert "60,50" in text  # the customer's language (Dutch): Belgian amounts


def test_the_editor_shows_how_the_customer_pays(qtbot, ctx, customer_id, book, monkeypatch):
    monkeypatch.setattr(InvoiceEditor, "confirm_issue", staticmethod(lambda *a: True))
    first = _issued(book, customer_id, TODAY - timedelta(days=90))
    with book.db.transaction() as s:
        payments.register_payment(s, payments.PaymentData(TODAY - timedelta(days=60), 12100, "bank"), [(first, 12100)])
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    assert editor.behaviour.customer_id == customer_id
    assert editor.behaviour.days_to_pay.text() == "30"
    assert not editor.einvoice.isVisibleTo(editor)  # not a Peppol customer: no e-invoice check
    assert editor.behaviour.open.text() == format_money(0, ctx.language)
    editor.lines.set_drafts([LineDraft("Advies", "2", "50", "0", "21")])
    editor.issue()  # what the customer owes follows the book: the new invoice is open at once
    assert editor.behaviour.open.text() == format_money(12100, ctx.language)


def test_an_invalid_einvoice_for_a_peppol_customer_needs_issue_anyway(qtbot, ctx, book, messages, monkeypatch):
    monkeypatch.setattr(InvoiceEditor, "confirm_issue", staticmethod(lambda *a: True))
    with book.db.transaction() as s:  # receives e-invoices, but has no VAT number: Peppol rules refuse
        peppol = company.create_customer(
            s,
            company.CustomerData(
                name="Bakkerij Peeters", street="Markt 5", postcode="2000", city="Antwerpen", receives_einvoice=True
            ),
            today=TODAY,
        ).id
    answers: list[bool] = [False]
    editor = InvoiceEditor(ctx, customer_id=peppol)
    editor.confirm_override = lambda parent, findings: answers.pop(0)  # type: ignore[method-assign]
    qtbot.addWidget(editor)
    editor.lines.set_drafts([LineDraft("Brood", "3", "10", "0", "6")])
    assert editor.issue() is None  # "Cancel": kept as a draft, the problem stated
    assert editor.view is not None and not editor.view.is_issued
    assert "cannot be issued as a valid e-invoice" in editor.problems.text()
    assert editor.einvoice.isVisibleTo(editor) and editor.einvoice.model.rowCount() > 0
    answers.append(True)
    number = editor.issue()  # "Issue anyway": issued, the invalid file archived as overridden
    assert number is not None and editor.view.is_issued
    with book.db.reading() as s:
        assert einvoicing.archived(s, editor.view.id).overridden
    assert messages == []


def test_a_new_belgian_business_customer_receives_einvoices_unless_the_user_says_otherwise(qtbot, ctx):
    from ledgerdesk.services.company import CustomerData
    from ledgerdesk.ui.dialogs.customer_form import CustomerForm

    form = CustomerForm(ctx)
    qtbot.addWidget(form)
    form.name.setText("Brasserie Dubois")
    assert not form.einvoice.isChecked()
    form.vat.setText("BE 0403.170.701")
    assert form.einvoice.isChecked()  # Belgian B2B: Peppol since 1 January 2026
    form.kind.setCurrentIndex(form.kind.findData("consumer"))
    assert not form.einvoice.isChecked()
    form.kind.setCurrentIndex(form.kind.findData("business"))
    form.einvoice.click()  # the user unticks it: that stays
    form.vat.setText("BE0202239951")
    assert not form.einvoice.isChecked()
    form.set_data(CustomerData(name="Garage Claes", vat="BE0403170701", receives_einvoice=False))
    assert not form.einvoice.isChecked()  # a saved customer keeps its own choice
