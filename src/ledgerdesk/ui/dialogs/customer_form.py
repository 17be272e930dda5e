"""The customer editor: every field of a customer, checked as you type by the service's own rules."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.identifiers import format_vat, validate_vat
from ...i18n import LANGUAGE_NAMES
from ...services import company as company_service
from ...services.company import CustomerData
from ..widgets.steady import ChoiceBox, MessageLine, reserve_lines

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #b26a00;"


def with_message(edit: QWidget, message: QLabel) -> QWidget:
    """A field with its message right under it, in a line kept for it even when empty (nothing moves)."""
    box = QWidget()
    # Never taller than the field and its message: spare height goes to the notes, not around the field.
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(edit)
    layout.addWidget(message)
    return box


class CustomerForm(QWidget):
    """Fields and live messages; `data()` returns a CustomerData, `problem()` the first refusal."""

    changed = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.name = QLineEdit()
        self.kind = ChoiceBox()
        self.kind.addItem(tr("Business"), "business")
        self.kind.addItem(tr("Consumer"), "consumer")
        self.street = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(90)
        self.city = QLineEdit()
        self.country = QLineEdit("BE")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(50)
        self.vat = QLineEdit(placeholderText="BE 0123.456.789")
        self.vat_message = MessageLine()
        self.language = ChoiceBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        # A new customer gets the company's invoice language (a French-speaking trader's customers are not Dutch).
        self.language.setCurrentIndex(self.language.findData(ctx.read(company_service.invoice_language)))
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.terms = QSpinBox()
        self.terms.setRange(-1, 365)
        self.terms.setSpecialValueText(tr("Company default"))
        self.terms.setValue(-1)
        self.terms.setSuffix(" " + tr("days"))
        self.einvoice = QCheckBox(tr("Receives e-invoices (Peppol)"))
        self._einvoice_by_default = True
        self.einvoice.clicked.connect(lambda _on: setattr(self, "_einvoice_by_default", False))
        self.requires_reference = QCheckBox(tr("Requires a buyer reference or order number on every invoice"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.message = QLabel()
        self.message.setWordWrap(True)
        reserve_lines(self.message, 2)  # room kept: the fields above and the buttons below hold still

        place = QHBoxLayout()
        place.addWidget(self.postcode)
        place.addWidget(self.city, 1)
        place.addWidget(self.country)
        form = QFormLayout(self)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Kind"), self.kind)
        form.addRow(tr("Street"), self.street)
        form.addRow(tr("Postcode, city, country"), place)
        form.addRow(tr("VAT number"), with_message(self.vat, self.vat_message))
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("E-mail"), self.email)
        form.addRow(tr("Phone"), self.phone)
        form.addRow(tr("Payment terms"), self.terms)
        form.addRow("", self.einvoice)
        form.addRow("", self.requires_reference)
        form.addRow(tr("Notes"), self.notes)
        form.addRow(self.message)

        for edit in (self.name, self.street, self.postcode, self.city, self.country, self.vat, self.email, self.phone):
            edit.textChanged.connect(self._check)
        self.kind.currentIndexChanged.connect(self._check)
        self._check()

    def set_data(self, data: CustomerData) -> None:
        self.name.setText(data.name)
        self.kind.setCurrentIndex(self.kind.findData(data.kind))
        self.street.setText(data.street)
        self.postcode.setText(data.postcode)
        self.city.setText(data.city)
        self.country.setText(data.country)
        self.vat.setText(data.vat or "")
        self.language.setCurrentIndex(self.language.findData(data.language))
        self.email.setText(data.email)
        self.phone.setText(data.phone)
        self.terms.setValue(-1 if data.payment_terms_days is None else data.payment_terms_days)
        self.einvoice.setChecked(data.receives_einvoice)
        self._einvoice_by_default = False  # a saved customer keeps its own choice
        self.requires_reference.setChecked(data.requires_buyer_reference)
        self.notes.setPlainText(data.notes)
        self._check()

    def data(self) -> CustomerData:
        return CustomerData(
            name=self.name.text(),
            kind=self.kind.currentData(),
            street=self.street.text(),
            postcode=self.postcode.text(),
            city=self.city.text(),
            country=self.country.text(),
            vat=self.vat.text().strip() or None,
            language=self.language.currentData(),
            email=self.email.text(),
            phone=self.phone.text(),
            payment_terms_days=None if self.terms.value() < 0 else self.terms.value(),
            notes=self.notes.toPlainText(),
            receives_einvoice=self.einvoice.isChecked(),
            requires_buyer_reference=self.requires_reference.isChecked(),
        )

    def problem(self) -> str | None:
        """The service's refusal for what is typed now, or None; warnings do not block."""
        try:
            company_service.clean_customer(None, self.data())  # type: ignore[arg-type]  # it never touches the session
        except ValidationError as exc:
            return str(exc)
        return None

    def _check(self) -> None:
        tr = self.ctx.tr
        text = self.vat.text().strip()
        if text:
            try:
                normal = validate_vat(text, default_country=(self.country.text() or "BE").upper())
                self.vat_message.setStyleSheet("color: #2e7d32;")
                self.vat_message.setText("✓ " + format_vat(normal))
            except ValidationError:
                self.vat_message.setStyleSheet(ERROR_STYLE)
                self.vat_message.setText(tr("This is not a valid VAT number (check the digits)."))
        else:
            self.vat_message.setText("")
        problem = None if not self.name.text().strip() else self.problem()
        if problem and text and self.vat_message.styleSheet() == ERROR_STYLE:
            problem = None  # already said next to the VAT number
        if problem:
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText(self.ctx.say(problem))
        else:
            warnings: list[Any] = []
            if self.name.text().strip():
                try:
                    _, warnings = company_service.clean_customer(None, self.data())  # type: ignore[arg-type]
                except ValidationError:
                    pass
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText("\n".join("⚠ " + self._warning(w) for w in warnings))
        if self._einvoice_by_default:  # until the user ticks or unticks it
            self.einvoice.setChecked(company_service.expects_einvoice(self.data()))
        self.changed.emit()

    def _warning(self, text: str) -> str:
        if text.endswith("is a Belgian business without a VAT number"):
            return self.ctx.tr("A Belgian business without a VAT number: its invoices need one.")
        return self.ctx.say(text)
