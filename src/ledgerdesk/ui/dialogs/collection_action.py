"""A small form for collection actions on one invoice: a payment promise, a dispute, a call task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from ...domain.errors import DomainError
from ...domain.money import fmt_cents, to_cents


@dataclass(frozen=True)
class ActionInput:
    on: date
    amount_cents: int
    text: str
    count: int = 1  # instalments of a plan


class ActionDialog(QDialog):
    """kind: 'promise' (date, amount, note), 'dispute' (reason), 'call' (date, note),
    'plan' (first instalment date, number of monthly instalments, note)."""

    def __init__(self, tr, kind: str, *, today: date, amount_cents: int = 0, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.kind = kind
        titles = {
            "promise": tr("Payment promise"),
            "dispute": tr("Dispute"),
            "call": tr("Call task"),
            "plan": tr("Payment plan"),
        }
        self.setWindowTitle(titles[kind])
        self.date = QDateEdit(QDate(today.year, today.month, today.day))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.amount = QLineEdit(fmt_cents(amount_cents))
        self.text = QLineEdit()
        self.count = QSpinBox(minimum=1, maximum=36, value=3)
        form = QFormLayout(self)
        if kind in ("promise", "call", "plan"):
            label = {"promise": tr("Promised by"), "call": tr("Call on"), "plan": tr("First instalment on")}[kind]
            form.addRow(label, self.date)
        if kind == "plan":
            form.addRow(tr("Monthly instalments"), self.count)
        if kind == "promise":
            form.addRow(tr("Amount"), self.amount)
        form.addRow(tr("Reason") if kind == "dispute" else tr("Note"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> ActionInput:
        try:
            cents = to_cents(self.amount.text().replace(",", ".")) if self.kind == "promise" else 0
        except (DomainError, TypeError):
            raise DomainError(f"'{self.amount.text()}' is not an amount") from None
        return ActionInput(self.date.date().toPython(), cents, self.text.text().strip(), self.count.value())  # type: ignore[arg-type]
