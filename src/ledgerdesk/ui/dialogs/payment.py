"""Register a payment received for one invoice: date, amount (partial allowed), cash or other."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from ...domain.errors import ValidationError
from ...domain.money import from_cents, to_cents
from ...services.payments import PaymentData, register_payment
from ..models.lines import decimal_text, parse_decimal
from ..widgets.feedback import attempt, show_error
from ..widgets.invoice_lines import pydate, qdate


class PaymentDialog(QDialog):
    registered = Signal(int)

    def __init__(self, ctx, invoice, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.invoice = invoice
        tr = ctx.tr
        self.setWindowTitle(tr("Register payment"))
        self.setMinimumWidth(440)
        self.date = QDateEdit(qdate(ctx.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.amount = QLineEdit(decimal_text(from_cents(max(invoice.open_cents, 0)), ctx.language))
        self.method = QComboBox()
        self.method.addItem(tr("Cash"), "cash")
        self.method.addItem(tr("Bank transfer"), "bank")
        self.method.addItem(tr("Other"), "other")
        self.note = QLineEdit()
        self.hint = QLabel(
            tr(
                "Open amount: {amount}. A partial payment leaves the rest open; "
                "more than the open amount stays as credit for the customer.",
                amount=ctx.money(invoice.open_cents),
            )
        )
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Register"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.register)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Invoice"), QLabel(invoice.document.number or ""))
        form.addRow(tr("Date"), self.date)
        form.addRow(tr("Amount"), self.amount)
        form.addRow(tr("Method"), self.method)
        form.addRow(tr("Note"), self.note)
        form.addRow(self.hint)
        form.addRow(buttons)

    def register(self) -> int | None:
        try:
            cents = to_cents(parse_decimal(self.amount.text()))
        except ValidationError as exc:
            show_error(self, self.ctx, exc)
            return None
        if cents <= 0:
            show_error(self, self.ctx, ValidationError(self.ctx.tr("The amount must be more than zero.")))
            return None
        data = PaymentData(
            date=pydate(self.date.date()),
            amount_cents=cents,
            method=self.method.currentData(),
            customer_id=self.invoice.customer_id,
            note=self.note.text(),
        )
        allocation = [(self.invoice.id, min(cents, self.invoice.open_cents))]
        payment_id = attempt(self, self.ctx, register_payment, data, allocation)
        if payment_id is not None:
            self.registered.emit(payment_id)
            self.accept()
        return payment_id
