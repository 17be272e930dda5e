"""The month's forecast moves at each step of the story: revenue so far + recurring still to invoice +
work delivered not invoiced + quotes accepted this month (less their advances), in SQL; the drill-down."""

from __future__ import annotations

from datetime import date

from builders import QUOTE_TIME, sent_quote

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.services import invoicing, kpis, quotes, work

DAY = date(2026, 3, 20)


def forecast(book, day=DAY):
    with book.db.reading() as s:
        snap = kpis.compute(s, day, compare=False, payments=False)
    return snap.forecast_month, snap.work_to_invoice, snap.quotes_to_invoice


def test_the_forecast_moves_at_each_step(book, customer_id):
    assert forecast(book) == (0, 0, 0)
    with book.db.transaction() as s:
        quote_id, _ = sent_quote(s, customer_id)  # net 2,500.00
    assert forecast(book) == (0, 0, 0)  # a quote only sent is not planned work
    with book.db.transaction() as s:
        quotes.accept(s, quote_id, on=date(2026, 3, 5), now=QUOTE_TIME)
    assert forecast(book) == (250_000, 0, 250_000)
    with book.db.transaction() as s:
        work.create_slip(s, work.SlipData(customer_id, date(2026, 3, 10), [LineInput.of("Extra", "2", "55", "21")]))
    assert forecast(book) == (261_000, 11_000, 250_000)
    with book.db.transaction() as s:  # the quote invoiced: revenue instead of planned, the total holds
        invoice_id = quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 18), now=QUOTE_TIME)
        invoicing.issue(s, invoice_id)
    assert forecast(book) == (261_000, 11_000, 0)
    with book.db.transaction() as s:
        invoice_id = work.invoice_slips(s, customer_id, on=date(2026, 3, 19))
        invoicing.issue(s, invoice_id)
    assert forecast(book) == (261_000, 0, 0)
    # a quote accepted last month is not this month's plan
    with book.db.transaction() as s:
        other, _ = sent_quote(s, customer_id, day=date(2026, 2, 2))
        quotes.accept(s, other, on=date(2026, 2, 20), now=QUOTE_TIME)
    assert forecast(book)[2] == 0


def test_the_forecast_drill_down_opens_each_part(qtbot, ctx, book, customer_id):
    from ledgerdesk.ui.dialogs.forecast import ForecastDialog

    with book.db.transaction() as s:
        work.create_slip(s, work.SlipData(customer_id, date(2026, 3, 1), [LineInput.of("Werk", "1", "80", "21")]))
    with book.db.reading() as s:
        snap = kpis.compute(s, date(2026, 3, 2), compare=False, payments=False)
    opened: list[str] = []
    dialog = ForecastDialog(ctx, snap, opened.append)
    qtbot.addWidget(dialog)
    cells = [(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount())]
    assert cells[2] == ("Work delivered not invoiced", "80,00\xa0€")
    assert cells[4][0] == "Forecast this month"
    dialog.open_row(2)
    dialog.open_row(4)  # the total itself opens nothing
    assert opened == ["work_to_invoice"]


def test_the_forecast_counts_accepted_quotes_in_their_planned_month(book, customer_id):
    from decimal import Decimal

    from ledgerdesk.services import quote_orders

    with book.db.transaction() as s:  # accepted in February, planned for March: this month's work
        planned, _ = sent_quote(s, customer_id, day=date(2026, 2, 2), planned_month="2026-03")
        quotes.accept(s, planned, on=date(2026, 2, 20), now=QUOTE_TIME)
        later, _ = sent_quote(s, customer_id, day=date(2026, 3, 2), planned_month="2026-05")
        quotes.accept(s, later, on=date(2026, 3, 5), now=QUOTE_TIME)  # accepted now, planned for May: not March's
    assert forecast(book) == (250_000, 0, 250_000)
    assert forecast(book, date(2026, 5, 10))[2] == 250_000  # May counts the May quote only
    with book.db.transaction() as s:  # the plan moves to April: March no longer counts it
        quotes.set_planned_month(s, planned, "2026-04")
    assert forecast(book) == (0, 0, 0)
    with book.db.transaction() as s:  # an order confirmation only confirms: still counted in its month
        quote_orders.make_order(s, later, on=date(2026, 5, 2), lines={0: Decimal("10")})
    assert forecast(book, date(2026, 5, 10))[2] == 250_000
