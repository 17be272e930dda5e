"""Figures that don't mislead: month-to-date against the same days, '—' until there is history, a first
step on an empty book, month labels that never run together."""

from __future__ import annotations

from datetime import date

from builders import customer, invoice, payment
from PySide6.QtCore import Qt

from ledgerdesk.domain import kpis as k
from ledgerdesk.services import kpis
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.kpi_tab import KpiTab


def test_same_days_of_last_month():
    assert k.same_days_last_month(date(2026, 12, 2)) == (date(2026, 11, 1), date(2026, 11, 2))
    assert k.same_days_last_month(date(2026, 3, 31)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert k.same_days_last_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 15))


def test_on_the_2nd_the_month_is_compared_with_the_first_two_days_of_last_month(qtbot, book):
    with book.db.transaction() as s:
        a = customer(s, "Alpha", since=date(2020, 1, 1))
        invoice(s, a, date(2026, 8, 1), "100")  # history enough for DSO
        invoice(s, a, date(2026, 11, 2), "400")
        invoice(s, a, date(2026, 11, 20), "5000")  # later in November: not part of the comparison
        invoice(s, a, date(2026, 12, 1), "500")
    with book.db.reading() as s:
        got = kpis.compute(s, date(2026, 12, 2))
    assert got.revenue_this_month == 50000 and got.revenue_same_days_last_month == 40000
    assert "sales" not in [a.code for a in got.actions]  # ahead of the same days: not "heading below"
    tab = KpiTab(AppContext(book, language="nl", today=lambda: date(2026, 12, 2)))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=5000)
    change = tab.cards["revenue_this_month"].change.text()
    assert "▲ 25,0 % t.o.v. dezelfde dagen vorige maand" in change  # was "▼100 %" against all of November
    assert "01/11/2026 – 02/11/2026" in tab.cards["revenue_this_month"].toolTip()
    tab.dispose()


def test_dso_waits_for_90_days_of_invoices_and_says_why(qtbot, book):
    with book.db.transaction() as s:
        a = customer(s, "Alpha", since=date(2020, 1, 1))
        invoice(s, a, date(2026, 12, 2), "1000")
    with book.db.reading() as s:
        got = kpis.compute(s, date(2026, 12, 2))
    assert got.dso is None and got.avg_days_to_pay is None  # was a DSO of 55 days
    assert "02/12/2026" in got.withheld["dso"].translated(__import__("ledgerdesk.i18n").i18n.gettext("en"))
    tab = KpiTab(AppContext(book, language="fr", today=lambda: date(2026, 12, 2)))
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=5000)
    card = tab.cards["dso"]
    assert card.value.text() == "—"
    assert card.toolTip().startswith(
        "Affiché dès que le livre contient 90 jours de factures (la première a été émise le 02/12/2026)."
    )
    assert "historique" in card.change.text()
    assert tab.cards["avg_days_to_pay"].value.text() == "—"
    tab.dispose()


def test_enough_history_shows_the_figures(book):
    with book.db.transaction() as s:
        a = customer(s, "Alpha", since=date(2020, 1, 1))
        for day in (date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1)):
            payment(s, invoice(s, a, day, "100"), day.replace(day=20), "121", known_payer=False)
        invoice(s, a, date(2026, 11, 1), "100")
    with book.db.reading() as s:
        got = kpis.compute(s, date(2026, 12, 2))
    assert got.withheld == {} and got.dso is not None and got.avg_days_to_pay == 19


def test_an_empty_book_leads_to_the_first_invoice_instead_of_empty_charts(qtbot, book):
    tab = KpiTab(AppContext(book, language="en", today=lambda: date(2026, 12, 2)))
    qtbot.addWidget(tab)
    tab.resize(1024, 700)
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=5000)
    qtbot.wait(20)
    assert tab.charts is None  # no chart of nothing, no legend of no data
    assert tab.charts_placeholder.text() == "Your charts appear here once you have issued your first invoice."
    assert tab.empty_button.isVisible()
    assert [a.code for a in tab.snapshot.actions] == ["first_invoice"]  # not "nothing needs your attention"
    qtbot.mouseClick(tab.action_buttons["first_invoice"], Qt.MouseButton.LeftButton)
    assert tab.editor.isVisible() and tab.editor.windowTitle() == "New invoice"
    tab.editor.close()
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        with book.db.transaction() as s:
            invoice(s, customer(s, "Alpha", since=date(2020, 1, 1)), date(2026, 12, 1), "100")
        tab.ctx.book_changed.emit()
    qtbot.waitUntil(lambda: tab.charts is not None, timeout=5000)
    assert tab.charts.isVisible() and not tab.charts_box.isVisible()
    axis = tab.charts.monthly.getAxis("left")
    assert axis.range[1] >= 100  # ticks in whole euros, never '1 1 1 0 0'
    tab.dispose()


def test_month_labels_never_run_together(qtbot, book):
    from ledgerdesk.ui.widgets.kpi_charts import KpiCharts

    names = ["aug", "sep", "okt", "nov", "dec", "jan", "feb", "mrt", "apr", "mei", "jun", "jul"]
    charts = KpiCharts(lambda s: s, names, ".", lambda y, m: None, lambda b: None)
    qtbot.addWidget(charts)
    label = max(charts.fontMetrics().horizontalAdvance(n) for n in names)
    for width in (420, 700, 1024, 1920):
        charts.resize(width, 300)
        charts.show()
        qtbot.wait(5)
        for plot in (charts.monthly, charts.cumulative):
            shown = charts.shown_month_labels(plot)
            step = 12 // len(shown) if shown else 12
            room = (plot.width() - plot.getAxis("left").width()) / 12 * step
            assert room >= label, (width, shown)
    charts.resize(1920, 300)
    qtbot.wait(5)
    assert len(charts.shown_month_labels(charts.monthly)) == 12  # wide enough: every month
    charts.dispose()
