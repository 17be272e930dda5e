"""The quotes window and editor, widget by widget over a real book: write a quote with the invoice editor's
lines, send it, accept it, make its invoice; refuse another with the reason; a customer's page lists them."""

from __future__ import annotations

from datetime import date

import pytest
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
    # Numbered is not sent: nothing left yet, so the quote says it is ready, and the user can say it left.
    assert editor.state_label.text().startswith("Ready to send, valid until")
    assert editor.send_button.text() == "Make final"

    panel = window.panel
    qtmodeltester.check(panel.model)
    assert [(r.number, r.status, r.deposit_cents) for r in panel.model.rows()] == [
        ("Q2026-0001", QuoteStatus.READY, 15_000)
    ]
    panel.select_number("Q2026-0001")
    assert panel.mark_sent_button.isEnabled()
    assert panel.mark_sent_selected() and messages == []
    panel.select_number("Q2026-0001")
    assert panel.model.rows()[0].status is QuoteStatus.SENT and not panel.mark_sent_button.isEnabled()
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


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_ready_quote_and_a_sent_one_look_different(qtbot, book, customer_id, tmp_path, artifacts_dir, language):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.preferences import Preferences

    ctx = AppContext(
        book, language=language, today=lambda: date(2026, 3, 5), preferences=Preferences.in_file(tmp_path / "p.ini")
    )
    ready = sent_quote(book, customer_id, valid_until=date(2026, 4, 1))[1]
    handed = sent_quote(book, customer_id, valid_until=date(2026, 4, 1))[1]
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.panel.select_number(handed)
    assert window.panel.mark_sent_selected()
    window.panel.select_number(ready)
    labels = {r.number: r.status for r in window.panel.model.rows()}
    assert labels == {ready: QuoteStatus.READY, handed: QuoteStatus.SENT}
    assert (
        window.panel.mark_sent_button.text() == {"nl": "Als verstuurd markeren", "fr": "Marquer comme envoyé"}[language]
    )
    for width, height in ((1024, 700), (1920, 1080)):
        window.resize(width, height)
        window.grab().save(str(artifacts_dir / f"quotes-ready-{language}-{width}.png"))
    ctx.wait_idle()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_column_title_of_the_quotes_list_is_whole_at_1024(qtbot, book, customer_id, tmp_path, language):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.preferences import Preferences

    ctx = AppContext(
        book, language=language, today=lambda: date(2026, 3, 5), preferences=Preferences.in_file(tmp_path / "p.ini")
    )
    sent_quote(book, customer_id, valid_until=date(2026, 4, 1))
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.wait(20)
    view = window.panel.view
    header = view.horizontalHeader()
    for column in range(window.panel.model.columnCount()):
        title = str(window.panel.model.headerData(column, Qt.Orientation.Horizontal))
        room = header.sectionSize(column) - 8  # the section's margins
        assert header.fontMetrics().horizontalAdvance(title) <= room, (title, header.sectionSize(column))
    ctx.wait_idle()
