"""The KPI tab: how the month goes, what is owed, what is late, what to do — cards, actions and charts.

Figures come from services.kpis.compute (the same call as `ledgerdesk kpi`), read in a
worker when the tab is on screen (50-90 ms on a 10-year book: too long for the UI thread).
The pyqtgraph charts are built after the first paint (QTimer.singleShot), because
importing pyqtgraph and numpy costs about half a second; the cards show at once.
"""

from __future__ import annotations

import html
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain import kpis as k
from ...i18n import format_date, format_money
from ..context import AppContext
from ..widgets.refresh_when_shown import RefreshWhenShown
from ..widgets.steady import MessageLine

if TYPE_CHECKING:  # both imported when the charts are built, after the first paint
    from PySide6.QtWidgets import QStackedWidget

    from ...services.kpis import Series
    from ..widgets.cost_charts import CostCharts
    from ..widgets.kpi_charts import KpiCharts

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Which cards there are, their place, and whether a rise is good news (green) or bad (red).
CARDS = (
    ("revenue_this_month", "Revenue this month", True),
    ("forecast_month", "Forecast this month", True),
    ("revenue_last_month", "Revenue last month", True),
    ("revenue_same_month_last_year", "Same month last year", True),
    ("outstanding", "Outstanding", False),
    ("overdue", "Overdue", False),
    ("dso", "DSO (days)", False),
    ("avg_days_late", "Paid late (days)", False),
    ("mrr", "MRR", True),
    ("recurring_to_invoice", "Recurring still to invoice", True),
    ("avg_days_to_pay", "Days to pay", False),
)
# What each card's change is against, said on the card (the month so far is not compared with a whole month).
COMPARED = {
    "revenue_this_month": "{arrow} {pct} % vs the same days last month",
    "forecast_month": "{arrow} {pct} % vs all of last month",
    "": "{arrow} {pct} % vs the end of last month",
}
FORECAST_SHORT = (
    "The forecast adds up only what is already known (invoiced, recurring, work delivered, accepted quotes); "
    "early in the month it is naturally below last month."
)
CLICKABLE = {
    "revenue_this_month",
    "revenue_last_month",
    "revenue_same_month_last_year",
    "outstanding",
    "overdue",
    "dso",
    "forecast_month",
    "mrr",
    "recurring_to_invoice",
}


def format_days(value: Decimal, language: str) -> str:
    """One decimal, the language's way: '61,8' (nl, fr), '61.8' in plain English would differ by locale."""
    from babel.numbers import format_decimal as babel_decimal

    from ...i18n import LOCALES

    return babel_decimal(value, format="#,##0.0", locale=LOCALES[language])


def _franchise(session, as_of: date):  # type: ignore[no-untyped-def]
    from ...services.franchise import franchise_status

    return franchise_status(session, as_of)


def _figures(session, as_of: date):  # type: ignore[no-untyped-def]
    """The snapshot and the chart series, in one read (runs in a worker)."""
    from ...services import kpis

    return kpis.compute(session, as_of), kpis.revenue_series(session, as_of)


