"""Money out to check: statement lines to a supplier's account that no bill was booked from; book one on a bill."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services.purchase_matching import OutgoingRow, pay_from_line, to_review
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.dialog_parts import close_box
from ..widgets.fit import fit_to_screen


class OutgoingReview(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Bank payments to check"))
        self.model: RowTableModel[OutgoingRow] = RowTableModel(
            [
                Column(tr("Date"), lambda r: ctx.date(r.booking_date), lambda r: r.booking_date),
                Column(tr("Amount"), lambda r: ctx.money(r.amount_cents), lambda r: r.amount_cents, align_right=True),
                Column(tr("Counterparty"), lambda r: r.counterparty_name),
                Column(tr("Communication"), lambda r: r.communication),
                Column(tr("May pay"), lambda r: ", ".join(r.candidate_numbers)),
            ],
            parent=self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.bill = QComboBox()
        self.book_button = QPushButton(tr("Book on this bill"))
        self.book_button.clicked.connect(self.book_selected)
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.bill)
        bar.addWidget(self.book_button)
        close = close_box(tr, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        layout.addWidget(close)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.reload()
        fit_to_screen(self, 900, 480)

    def reload(self) -> None:
        rows = self.ctx.read(to_review)
        self.model.set_rows(rows)
        self.summary.setText(self.ctx.tr("{count} bank payments to check", count=len(rows)))
        self._selected()

    def _row(self) -> OutgoingRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected(self) -> None:
        self.bill.clear()
        row = self._row()
        if row is not None:
            for bill_id, number in zip(row.candidates, row.candidate_numbers, strict=True):
                self.bill.addItem(number, bill_id)
        self.book_button.setEnabled(self.bill.count() > 0)

    def book_selected(self) -> int | None:
        row = self._row()
        if row is None or self.bill.currentIndex() < 0:
            return None
        try:
            cents = self.ctx.write(pay_from_line, row.line_id, int(self.bill.currentData()))
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), self.ctx.say(exc))
            return None
        self.reload()
        return cents
