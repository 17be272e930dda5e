"""Recurring invoices: the list of templates, a form to add one, pause/resume, and generating what is due."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.invoicing import LineInput
from ...i18n import format_date, format_money
from ...services import recurring
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.fit import fit_to_screen

FREQUENCIES = (("monthly", "monthly"), ("quarterly", "quarterly"), ("yearly", "yearly"))


class RecurringDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, as_of: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.as_of = as_of or ctx.today()
        tr, lang = ctx.tr, ctx.language
        self.setWindowTitle(tr("Recurring invoices"))
        self.model: RowTableModel[recurring.TemplateRow] = RowTableModel(
            [
                Column(tr("Customer"), lambda r: r.customer),
                Column(tr("Description"), lambda r: r.name),
                Column(tr("Every"), lambda r: tr(r.frequency)),
                Column(tr("Next"), lambda r: format_date(r.next_date, lang), lambda r: r.next_date),
                Column(tr("Net"), lambda r: format_money(r.net_cents, lang), lambda r: r.net_cents, True),
                Column(tr("Creates"), lambda r: tr("issued invoices") if r.mode == "issued" else tr("drafts")),
                Column(tr("Active"), lambda r: tr("yes") if r.active else tr("paused"), lambda r: r.active),
            ],
            parent=self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.customer = QComboBox()
        for cid, name in ctx.read(recurring.customer_choices):
            self.customer.addItem(name, cid)
        self.description = QLineEdit()
        self.price = QLineEdit()
        self.price.setPlaceholderText("0.00")
        self.vat = QComboBox()
        for rate in ("21", "12", "6", "0"):
            self.vat.addItem(f"{rate} %", rate)
        self.frequency = QComboBox()
        for key, label in FREQUENCIES:
            self.frequency.addItem(tr(label), key)
        self.start = QDateEdit(QDate(self.as_of.year, self.as_of.month, self.as_of.day))
        self.start.setDisplayFormat("dd/MM/yyyy")  # the Belgian date, as everywhere else
        self.start.setCalendarPopup(True)
        self.mode = QComboBox()
        self.mode.addItem(tr("drafts"), "draft")
        self.mode.addItem(tr("issued invoices"), "issued")
        form = QFormLayout()
        form.addRow(tr("Customer"), self.customer)
        form.addRow(tr("Description"), self.description)
        form.addRow(tr("Unit price excl. VAT"), self.price)
        form.addRow(tr("VAT"), self.vat)
        form.addRow(tr("Every"), self.frequency)
        form.addRow(tr("First period"), self.start)
        form.addRow(tr("Creates"), self.mode)
        self.add_button = QPushButton(tr("Add"))
        self.add_button.clicked.connect(self.add)
        self.toggle_button = QPushButton(tr("Pause / resume"))
        self.toggle_button.clicked.connect(self.toggle)
        self.generate_button = QPushButton()
        self.generate_button.clicked.connect(self.generate)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.toggle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.generate_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)  # Qt's "Close", translated
        self.close_buttons.rejected.connect(self.reject)
        layout.addWidget(self.close_buttons)
        fit_to_screen(self, 820, 560)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.ctx.read(recurring.list_templates))
        self.due = self.ctx.read(recurring.due_occurrences, self.as_of)
        self.generate_button.setText(self.ctx.tr("Generate {count} due…", count=len(self.due)))
        self.generate_button.setEnabled(bool(self.due))

    def add(self) -> None:
        tr = self.ctx.tr
        try:
            line = LineInput.of(self.description.text(), 1, self.price.text().replace(",", "."), self.vat.currentData())
            qdate = self.start.date()
            data = recurring.TemplateData(
                customer_id=self.customer.currentData(),
                frequency=self.frequency.currentData(),
                start_date=date(qdate.year(), qdate.month(), qdate.day()),
                lines=[line],
                mode=self.mode.currentData(),
            )
            self.ctx.write(recurring.create_template, data)
        except DomainError as exc:
            self.message.setText(self.ctx.say(exc))
            return
        self.message.setText(tr("Recurring invoice added."))
        self.description.clear()
        self.price.clear()
        self.refresh()

    def toggle(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row_at(rows[0].row())
        self.ctx.write(recurring.set_active, row.id, not row.active)
        self.refresh()

    def generate(self, *, confirm: bool = True) -> None:
        tr = self.ctx.tr
        if confirm:
            listing = "\n".join(
                f"{format_date(o.period_start, self.ctx.language)}  {o.customer}: {o.name}" for o in self.due[:15]
            )
            answer = QMessageBox.question(
                self, tr("Recurring invoices"), tr("Create {count} invoice(s)?", count=len(self.due)) + "\n\n" + listing
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        result = self.ctx.write(recurring.generate, self.as_of, True)
        self.message.setText(tr("{count} invoice(s) created.", count=len(result.created)))
        self.refresh()
