"""The KPI tab's purchase side as charts on the demo book: costs per month against last year, the result per
month, 8 weeks of cash with the lowest point marked; a click lists the bills or invoices behind; nl/fr PNGs at
1024x700 for a person to look at."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QLabel

from ledgerdesk.i18n import format_money
from ledgerdesk.services import purchase_kpis
from ledgerdesk.services.demo import DemoSpec, generate
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.kpi_tab import KpiTab

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_costs_result_and_cash_are_charted_from_the_purchase_figures(qtbot, empty_book, artifacts_dir, language):
    import pyqtgraph as pg

    with empty_book.db.transaction() as s:
        generate(s, DemoSpec(years=2, customers=20, seed=3, as_of=TODAY))
    with empty_book.db.reading() as s:
        figures = purchase_kpis.compute(s, TODAY)
    ctx = AppContext(empty_book, language=language, today=lambda: TODAY)
    tab = KpiTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1024, 700)
    tab.show()
    qtbot.waitUntil(lambda: tab.cost_charts is not None and tab.cash_panel.figures is not None, timeout=8000)
    charts = tab.cost_charts
    qtbot.waitUntil(lambda: any(hasattr(i, "bar_at") for i in charts.costs.plotItem.items), timeout=5000)

    def bars(plot):
        return [i for i in plot.plotItem.items if isinstance(i, pg.BarGraphItem)]

    last_year, this_year = bars(charts.costs)
    assert list(this_year.opts["height"])[:11] == [c / 100 for c in figures.costs_by_month[:11]]
    assert list(last_year.opts["height"]) == [c / 100 for c in figures.costs_by_month_last_year]
    assert min(figures.costs_by_month_last_year) > 0  # the demo has a year of bills to compare with
    revenue, costs = bars(charts.result)
    assert list(costs.opts["height"])[:11] == [-c / 100 for c in figures.costs_by_month[:11]]
    result_line = next(i for i in charts.result.plotItem.listDataItems() if isinstance(i, pg.PlotDataItem))
    assert list(result_line.yData) == [r / 100 for r in figures.result_by_month if r is not None]
    lowest = next(w for w in figures.cash.weeks if w.lowest)
    assert charts.lowest_label is not None and format_money(lowest.balance_cents, language).replace(
        "\xa0", " "
    ) in charts.lowest_label.toPlainText().replace("\xa0", " ")

    # a click on November's costs lists that month's bills; on a week, the bills due in it
    this_year._on_click(10)
    with empty_book.db.reading() as s:
        november = purchase_kpis.bills_behind(s, TODAY, "costs:2026-11")
        week = purchase_kpis.bills_behind(s, TODAY, "cash_week:0")
    assert november and week

    def listed() -> str:
        dialog = [w for w in tab.cash_panel.findChildren(QDialog) if w.isVisible()][-1]
        text = dialog.findChildren(QLabel)[0].text()
        dialog.close()
        return text

    assert listed().startswith(f"{len(november)} ")
    charts._on_week(0)
    assert listed().startswith(f"{len(week)} ")

    tab.page_buttons.button(1).click()  # the page of the purchase side
    assert tab.chart_pages.currentWidget() is charts
    qtbot.wait(50)
    path = artifacts_dir / "payables2" / f"kpi_costs_{language}.png"
    path.parent.mkdir(exist_ok=True)
    assert tab.grab().save(str(path))
    for title in charts.titles:  # nothing left in English
        assert "Costs per month" not in title.text() and "Cash, the next" not in title.text()
    tab.dispose()
