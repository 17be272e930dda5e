"""The overview read on a big book and a small screen: chart axes keep their numbers in the millions, the
cash weeks' table shows every figure whole in the side column, and what the forecast leaves out is said.

On a 10-year book '3.000.000' was wider than the axis and pyqtgraph dropped it (a chart without a number),
and the weeks' table read 'maine', '30/…', '0.0…' at 1024 pixels; nl/fr PNGs for a person to look at."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget

from ledgerdesk.domain import cash_flow as cf
from ledgerdesk.services import purchase_kpis
from ledgerdesk.services.demo import DemoSpec, generate
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.kpi_tab import MONTHS, KpiTab
from ledgerdesk.ui.widgets.cost_charts import CostCharts
from ledgerdesk.ui.widgets.kpi_charts import KpiCharts

TODAY = date(2026, 11, 23)
MILLION = 100_000_000  # cents


def shown_labels(plot) -> list[str]:  # type: ignore[no-untyped-def]
    """The left axis' tick labels pyqtgraph would draw now (it leaves out those wider than the axis)."""
    axis = plot.getAxis("left")
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    bounds = axis.boundingRect()
    assert all(bounds.contains(rect) for rect, _, _ in texts)
    return [text for _, _, text in texts]


def _figures(figures, scale: int):  # type: ignore[no-untyped-def]
    """The demo's purchase figures in the millions, as on a book ten years old with 2,000 customers."""
    weeks = tuple(
        dataclasses.replace(w, in_cents=w.in_cents * scale, out_cents=w.out_cents * scale, balance_cents=b)
        for w, b in zip(figures.cash.weeks, [3 * MILLION + i * 40_000_000 for i in range(8)], strict=True)
    )
    return dataclasses.replace(
        figures,
        costs_by_month=tuple(None if c is None else c * scale for c in figures.costs_by_month),
        costs_by_month_last_year=tuple(c * scale for c in figures.costs_by_month_last_year),
        revenue_by_month=tuple(None if c is None else c * scale for c in figures.revenue_by_month),
        result_by_month=tuple(None if c is None else c * scale for c in figures.result_by_month),
        cash=dataclasses.replace(figures.cash, weeks=weeks),
    )


