"""The KPI tab's pyqtgraph charts: monthly revenue, cumulative revenue (this year vs last) and aging bars.

Imported only when the charts are built (pyqtgraph and numpy take ~0.5 s to import),
after the tab's first paint. Chart coordinates are floats in euros: display only,
every figure shown as text comes from the integer-cent KPIs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...domain.aging import BUCKETS
from ...domain.kpis import cumulative

THIS_YEAR = "#2b6cb0"
LAST_YEAR = "#a0aec0"
MIN_TOP = 100.0  # euros
MILLION = 1_000_000.0
AXIS_WIDTH = 62  # pixels: '800.000' and '-2,5 mln' fit
AGING_COLOURS = ("#38a169", "#d69e2e", "#dd6b20", "#e53e3e", "#9b2c2c")


def euros(cents: int | None) -> float:
    return 0.0 if cents is None else cents / 100


class ClickableBars(pg.BarGraphItem):
    """Bars that report which one was clicked through a plain callback (no extra Qt signal to tear down)."""

    def __init__(self, on_click: Callable[[int], None] | None = None, **opts) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**opts)
        self._on_click = on_click

    def bar_at(self, x: float) -> int | None:
        xs, width = self.opts["x"], self.opts["width"]
        for i, centre in enumerate(xs):
            if abs(x - centre) <= width / 2:
                return i
        return None

    def mouseClickEvent(self, ev) -> None:  # type: ignore[no-untyped-def]
        if ev.button() != Qt.MouseButton.LeftButton or self._on_click is None:
            return
        index = self.bar_at(ev.pos().x())
        if index is not None:
            ev.accept()
            self._on_click(index)


class EuroAxis(pg.AxisItem):
    """Whole euros with a thousands separator ('12.500'), not pyqtgraph's SI prefixes; from a million on,
    millions ('2,5 mln'). pyqtgraph drops a label wider than the axis: '3.000.000' left a 10-year book's
    charts without a number, so the labels are short and the axis is made as wide as the widest."""

    def __init__(self, separator: str, million: str = "{number} M", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__("left", **kwargs)
        self.enableAutoSIPrefix(False)
        self._separator = separator
        self._decimal = "." if separator == "," else ","
        self._million = million
        self._top = 0.0  # the largest value the axis shows: millions from a million on
        self.setStyle(hideOverlappingLabels=False)  # '0' at the foot of the axis is drawn, not dropped

    def tickSpacing(self, minVal, maxVal, size):  # type: ignore[no-untyped-def]
        """One level of round steps (1, 2, 2.5 or 5 × 10ⁿ), as many as the height holds and at least about
        three: pyqtgraph's two levels left a chart of millions with two labels, or one."""
        span = maxVal - minVal
        if span <= 0 or size <= 0:
            return super().tickSpacing(minVal, maxVal, size)
        most = max(5, int(size // 30))
        power = 10 ** math.floor(math.log10(span / most))
        step = next(f * power for f in (1, 2, 2.5, 5, 10) if span / (f * power) <= most)
        return [(step, 0)]

    def _number(self, value: float, decimals: int) -> str:
        text = f"{value:,.{decimals}f}"
        return text.replace(",", "\0").replace(".", self._decimal).replace("\0", self._separator)

    def tickStrings(self, values, scale, spacing):  # type: ignore[no-untyped-def]
        top = max([self._top, *(abs(v * scale) for v in values)])
        if top < MILLION:
            return [self._number(value * scale, 0) for value in values]
        step = spacing * scale / MILLION
        # As many decimals as the step needs: 2,5 M steps read '2,5 M', '5 M', not '2 M', '5 M'.
        decimals = next((d for d in (0, 1, 2) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 2)
        return [self._millions(value * scale, decimals) for value in values]

    def _millions(self, value: float, decimals: int) -> str:
        """'2,5 mln', '5 mln' (no ',0'), '0'."""
        if value == 0:
            return "0"
        number = self._number(value / MILLION, decimals)
        if decimals and number.rstrip("0").endswith(self._decimal):
            number = number.rstrip("0")[:-1]
        return self._million.format(number=number)

    def fit(self, low: float, high: float) -> None:
        """Millions or not for this range, and room for the widest label any tick spacing could show."""
        self._top = max(abs(low), abs(high))
        font = self.style.get("tickFont") or QApplication.font()
        metrics = QFontMetrics(font)
        length = max(self.height(), 100.0)
        widths = [
            metrics.horizontalAdvance(text)
            for spacing, values in self.tickValues(low, high, length)
            for text in self.tickStrings(values, 1.0, spacing)
        ]
        self.setWidth(max([AXIS_WIDTH, *(w + 14 for w in widths)]))


def set_y_range(plot: pg.PlotWidget, low: float, high: float) -> None:
    """The plot's vertical range, its axis labels made to fit it."""
    plot.setYRange(low, high, padding=0)
    axis = plot.getAxis("left")
    if isinstance(axis, EuroAxis):
        axis.fit(low, high)


def _plot(separator: str = ".", million: str = "{number} M") -> pg.PlotWidget:
    widget = pg.PlotWidget(background="w", axisItems={"left": EuroAxis(separator, million)})
    widget.setMenuEnabled(False)
    widget.setMouseEnabled(x=False, y=False)
    widget.hideButtons()
    widget.showGrid(y=True, alpha=0.25)
    widget.setMinimumHeight(170)  # a 700-pixel-high screen still shows every card above it
    widget.getAxis("left").setWidth(AXIS_WIDTH)
    widget.getAxis("left").setZValue(-100)  # grid lines behind the bars, not across them
    for axis in ("left", "bottom"):
        widget.getAxis(axis).setTextPen("#4a5568")
        widget.getAxis(axis).setPen("#cbd5e0")
    return widget


def _titled(plot: pg.PlotWidget, title: str, titles: list[QLabel]) -> QWidget:
    """The title as a Qt label above the plot: it wraps in a narrow window, where pyqtgraph's own
    title would set the plot's minimum width and push the chart past the window's edge."""
    box = QWidget()
    box.setStyleSheet("background: white;")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 6, 0, 0)
    layout.setSpacing(0)
    label = QLabel(title)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #2d3748; font-size: 10pt;")
    titles.append(label)
    layout.addWidget(label)
    layout.addWidget(plot, 1)
    return box


class KpiCharts(QWidget):
    """Three charts side by side; `update_data` redraws them from plain numbers."""

    def __init__(
        self,
        tr: Callable[[str], str],
        month_names: Sequence[str],
        separator: str,
        on_month: Callable[[int, int], None],
        on_bucket: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tr_ = tr
        self._on_month = on_month
        self._on_bucket = on_bucket
        self._year = 0
        # Quarter months first: in a narrow window pyqtgraph drops the second level's labels, not these.
        self.month_names = list(month_names)
        million = tr("{number} M")  # a million on a chart's axis
        self.monthly = _plot(separator, million)
        self.cumulative = _plot(separator, million)
        self.aging = _plot(separator, million)
        for plot in (self.monthly, self.cumulative):
            plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)  # we choose which months fit ourselves
            plot.setXRange(0.4, 12.6, padding=0)
            self._label_months(plot)
            plot.installEventFilter(self)  # each plot's own width decides, once the layout has given it
        labels = [tr("not due").replace(" ", "\n", 1), "1–30", "31–60", "61–90", "> 90"]  # two lines: fits a narrow bar
        self.aging.getAxis("bottom").setTicks([[(i, label) for i, label in enumerate(labels)]])
        # Five fixed labels always fit; pyqtgraph would otherwise drop a long one ("niet vervallen").
        self.aging.getAxis("bottom").setStyle(hideOverlappingLabels=False)
        self.aging.getAxis("bottom").setHeight(2 * self.fontMetrics().height() + 14)
        for plot in (self.monthly, self.cumulative):
            plot.addLegend(offset=(10, 2), labelTextColor="#2d3748", brush="#ffffffcc")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        titles = (
            tr("Revenue per month (excl. VAT)"),
            tr("Cumulative revenue (excl. VAT)"),
            tr("Outstanding by days past due (incl. VAT)"),
        )
        self.titles: list[QLabel] = []
        for plot, title, stretch in zip(self.plots(), titles, (3, 2, 2), strict=False):
            layout.addWidget(_titled(plot, title, self.titles), stretch)
        self._items: list[object] = []

    def hasHeightForWidth(self) -> bool:
        return False  # see kpi_tab.FixedHeightRules: wrapped titles must not make the charts claim the tab's height

    def month_step(self, width: float) -> int:
        """Label every month, or every 2nd, 3rd or 6th: whatever keeps labels apart in `width` pixels
        for twelve months (labels ran together: 'augsep')."""
        metrics = self.fontMetrics()
        label = max(metrics.horizontalAdvance(name) for name in self.month_names) + metrics.horizontalAdvance("  ")
        for step in (1, 2, 3, 6):
            if width / 12 * step >= label:
                return step
        return 12

    def _label_months(self, plot: pg.PlotWidget) -> None:
        width = plot.width() - plot.getAxis("left").width()
        step = self.month_step(width)
        axis = plot.getAxis("bottom")
        if getattr(axis, "_month_step", None) != step:
            axis._month_step = step  # type: ignore[attr-defined]
            axis.setTicks([[(i + 1, name) for i, name in enumerate(self.month_names) if i % step == 0]])

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if getattr(self, "_disposed", False):
            return
        for plot in (self.monthly, self.cumulative):
            self._label_months(plot)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        """A plot's months are labelled again when the plot itself is resized: the charts' own resize
        came before the layout had shared the width out, and the cumulative chart's months ran together."""
        if event.type() == QEvent.Type.Resize and not getattr(self, "_disposed", False):
            if watched is self.monthly or watched is self.cumulative:
                self._label_months(watched)
        return False

    def shown_month_labels(self, plot: pg.PlotWidget) -> list[str]:
        """The month labels on a chart's axis now (tests)."""
        self._label_months(plot)
        return [name for _, name in plot.getAxis("bottom")._tickLevels[0]]

    def plots(self) -> list[pg.PlotWidget]:
        return [self.monthly, self.cumulative, self.aging]

    def update_data(
        self, year: int, this_year: Sequence[int | None], last_year: Sequence[int], aging: dict[str, int]
    ) -> None:
        self._year = year
        for plot in self.plots():
            plot.plotItem.clear()  # also empties the legends
        months = list(range(1, 13))
        self.monthly.addItem(
            ClickableBars(
                lambda i: self._on_month(year - 1, i + 1),
                x=[m - 0.2 for m in months],
                height=[euros(v) for v in last_year],
                width=0.38,
                brush=LAST_YEAR,
                pen=None,
                name=str(year - 1),
            )
        )
        self.monthly.addItem(
            ClickableBars(
                lambda i: self._on_month(year, i + 1),
                x=[m + 0.2 for m in months],
                height=[euros(v) for v in this_year],
                width=0.38,
                brush=THIS_YEAR,
                pen=None,
                name=str(year),
            )
        )
        cum_last = cumulative(last_year)
        cum_this = [v for v in cumulative(this_year) if v is not None]
        self.cumulative.plot(months, [euros(v) for v in cum_last], pen=pg.mkPen(LAST_YEAR, width=2), name=str(year - 1))
        self.cumulative.plot(
            months[: len(cum_this)],
            [euros(v) for v in cum_this],
            pen=pg.mkPen(THIS_YEAR, width=3),
            symbol="o",
            symbolSize=6,
            symbolBrush=THIS_YEAR,
            symbolPen=None,
            name=str(year),
        )
        values = [euros(aging[b]) for b in BUCKETS]
        self.aging.addItem(
            ClickableBars(
                lambda i: self._on_bucket(BUCKETS[i]),
                x=list(range(len(BUCKETS))),
                height=values,
                width=0.7,
                brushes=list(AGING_COLOURS),
                pen=None,
            )
        )
        self.aging.setXRange(-0.6, len(BUCKETS) - 0.4, padding=0)
        # At least € 100 high: a tiny range made ticks of fractions shown as '1 1 1 0 0'.
        tops = (
            max([euros(v) for v in list(last_year) + [v or 0 for v in this_year]] + [MIN_TOP]),
            max([euros(v) for v in cum_last + cum_this] + [MIN_TOP]),
            max(values + [MIN_TOP]),
        )
        for plot, top in zip(self.plots(), tops, strict=False):
            # Headroom above the highest bar for the legend.
            set_y_range(plot, min(0.0, *values) if plot is self.aging else 0.0, top * 1.15)
            for item in plot.plotItem.items:
                item.setZValue(10)  # bars and lines above the grid lines

    def dispose(self) -> None:
        """Tear the charts down in a fixed order before Qt deletes the widgets (see kpi_tab.KpiTab.dispose)."""
        self._disposed = True
        for plot in self.plots():
            plot.plotItem.clear()
            plot.close()
