"""Pick invoices (and amounts) for a bank line or a cash payment; any rest stays customer credit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTableWidget, \
    QTableWidgetItem, QVBoxLayout

from ...domain.errors import ValidationError
from ...domain.money import fmt_cents, to_cents
from ...persistence.queries import InvoiceRow
from ..context import AppContext


class PickInvoicesDialog(QDialog):
    """Rows of open invoices with an editable amount each, prefilled oldest first up to the amount."""

    def __init__(self, ctx: AppContext, rows: list[InvoiceRow], amount_cents: int | None, parent=None,  # type: ignore[no-untyped-def]
                 customers: list[tuple[int, str]] | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.rows = ctx, rows
        self.setWindowTitle(ctx.tr("Pick invoices…"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.amount = QLineEdit(fmt_cents(amount_cents) if amount_cents is not None else "")
        self.amount.setReadOnly(amount_cents is not None)
        form.addRow(ctx.tr("Amount"), self.amount)
        self.customer = QComboBox()
        for cid, name in customers or []:
            self.customer.addItem(name, cid)
        if customers:
            form.addRow(ctx.tr("Customer"), self.customer)
        layout.addLayout(form)
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels([ctx.tr("Number"), ctx.tr("Customer"), ctx.tr("Open"), ctx.tr("Amount")])
        left = amount_cents or 0
        for i, row in enumerate(rows):
            take = max(min(left, row.open_cents), 0)
            left -= take
            for col, text in enumerate([row.number or "", row.customer, fmt_cents(row.open_cents), fmt_cents(take)]):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.error = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def allocations(self) -> list[tuple[int, int]]:
        out = []
        for i, row in enumerate(self.rows):
            cents = to_cents(self.table.item(i, 3).text() or "0")
            if cents:
                out.append((row.id, cents))
        return out

    def amount_cents(self) -> int:
        return to_cents(self.amount.text() or "0")

    def customer_id(self) -> int | None:
        return self.customer.currentData() if self.customer.count() else None

    def _check(self) -> None:
        try:
            self.allocations()
            self.amount_cents()
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