class KpiCard(QFrame):
    """A figure with its title and change; clicking it asks for the invoices behind it."""

    clicked = Signal(str)

    def __init__(self, key: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("kpiCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # No minimum width of its own: the tab chooses how many cards a row so that each has room.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title = QLabel(title)
        self.title.setObjectName("kpiTitle")
        self.value = QLabel("…")
        self.value.setObjectName("kpiValue")
        big = QFont(self.value.font())
        big.setPointSizeF(17)
        big.setWeight(QFont.Weight.DemiBold)
        self.value.setMinimumHeight(QFontMetrics(big).height() + 2)  # the style sheet's size, known before it applies
        self.change = MessageLine()  # cut to the card's width (whole in its tooltip): never widens the card
        self.change.setObjectName("kpiChange")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.change)
        if key in CLICKABLE:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.key in CLICKABLE:
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


STYLE = """
QFrame#kpiCard { background: #ffffff; border: 1px solid #e2e8f0; border-radius: 8px; }
QFrame#kpiCard:hover { border-color: #90cdf4; }
QLabel#kpiTitle { color: #718096; font-size: 9pt; }
QLabel#kpiValue { color: #1a202c; font-size: 17pt; font-weight: 600; }
QLabel#kpiChange { font-size: 8pt; color: #718096; }
QFrame#kpiActions { background: #f7fafc; border: 1px solid #e2e8f0; border-radius: 8px; }
QLabel#kpiHeading { font-size: 11pt; font-weight: 600; color: #2d3748; }
QLabel#kpiHint { color: #a0aec0; font-size: 8pt; padding: 8px; }
QLabel#kpiPayers { color: #4a5568; font-size: 9pt; }
"""


class FixedHeightRules(QWidget):
    """A part whose height does not depend on its width. Wrapped titles made the charts ask for ~500 px by
    height-for-width, and the tab then squeezed the cards' rows below their height (figures overlapped)."""

    def hasHeightForWidth(self) -> bool:
        return False


def _scroll_down_only(area: QScrollArea, inner: QWidget) -> None:
    """A part of the tab that scrolls up and down when it must, without a frame or a background of its own."""
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")


class CardsScroll(QScrollArea):
    """The cards: asks for the height that shows them all, and scrolls rather than make the window taller.

    The number of cards a row follows the width, so their height does too; as a minimum it made a window
    made narrower grow taller than the screen (a 1024×700 screen got an 840-pixel window)."""

    def sizeHint(self) -> QSize:
        inner = self.widget()
        height = super().sizeHint().height()
        if inner is not None:
            width = self.viewport().width()
            height = inner.heightForWidth(width) if inner.hasHeightForWidth() else inner.sizeHint().height()
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the height asked for depends on the width: the layout asks again

    def minimumSizeHint(self) -> QSize:
        """One row of cards (they all have the same fixed height)."""
        inner = self.widget()
        card = inner.findChild(KpiCard) if inner is not None else None
        row = card.sizeHint().height() if card is not None else 90
        return QSize(super().minimumSizeHint().width(), row + 2 * self.frameWidth())


class GivesWay(QWidget):
    """The charts: as tall as the rest of the tab leaves them, down to their minimum — they ask for no more,
    so in a short window the cards and next steps keep their height and the charts give way."""

    def sizeHint(self) -> QSize:
        return self.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        return False


class SidePanelScroll(QScrollArea):
    """The next steps and late payers: asks for the height that shows them whole, and settles for much less.

    A minimum height taken from the tab's current height (as before) only ever grew: the window could not
    be made smaller than it had been, and a 1024×700 screen got an 840-pixel window."""

    def __init__(self) -> None:
        super().__init__()
        self.wanted = 0  # the height of what should be seen without scrolling, set by the tab

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), max(self.wanted, 60))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 60)


