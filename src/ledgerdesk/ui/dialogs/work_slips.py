"""Work delivered (Invoices ▸ Work delivered…, and on a customer's page): the queue not yet invoiced with
the warning before the 15th, a work slip editor with the invoice editor's lines, and one invoice of a
customer's slips."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services import invoice_forms, work
from ..models.rows import Column, RowTableModel
from ..widgets.dialog_parts import row_list
from ..widgets.feedback import attempt, show_error
from ..widgets.fit import fit_to_screen
from ..widgets.invoice_lines import pydate, qdate
from ..widgets.line_editing import LineEditing


class WorkSlipEditor(LineEditing, QDialog):
    """A new work slip: customer, day, the lines (hours, materials) as in the invoice editor, a note."""

    saved = Signal(int)

    def __init__(self, ctx, *, customer_id: int | None = None, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Work delivered"))
        fit_to_screen(self, 860, 460)
        self.defaults = ctx.read(invoice_forms.invoice_defaults)
        self.customer = QComboBox()
        for choice in ctx.read(invoice_forms.customer_choices):
            self.customer.addItem(f"{choice.name} — {choice.city}" if choice.city else choice.name, choice.id)
        self.customer.setCurrentIndex(self.customer.findData(customer_id) if customer_id is not None else -1)
        self.day = QDateEdit(qdate(ctx.today()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.note = QLineEdit()
        form = QFormLayout()
        form.addRow(tr("Customer"), self.customer)
        form.addRow(tr("Date"), self.day)
        form.addRow(tr("Notes"), self.note)
        buttons = self.build_lines()
        self.lines.add_line(self.blank_line())
        self.save_button = QPushButton(tr("Save"))
        self.close_button = QPushButton(tr("Close"))
        buttons.addStretch()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)

    def save(self) -> int | None:
        tr = self.ctx.tr
        lines, problems = self.lines.parsed()
        customer_id = self.customer.currentData()
        if customer_id is None:
            problems.insert(0, tr("Choose a customer from the list, or create one."))
        if problems:
            show_error(self, self.ctx, DomainError(problems[0]))
            return None
        data = work.SlipData(int(customer_id), pydate(self.day.date()), lines, note=self.note.text())
        saved = attempt(self, self.ctx, work.create_slip, data)
        if saved is not None:
            self.saved.emit(saved)
            self.close()
        return saved


class WorkPanel(QWidget):
    """The work slips (by default the queue not yet invoiced), the warning and the actions."""

    open_invoice = Signal(int)

    def __init__(self, ctx, customer_id: int | None = None, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        tr = ctx.tr
        self._editors: list[QWidget] = []
        self.uninvoiced = QCheckBox(tr("Not invoiced only"))
        self.uninvoiced.setChecked(True)
        self.new_button = QPushButton(tr("Add work…"))
        bar = QHBoxLayout()
        bar.addWidget(self.uninvoiced)
        bar.addStretch()
        bar.addWidget(self.new_button)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c62828;")
        self.model: RowTableModel[work.SlipRow] = RowTableModel(
            [
                Column(tr("Date"), lambda r: ctx.date(r.day), lambda r: r.day),
                Column(tr("Customer"), lambda r: r.customer),
                Column(tr("Description"), lambda r: r.description or ""),
                Column(tr("Net"), lambda r: ctx.money(r.net_cents), lambda r: r.net_cents, True),
                Column(tr("Quote"), lambda r: r.quote_number or ""),
                Column(tr("Invoice"), lambda r: r.invoice_number or (tr("Draft") if r.invoice_id else "")),
            ],
            parent=self,
        )
        self.view = row_list(self.model)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.delete_button = QPushButton(tr("Delete"))
        self.invoice_button = QPushButton(tr("Invoice this customer's work"))
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.invoice_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        self.uninvoiced.toggled.connect(self.reload)
        self.new_button.clicked.connect(self.add_work)
        self.delete_button.clicked.connect(self.delete_selected)
        self.invoice_button.clicked.connect(self.invoice_selected_customer)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.book_changed.connect(self.reload)
        self.reload()

    def title(self) -> str:  # as a page of the customer's window
        return self.ctx.tr("Work delivered")

    def reload(self) -> None:
        today = self.ctx.today()

        def query(session):  # type: ignore[no-untyped-def]
            rows = work.list_slips(session, uninvoiced=self.uninvoiced.isChecked(), customer_id=self.customer_id)
            per_customer = work.uninvoiced_by_customer(session)
            return rows, per_customer, work.deadline_warning(session, today)

        rows, per_customer, warning = self.ctx.read(query)
        self.model.set_rows(rows)
        if self.customer_id is not None:
            per_customer = [c for c in per_customer if c.customer_id == self.customer_id]
        self.summary.setText(
            self.ctx.tr("Not invoiced: {amount}", amount=self.ctx.money(sum(c.net_cents for c in per_customer)))
        )
        self.warning.setText(self.ctx.say(warning) if warning is not None and self.customer_id is None else "")
        self.warning.setVisible(bool(self.warning.text()))
        self._update_buttons()

    def _selected(self) -> work.SlipRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, index: int) -> None:
        self.view.selectRow(index)

    def _update_buttons(self) -> None:
        row = self._selected()
        self.delete_button.setEnabled(row is not None and row.invoice_id is None)
        self.invoice_button.setEnabled(row is not None and row.invoice_id is None)

    def add_work(self) -> QWidget:
        from shiboken6 import isValid

        editor = WorkSlipEditor(self.ctx, customer_id=self.customer_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._editors = [w for w in self._editors if isValid(w) and w.isVisible()] + [editor]
        editor.show()
        return editor

    def delete_selected(self) -> bool:
        row = self._selected()
        if row is None:
            return False
        attempt(self, self.ctx, work.delete_slip, row.id)
        return True

    def invoice_selected_customer(self) -> int | None:
        """One draft invoice of the selected slip's customer's work up to today, opened in the invoice editor."""
        row = self._selected()
        if row is None:
            return None
        invoice_id = attempt(self, self.ctx, work.invoice_slips, row.customer_id, on=self.ctx.today())
        if invoice_id is not None:
            self.open_invoice.emit(invoice_id)
        return invoice_id


class WorkDialog(QDialog):
    """Invoices ▸ Work delivered…: the queue in a window of its own."""

    open_invoice = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setWindowTitle(ctx.tr("Work delivered"))
        fit_to_screen(self, 880, 540)
        self.panel = WorkPanel(ctx, None, self)
        self.panel.open_invoice.connect(self.open_invoice)
        close = QPushButton(ctx.tr("Close"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch()
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addLayout(bottom)
