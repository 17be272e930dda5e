"""The KPI tab's costs-and-cash panel: costs against last year, the result, the VAT estimate, and 8 weeks of cash
with the lowest point marked; a click on a figure or a week lists the bills behind it.

The weeks' table lives in the tab's narrow side column (about 190 pixels at 1024, 350 at 1920): short dates,
amounts without the currency sign, columns as wide as their content, and when money in and out do not fit
beside the balance they go to each row's tooltip rather than be cut to '14 468,9…'.

Imports no SQLAlchemy at module level: the KPI tab paints before the domain layer loads.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .dialog_parts import close_box
from .fit import fit_to_screen

if TYPE_CHECKING:
    from ..context import AppContext


class FigureLink(QLabel):
    """A figure that opens what is behind it when clicked; it wraps in the KPI tab's narrow side column,
    where a flat button cut 'Costs this month € 750,00 (same month …)' at the column's edge."""

    clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("color: #2b6cb0;")

    def mouseReleaseEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class CashFlowPanel(QFrame):
    refreshed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setObjectName("kpiCash")
        self._as_of: date | None = None
        self._generation = 0
        self.figures: Any = None
        self.heading = QLabel(f"<b>{tr('Costs and cash')}</b>")
        self.costs = FigureLink()
        self.costs.clicked.connect(lambda: self.show_bills("costs_this_month"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.vat = FigureLink()
        self.vat.clicked.connect(lambda: self.show_bills("vat_estimate"))
        self.balance = QLabel()
        self.balance.setWordWrap(True)
        # The weeks' first days label the rows: a "Week of" column header alone was wider than its dates.
        self.weeks = QTableWidget(0, 3)
        self.weeks.setHorizontalHeaderLabels([f"{tr('In')} (€)", f"{tr('Out')} (€)", f"{tr('Balance')} (€)"])
        self.weeks.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.weeks.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.weeks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.weeks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.weeks.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Every week shown whole: the side column scrolls, the table itself does not.
        self.weeks.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.weeks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.weeks.cellDoubleClicked.connect(lambda row, _col: self.show_bills(f"cash_week:{row}"))
        self.weeks.setToolTip(tr("Double-click a week for the bills due in it"))
        self.left_out = QLabel()  # what the forecast does not count, said under it
        self.left_out.setWordWrap(True)
        self.left_out.setStyleSheet("color: #4a5568;")
        self.left_out.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)  # 24 pixels of the width: see _fit_weeks
        for widget in (self.heading, self.costs, self.result, self.vat, self.balance, self.weeks, self.left_out):
            layout.addWidget(widget)

    def refresh(self, as_of: date) -> None:
        from ...services import purchase_kpis

        self._as_of = as_of
        self._generation += 1
        generation = self._generation
        self.ctx.read_async(purchase_kpis.compute, as_of, done=lambda got: self._show(generation, got), owner=self)

    def _show(self, generation: int, f: Any) -> None:
        if generation != self._generation:
            return
        from ...domain.cash_flow import DEFINITIONS

        self.figures = f
        tr, money = self.ctx.tr, self.ctx.money
        self.costs.setText(
            tr(
                "Costs this month {amount} (same month last year {last})",
                amount=money(f.costs_this_month),
                last=money(f.costs_same_month_last_year),
            )
        )
        self.costs.setToolTip(tr(DEFINITIONS["costs_this_month"]))
        self.result.setText(
            tr(
                "Result this month {month} · this year {year}",
                month=money(f.result_this_month),
                year=money(f.result_ytd),
            )
        )
        self.result.setToolTip(tr(DEFINITIONS["result_ytd"]))
        self.vat.setText(tr("VAT estimate this quarter {amount}", amount=money(f.vat.balance_cents)))
        self.vat.setToolTip(tr(DEFINITIONS["vat_estimate"]))
        if f.cash.balance_date is None:
            self.balance.setText(tr("No bank statement imported yet: the weeks start from 0."))
        else:
            self.balance.setText(
                tr(
                    "Bank balance {amount} on {date}",
                    amount=money(f.cash.balance_cents),
                    date=self.ctx.date(f.cash.balance_date),
                )
            )
        self.balance.setToolTip(tr(DEFINITIONS["cash_flow"]))
        self.weeks.setRowCount(len(f.cash.weeks))
        amount = self.ctx.amount
        for row, week in enumerate(f.cash.weeks):
            # The row's label (the week's first day, short), then money in, out and the balance.
            values = [f"{week.start.day}/{week.start.month}", amount(week.in_cents), amount(week.out_cents)]
            values.append(amount(week.balance_cents))
            whole = tr(
                "Week of {start} to {end}: in {money_in}, out {money_out}, balance {balance}",
                start=self.ctx.date(week.start),
                end=self.ctx.date(week.end),
                money_in=money(week.in_cents),
                money_out=money(week.out_cents),
                balance=money(week.balance_cents),
            )
            if week.lowest:
                whole += "\n" + tr("The lowest point of the next 8 weeks")
            for column, text in enumerate(values, start=-1):
                item = QTableWidgetItem(text)
                if column >= 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if week.lowest:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(whole)
                if column < 0:
                    self.weeks.setVerticalHeaderItem(row, item)
                else:
                    self.weeks.setItem(row, column, item)
        self._show_left_out(f.cash)
        self._fit_weeks()
        self.refreshed.emit()

    def _show_left_out(self, cash: Any) -> None:
        from ...domain.cash_flow import LONG_OVERDUE_DAYS

        self.left_out.setVisible(cash.left_out_count > 0)
        if cash.left_out_count:
            tr = self.ctx.tr
            self.left_out.setText(
                tr(
                    "Not counted: {amount} overdue more than {days} days ({count} invoices).",
                    amount=self.ctx.money(cash.left_out_cents),
                    days=LONG_OVERDUE_DAYS,
                    count=cash.left_out_count,
                )
            )
            self.left_out.setToolTip(
                tr(
                    "Invoices more than {days} days past due are not expected in: the weeks would look safer "
                    "than they are. Customers who usually pay late are expected that much later.",
                    days=LONG_OVERDUE_DAYS,
                )
            )

    def _fit_weeks(self) -> None:
        """Money in and out beside the balance when the three columns fit the panel's width, else only the
        balance (the rest in each row's tooltip); the table as tall as its rows."""
        table = self.weeks
        rows = table.verticalHeader()
        bold = QFont(rows.font())
        bold.setBold(True)  # the lowest week's label
        labels = [table.verticalHeaderItem(row) for row in range(table.rowCount())]
        widest = max((QFontMetrics(bold).horizontalAdvance(item.text()) for item in labels if item), default=0)
        rows.setMinimumWidth(widest + 12)
        header = table.horizontalHeader()
        widths = [max(header.sectionSizeFromContents(c).width(), table.sizeHintForColumn(c)) for c in range(3)]
        room = self.contentsRect().width() - 24  # the panel's side margins
        room -= table.verticalHeader().sizeHint().width() + 2 * table.frameWidth()
        both = sum(widths) <= room
        for column in (0, 1):
            table.setColumnHidden(column, not both)
        height = header.sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self.weeks.rowCount():
            self._fit_weeks()

    def lowest_row(self) -> int | None:
        if self.figures is None:
            return None
        return next((i for i, w in enumerate(self.figures.cash.weeks) if w.lowest), None)

    def show_bills(self, key: str) -> QDialog | None:
        """The bills behind a figure, in a window of their own."""
        if self._as_of is None:
            return None
        from ...services import purchase_kpis
        from ..models.purchases import bill_model

        rows = self.ctx.read(purchase_kpis.bills_behind, self._as_of, key)
        dialog = QDialog(self)
        dialog.setWindowTitle(self.ctx.tr("Bills"))
        model = bill_model(self.ctx, parent=dialog)
        model.set_rows(rows)
        from PySide6.QtWidgets import QTableView

        view = QTableView()
        view.setModel(model)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = close_box(self.ctx.tr, dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(
            QLabel(
                self.ctx.tr(
                    "{count} bills · to pay {amount}",
                    count=len(rows),
                    amount=self.ctx.money(sum(r.open_cents for r in rows)),
                )
            )
        )
        layout.addWidget(view, 1)
        layout.addWidget(buttons)
        fit_to_screen(dialog, 760, 420)
        dialog.show()
        return dialog