@pytest.fixture
def demo(empty_book):
    with empty_book.db.transaction() as s:
        generate(s, DemoSpec(years=2, customers=20, seed=3, as_of=TODAY))
    return empty_book


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("width", [1024, 1920])
def test_every_chart_axis_shows_three_labels_or_more_in_the_millions(qtbot, demo, language, width, artifacts_dir):
    with demo.db.reading() as s:
        figures = _figures(purchase_kpis.compute(s, TODAY), 300)
    ctx = AppContext(demo, language=language, today=lambda: TODAY)
    holder = QWidget()
    qtbot.addWidget(holder)
    months = [ctx.tr(m) for m in MONTHS]
    separator = "." if language == "nl" else "\u202f"
    sales = KpiCharts(ctx.tr, months, separator, lambda *_: None, lambda *_: None, holder)
    costs = CostCharts(
        ctx.tr, months, separator, ctx.money, lambda d: f"{d.day}/{d.month}", *(lambda *_: None,) * 3, parent=holder
    )
    this_year = [m * 12 * MILLION // 10 if m <= 11 else None for m in range(1, 13)]  # cumulative up to 79 M
    sales.update_data(
        2026,
        this_year,
        [m * MILLION for m in range(1, 13)],
        {"not_due": 7 * MILLION, "over_90": 26 * MILLION, "1_30": 0, "31_60": 0, "61_90": 0},
    )
    costs.update_data(figures)
    for charts, top in ((sales, 0), (costs, 300)):
        charts.setGeometry(0, top, width * 4 // 5, 260)
    holder.resize(width, 560)
    holder.show()
    qtbot.waitExposed(holder)
    qtbot.wait(50)
    holder.grab().save(str(artifacts_dir / f"overview-axes-millions-{language}-{width}.png"))
    million = {"nl": "mln", "fr": "M"}[language]
    for plot in sales.plots() + costs.plots():
        labels = shown_labels(plot)
        assert len(labels) >= 3 and len(set(labels)) == len(labels), labels
        if plot.getAxis("left")._top >= 1_000_000:
            assert all(million in label for label in labels if label != "0"), labels
    sales.dispose()
    costs.dispose()
    ctx.wait_idle()


def _elided(table) -> list[str]:  # type: ignore[no-untyped-def]
    """The texts of the weeks' table that do not fit their cell (column, row label or header)."""
    margin = 2 * (table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    cut = []
    for column in range(table.columnCount()):
        if table.isColumnHidden(column):
            continue
        head = table.horizontalHeaderItem(column).text()
        if table.horizontalHeader().fontMetrics().horizontalAdvance(head) + margin > table.columnWidth(column):
            cut.append(head)
        for row in range(table.rowCount()):
            item = table.item(row, column)
            metrics = table.fontMetrics() if not item.font().bold() else _bold(table)
            if metrics.horizontalAdvance(item.text()) + margin > table.columnWidth(column):
                cut.append(item.text())
    header = table.verticalHeader()
    for row in range(table.rowCount()):
        label = table.verticalHeaderItem(row).text()
        if _bold(table).horizontalAdvance(label) + margin > header.width():
            cut.append(label)
    return cut


def _bold(table):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontMetrics

    font = table.font()
    font.setBold(True)
    return QFontMetrics(font)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_the_cash_weeks_are_shown_whole_in_the_side_column(qtbot, demo, language, size, artifacts_dir):
    ctx = AppContext(demo, language=language, today=lambda: TODAY)
    tab = KpiTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(*size)
    tab.show()
    panel = tab.cash_panel
    qtbot.waitUntil(lambda: panel.figures is not None and tab.snapshot is not None, timeout=10_000)
    qtbot.wait(50)
    table = panel.weeks
    for figures in (panel.figures, _figures(panel.figures, 300)):  # the demo, then a book in the millions
        panel._show(panel._generation, figures)
        tab.resize(size[0], size[1] - 1)
        tab.resize(*size)
        qtbot.wait(50)
        assert _elided(table) == []
        assert table.verticalScrollBar().maximum() == 0 and table.horizontalScrollBar().maximum() == 0
        right = table.mapTo(tab.side_scroll.widget(), table.rect().topRight()).x()
        assert right <= tab.side_scroll.viewport().width()
        shown = [c for c in range(3) if not table.isColumnHidden(c)]
        assert 2 in shown  # the balance always; money in and out when they fit (1920)
        if size[0] == 1920 and figures is panel.figures:
            assert shown == [0, 1, 2]
        week = figures.cash.weeks[0]
        tip = table.item(0, 2).toolTip()
        assert ctx.money(week.in_cents) in tip and ctx.money(week.out_cents) in tip  # the whole row, always
    tab.side_scroll.verticalScrollBar().setValue(tab.side_scroll.verticalScrollBar().maximum())
    qtbot.wait(20)
    tab.grab().save(str(artifacts_dir / f"overview-cash-weeks-{language}-{size[0]}x{size[1]}.png"))
    ctx.wait_idle()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_what_the_forecast_leaves_out_is_said_under_the_weeks(qtbot, demo, language):
    ctx = AppContext(demo, language=language, today=lambda: TODAY)
    tab = KpiTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1024, 700)
    tab.show()
    panel = tab.cash_panel
    qtbot.waitUntil(lambda: panel.figures is not None, timeout=10_000)
    with demo.db.reading() as s:
        overdue = [r for r in purchase_kpis.flows(s, TODAY) if r.what == "receivable"]
    old = [f for f in overdue if (TODAY - f.day).days > cf.LONG_OVERDUE_DAYS]
    assert old, "the demo book has invoices long past due"
    cash = panel.figures.cash
    assert (cash.left_out_cents, cash.left_out_count) == (sum(f.cents for f in old), len(old))
    assert panel.left_out.isVisible()
    assert ctx.money(cash.left_out_cents) in panel.left_out.text() and "90" in panel.left_out.text()
    assert panel.left_out.toolTip()
    # the first week no longer holds every overdue invoice
    assert cash.weeks[0].in_cents < sum(f.cents for f in overdue if f.day < cf.week_start(TODAY) + timedelta(7))
    ctx.wait_idle()


def test_axis_labels_in_millions_take_the_decimals_their_step_needs(qapp):
    from ledgerdesk.ui.widgets.kpi_charts import EuroAxis

    nl, fr = EuroAxis(".", "{number} mln"), EuroAxis("\u202f", "{number} M")
    assert nl.tickStrings([0, 2.5e6, 5e6, 7.5e6], 1, 2.5e6) == ["0", "2,5 mln", "5 mln", "7,5 mln"]
    assert fr.tickStrings([-1e6, 0, 2e6], 1, 1e6) == ["-1 M", "0", "2 M"]
    assert fr.tickStrings([200_000, 800_000], 1, 200_000) == ["200\u202f000", "800\u202f000"]  # under a million
