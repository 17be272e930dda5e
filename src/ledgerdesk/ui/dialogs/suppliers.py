"""The suppliers window: the list, a supplier's page (details and bills), adding and changing a supplier."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.suppliers import SupplierInput
from ...services import purchases
from ...services.purchase_list import SupplierRow, list_bills, list_suppliers
from ..context import AppContext
from ..models.purchases import bill_model
from ..models.rows import Column, RowTableModel
from ..widgets.dialog_parts import close_box, form_of, row_list
from ..widgets.fit import fit_to_screen


class SuppliersDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Suppliers"))
        self._current: int | None = None
        self.categories = ctx.read(purchases.categories)

        self.search = QLineEdit(placeholderText=tr("Search name or VAT number"))
        self.search.textChanged.connect(self.reload)
        self.model: RowTableModel[SupplierRow] = RowTableModel(
            [
                Column(tr("Name"), lambda r: r.name, lambda r: r.name.casefold()),
                Column(tr("VAT number"), lambda r: r.vat or ""),
                Column(tr("Bills"), lambda r: str(r.bills), lambda r: r.bills, align_right=True),
                Column(tr("Open"), lambda r: ctx.money(r.open_cents), lambda r: r.open_cents, align_right=True),
            ],
            parent=self,
        )
        self.view = row_list(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.new_button = QPushButton(tr("New supplier"))
        self.new_button.clicked.connect(self.new_supplier)

        # the supplier's page: details (editable) and bills
        self.name = QLineEdit()
        self.vat = QLineEdit(placeholderText="BE 0123.456.789")
        self.iban = QLineEdit()
        self.bic = QLineEdit()
        self.street = QLineEdit()
        self.postcode = QLineEdit()
        self.city = QLineEdit()
        self.country = QLineEdit("BE")
        self.category = QComboBox()
        for c in self.categories:
            self.category.addItem(tr(c.name), c.code)
        self.terms = QSpinBox(minimum=-1, maximum=365)
        self.terms.setSpecialValueText(tr("the book's terms"))
        self.terms.setValue(-1)
        form = form_of(
            (
                (tr("Name"), self.name),
                (tr("VAT or enterprise number"), self.vat),
                (tr("IBAN"), self.iban),
                (tr("BIC"), self.bic),
                (tr("Street"), self.street),
                (tr("Postcode"), self.postcode),
                (tr("City"), self.city),
                (tr("Country"), self.country),
                (tr("Default cost category"), self.category),
                (tr("Payment terms (days)"), self.terms),
            )
        )
        self.save_button = QPushButton(tr("Save supplier"))
        self.save_button.clicked.connect(self.save)
        self.bills = bill_model(ctx, parent=self)
        self.bills_view = QTableView()
        self.bills_view.setModel(self.bills)
        self.bills_view.verticalHeader().hide()
        self.bills_label = QLabel()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.new_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        save_row = QHBoxLayout()
        save_row.addStretch()
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)
        right_layout.addWidget(self.bills_label)
        right_layout.addWidget(self.bills_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        close = close_box(tr, self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.reload()
        fit_to_screen(self, 1000, 640)

    def reload(self) -> None:
        self.model.set_rows(self.ctx.read(list_suppliers, self.search.text()))

    def _selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.show_supplier(self.model.row_at(rows[0].row()))

    def show_supplier(self, row: SupplierRow) -> None:
        self._current = row.id
        self.name.setText(row.name)
        self.vat.setText(row.vat or "")
        self.iban.setText(row.iban or "")
        self.bic.setText(row.bic or "")
        self.street.setText(row.street)
        self.postcode.setText(row.postcode)
        self.city.setText(row.city)
        self.country.setText(row.country)
        self.category.setCurrentIndex(max(self.category.findData(row.default_category), 0))
        self.terms.setValue(-1 if row.payment_terms_days is None else row.payment_terms_days)
        bills = self.ctx.read(list_bills, self.ctx.today(), supplier_id=row.id)
        self.bills.set_rows(bills)
        self.bills_label.setText(
            self.ctx.tr("{count} bills · to pay {amount}", count=len(bills), amount=self.ctx.money(row.open_cents))
        )

    def new_supplier(self) -> None:
        self._current = None
        self.view.clearSelection()
        for field in (self.name, self.vat, self.iban, self.bic, self.street, self.postcode, self.city):
            field.clear()
        self.country.setText("BE")
        self.terms.setValue(-1)
        self.bills.set_rows([])
        self.bills_label.clear()
        self.name.setFocus()

    def data(self) -> SupplierInput:
        return SupplierInput(
            name=self.name.text(),
            vat=self.vat.text(),
            iban=self.iban.text(),
            bic=self.bic.text(),
            street=self.street.text(),
            postcode=self.postcode.text(),
            city=self.city.text(),
            country=self.country.text(),
            default_category=str(self.category.currentData()),
            payment_terms_days=None if self.terms.value() < 0 else self.terms.value(),
        )

    def save(self) -> int | None:
        try:
            if self._current is None:
                self._current, warnings = self.ctx.write(purchases.add_supplier, self.data(), on=self.ctx.today())
            else:
                warnings = self.ctx.write(purchases.update_supplier, self._current, self.data())
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), self.ctx.say(exc))
            return None
        if warnings:
            QMessageBox.information(self, self.windowTitle(), "\n".join(self.ctx.say(w) for w in warnings))
        self.reload()
        return self._current
