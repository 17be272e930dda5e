"""The quotes window (Invoices ▸ Quotes…): every quote with its status as of today, filtered by status or
customer; new, open, accept, refuse with the reason, make the invoice, and the PDF.

Quotes open from the Invoices tab like the recurring invoices and the customers do: they lead to
invoices, and the invoice made from a quote opens in the invoice editor beside them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain import quotes as rules
from ...services import quotes
from ..models.rows import Column, RowTableModel
from ..widgets.feedback import attempt
from ..widgets.fit import fit_to_screen
from . import quote_files


class QuotesPanel(QWidget):
    """The list and its actions: in the quotes window (every customer) and on a customer's page (one)."""

    open_invoice = Signal(int)  # the invoice made from a quote, for the invoice editor

    def __init__(self, ctx, customer_id: int | None = None, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        tr = ctx.tr
        self._editors: list[QWidget] = []
        self.status = QComboBox()
        self.status.addItem(tr("All statuses"), None)
        for status in rules.QuoteStatus:
            self.status.addItem(tr(rules.STATUS_LABELS[status]), status.value)
        self.new_button = QPushButton(tr("New quote"))
        bar = QHBoxLayout()
        bar.addWidget(self.status)
        bar.addStretch()
        bar.addWidget(self.new_button)

        self.model: RowTableModel[quotes.QuoteRow] = RowTableModel(
            [
                Column(tr("Number"), lambda r: r.number or "—", lambda r: r.number or ""),
                Column(tr("Customer"), lambda r: r.customer),
                Column(tr("Date"), lambda r: ctx.date(r.issue_date), lambda r: r.issue_date),
                Column(tr("Valid until"), lambda r: ctx.date(r.valid_until), lambda r: r.valid_until),
                Column(tr("Status"), lambda r: tr(rules.STATUS_LABELS[r.status]), lambda r: r.status.value),
                Column(tr("Total"), lambda r: ctx.money(r.total_cents), lambda r: r.total_cents, True),
                Column(
                    tr("Deposit"),
                    lambda r: ctx.money(r.deposit_cents) if r.deposit_cents else "",
                    lambda r: r.deposit_cents or 0,
                    True,
                ),
                Column(
                    tr("Invoice"),
                    lambda r: r.invoice_number or ("…" if r.status is rules.QuoteStatus.CONVERTED else ""),
                ),
            ],
            parent=self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.open_button = QPushButton(tr("Open"))
        self.accept_button = QPushButton(tr("Accepted"))
        self.refuse_button = QPushButton(tr("Refused…"))
        self.invoice_button = QPushButton(tr("Make invoice"))
        self.pdf_button = QPushButton(tr("Save PDF…"))
        self.summary = QLabel()
        actions = QHBoxLayout()
        for button in (self.open_button, self.accept_button, self.refuse_button, self.invoice_button, self.pdf_button):
            actions.addWidget(button)
        actions.addStretch()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)

        self.status.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(lambda: self.open_quote(None))
        self.open_button.clicked.connect(self.open_selected)
        self.view.doubleClicked.connect(lambda index: self.open_quote(self.model.row_at(index.row()).id))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.accept_button.clicked.connect(self.accept_selected)
        self.refuse_button.clicked.connect(self.refuse_selected)
        self.invoice_button.clicked.connect(self.invoice_selected)
        self.pdf_button.clicked.connect(lambda: quote_files.save_as(self.ctx, self._selected_id(), self))
        ctx.book_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        value = self.status.currentData()
        status = rules.QuoteStatus(value) if value else None
        rows = self.ctx.read(quotes.list_quotes, self.ctx.today(), status=status, customer_id=self.customer_id)
        self.model.set_rows(rows)
        self.summary.setText(self.ctx.tr("{count} quote(s)", count=len(rows)))
        self._update_buttons()

    def _selected(self) -> quotes.QuoteRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selected_id(self) -> int | None:
        row = self._selected()
        return row.id if row else None

    def select_number(self, number: str) -> None:
        for i, row in enumerate(self.model.rows()):
            if row.number == number:
                self.view.selectRow(i)

    def _update_buttons(self) -> None:
        row = self._selected()
        status = row.status if row else None
        decidable = status in (rules.QuoteStatus.SENT, rules.QuoteStatus.EXPIRED)
        self.open_button.setEnabled(row is not None)
        self.accept_button.setEnabled(status is rules.QuoteStatus.SENT)
        self.refuse_button.setEnabled(decidable)
        self.invoice_button.setEnabled(status is rules.QuoteStatus.ACCEPTED)
        self.pdf_button.setEnabled(row is not None)

    def title(self) -> str:  # as a page of the customer's window
        return self.ctx.tr("Quotes")

    def open_quote(self, quote_id: int | None) -> QWidget | None:
        from shiboken6 import isValid

        from .quote_editor import QuoteEditor

        editor = QuoteEditor(self.ctx, quote_id=quote_id, customer_id=self.customer_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda _id: self.reload())
        self._editors = [w for w in self._editors if isValid(w) and w.isVisible()] + [editor]
        editor.show()
        return editor

    def open_selected(self) -> QWidget | None:
        quote_id = self._selected_id()
        return None if quote_id is None else self.open_quote(quote_id)

    def accept_selected(self) -> bool:
        quote_id = self._selected_id()
        if quote_id is None:
            return False
        return attempt(self, self.ctx, quotes.accept, quote_id, on=self.ctx.today()) is not None

    def refuse_selected(self, reason: str | None = None) -> bool:
        """Refuse with the reason the customer gave (asked here; tests pass it)."""
        quote_id = self._selected_id()
        if quote_id is None:
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                self.ctx.tr("Refused…"),
                self.ctx.tr("Why did the customer refuse? (optional)"),
                QLineEdit.EchoMode.Normal,
            )
            if not ok:
                return False
        return attempt(self, self.ctx, quotes.refuse, quote_id, on=self.ctx.today(), reason=reason) is not None

    def invoice_selected(self) -> int | None:
        """The draft invoice of the accepted quote, opened in the invoice editor."""
        quote_id = self._selected_id()
        if quote_id is None:
            return None
        invoice_id = attempt(self, self.ctx, quotes.convert_to_invoice, quote_id, on=self.ctx.today())
        if invoice_id is not None:
            self.open_invoice.emit(invoice_id)
        return invoice_id


class QuotesDialog(QDialog):
    """Invoices ▸ Quotes…: every quote (or one customer's), in a window of its own."""

    open_invoice = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None, *, customer_id: int | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(ctx.tr("Quotes"))
        fit_to_screen(self, 900, 560)
        self.panel = QuotesPanel(ctx, customer_id, self)
        self.panel.open_invoice.connect(self.open_invoice)
        self.close_button = QPushButton(ctx.tr("Close"))
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(bottom)
