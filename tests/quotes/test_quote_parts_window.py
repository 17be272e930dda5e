"""The quotes window's steps between an accepted quote and its invoices, widget by widget over a real book:
a part chosen line by line becomes an invoice, the rest an order confirmation and then invoices of the order;
the planned month is chosen in the editor; the advance invoice before payment is issued once confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from builders import sent_quote
from quote_helpers import pdf_text

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import quote_orders, quotes
from ledgerdesk.ui.dialogs.quote_editor import QuoteEditor
from ledgerdesk.ui.dialogs.quotes import QuotesDialog

ARTIFACTS = Path("artifacts/quotes2")
LINES = [
    LineInput.of("Renovatie badkamer: arbeid", "40", "55.00", "21", unit="h"),
    LineInput.of("Tegels en lijm", "12", "25.00", "6"),
]


def _accepted(book, customer_id, **kw) -> str:
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES, **kw)
        quotes.accept(s, quote_id, on=date(2026, 3, 3))
    return number


def _chooser(quantities, shots=None):  # type: ignore[no-untyped-def]
    """A user typing the quantities to take now, then pressing the window's button."""

    def choose(dialog):  # type: ignore[no-untyped-def]
        for row, text in enumerate(quantities):
            dialog.set_now(row, text)
        if shots:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            dialog.resize(760, 300)
            dialog.grab().save(str(ARTIFACTS / shots))
        dialog.ok_button.click()
        return dialog.result() == 1

    return choose


def test_a_part_an_order_and_the_orders_invoices_from_the_window(
    qtbot, qtmodeltester, ctx, book, customer_id, tmp_path
):
    number = _accepted(book, customer_id)
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    panel = window.panel
    panel.select_number(number)
    assert panel.part_button.isEnabled() and panel.order_button.isEnabled()
    with qtbot.waitSignal(window.open_invoice):
        first = panel.invoice_part(choose=_chooser(["10", ""]))
    with book.db.reading() as s:
        assert s.get(Invoice, first).net_cents == 55_000  # 10 h of 40; the tiles wait
    panel.select_number(number)
    saved = tmp_path / "order.pdf"
    order_number = panel.order_selected(
        choose=_chooser(["30", "12"]), ask=lambda *a: (str(saved), "")
    )  # all that is left, ordered
    assert order_number == "OC2026-0001" and "Orderbevestiging" in pdf_text(saved.read_bytes())
    panel.select_number(number)
    assert panel.model.rows()[0].status is QuoteStatus.CONVERTED  # nothing left on the quote itself
    assert panel.order_invoice_button.isEnabled()
    with qtbot.waitSignal(window.open_invoice):
        second = panel.invoice_order(choose=_chooser(["20", "12"]))
    panel.select_number(number)
    with qtbot.waitSignal(window.open_invoice):
        third = panel.invoice_order(choose=_chooser(["10", ""]))
    with book.db.reading() as s:
        nets = [s.get(Invoice, i).net_cents for i in (first, second, third)]
        (order,) = quote_orders.list_orders(s)
    assert nets == [55_000, 110_000 + 30_000, 55_000] and order.left == {}


def test_a_quantity_that_is_no_number_or_too_much_is_said(qtbot, ctx, book, customer_id, messages):
    number = _accepted(book, customer_id)
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.panel.select_number(number)

    def bad(dialog):  # type: ignore[no-untyped-def]
        dialog.set_now(0, "tien")
        dialog.ok_button.click()  # refused in the window: it stays open and says why
        bad.shown = dialog.problem.text()  # type: ignore[attr-defined]
        dialog.reject()
        return False

    assert window.panel.invoice_part(choose=bad) is None
    assert bad.shown == "'tien' is not a number"  # type: ignore[attr-defined]
    assert window.panel.invoice_part(choose=_chooser(["41", ""])) is None
    assert len(messages) == 1 and f"of quote {number} has 40 left to invoice, not 41" in messages[0]


def test_planned_month_in_the_editor_and_the_list(qtbot, ctx, book, customer_id, messages):
    number = _accepted(book, customer_id)
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.panel.select_number(number)
    editor = window.panel.open_selected()
    assert isinstance(editor, QuoteEditor) and editor.planned.isEnabled()
    editor.planned.setCurrentIndex(editor.planned.findData("2026-05"))
    with book.db.reading() as s:
        assert quotes.list_quotes(s, date(2026, 3, 20))[0].planned_month == "2026-05"
    assert window.panel.model.rows()[0].planned_month == "2026-05" and messages == []


def test_the_advance_invoice_before_payment_once_confirmed(qtbot, ctx, book, customer_id, messages):
    number = _accepted(book, customer_id, deposit_cents=50_000)
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.panel.select_number(number)
    asked: list[str] = []
    assert window.panel.advance_selected(confirm=lambda text: asked.append(text) and False) is None
    assert "before the deposit is paid" in asked[0]
    window.panel.select_number(number)
    assert window.panel.advance_selected(confirm=lambda text: True) == "2026-0001"
    with book.db.reading() as s:
        assert s.query(Invoice).one().total_cents == 50_000


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_screenshots_of_the_window_and_the_parts(qtbot, book, customer_id, tmp_path, language):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.preferences import Preferences

    ctx = AppContext(
        book, language=language, today=lambda: date(2026, 3, 20), preferences=Preferences.in_file(tmp_path / "p.ini")
    )
    number = _accepted(book, customer_id, deposit_cents=50_000, planned_month="2026-04")
    window = QuotesDialog(ctx)
    qtbot.addWidget(window)
    window.panel.select_number(number)
    window.panel.invoice_part(choose=_chooser(["10", ""], shots=f"parts-{language}.png"))
    window.panel.select_number(number)
    window.resize(1000, 520)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"quotes-{language}.png"))
    editor = window.panel.open_selected()
    editor.resize(940, 680)
    editor.grab().save(str(ARTIFACTS / f"editor-{language}.png"))
    ctx.wait_idle()