class KpiTab(RefreshWhenShown, QWidget):
    """Cards + next actions + charts, refreshed when shown and whenever the book changes."""

    open_tab_requested = Signal(str)  # the main window switches to this tab ("reminders")
    refreshed = Signal()  # the figures on screen are those of the latest read

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, as_of: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tr_ = ctx.tr
        self._fixed_as_of = as_of
        self.snapshot: k.Snapshot | None = None
        self.series: Series | None = None  # of the charts
        self._generation = 0
        self.charts: KpiCharts | None = None  # built after the first paint
        self.cost_charts: CostCharts | None = None  # the purchase side's charts, on the chart area's second page
        self.chart_pages: QStackedWidget | None = None
        self.setStyleSheet(STYLE)
        self.heading = QLabel()
        self.heading.setObjectName("kpiHeading")
        self.recurring_button = QPushButton(self.tr_("Recurring invoices…"))
        self.recurring_button.clicked.connect(self._open_recurring)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.recurring_button)
        self.top = top  # the chart pages' buttons join it once the charts are built
        # under the small-business franchise: the year's turnover against its threshold, red from 80 %
        self.franchise_label = QLabel()
        self.franchise_label.setObjectName("kpiFranchise")
        self.franchise_label.setWordWrap(True)
        self.franchise_label.setVisible(False)
        self.cards: dict[str, KpiCard] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for key, title, _ in CARDS:
            card = KpiCard(key, self.tr_(title))
            card.setToolTip(self.tr_(k.DEFINITIONS[key]))
            card.clicked.connect(self.show_invoices)
            self.cards[key] = card
        hint = QLabel(self.tr_("Click a card or a bar to see the invoices behind it. Hover for the exact definition."))
        hint.setWordWrap(True)
        hint.setObjectName("kpiHint")
        self.hint, self.grid, self.columns = hint, grid, 0
        self._place_cards(4)
        self.actions_box = QFrame()
        self.actions_box.setObjectName("kpiActions")
        self.actions_layout = QVBoxLayout(self.actions_box)
        self.actions_layout.setContentsMargins(12, 8, 12, 8)
        self.payers_label = QLabel()
        self.payers_label.setWordWrap(True)
        self.payers_label.setObjectName("kpiPayers")
        self.payers_label.setToolTip(self.tr_(k.DEFINITIONS["avg_days_late"]))
        # In a scroll area: wrapped sentences get the height they need (a plain column squeezed them over
        # their buttons in a narrow window); a long list scrolls instead of overlapping.
        side_panel = QWidget()
        side = QVBoxLayout(side_panel)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.actions_box)
        side.addWidget(self.payers_label)
        from ..widgets.cash_flow import CashFlowPanel  # no SQLAlchemy: the tab still paints first

        self.cash_panel = CashFlowPanel(ctx)  # costs, result, VAT estimate and 8 weeks of cash (purchases)
        self.cash_panel.refreshed.connect(self._costs_arrived)
        side.addWidget(self.cash_panel)
        side.addStretch(1)
        self.side_scroll = SidePanelScroll()
        _scroll_down_only(self.side_scroll, side_panel)
        cards_panel = QWidget()
        cards_panel.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        self.cards_scroll = CardsScroll()
        _scroll_down_only(self.cards_scroll, cards_panel)
        middle = QHBoxLayout()
        middle.addWidget(self.cards_scroll, 4)
        middle.addWidget(self.side_scroll, 1)
        charts_area = GivesWay()
        self.charts_holder = QVBoxLayout(charts_area)
        self.charts_holder.setContentsMargins(0, 0, 0, 0)
        self.charts_placeholder = QLabel(self.tr_("Loading charts…"))
        self.charts_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.charts_placeholder.setWordWrap(True)
        self.empty_button = QPushButton(self.tr_("New invoice"))
        self.empty_button.clicked.connect(self.new_invoice)
        self.empty_button.hide()
        self.charts_box = FixedHeightRules()  # the placeholder, or the first-use state, until the charts are built
        self.charts_box.setMinimumHeight(170)
        box = QVBoxLayout(self.charts_box)
        box.addStretch(1)
        box.addWidget(self.charts_placeholder)
        box.addWidget(self.empty_button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        self._charts_wanted = False
        self.charts_holder.addWidget(self.charts_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.franchise_label)
        layout.addLayout(middle)
        layout.addWidget(charts_area, 1)
        self._charts_scheduled = False
        self.watch_book(ctx)

    def _place_cards(self, columns: int) -> None:
        """Four cards a row, or three (two) in a narrow window (a 1024-pixel screen in French): nothing cut."""
        if columns == self.columns:
            return
        grid = self.grid
        for widget in [*self.cards.values(), self.hint]:
            grid.removeWidget(widget)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, i // columns, i % columns)

        grid.addWidget(self.hint, len(CARDS) // columns, len(CARDS) % columns)
        grid.setRowStretch(len(CARDS) // columns + 1, 1)  # spare height goes below the cards, not between them
        self.columns = columns
        if hasattr(self, "cards_scroll"):
            self.cards_scroll.updateGeometry()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._reflow(event.size().width())
        QTimer.singleShot(0, self, self._show_payers)  # once the side panel has its new width

    def _reflow(self, width: int) -> None:
        # Cards impose no minimum width (their size policy): the number a row is chosen here so that each
        # has the room its figure needs; the cards' column gets 4/5 of the width beside the next actions.
        need = max(
            max(
                card.title.minimumSizeHint().width(),
                card.value.minimumSizeHint().width(),
                card.change.sizeHint().width(),  # the comparison whole, not cut with '…'
            )
            + 26
            for card in self.cards.values()
        )
        room = width * 4 / 5 - 24
        columns = next((c for c in (4, 3, 2) if c * need + (c - 1) * 8 <= room), 2)
        self._place_cards(columns)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._charts_scheduled:
            # Charts after the first paint: the cards show before pyqtgraph (~0.5 s) is even imported.
            self._charts_scheduled = True
            QTimer.singleShot(0, self.build_charts)

    def title(self) -> str:
        return self.tr_("Overview")

    def as_of(self) -> date:
        return self._fixed_as_of or self.ctx.today()

    # --- data ---------------------------------------------------------------
    def refresh(self) -> None:
        """Read the figures and the chart series in a worker; the newest read wins."""
        self._generation += 1
        generation = self._generation
        self.ctx.read_async(_figures, self.as_of(), done=lambda got: self._show_figures(generation, got), owner=self)
        self.ctx.read_async(_franchise, self.as_of(), done=self._show_franchise, owner=self)
        self.cash_panel.refresh(self.as_of())

    def _show_franchise(self, status) -> None:  # type: ignore[no-untyped-def]
        self.franchise_label.setVisible(status is not None)
        if status is not None:
            self.franchise_label.setText(status.message().translated(self.tr_))
            warn = status.exceeded or status.approaching
            self.franchise_label.setStyleSheet("color: #c62828; font-weight: 600;" if warn else "color: #4a5568;")

    def _show_figures(self, generation: int, got: tuple[k.Snapshot, Series]) -> None:
        if generation != self._generation:
            return
        self.snapshot, self.series = got
        self._fill_cards(self.snapshot)
        self._reflow(self.width())  # wider figures may need another row
        self._fill_actions(self.snapshot)
        self._show_chart_area()
        self._fill_charts()
        self.refreshed.emit()

    def _show_chart_area(self) -> None:
        """The charts once there is something to draw (an invoice issued, or a bill's costs), else what to do."""
        if self.snapshot is None:
            return
        empty = not self._anything_to_chart()
        if self.charts is None:
            self._show_empty_state(empty)
            if self._charts_wanted and not empty:
                self.build_charts()
        else:
            assert self.chart_pages is not None
            self.chart_pages.setVisible(not empty)
            self.charts_box.setVisible(empty)
            self._show_empty_state(empty)

    def _costs_arrived(self) -> None:
        self._show_chart_area()
        self._fill_cost_charts()

    @staticmethod
    def _has_data(snap: k.Snapshot) -> bool:
        return snap.first_issued is not None and snap.first_issued <= snap.as_of

    def _has_costs(self) -> bool:
        f = self.cash_panel.figures
        return f is not None and any(f.costs_by_month_last_year + tuple(c for c in f.costs_by_month if c))

    def _anything_to_chart(self) -> bool:
        return self.snapshot is not None and (self._has_data(self.snapshot) or self._has_costs())

    def _money(self, cents: int) -> str:
        return format_money(cents, self.ctx.language)

    def _value_text(self, key: str, value: int | Decimal | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, Decimal):
            return format_days(value, self.ctx.language)
        return self._money(value)

    def _fill_cards(self, snap: k.Snapshot) -> None:
        lang = self.ctx.language
        self.heading.setText(self.tr_("As of {date}", date=format_date(snap.as_of, lang)))
        prev = snap.previous
        for key, _, rise_is_good in CARDS:
            card = self.cards[key]
            value = getattr(snap, key)
            card.value.setText(self._value_text(key, value))
            before = None
            if prev is not None:
                # Revenue this month and the forecast compare with the whole of last month.
                before = (
                    prev.revenue_this_month if key in ("revenue_this_month", "forecast_month") else getattr(prev, key)
                )
            if key in ("revenue_last_month", "revenue_same_month_last_year", "recurring_to_invoice"):
                before = None
            if key == "revenue_this_month":  # month-to-date against the same days of last month, not a whole month
                before = snap.revenue_same_days_last_month if prev is not None else None
            reason = snap.withheld.get(key)
            change = None if reason is not None else k.change_pct(value, before)
            tip = [self.tr_(k.DEFINITIONS[key]), self.tr_("As of {date}", date=format_date(snap.as_of, lang))]
            if reason is not None:  # "—" until the book has enough history; the reason in the tooltip
                card.change.setStyleSheet("color: #718096;")
                card.change.setText(self.tr_("Not enough history yet"))
                tip.insert(0, reason.translated(self.tr_))
            elif change is None:
                card.change.setText("")
            else:
                good = (change > 0) == rise_is_good if change != 0 else True
                arrow = "▲" if change > 0 else ("▼" if change < 0 else "■")
                colour = "#2f855a" if good else "#c53030"
                text = self.tr_(COMPARED.get(key, COMPARED[""]), arrow=arrow, pct=format_days(abs(change), lang))
                share = k.share_pct(value, before) if key == "forecast_month" and change < 0 else None
                if share is not None:
                    # The forecast counts only what is known so far: below last month is no news early on.
                    colour = "#718096"
                    text = self.tr_("{pct} % of last month known so far", pct=format_days(share, lang))
                    tip.append(self.tr_(FORECAST_SHORT))
                if key == "revenue_this_month":
                    first, last = k.same_days_last_month(snap.as_of)
                    tip.append(
                        self.tr_(k.DEFINITIONS["revenue_same_days_last_month"])
                        + " "
                        + f"({format_date(first, lang)} – {format_date(last, lang)}: "
                        + f"{self._money(snap.revenue_same_days_last_month)})"
                    )
                card.change.setStyleSheet(f"color: {colour};")
                card.change.setText(text)
            card.setToolTip("\n".join(tip))

    def _fill_actions(self, snap: k.Snapshot) -> None:
        from ...services.kpis import action_text

        while self.actions_layout.count():
            item = self.actions_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        heading = QLabel(self.tr_("Next actions"))
        heading.setObjectName("kpiHeading")
        self.actions_layout.addWidget(heading)
        self.action_buttons: dict[str, QPushButton] = {}
        for action in snap.actions:
            label = QLabel("• " + action_text(action, self.ctx.language))
            label.setWordWrap(True)
            self.actions_layout.addWidget(label)
            if action.tab == "new_invoice":
                button = QPushButton(self.tr_("New invoice"))
                button.clicked.connect(self.new_invoice)
            elif action.tab == "recurring":
                button = QPushButton(self.tr_("Recurring invoices…"))
                button.clicked.connect(self._open_recurring)
            elif action.tab:
                text = self.tr_("Open purchases") if action.tab == "purchases" else self.tr_("Open reminders")
                button = QPushButton(text)
                button.clicked.connect(lambda _=False, tab=action.tab: self.open_tab_requested.emit(tab))
            else:
                continue
            self.action_buttons[action.code] = button
            self.actions_layout.addWidget(button)
        self._payers = snap.top_late_payers
        self._show_payers()

    def _show_payers(self) -> None:
        """One line a payer, the name cut to the panel's width (whole in the tooltip): wrapped names pushed the
        list below the panel's edge on a 1024-pixel screen."""
        payers = getattr(self, "_payers", ())
        if not payers:
            self.payers_label.setText("")
            self._fit_side_panel()
            return
        metrics = self.payers_label.fontMetrics()
        days = [format_days(p.avg_days_late or Decimal(0), self.ctx.language) for p in payers]
        room = (
            self.payers_label.width()
            - max(metrics.horizontalAdvance(d) for d in days)
            - metrics.horizontalAdvance("  ")
            - 8
        )
        rows = "".join(
            f"<tr><td>{html.escape(metrics.elidedText(p.customer, Qt.TextElideMode.ElideRight, max(room, 40)))}</td>"
            f"<td align='right'>&nbsp;{d}</td></tr>"
            for p, d in zip(payers, days, strict=True)
        )
        heading = html.escape(self.tr_("Top late payers (average days late)"))
        self.payers_label.setText(f"<b>{heading}</b><table width='100%'>{rows}</table>")
        names = "\n".join(f"{p.customer}: {d}" for p, d in zip(payers, days, strict=True))
        self.payers_label.setToolTip(f"{self.tr_(k.DEFINITIONS['avg_days_late'])}\n\n{names}")
        self._fit_side_panel()

    def _fit_side_panel(self) -> None:
        """Ask room for the next steps and the late payers whole (1920×1080 showed four and a half payers above
        tall charts); the costs-and-cash part below them may scroll. In a short window the layout gives the
        panel less than it asks and the charts keep at least their minimum."""
        width = self.side_scroll.viewport().width()
        wanted = 0
        for part in (self.actions_box, self.payers_label):
            if part.isVisibleTo(self) and (part is not self.payers_label or part.text()):
                wanted += part.heightForWidth(width) if part.hasHeightForWidth() else part.sizeHint().height()
                wanted += 6  # the panel's spacing
        panel = self.side_scroll.widget()
        assert panel is not None  # set when the tab is built
        whole = panel.heightForWidth(width) if panel.hasHeightForWidth() else panel.sizeHint().height()
        # The costs and cash below them too when the window is tall, as long as the charts keep about half.
        wanted = max(wanted, min(whole, self.height() * 11 // 20))
        if wanted != self.side_scroll.wanted:
            self.side_scroll.wanted = wanted
            self.side_scroll.updateGeometry()

    def new_invoice(self) -> QWidget:
        """The first step on an empty book, from the overview itself."""
        from ..dialogs.invoice_editor import InvoiceEditor

        self.editor = InvoiceEditor(self.ctx, parent=self)
        self.editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.editor.show()
        return self.editor

    def _show_empty_state(self, empty: bool) -> None:
        """Before the first invoice, no charts (ticks '1 1 1 0 0' and a legend of nothing) but what to do."""
        self.charts_placeholder.setText(
            self.tr_("Your charts appear here once you have issued your first invoice.")
            if empty
            else self.tr_("Loading charts…")
        )
        self.empty_button.setVisible(empty)

    # --- charts -------------------------------------------------------------
    def build_charts(self) -> None:
        if self.charts is not None:
            return
        if self.snapshot is None or not self._anything_to_chart():
            self._charts_wanted = True  # built once there is something to draw
            return
        # Thousands separator of the interface language for the axes, as in every amount beside them.
        from babel.numbers import get_group_symbol

        from ...i18n import LOCALES
        from ..widgets.kpi_charts import KpiCharts

        separator = get_group_symbol(LOCALES[self.ctx.language])  # '30.000' (nl, en_BE), '30 000' (fr)
        self.charts = KpiCharts(
            self.tr_, [self.tr_(m) for m in MONTHS], separator, self._month_clicked, self._bucket_clicked, self
        )

        from ..widgets.cost_charts import CostCharts

        self.cost_charts = CostCharts(
            self.tr_,
            [self.tr_(m) for m in MONTHS],
            separator,
            self._money,
            lambda day: f"{day.day}/{day.month}",
            lambda year, month: self._show_bills(f"costs:{year:04d}-{month:02d}"),
            self._month_clicked,
            lambda week: self._show_bills(f"cash_week:{week}"),
        )
        # Sales and purchases on two pages of one chart area (six charts in a row are unreadable at 1024
        # pixels), switched by two buttons in the heading's row: a tab bar would cost the cards its height.
        from PySide6.QtWidgets import QButtonGroup, QStackedWidget

        self.chart_pages = QStackedWidget()
        self.chart_pages.addWidget(self.charts)
        self.chart_pages.addWidget(self.cost_charts)
        self.page_buttons = QButtonGroup(self)
        for index, title in enumerate((self.tr_("Revenue and receivables"), self.tr_("Costs, result and cash"))):
            button = QPushButton(title)
            button.setCheckable(True)
            button.setChecked(index == 0)
            self.page_buttons.addButton(button, index)
            self.top.insertWidget(1 + index, button)
            button.show()  # added to a shown widget: hidden until told
        self.page_buttons.idClicked.connect(self.chart_pages.setCurrentIndex)
        self.chart_pages.currentChanged.connect(lambda index: self.page_buttons.button(index).setChecked(True))
        self.charts_holder.addWidget(self.chart_pages, 1)
        self.charts_box.hide()
        self.chart_pages.show()  # a child added to a shown widget stays hidden until told
        if not self._has_data(self.snapshot):  # bills but no invoice yet: the page with something on it
            self.chart_pages.setCurrentWidget(self.cost_charts)
        self._fill_charts()
        self._fill_cost_charts()
        from ..memory import give_back

        give_back()  # pyqtgraph and numpy are imported: their source lines were cached for nothing

    def _fill_charts(self) -> None:
        if self.charts is None or self.snapshot is None or self.series is None:
            return  # filled when the figures arrive
        series = self.series
        self.charts.update_data(series.year, series.this_year, series.last_year, self.snapshot.aging)

    def _fill_cost_charts(self) -> None:
        if self.cost_charts is not None and self.cash_panel.figures is not None:
            self.cost_charts.update_data(self.cash_panel.figures)

    def _show_bills(self, key: str) -> None:
        """A chart's bar clicked: the bills (or the week's money in and out) behind it."""
        self.cash_panel.show_bills(key)

    def _month_clicked(self, year: int, month: int) -> None:
        self.show_invoices(f"revenue:{year:04d}-{month:02d}")

    def _bucket_clicked(self, bucket: str) -> None:
        self.show_invoices(f"aging:{bucket}")

    # --- drill down ---------------------------------------------------------
    def invoices_for(self, key: str):  # type: ignore[no-untyped-def]
        from ...services import kpis

        return self.ctx.read(kpis.invoices_behind, self.as_of(), key)

    def drill_title(self, key: str) -> str:
        if key.startswith("revenue:"):
            year, month = key.split(":", 1)[1].split("-")
            return self.tr_("Revenue {month} {year}", month=self.tr_(MONTHS[int(month) - 1]), year=year)
        if key.startswith("aging:"):
            return self.tr_(
                "Outstanding, {bucket}", bucket=key.split(":", 1)[1].replace("_", "–").replace("over–90", "> 90")
            )
        title = dict((c[0], c[1]) for c in CARDS).get(key, key)
        return self.tr_(title)

    def show_invoices(self, key: str) -> None:
        if key in ("mrr", "recurring_to_invoice"):
            self._open_recurring()
            return
        if key == "forecast_month" and self.snapshot is not None:
            self.show_forecast()
            return
        if key in ("work_to_invoice", "quotes_to_invoice"):
            self._open_work_or_quotes(key)
            return
        from ..dialogs.kpi_drilldown import InvoiceListDialog

        rows = self.invoices_for(key)
        base = key.split(":", 1)[0]
        definition = self.tr_(k.DEFINITIONS.get(base if base != "revenue" else "revenue_last_month", ""))
        self.drilldown = InvoiceListDialog(
            self.drill_title(key),
            self.tr_(
                "Documents as of {date}: {count}.", count=len(rows), date=format_date(self.as_of(), self.ctx.language)
            )
            + " "
            + (definition if key in k.DEFINITIONS else ""),
            rows,
            self.tr_,
            self.ctx.language,
            self,
        )
        self.drilldown.setModal(False)
        self.drilldown.show()

    def show_forecast(self):  # type: ignore[no-untyped-def]
        """The forecast's parts against last month and last year; each opens what is behind it."""
        from ..dialogs.forecast import ForecastDialog

        assert self.snapshot is not None
        self.forecast_dialog = ForecastDialog(self.ctx, self.snapshot, self.show_invoices, self)
        self.forecast_dialog.show()
        return self.forecast_dialog

    def _open_work_or_quotes(self, key: str):  # type: ignore[no-untyped-def]
        if key == "work_to_invoice":
            from ..dialogs.work_slips import WorkDialog

            self.part_dialog: QWidget = WorkDialog(self.ctx, self)
        else:
            from ...domain.quotes import QuoteStatus
            from ..dialogs.quotes import QuotesDialog

            dialog = QuotesDialog(self.ctx, self)
            dialog.panel.status.setCurrentIndex(dialog.panel.status.findData(QuoteStatus.ACCEPTED.value))
            self.part_dialog = dialog
        self.part_dialog.show()
        return self.part_dialog

    def _open_recurring(self) -> None:
        from ..dialogs.recurring_dialog import RecurringDialog

        self.recurring_dialog = RecurringDialog(self.ctx, self, as_of=self.as_of())
        self.recurring_dialog.show()

    # --- teardown -----------------------------------------------------------
    def dispose(self) -> None:
        """Disconnect from the context and take the charts down before the widget goes."""
        try:
            self.ctx.book_changed.disconnect(self._book_changed)
        except (RuntimeError, TypeError):
            pass
        if self.charts is not None:
            self.charts.dispose()
        if self.cost_charts is not None:
            self.cost_charts.dispose()
