"""The quotes window and editor, widget by widget over a real book: write a quote with the invoice editor's
lines, send it, accept it, make its invoice; refuse another with the reason; a customer's page lists them."""

from __future__ import annotations

from datetime import date

from builders import sent_quote
from PySide6.QtCore import Qt

from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import quotes
from ledgerdesk.ui.dialogs.quote_editor import QuoteEditor
from ledgerdesk.ui.dialogs.quotes import QuotesDialog
from ledgerdesk.ui.models.lines import DESCRIPTION, PRICE, QUANTITY


def _type_line(editor: QuoteEditor, row: int, description: str, quantity: str, price: str) -> None:
    model = editor.lines
    model.setData(model.index(row, DESCRIPTION), description)
    model.setData(model.index(row, QUANTITY), quantity)
    model.setData(model.index(row, PRICE), price)


def test_write_send_accept_and_invoice_a_quote(qtbot, qtmodeltester, ctx, book, customer_id, messages):
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    editor = window.panel.open_quote(None)
    assert isinstance(editor, QuoteEditor) and editor.heading.text() == "New quote"
    editor.customer.setCurrentIndex(editor.customer.findData(customer_id))
    _type_line(editor, 0, "Dakgoot vervangen", "12", "45,00")
    editor.deposit.setText("150,00")
    editor.terms.setPlainText("Werken starten na betaling van het voorschot.")
    assert editor.totals.text() == "Net 540,00\xa0€ · VAT 113,40\xa0€ · Total 653,40\xa0€"
    number = editor.send()
    assert number == "Q2026-0001" and messages == []
    assert editor.heading.text() == "Quote Q2026-0001" and not editor.save_button.isEnabled()
    assert editor.state_label.text().startswith("Sent, valid until")

    panel = window.panel
    qtmodeltester.check(panel.model)
    assert [(r.number, r.status, r.deposit_cents) for r in panel.model.rows()] == [
        ("Q2026-0001", QuoteStatus.SENT, 15_000)
    ]
    panel.select_number("Q2026-0001")
    assert panel.accept_button.isEnabled() and not panel.invoice_button.isEnabled()
    assert panel.accept_selected()
    panel.select_number("Q2026-0001")
    assert panel.model.rows()[0].status is QuoteStatus.ACCEPTED and panel.invoice_button.isEnabled()
    with qtbot.waitSignal(window.open_invoice) as opened:
        invoice_id = panel.invoice_selected()
    assert opened.args == [invoice_id]
    with book.db.reading() as s:
        assert s.get(Invoice, invoice_id).total_cents == 65_340
    assert panel.model.rows()[0].status is QuoteStatus.CONVERTED


def test_refuse_with_the_reason_and_see_it_on_the_customers_page(qtbot, ctx, book, customer_id, messages):
    from ledgerdesk.ui.dialogs.customers import CustomerPage

    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id)
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.panel.select_number(number)
    assert window.panel.refuse_selected("Budget verschoven")
    with book.db.reading() as s:
        view = quotes.load_quote(s, quote_id, date(2026, 3, 2))
    assert (view.status, view.refusal_reason) == (QuoteStatus.REFUSED, "Budget verschoven")
    editor = window.panel.open_quote(quote_id)
    assert editor.state_label.text() == "Refused: Budget verschoven"
    assert editor.table.editTriggers() == editor.table.EditTrigger.NoEditTriggers

    page = CustomerPage(ctx, customer_id)
    qtbot.addWidget(page)
    titles = [page.pages.tabText(i) for i in range(page.pages.count())]
    assert "Quotes" in titles
    panel = page.pages.widget(titles.index("Quotes"))
    assert [(r.number, r.status) for r in panel.model.rows()] == [(number, QuoteStatus.REFUSED)]
    assert panel.model.data(panel.model.index(0, 4), Qt.ItemDataRole.DisplayRole) == "Refused"


def test_a_bad_deposit_is_said_and_nothing_is_saved(qtbot, ctx, book, customer_id, messages):
    editor = QuoteEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    _type_line(editor, 0, "Werk", "1", "100")
    editor.deposit.setText("12,345")
    assert editor.save() is None
    assert messages == ["'12,345' is not an amount (e.g. 500.00)"]
    editor.deposit.setText("500")
    assert editor.save() is None
    assert messages[-1] == "The deposit of 500,00\xa0€ is more than the quote's total of 121,00\xa0€"
    with book.db.reading() as s:
        assert quotes.list_quotes(s, date(2026, 3, 2)) == []
