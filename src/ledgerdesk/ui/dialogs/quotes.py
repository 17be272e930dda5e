"""The quotes window (Invoices ▸ Quotes…): every quote with its status as of today, filtered by status or
customer; new, open, accept, refuse with the reason, make the invoice (whole or a part chosen line by line),
the order confirmation and the invoices made from it, the advance invoice before payment, and the PDFs.

Quotes open from the Invoices tab like the recurring invoices and the customers do: they lead to
invoices, and the invoice made from a quote opens in the invoice editor beside them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain import quotes as rules
from ...domain.errors import DomainError
from ...services import quote_deposits, quote_orders, quotes
from ..models.rows import Column, RowTableModel
from ..widgets.dialog_parts import row_list
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
                Column(tr("Planned"), lambda r: r.planned_month or "", lambda r: r.planned_month or ""),
                Column(
                    tr("Invoice"),
                    lambda r: r.invoice_number or ("…" if r.status is rules.QuoteStatus.CONVERTED else ""),
                ),
            ],
            parent=self,
        )
        self.view = row_list(self.model)
        # Each column as wide as its title and values ("Valable jusqu'au" was cut); the customer takes the rest.
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.open_button = QPushButton(tr("Open"))
        self.mark_sent_button = QPushButton(tr("Mark as sent"))
        self.mark_sent_button.setToolTip(tr("The quote left another way than the outbox, e.g. handed over"))
        self.accept_button = QPushButton(tr("Accepted"))
        self.refuse_button = QPushButton(tr("Refused…"))
        self.invoice_button = QPushButton(tr("Make invoice"))
        self.pdf_button = QPushButton(tr("Save PDF…"))
        self.part_button = QPushButton(tr("Make invoice of part…"))
        self.order_button = QPushButton(tr("Order confirmation…"))
        self.order_invoice_button = QPushButton(tr("Invoice order…"))
        self.advance_button = QPushButton(tr("Advance invoice…"))
        self.summary = QLabel()
        actions = QHBoxLayout()
        for button in (
            self.open_button,
            self.mark_sent_button,
            self.accept_button,
            self.refuse_button,
            self.invoice_button,
            self.pdf_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        more = QHBoxLayout()  # the steps between an accepted quote and its invoices
        for button in (self.part_button, self.order_button, self.order_invoice_button, self.advance_button):
            more.addWidget(button)
        more.addStretch()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addLayout(more)

        self.status.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(lambda: self.open_quote(None))
        self.open_button.clicked.connect(self.open_selected)
        self.view.doubleClicked.connect(lambda index: self.open_quote(self.model.row_at(index.row()).id))
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.mark_sent_button.clicked.connect(self.mark_sent_selected)
        self.accept_button.clicked.connect(self.accept_selected)
        self.refuse_button.clicked.connect(self.refuse_selected)
        self.invoice_button.clicked.connect(self.invoice_selected)
        self.part_button.clicked.connect(lambda: self.invoice_part())
        self.order_button.clicked.connect(lambda: self.order_selected())
        self.order_invoice_button.clicked.connect(lambda: self.invoice_order())
        self.advance_button.clicked.connect(lambda: self.advance_selected())
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
        decidable = status in (*rules.NUMBERED, rules.QuoteStatus.EXPIRED)
        self.open_button.setEnabled(row is not None)
        self.mark_sent_button.setEnabled(status is rules.QuoteStatus.READY)
        self.accept_button.setEnabled(status in rules.NUMBERED)
        self.refuse_button.setEnabled(decidable)
        self.invoice_button.setEnabled(status is rules.QuoteStatus.ACCEPTED)
        self.pdf_button.setEnabled(row is not None)
        self.part_button.setEnabled(status is rules.QuoteStatus.ACCEPTED)
        self.order_button.setEnabled(status is rules.QuoteStatus.ACCEPTED)
        self.order_invoice_button.setEnabled(status in (rules.QuoteStatus.ACCEPTED, rules.QuoteStatus.CONVERTED))
        self.advance_button.setEnabled(
            status in (*rules.NUMBERED, rules.QuoteStatus.ACCEPTED) and bool(row and row.deposit_cents)
        )

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

    def mark_sent_selected(self) -> bool:
        """The quote left by hand or another way: its status says sent from now on."""
        quote_id = self._selected_id()
        if quote_id is None:
            return False
        return attempt(self, self.ctx, quotes.mark_sent, quote_id, on=self.ctx.today()) is not None

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

    def _choose_part(self, title: str, rows: list[quotes.PartRow], action: str, choose=None):  # type: ignore[no-untyped-def]
        """The part to take (position -> quantity), asked in the parts window; `choose` stands in for a
        user in tests: it gets the window and returns whether it was accepted."""
        from .quote_parts import PartsDialog

        dialog = PartsDialog(self.ctx, title, rows, action, self)
        accepted = choose(dialog) if choose is not None else dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.wanted() if accepted else None

    def invoice_part(self, choose=None) -> int | None:  # type: ignore[no-untyped-def]
        """A draft invoice of the part of the accepted quote chosen line by line."""
        row = self._selected()
        if row is None:
            return None
        tr = self.ctx.tr
        rows = self.ctx.read(quotes.parts_left, row.id)
        wanted = self._choose_part(tr("Make invoice of part…"), rows, tr("Make invoice"), choose)
        if wanted is None:
            return None
        invoice_id = attempt(self, self.ctx, quotes.convert_to_invoice, row.id, on=self.ctx.today(), lines=wanted)
        if invoice_id is not None:
            self.open_invoice.emit(invoice_id)
        return invoice_id

    def order_selected(self, choose=None, ask=None) -> str | None:  # type: ignore[no-untyped-def]
        """The order confirmation of the part of the accepted quote chosen (all that is left by default),
        then where to save its PDF for the customer (`ask` stands in for the file window in tests)."""
        row = self._selected()
        if row is None:
            return None
        tr = self.ctx.tr
        rows = self.ctx.read(quotes.parts_left, row.id)
        wanted = self._choose_part(tr("Order confirmation…"), rows, tr("Make order confirmation"), choose)
        if wanted is None:
            return None
        made = attempt(self, self.ctx, quote_orders.make_order, row.id, on=self.ctx.today(), lines=wanted)
        if made is None:
            return None
        self.summary.setText(tr("Order confirmation {number} made.", number=made[1]))
        if ask is not None:
            quote_files.save_order_as(self.ctx, made[0], made[1], self, ask=ask)
        else:
            quote_files.save_order_as(self.ctx, made[0], made[1], self)
        return made[1]

    def invoice_order(self, choose=None, pick=None) -> int | None:  # type: ignore[no-untyped-def]
        """A draft invoice of the part chosen of one of the quote's order confirmations with something left."""
        row = self._selected()
        if row is None:
            return None
        tr = self.ctx.tr
        orders = [o for o in self.ctx.read(quote_orders.list_orders, row.id) if o.left]
        if not orders:
            from ..widgets.feedback import show_error

            show_error(self, self.ctx, DomainError(f"nothing is left to invoice on quote {row.number}"))
            return None
        order = orders[0]
        if len(orders) > 1:
            names = [o.number for o in orders]
            if pick is not None:
                name = pick(names)
            else:
                name, ok = QInputDialog.getItem(self, tr("Invoice order…"), tr("Order confirmations"), names, 0, False)
                if not ok:
                    return None
            order = orders[names.index(name)]
        rows = self.ctx.read(quote_orders.parts_left, order.id)
        wanted = self._choose_part(f"{tr('Invoice order…')} {order.number}", rows, tr("Make invoice"), choose)
        if wanted is None:
            return None
        invoice_id = attempt(
            self, self.ctx, quote_orders.convert_order_to_invoice, order.id, on=self.ctx.today(), lines=wanted
        )
        if invoice_id is not None:
            self.open_invoice.emit(invoice_id)
        return invoice_id

    def advance_selected(self, confirm=None) -> str | None:  # type: ignore[no-untyped-def]
        """Issue the advance invoice of the deposit before it is paid (decision E.T.126.003), once confirmed."""
        from ..widgets.feedback import confirm_issue

        row = self._selected()
        if row is None or not row.deposit_cents:
            return None
        tr = self.ctx.tr
        text = tr(
            "Issue the advance invoice of {amount} for quote {number} now, before the deposit is paid? "
            "VAT becomes due when it is paid.",
            amount=self.ctx.money(row.deposit_cents),
            number=row.number or "",
        )
        ask = confirm or (lambda t: confirm_issue(self, t, tr("Advance invoice…"), tr("Cancel")))
        if not ask(text):
            return None
        made = attempt(self, self.ctx, quote_deposits.advance_before_payment, row.id, on=self.ctx.today())
        if made is None:
            return None
        self.summary.setText(tr("Advance invoice {number} issued.", number=made[1]))
        return made[1]


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
