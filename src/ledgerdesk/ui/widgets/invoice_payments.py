"""An invoice's payment history: each payment allocated to it (date, how, amount), newest first."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.rows import Column, RowTableModel

METHODS = {"bank": "Bank transfer", "cash": "Cash", "other": "Other"}


class InvoicePayments(QWidget):
    """Read off the UI thread when an invoice is shown; `loaded` rows are in `model`."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.model: RowTableModel = RowTableModel(
            [
                Column(tr("Date"), lambda r: ctx.date(r.day), lambda r: r.day),
                Column(tr("Method"), lambda r: tr(METHODS.get(r.method, r.method))),
                Column(
                    tr("Allocated"), lambda r: ctx.money(r.amount_cents), lambda r: r.amount_cents, align_right=True
                ),
            ],
            [],
            self,
        )
        self.heading = QLabel(tr("Payments"))
        self.heading.setStyleSheet("font-weight: 600;")
        self.empty = QLabel(tr("No payment received yet."))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.view)
        self.view.hide()

    def show_invoice(self, invoice_id: int) -> None:
        from ...services.receivables import allocation_rows

        self.model.set_rows(self.ctx.read(allocation_rows, invoice_id=invoice_id))
        has = self.model.rowCount() > 0
        self.view.setVisible(has)
        self.empty.setVisible(not has)
