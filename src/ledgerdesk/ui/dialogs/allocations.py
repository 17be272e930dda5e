"""Allocations of payments to invoices, newest first: undo one, or delete a payment registered by hand.

Undoing an allocation gives the money back to its payment (customer credit, to allocate
again); a bank line's whole booking is undone from the review queue instead.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ... import i18n
from ...domain.errors import DomainError
from ...services import bank_review, receivables
from ...services.receivables import AllocationRow
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.fit import fit_to_screen

METHODS = {"bank": "Bank transfer", "cash": "Cash", "other": "Other"}


def allocations_model(tr, language: str) -> RowTableModel[AllocationRow]:  # type: ignore[no-untyped-def]
    money = lambda cents: i18n.format_amount(cents, language)  # noqa: E731
    return RowTableModel(
        [
            Column(tr("Date"), lambda r: i18n.format_date(r.day, language), lambda r: r.day),
            Column(tr("Invoice"), lambda r: r.invoice),
            Column(tr("Customer"), lambda r: r.customer),
            Column(tr("Method"), lambda r: tr(METHODS.get(r.method, r.method))),
            Column(tr("Allocated"), lambda r: money(r.amount_cents), lambda r: r.amount_cents, align_right=True),
            Column(tr("Payment"), lambda r: money(r.payment_cents), lambda r: r.payment_cents, align_right=True),
        ]
    )


class AllocationsDialog(QDialog):
    def __init__(self, ctx: AppContext, customer_id: int | None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx, self.customer_id = ctx, customer_id
        tr = ctx.tr
        self.setWindowTitle(tr("Payments and allocations…"))
        self.model = allocations_model(tr, ctx.language)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.undo_button = QPushButton(tr("Undo allocation"))
        self.delete_button = QPushButton(tr("Delete payment"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.undo_button.clicked.connect(self.undo_allocation)
        self.delete_button.clicked.connect(self.delete_payment)
        fit_to_screen(self, 820, 460)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.ctx.read(receivables.allocation_rows, customer_id=self.customer_id))
        self.table.resizeColumnsToContents()

    def selected(self) -> AllocationRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _run(self, action, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        try:
            self.ctx.write(action, *args, **kwargs)
        except DomainError as exc:
            self.message.setText(self.ctx.say(exc))
            return False
        self.message.setText("")
        self.refresh()
        return True

    def undo_allocation(self) -> bool:
        row = self.selected()
        return row is not None and self._run(bank_review.undo_allocation, row.id, on=self.ctx.today())

    def delete_payment(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        answer = QMessageBox.question(self, self.windowTitle(), self.ctx.tr("Delete this payment and its allocations?"))
        return answer == QMessageBox.StandardButton.Yes and self._run(
            bank_review.remove_payment, row.payment_id, on=self.ctx.today()
        )
