"""The bill editor: a supplier's invoice or credit note typed from its PDF or photo (attached, with its hash)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
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
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.document import DocumentKind
from ...domain.errors import DomainError, ValidationError
from ...domain.invoicing import LineInput, totals_of
from ...domain.purchases import BillLine, CostCategory, vat_split
from ...domain.reverse_charge import RATES as SELF_ASSESS_RATES
from ...domain.reverse_charge import ReverseCharge
from ...domain.vat import VatTreatment
from ...services import purchases
from ...services.purchase_list import SupplierRow, list_suppliers
from ..context import AppContext
from ..models.lines import parse_decimal
from ..widgets.fit import fit_to_screen

RATES = ("21", "12", "6", "0")
DESCRIPTION, AMOUNT, RATE, CATEGORY, DEDUCTIBLE = range(5)


def category_combo(ctx: AppContext, categories: tuple[CostCategory, ...], chosen: str) -> QComboBox:
    """The cost category picker of a bill line, typed or recorded (the book's categories, translated)."""
    combo = QComboBox()
    for c in categories:
        combo.addItem(ctx.tr(c.name), c.code)
    combo.setCurrentIndex(max(combo.findData(chosen), 0))
    return combo


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


@dataclass(frozen=True)
class Parsed:
    lines: tuple[BillLine, ...]
    problems: tuple[str, ...]


class BillEditor(QDialog):
    saved = Signal(int)  # the new bill's id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("New bill"))
        self.attachment: purchases.Attachment | None = None
        self.categories: tuple[CostCategory, ...] = ctx.read(purchases.categories)
        self.suppliers: list[SupplierRow] = ctx.read(list_suppliers)

        self.supplier = QComboBox()
        for s in self.suppliers:
            self.supplier.addItem(f"{s.name} ({s.vat})" if s.vat else s.name, s.id)
        self.credit_note = QCheckBox(tr("Credit note"))
        self.number = QLineEdit()
        self.issue_date = QDateEdit(_qdate(ctx.today()))
        self.issue_date.setDisplayFormat("dd/MM/yyyy")  # the Belgian date, as everywhere else
        self.issue_date.setCalendarPopup(True)
        self.due_stated = QCheckBox(tr("The bill states a due date"))
        self.due_date = QDateEdit(_qdate(ctx.today()))
        self.due_date.setDisplayFormat("dd/MM/yyyy")  # the Belgian date, as everywhere else
        self.due_date.setCalendarPopup(True)
        self.due_date.setEnabled(False)
        self.due_stated.toggled.connect(self.due_date.setEnabled)
        self.ogm = QLineEdit(placeholderText="+++000/0000/00000+++")
        self.iban = QLineEdit(placeholderText=tr("The supplier's usual account"))
        self.who_owes = QComboBox()
        self.who_owes.addItem(tr("The supplier (VAT on the bill)"), None)
        for case in ReverseCharge:
            self.who_owes.addItem(tr(case.label), case.value)
        self.self_assess_rate = QComboBox()
        for rate in SELF_ASSESS_RATES:
            self.self_assess_rate.addItem(f"{rate} %", str(rate))
        self.self_assess_rate.setEnabled(False)
        self.who_owes.currentIndexChanged.connect(
            lambda _=0: self.self_assess_rate.setEnabled(self.who_owes.currentData() is not None)
        )
        form = QFormLayout()
        form.addRow(tr("Supplier"), self.supplier)
        form.addRow(tr("Supplier's invoice number"), self.number)
        form.addRow("", self.credit_note)
        form.addRow(tr("Invoice date"), self.issue_date)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_stated)
        due_row.addWidget(self.due_date)
        form.addRow(tr("Due date"), due_row)
        form.addRow(tr("Structured communication"), self.ogm)
        form.addRow(tr("IBAN to pay"), self.iban)
        form.addRow(tr("Who owes the VAT"), self.who_owes)
        form.addRow(tr("Belgian VAT rate you owe"), self.self_assess_rate)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("Description"), tr("Amount excl. VAT"), tr("VAT rate"), tr("Cost category"), tr("Deductible VAT %")]
        )
        self.table.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header = self.table.horizontalHeader()
        for column in range(1, self.table.columnCount()):  # each header whole ("Catégorie de frais" was cut)
            self.table.setColumnWidth(column, max(110, header.sectionSizeHint(column) + 8))
        self.table.itemChanged.connect(self.refresh_totals)
        add_line = QPushButton(tr("Add line"))
        remove_line = QPushButton(tr("Remove line"))
        add_line.clicked.connect(lambda: self.add_line())
        remove_line.clicked.connect(self.remove_line)
        self.attach_button = QPushButton(tr("Attach the supplier's PDF or photo…"))
        self.attach_button.clicked.connect(self.choose_attachment)
        self.attachment_label = QLabel()
        self.totals = QLabel()
        line_bar = QHBoxLayout()
        line_bar.addWidget(add_line)
        line_bar.addWidget(remove_line)
        line_bar.addStretch()
        line_bar.addWidget(self.totals)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(line_bar)
        attach = QHBoxLayout()
        attach.addWidget(self.attach_button)
        attach.addWidget(self.attachment_label, 1)
        layout.addLayout(attach)
        layout.addWidget(buttons)
        self.supplier.currentIndexChanged.connect(self._supplier_changed)
        self.add_line()
        fit_to_screen(self, 820, 620)

    # --- lines -----------------------------------------------------------------
    def _default_category(self) -> str:
        index = self.supplier.currentIndex()
        return self.suppliers[index].default_category if 0 <= index < len(self.suppliers) else "other"

    def add_line(self, description: str = "", amount: str = "", rate: str = "21", category: str | None = None) -> int:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, DESCRIPTION, QTableWidgetItem(description))
        self.table.setItem(row, AMOUNT, QTableWidgetItem(amount))
        rates = QComboBox()
        rates.addItems([f"{r} %" for r in RATES])
        rates.setCurrentIndex(RATES.index(rate) if rate in RATES else 0)
        rates.currentIndexChanged.connect(self.refresh_totals)
        self.table.setCellWidget(row, RATE, rates)
        chosen = category or self._default_category()
        cats = category_combo(self.ctx, self.categories, chosen)
        self.table.setCellWidget(row, CATEGORY, cats)
        pct = QTableWidgetItem(self._pct_of(chosen))
        self.table.setItem(row, DEDUCTIBLE, pct)
        cats.currentIndexChanged.connect(lambda _=0, r=row, c=cats: self._category_changed(r, c))
        self.table.blockSignals(False)
        self.refresh_totals()
        return row

    def _pct_of(self, code: str) -> str:
        found = next((c for c in self.categories if c.code == code), None)
        return format(found.deductible_pct.normalize(), "f") if found else "100"

    def _category_changed(self, row: int, combo: QComboBox) -> None:
        item = self.table.item(row, DEDUCTIBLE)
        if item is not None:
            item.setText(self._pct_of(str(combo.currentData())))

    def _supplier_changed(self) -> None:
        code = self._default_category()
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, CATEGORY)
            if isinstance(combo, QComboBox) and not (self.table.item(row, AMOUNT) or QTableWidgetItem()).text():
                combo.setCurrentIndex(max(combo.findData(code), 0))

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and self.table.rowCount() > 1:
            self.table.removeRow(row)
            self.refresh_totals()

    def parsed(self) -> Parsed:
        tr = self.ctx.tr
        lines: list[BillLine] = []
        problems: list[str] = []
        for row in range(self.table.rowCount()):
            amount_text = (self.table.item(row, AMOUNT) or QTableWidgetItem()).text().strip()
            if not amount_text:
                continue
            description = (self.table.item(row, DESCRIPTION) or QTableWidgetItem()).text().strip()
            rate_box = self.table.cellWidget(row, RATE)
            cat_box = self.table.cellWidget(row, CATEGORY)
            assert isinstance(rate_box, QComboBox) and isinstance(cat_box, QComboBox)
            try:
                amount = parse_decimal(amount_text)
                pct = parse_decimal((self.table.item(row, DEDUCTIBLE) or QTableWidgetItem()).text() or "100")
            except (ValidationError, InvalidOperation, ArithmeticError):
                problems.append(tr("Line {line}: '{value}' is not an amount", line=row + 1, value=amount_text))
                continue
            rate = Decimal(RATES[rate_box.currentIndex()])
            text = description or tr("VAT {rate} %", rate=RATES[rate_box.currentIndex()])
            lines.append(
                BillLine(LineInput(text, Decimal(1), amount, VatTreatment(rate)), str(cat_box.currentData()), pct)
            )
        return Parsed(tuple(lines), tuple(problems))

    def refresh_totals(self) -> None:
        lines = self.parsed().lines
        totals = totals_of([b.line for b in lines])
        split = vat_split(lines) if lines else None
        self.totals.setText(
            self.ctx.tr(
                "Excl. VAT {net} · VAT {vat} (deductible {deductible}) · total {total}",
                net=self.ctx.money(totals.net_cents),
                vat=self.ctx.money(totals.vat_cents),
                deductible=self.ctx.money(split.deductible_cents if split else 0),
                total=self.ctx.money(totals.total_cents),
            )
        )

    # --- the supplier's document ------------------------------------------------------
    def choose_attachment(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.ctx.tr("Attach the supplier's PDF or photo…"), "", "PDF, JPEG, PNG (*.pdf *.jpg *.jpeg *.png)"
        )
        if name:
            self.attach(Path(name))

    def attach(self, path: Path) -> None:
        from ...user_files import read_input

        try:
            content = read_input(path, limit=purchases.FILE_LIMIT)
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), self.ctx.say(exc))
            return
        self.attachment = purchases.Attachment(path.name, content)
        sha = hashlib.sha256(content).hexdigest()
        self.attachment_label.setText(f"{path.name} · SHA-256 {sha[:16]}…")

    # --- save --------------------------------------------------------------------
    def draft(self) -> purchases.BillDraft:
        parsed = self.parsed()
        if parsed.problems:
            raise ValidationError(parsed.problems[0])
        if self.supplier.currentIndex() < 0:
            raise ValidationError(self.ctx.tr("Add the supplier first (Suppliers…)."))
        return purchases.BillDraft(
            supplier_id=int(self.supplier.currentData()),
            number=self.number.text(),
            issue_date=_day(self.issue_date.date()),
            lines=parsed.lines,
            kind=DocumentKind.PURCHASE_CREDIT_NOTE if self.credit_note.isChecked() else DocumentKind.PURCHASE_INVOICE,
            due_date=_day(self.due_date.date()) if self.due_stated.isChecked() else None,
            structured_communication=self.ogm.text(),
            iban=self.iban.text(),
            reverse_charge=self.who_owes.currentData(),
            reverse_charge_rate=Decimal(self.self_assess_rate.currentData()) if self.who_owes.currentData() else None,
        )

    def save(self) -> int | None:
        try:
            recorded = self.ctx.write(
                purchases.record_bill,
                self.draft(),
                on=self.ctx.today(),
                attachments=[self.attachment] if self.attachment else [],
            )
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), self.ctx.say(exc))
            return None
        if recorded.warnings:
            QMessageBox.information(self, self.windowTitle(), "\n".join(self.ctx.say(w) for w in recorded.warnings))
        self.saved.emit(recorded.id)
        self.accept()
        return recorded.id
