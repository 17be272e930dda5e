"""A list of the invoices behind a KPI figure (opened by clicking a card or a bar)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...i18n import format_date, format_money
from ...services.invoice_list import InvoiceRow
from ..models.rows import Column, RowTableModel
from ..widgets.fit import fit_to_screen


def invoice_columns(tr: Callable[[str], str], language: str) -> list[Column[InvoiceRow]]:
    def signed(row: InvoiceRow, cents: int) -> int:
        return -cents if row.kind == "credit_note" else cents

    status_names = {
        "open": tr("open"),
        "overdue": tr("overdue"),
        "paid": tr("paid"),
        "credited": tr("credited"),
        "draft": tr("draft"),
    }
    return [
        Column(tr("Number"), lambda r: r.number or ""),
        Column(tr("Customer"), lambda r: r.customer),
        Column(tr("Date"), lambda r: format_date(r.issue_date, language), lambda r: r.issue_date),
        Column(tr("Due"), lambda r: format_date(r.due_date, language) if r.due_date else "", lambda r: r.due_date),
        Column(
            tr("Net"), lambda r: format_money(signed(r, r.net_cents), language), lambda r: signed(r, r.net_cents), True
        ),
        Column(
            tr("Total"),
            lambda r: format_money(signed(r, r.total_cents), language),
            lambda r: signed(r, r.total_cents),
            True,
        ),
        Column(
            tr("Open"),
            lambda r: format_money(r.open_cents, language) if r.kind == "invoice" else "",
            lambda r: r.open_cents if r.kind == "invoice" else 0,
            True,
        ),
        Column(
            tr("Status"),
            lambda r: tr("credit note") if r.kind == "credit_note" else status_names.get(r.status, r.status),
            foreground=lambda r: "#c53030" if r.status == "overdue" and r.kind == "invoice" else None,
        ),
    ]


class InvoiceListDialog(QDialog):
    """Read-only, sortable list with a one-line summary; the model is a RowTableModel over frozen rows."""

    def __init__(
        self,
        title: str,
        explanation: str,
        rows: Sequence[InvoiceRow],
        tr: Callable[[str], str],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.model: RowTableModel[InvoiceRow] = RowTableModel(invoice_columns(tr, language), rows, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by date, oldest first
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.resizeColumnsToContents()
        summary = QLabel(explanation)
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 480)
