"""The KPI tab's costs-and-cash panel: costs against last year, the result, the VAT estimate, and 8 weeks of cash
with the lowest point marked; a click on a figure or a week lists the bills behind it.

Imports no SQLAlchemy at module level: the KPI tab paints before the domain layer loads.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

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
        self.weeks = QTableWidget(0, 4)
        self.weeks.setHorizontalHeaderLabels([tr("Week of"), tr("In"), tr("Out"), tr("Balance")])
        self.weeks.verticalHeader().hide()
        self.weeks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.weeks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.weeks.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.weeks.cellDoubleClicked.connect(lambda row, _col: self.show_bills(f"cash_week:{row}"))
        self.weeks.setToolTip(tr("Double-click a week for the bills due in it"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        for widget in (self.heading, self.costs, self.result, self.vat, self.balance, self.weeks):
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
        for row, week in enumerate(f.cash.weeks):
            values = [self.ctx.date(week.start), money(week.in_cents), money(week.out_cents), money(week.balance_cents)]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if week.lowest:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(tr("The lowest point of the next 8 weeks"))
                self.weeks.setItem(row, column, item)
        self.refreshed.emit()

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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.ctx.tr("Close"))
        buttons.rejected.connect(dialog.reject)
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
