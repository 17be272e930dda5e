"""Pick invoices (and amounts) for a bank line or a cash payment; any rest stays customer credit."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTableWidget, \
    QTableWidgetItem, QVBoxLayout

from ... import i18n
from ...domain.errors import ValidationError
from ...domain.money import to_cents
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
        self.money = lambda cents: i18n.format_amount(cents, ctx.language)  # noqa: E731
        self.amount = QLineEdit(self.money(amount_cents) if amount_cents is not None else "")
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
            for col, text in enumerate([row.number or "", row.customer, self.money(row.open_cents), self.money(take)]):
                self.table.setItem(i, col, QTableWidgetItem(text))
        self.error = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def parse(self, text: str) -> int:
        """Cents from an amount typed the user's way ('1.234,56' in Dutch and French, '1,234.56' in English)."""
        from babel.numbers import NumberFormatError, parse_decimal

        text = text.strip()
        if not text:
            return 0
        try:
            return to_cents(parse_decimal(text, locale=i18n.LOCALES[self.ctx.language], strict=True))
        except NumberFormatError:
            raise ValidationError(f"'{text}' is not an amount") from None

    def allocations(self) -> list[tuple[int, int]]:
        out = []
        for i, row in enumerate(self.rows):
            cents = self.parse(self.table.item(i, 3).text())
            if cents:
                out.append((row.id, cents))
        return out

    def amount_cents(self) -> int:
        return self.parse(self.amount.text())

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
