"""An invoice's payment history: each payment allocated to it (date, how, amount), newest first; and the
last thing that happened to it (a direct debit returned, a reminder, a Peppol response) with the whole
history one click away."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..models.reminders import events_model
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
        self.latest = QLabel()  # the last event, e.g. "22/12/2026: direct debit … returned by the bank (AM04): …"
        self.latest.setWordWrap(True)
        self.history_button = QPushButton(tr("History…"))
        self.history_button.clicked.connect(self.show_history)
        self.events = events_model(tr, ctx.language)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.view)
        layout.addWidget(self.latest)
        self.view.hide()

    def show_invoice(self, invoice_id: int) -> None:
        from ...services.receivables import allocation_rows
        from ...services.reminder_views import invoice_events

        self.model.set_rows(self.ctx.read(allocation_rows, invoice_id=invoice_id))
        has = self.model.rowCount() > 0
        self.view.setVisible(has)
        self.empty.setVisible(not has)
        events = list(reversed(self.ctx.read(invoice_events, invoice_id)))  # recorded order, newest first
        events.sort(key=lambda e: e.on, reverse=True)  # stable: the same day keeps the order it happened in
        self.events.set_rows(events)
        if events:  # the newest, in the user's words (a returned direct debit, a reminder, a response)
            self.latest.setText(
                self.ctx.tr(
                    "Last: {date}, {what}",
                    date=self.ctx.date(events[0].on),
                    what=self.events.data(self.events.index(0, 1)),
                )
            )
        self.latest.setVisible(bool(events))
        self.history_button.setEnabled(bool(events))

    def show_history(self) -> QDialog:
        """Everything that happened to the invoice, newest first (a window of its own)."""
        tr = self.ctx.tr
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("History"))
        view = QTableView()
        view.setModel(self.events)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(720, 360)
        view.resizeRowsToContents()
        dialog.show()
        return dialog
