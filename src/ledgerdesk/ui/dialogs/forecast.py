"""The month's forecast taken apart (the KPI tab's drill-down): revenue so far, recurring invoices still to
make, work delivered not invoiced and accepted quotes planned for this month, against last month and the same month
last year; each part opens what is behind it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.kpis import Snapshot
from ..widgets.fit import fit_to_screen

PARTS = (
    ("revenue_this_month", "Revenue so far"),
    ("recurring_to_invoice", "Recurring still to invoice"),
    ("work_to_invoice", "Work delivered not invoiced"),
    ("quotes_to_invoice", "Accepted quotes planned for this month"),
)


class ForecastDialog(QDialog):
    def __init__(
        self,
        ctx,  # type: ignore[no-untyped-def]
        snapshot: Snapshot,
        open_part: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr("Forecast this month"))
        fit_to_screen(self, 560, 340)
        self.open_part = open_part
        rows = [(key, tr(label), getattr(snapshot, key)) for key, label in PARTS]
        rows.append(("forecast_month", tr("Forecast this month"), snapshot.forecast_month))
        rows.append(("revenue_last_month", tr("Last month"), snapshot.revenue_last_month))
        rows.append(("revenue_same_month_last_year", tr("Same month last year"), snapshot.revenue_same_month_last_year))
        self.keys = [key for key, _label, _cents in rows]
        self.table = QTableWidget(len(rows), 2)
        self.table.horizontalHeader().hide()
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for i, (_key, label, cents) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(label))
            amount = QTableWidgetItem(ctx.money(cents))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(i, 1, amount)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.open_button = QPushButton(tr("Open…"))
        self.open_button.clicked.connect(lambda: self.open_row(self.table.currentRow()))
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr(snapshot_definition())))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def open_row(self, row: int) -> object:
        if not 0 <= row < len(self.keys) or self.keys[row] == "forecast_month":
            return None
        return self.open_part(self.keys[row])


def snapshot_definition() -> str:
    from ...domain.kpis import DEFINITIONS

    return DEFINITIONS["forecast_month"]
