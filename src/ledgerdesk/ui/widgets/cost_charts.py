"""The KPI tab's purchase-side charts: costs per month against last year, the result per month, and 8 weeks of cash.

Beside the sales charts (`kpi_charts`), on a page of their own; imported only when the charts are
built. Drawn from `services.purchase_kpis.PurchaseFigures` (integer cents; chart coordinates are
euros for display only). A click on a bar lists what is behind it: the bills of a month's costs, the
invoices of a month's revenue, the bills due in a week.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from .kpi_charts import LAST_YEAR, MIN_TOP, ClickableBars, _plot, _titled, euros, set_y_range

COSTS = "#dd6b20"
REVENUE = "#90cdf4"
RESULT = "#22543d"
MONEY_IN = "#38a169"
MONEY_OUT = "#e53e3e"
BALANCE = "#2b6cb0"
LOWEST = "#c53030"


class CostCharts(QWidget):
    """Three charts side by side; `update_data` redraws them from the purchase figures."""

    def __init__(
        self,
        tr: Callable[..., str],
        month_names: Sequence[str],
        separator: str,
        money: Callable[[int], str],
        short_date: Callable[[Any], str],
        on_costs: Callable[[int, int], None],
        on_revenue: Callable[[int, int], None],
        on_week: Callable[[int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self.money = money
        self.short_date = short_date
        self._on_costs, self._on_revenue, self._on_week = on_costs, on_revenue, on_week
        self.month_names = list(month_names)
        million = tr("{number} M")  # a million on a chart's axis
        self.costs = _plot(separator, million)
        self.result = _plot(separator, million)
        self.cash = _plot(separator, million)
        for plot in self.plots():  # the legend's line above each chart comes out of the plot, not the cards
            plot.setMinimumHeight(150)
        for plot in (self.costs, self.result):
            plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)
            plot.setXRange(0.4, 12.6, padding=0)
        # The legend is in each title (one line, coloured squares): inside the plot it covered the bars.
        self.titles: list[QLabel] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        tips = (
            tr("Costs per month against last year (excl. deductible VAT)"),
            tr("Result per month: revenue minus costs (excl. VAT)"),
            tr("Cash, the next 8 weeks (balance at each week's end)"),
        )
        for plot, tip, stretch in zip(self.plots(), tips, (3, 3, 2), strict=True):
            layout.addWidget(_titled(plot, "", self.titles), stretch)
            self.titles[-1].setToolTip(tip)
            # Room for the name and the legend from the start: the layout then never squeezes the legend out.
            self.titles[-1].setMinimumHeight(2 * self.titles[-1].fontMetrics().lineSpacing() + 4)
        self.lowest_label: pg.TextItem | None = None
        self._year = 0
        self._disposed = False

    def _title(self, index: int, name: str, keys: Sequence[tuple[str, str]]) -> None:
        legend = "&nbsp; ".join(
            f"<span style='color:{colour}'>■</span>&nbsp;{html.escape(text)}" for colour, text in keys
        )
        # Two lines always: a wrapped title measured while its page was hidden kept one line and lost the legend.
        self.titles[index].setText(f"{html.escape(name)}<br>{legend}")

    def hasHeightForWidth(self) -> bool:
        return False  # see kpi_tab.FixedHeightRules

    def plots(self) -> list[pg.PlotWidget]:
        return [self.costs, self.result, self.cash]

    def _label_months(self, plot: pg.PlotWidget) -> None:
        metrics = self.fontMetrics()
        label = max(metrics.horizontalAdvance(n) for n in self.month_names) + metrics.horizontalAdvance("  ")
        width = plot.width() - plot.getAxis("left").width()
        step = next((s for s in (1, 2, 3, 6) if width / 12 * s >= label), 12)
        plot.getAxis("bottom").setTicks([[(i + 1, n) for i, n in enumerate(self.month_names) if i % step == 0]])

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)  # a page shown for the first time has its real width only now
        self.resizeEvent(None)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event is not None:
            super().resizeEvent(event)
        if not self._disposed:
            for plot in (self.costs, self.result):
                self._label_months(plot)
            self._label_weeks()

    def _label_weeks(self) -> None:
        """Every week's first day, or every other one's when they would run together."""
        labels = getattr(self, "_weeks", [])
        if not labels:
            return
        metrics = self.fontMetrics()
        wide = max(metrics.horizontalAdvance(t) for t in labels) + metrics.horizontalAdvance("  ")
        width = self.cash.width() - self.cash.getAxis("left").width()
        step = next((s for s in (1, 2, 4) if width / len(labels) * s >= wide), 8)
        self.cash.getAxis("bottom").setTicks([[(i + 1, t) for i, t in enumerate(labels) if i % step == 0]])

    def update_data(self, figures: Any) -> None:
        """Redraw from `purchase_kpis.PurchaseFigures` (nothing once disposed: a late read may still arrive)."""
        if self._disposed:
            return
        year = figures.as_of.year
        self._year = year
        for plot in self.plots():
            plot.plotItem.clear()
        months = list(range(1, 13))
        this_costs = [euros(v) for v in figures.costs_by_month]
        last_costs = [euros(v) for v in figures.costs_by_month_last_year]
        self.costs.addItem(
            ClickableBars(
                lambda i: self._on_costs(year - 1, i + 1),
                x=[m - 0.2 for m in months],
                height=last_costs,
                width=0.38,
                brush=LAST_YEAR,
                pen=None,
            )
        )
        self.costs.addItem(
            ClickableBars(
                lambda i: self._on_costs(year, i + 1),
                x=[m + 0.2 for m in months],
                height=this_costs,
                width=0.38,
                brush=COSTS,
                pen=None,
            )
        )
        revenue = [euros(v) for v in figures.revenue_by_month]
        self.result.addItem(
            ClickableBars(
                lambda i: self._on_revenue(year, i + 1),
                x=months,
                height=revenue,
                width=0.7,
                brush=REVENUE,
                pen=None,
            )
        )
        self.result.addItem(
            ClickableBars(
                lambda i: self._on_costs(year, i + 1),
                x=months,
                height=[-v for v in this_costs],
                width=0.7,
                brush=COSTS,
                pen=None,
            )
        )
        results = [v for v in figures.result_by_month if v is not None]
        self.result.plot(
            months[: len(results)],
            [euros(v) for v in results],
            pen=pg.mkPen(RESULT, width=2),
            symbol="o",
            symbolSize=6,
            symbolBrush=RESULT,
            symbolPen=None,
        )
        tr = self.tr_
        self._title(0, tr("Costs per month"), ((COSTS, str(year)), (LAST_YEAR, str(year - 1))))
        self._title(1, tr("Result per month"), ((REVENUE, tr("Revenue")), (COSTS, tr("Costs")), (RESULT, tr("Result"))))
        self._title(2, tr("Cash, 8 weeks"), ((MONEY_IN, tr("In")), (MONEY_OUT, tr("Out")), (BALANCE, tr("Balance"))))
        self._draw_cash(figures.cash)
        self._ranges(last_costs + this_costs, revenue, this_costs, euros(min(results, default=0)))
        for plot in self.plots():
            for item in plot.plotItem.items:
                item.setZValue(10)
        for plot in (self.costs, self.result):
            self._label_months(plot)

    def _draw_cash(self, cash: Any) -> None:
        weeks = list(cash.weeks)
        xs = list(range(1, len(weeks) + 1))
        self.cash.addItem(
            ClickableBars(
                lambda i: self._on_week(i),
                x=[x - 0.18 for x in xs],
                height=[euros(w.in_cents) for w in weeks],
                width=0.34,
                brush=MONEY_IN,
                pen=None,
            )
        )
        self.cash.addItem(
            ClickableBars(
                lambda i: self._on_week(i),
                x=[x + 0.18 for x in xs],
                height=[-euros(w.out_cents) for w in weeks],
                width=0.34,
                brush=MONEY_OUT,
                pen=None,
            )
        )
        self.cash.plot(
            xs,
            [euros(w.balance_cents) for w in weeks],
            pen=pg.mkPen(BALANCE, width=2),
            symbol="o",
            symbolSize=5,
            symbolBrush=BALANCE,
            symbolPen=None,
        )
        self.lowest_label = None
        low = next(((x, w) for x, w in zip(xs, weeks, strict=True) if w.lowest), None)
        if low is not None:
            x, week = low
            self.cash.plot([x], [euros(week.balance_cents)], pen=None, symbol="o", symbolSize=13, symbolBrush=LOWEST)
            self.lowest_label = pg.TextItem(
                self.tr_("lowest {amount}", amount=self.money(week.balance_cents)),
                color=LOWEST,
                fill=pg.mkBrush(255, 255, 255, 220),
                anchor=(0.0 if x <= 2 else 1.0 if x >= len(weeks) - 1 else 0.5, 1.3),  # kept inside the chart
            )
            self.lowest_label.setPos(x, euros(week.balance_cents))
            self.cash.addItem(self.lowest_label)
        self._weeks = [self.short_date(w.start) for w in weeks]
        self._label_weeks()
        self.cash.setXRange(0.4, len(weeks) + 0.6, padding=0)
        values = [euros(w.balance_cents) for w in weeks] + [euros(w.in_cents) for w in weeks]
        values += [-euros(w.out_cents) for w in weeks]
        top, bottom = max(values + [MIN_TOP]), min(values + [0.0])
        span = top - bottom
        set_y_range(self.cash, bottom - span * 0.08, top + span * 0.3)

    def _ranges(self, costs: list[float], revenue: list[float], this_costs: list[float], lowest: float) -> None:
        set_y_range(self.costs, 0.0, max(costs + [MIN_TOP]) * 1.2)
        top = max(revenue + [MIN_TOP])
        bottom = min([-v for v in this_costs] + [lowest, 0.0])
        span = top - bottom
        set_y_range(self.result, bottom - span * 0.05, top + span * 0.3)

    def dispose(self) -> None:
        self._disposed = True
        for plot in self.plots():
            plot.plotItem.clear()
            plot.close()
