"""Credit an issued invoice: the whole invoice or the lines ticked; makes a draft credit note."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services.invoicing import create_credit_note
from ..widgets.feedback import attempt, show_error
from ..widgets.invoice_lines import pydate, qdate


class CreditNoteDialog(QDialog):
    created = Signal(int)

    def __init__(self, ctx, invoice, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.invoice = invoice
        tr = ctx.tr
        self.setWindowTitle(tr("Credit note for invoice {number}", number=invoice.document.number))
        self.whole = QRadioButton(tr("The whole invoice"))
        self.selected = QRadioButton(tr("Only the lines ticked below"))
        self.whole.setChecked(True)
        self.line_list = QListWidget()
        for line_id, line in zip(invoice.line_ids, invoice.document.lines, strict=True):
            item = QListWidgetItem(f"{line.description} — {ctx.money(line.net_cents)}")
            item.setData(Qt.ItemDataRole.UserRole, line_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.line_list.addItem(item)
        self.line_list.setEnabled(False)
        self.selected.toggled.connect(self.line_list.setEnabled)
        self.date = QDateEdit(qdate(ctx.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.notes = QLineEdit()
        explain = QLabel(tr("A draft credit note opens; check it and press Issue."))
        explain.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Create credit note"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.make_credit_note)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Date"), self.date)
        form.addRow(tr("Reason"), self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.whole)
        layout.addWidget(self.selected)
        layout.addWidget(self.line_list)
        layout.addLayout(form)
        layout.addWidget(explain)
        layout.addWidget(buttons)

    def ticked_line_ids(self) -> list[int]:
        return [
            self.line_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.line_list.count())
            if self.line_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def make_credit_note(self) -> int | None:
        line_ids = None
        if self.selected.isChecked():
            line_ids = self.ticked_line_ids()
            if not line_ids:
                show_error(self, self.ctx, DomainError(self.ctx.tr("Tick at least one line to credit.")))
                return None
        credit_id = attempt(
            self,
            self.ctx,
            create_credit_note,
            self.invoice.id,
            issue_date=pydate(self.date.date()),
            line_ids=line_ids,
            notes=self.notes.text(),
        )
        if credit_id is not None:
            self.created.emit(credit_id)
            self.accept()
        return credit_id
