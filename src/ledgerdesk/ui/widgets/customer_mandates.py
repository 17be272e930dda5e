"""A customer's SEPA mandates on the customer page: the register, adding, amending, revoking, the signed copy, the form.

Offered to the customer page as `CustomerMandates(ctx, customer_id)` with `title()`. Every action is one
service call (services.direct_debit, services.direct_debit_forms); files are chosen here and handed
over as bytes or a path.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...atomic import write_atomic
from ...services import direct_debit, direct_debit_forms
from ...user_files import read_input
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from .feedback import attempt, show_error

SCHEMES = ("CORE", "B2B")


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class MandateDialog(QDialog):
    """The fields of a new mandate (or, with `amend`, of a change to one)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, amend: direct_debit.MandateRow | None = None):
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr("Amend mandate") if amend else tr("New mandate"))
        self.reference = QLineEdit(amend.reference if amend else "")
        self.iban = QLineEdit(amend.debtor_iban if amend else "")
        self.bic = QLineEdit((amend.debtor_bic or "") if amend else "")
        self.signed = QDateEdit(_qdate(ctx.today()))
        self.signed.setDisplayFormat("dd/MM/yyyy")  # the Belgian date, as everywhere else
        self.signed.setCalendarPopup(True)
        self.scheme = QComboBox()
        for code in SCHEMES:
            self.scheme.addItem(
                tr("Core (consumers and businesses)") if code == "CORE" else tr("B2B (businesses only)"), code
            )
        self.one_off = QCheckBox(tr("One collection only"))
        form = QFormLayout(self)
        form.addRow(tr("Mandate reference"), self.reference)
        form.addRow("IBAN", self.iban)
        form.addRow("BIC", self.bic)
        if amend is None:
            form.addRow(tr("Signed on"), self.signed)
            form.addRow(tr("Scheme"), self.scheme)
            form.addRow("", self.one_off)
        else:
            form.addRow(tr("Change on"), self.signed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class CustomerMandates(QWidget):
    """The customer's mandates and what can be done with them."""

    def __init__(self, ctx: AppContext, customer_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.customer_id = customer_id
        tr, fmt = ctx.tr, ctx.date
        self.model: RowTableModel[direct_debit.MandateRow] = RowTableModel(
            [
                Column(tr("Mandate reference"), lambda r: r.reference),
                Column(tr("Scheme"), lambda r: r.scheme),
                Column(tr("Signed on"), lambda r: fmt(r.signed_on), lambda r: r.signed_on),
                Column("IBAN", lambda r: r.debtor_iban),
                Column(
                    tr("State"),
                    lambda r: (
                        tr("revoked on {day}", day=fmt(r.revoked_on))
                        if r.revoked_on
                        else tr("next collection {sequence}", sequence=r.next_sequence)
                    ),
                ),
                Column(tr("Signed copy"), lambda r: r.document_name if r.has_document else "—"),
            ],
            parent=self,
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        for column in range(1, self.model.columnCount()):  # each as wide as what it holds; the reference the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.add_button = QPushButton(tr("New mandate…"))
        self.amend_button = QPushButton(tr("Amend…"))
        self.revoke_button = QPushButton(tr("Revoke"))
        self.attach_button = QPushButton(tr("Attach signed copy…"))
        self.form_button = QPushButton(tr("Mandate form (PDF)…"))
        self.add_button.clicked.connect(self.ask_add)
        self.amend_button.clicked.connect(self.ask_amend)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.attach_button.clicked.connect(self.ask_attach)
        self.form_button.clicked.connect(self.ask_form)
        bar = QHBoxLayout()
        for button in (self.add_button, self.amend_button, self.revoke_button, self.attach_button, self.form_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        ctx.book_changed.connect(self.refresh)
        self.refresh()

    def title(self) -> str:
        return self.ctx.tr("Direct debit")

    def refresh(self) -> None:
        rows = self.ctx.read(direct_debit.list_mandates, self.customer_id)
        self.model.set_rows(rows)
        setup = self.ctx.read(direct_debit.get_creditor)
        self.hint.setText(
            self.ctx.tr("Set up direct debit first (Invoices ▸ Direct debit…): your creditor identifier from the bank.")
            if setup is None
            else self.ctx.tr(
                "Recurring invoices of this customer are collected by direct debit while a mandate is live."
            )
        )

    def selected(self) -> direct_debit.MandateRow | None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return self.model.row_at(rows[0].row())
        all_rows = self.model.rows()
        return all_rows[0] if len(all_rows) == 1 else None

    # --- actions (each one service call) ------------------------------------------------
    def add(self, data: direct_debit.MandateData) -> int | None:
        return attempt(self, self.ctx, direct_debit.add_mandate, data, today=self.ctx.today())

    def ask_add(self) -> None:
        dialog = MandateDialog(self.ctx, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.add(
            direct_debit.MandateData(
                reference=dialog.reference.text(),
                customer_id=self.customer_id,
                signed_on=_date(dialog.signed.date()),
                debtor_iban=dialog.iban.text(),
                debtor_bic=dialog.bic.text() or None,
                scheme=dialog.scheme.currentData(),
                recurrent=not dialog.one_off.isChecked(),
            )
        )

    def ask_amend(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = MandateDialog(self.ctx, self, amend=row)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        attempt(
            self,
            self.ctx,
            direct_debit.amend_mandate,
            row.id,
            on=_date(dialog.signed.date()),
            reference=dialog.reference.text() if dialog.reference.text() != row.reference else None,
            debtor_iban=dialog.iban.text() if dialog.iban.text() != row.debtor_iban else None,
            debtor_bic=dialog.bic.text() if dialog.bic.text() != (row.debtor_bic or "") else None,
        )

    def revoke_selected(self) -> None:
        row = self.selected()
        if row is not None:
            attempt(self, self.ctx, direct_debit.revoke_mandate, row.id, on=self.ctx.today())

    def attach(self, path: Path) -> str | None:
        row = self.selected()
        if row is None:
            return None
        try:
            data = read_input(path, limit=direct_debit.MAX_DOCUMENT_BYTES)
        except Exception as exc:  # the refusal of the file, shown as one sentence
            show_error(self, self.ctx, exc)
            return None
        return attempt(self, self.ctx, direct_debit.attach_document, row.id, path.name, data, today=self.ctx.today())

    def ask_attach(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.ctx.tr("Signed mandate"), "", "PDF, images (*.pdf *.png *.jpg *.jpeg)"
        )
        if name:
            self.attach(Path(name))

    def save_form(self, path: Path, reference: str, scheme: str = "CORE") -> bool:
        try:
            data = self.ctx.read(direct_debit_forms.mandate_form_pdf, self.customer_id, reference, scheme=scheme)
            write_atomic(path, data)
        except Exception as exc:
            show_error(self, self.ctx, exc)
            return False
        return True

    def ask_form(self) -> None:
        row = self.selected()
        reference = row.reference if row else f"LD-{self.customer_id:05d}"
        name, _filter = QFileDialog.getSaveFileName(
            self, self.ctx.tr("Mandate form"), f"{reference}.pdf", "PDF (*.pdf)"
        )
        if name:
            self.save_form(Path(name), reference, row.scheme if row else "CORE")
