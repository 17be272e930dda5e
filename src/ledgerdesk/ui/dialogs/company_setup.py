"""First start (and later edits): the user's company, checked as you type; or open the demo book."""

from __future__ import annotations

import importlib.util

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain import identifiers
from ...domain.email_address import validate_email
from ...domain.errors import ValidationError
from ...i18n import LANGUAGE_NAMES
from ...services import company as company_service
from ...services.company import CompanyData
from ..widgets.feedback import attempt
from ..widgets.steady import ChoiceBox, MessageLine, reserve_lines
from .customer_form import with_message

OK_STYLE, ERROR_STYLE, WARNING_STYLE = "color: #2e7d32;", "color: #c62828;", "color: #b26a00;"
DEMO_RESULT = 2  # dialog result code: the user chose to explore the demo book
LANGUAGE_RESULT = 3  # dialog result code: the user chose another interface language (`chosen_language`)


def demo_available() -> bool:
    return importlib.util.find_spec("ledgerdesk.services.demo") is not None


def _shown(format_, value: str | None) -> str:  # type: ignore[no-untyped-def]
    """A number as the user reads it; what they typed as is when it is not valid (yet)."""
    if not value:
        return ""
    try:
        return format_(value)
    except (ValidationError, ValueError):
        return value


def _email_check(text: str) -> tuple[None, tuple[str, ...]]:
    """A good address needs no ✓ echo under it (it reads the same); a bad one raises."""
    validate_email(text)
    return None, ()


class CompanySetup(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, first_start: bool = True) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Your company") if not first_start else tr("Welcome to LedgerDesk"))
        self.setMinimumWidth(560)
        intro = QLabel(
            tr("Enter your company's details once; they appear on every invoice.")
            if first_start
            else tr("Your company's details as they appear on new invoices.")
        )
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.street = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaximumWidth(90)
        self.city = QLineEdit()
        self.country = QLineEdit("BE")
        self.country.setMaxLength(2)
        self.country.setMaximumWidth(50)
        self.vat = QLineEdit(placeholderText="BE 0123.456.789")
        self.vat.setObjectName("vat")
        # Typing never changes it: letters meant for the next field once switched the regime unseen.
        self.regime = ChoiceBox()
        self.regime.addItem(tr("Standard VAT regime"), "standard")
        self.regime.addItem(tr("Small business franchise (no VAT charged)"), "franchise")
        self.regime.addItem(tr("Exempt under art. 44 (medical care, teaching, …: no VAT, no VAT return)"), "art44")
        # under the franchise: the year's turnover against its threshold (filled by _load)
        self.franchise_label = QLabel()
        self.franchise_label.setWordWrap(True)
        self.franchise_label.setVisible(False)
        self.iban = QLineEdit(placeholderText="BE71 0961 2345 6769")
        self.iban.setObjectName("iban")
        self.bic = QLineEdit()
        self.bic.setObjectName("bic")
        self.email = QLineEdit()
        self.email.setObjectName("email")
        self.phone = QLineEdit()
        self.language = ChoiceBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(ctx.language))
        # At first start the interface language is chosen here too (from the system's by default);
        # changing it re-opens this dialog in that language with what was typed kept.
        self.chosen_language: str | None = None
        self.ui_language = ChoiceBox()
        for code, name in LANGUAGE_NAMES.items():
            self.ui_language.addItem(name, code)
        self.ui_language.setCurrentIndex(self.ui_language.findData(ctx.language))
        self.ui_language.currentIndexChanged.connect(self._language_chosen)
        self.terms = QSpinBox()
        self.terms.setRange(0, 365)
        self.terms.setValue(30)
        self.terms.setSuffix(" " + tr("days"))
        self.field_messages = {name: MessageLine() for name in ("vat", "iban", "bic", "email")}
        self.message = QLabel()
        self.message.setWordWrap(True)
        reserve_lines(self.message, 2)  # the buttons below never move as messages come and go

        place = QHBoxLayout()
        place.addWidget(self.postcode)
        place.addWidget(self.city, 1)
        place.addWidget(self.country)
        form = QFormLayout()
        if first_start:
            form.addRow(tr("Interface language"), self.ui_language)
        form.addRow(tr("Company name"), self.name)
        form.addRow(tr("Street"), self.street)
        form.addRow(tr("Postcode, city, country"), place)
        form.addRow(tr("VAT number"), with_message(self.vat, self.field_messages["vat"]))
        form.addRow(tr("VAT regime"), self.regime)
        form.addRow("", self.franchise_label)
        form.addRow(tr("IBAN"), with_message(self.iban, self.field_messages["iban"]))
        form.addRow(tr("BIC"), with_message(self.bic, self.field_messages["bic"]))
        form.addRow(tr("E-mail"), with_message(self.email, self.field_messages["email"]))
        form.addRow(tr("Phone"), self.phone)
        form.addRow(tr("Language of your invoices"), self.language)
        form.addRow(tr("Payment terms"), self.terms)

        self.save_button = QPushButton(tr("Save and start") if first_start else tr("Save"))
        self.save_button.setDefault(True)
        self.demo_button = QPushButton(tr("Explore the demo book instead"))
        self.demo_button.setVisible(first_start and demo_available())
        cancel = QPushButton(tr("Quit") if first_start else tr("Cancel"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.demo_button.clicked.connect(self.choose_demo)
        cancel.clicked.connect(self.reject)
        for edit in (
            self.name,
            self.street,
            self.postcode,
            self.city,
            self.country,
            self.vat,
            self.iban,
            self.bic,
            self.email,
        ):
            edit.textChanged.connect(self.check)
        self.regime.currentIndexChanged.connect(self.check)
        # An empty name is only pointed out once the user has typed in it and left it (or tried to save):
        # a blank form that opens with a complaint reads as an error before anything was done.
        self._name_left = False
        self.name.editingFinished.connect(self._name_finished)
        if not first_start:
            self._load()
        self.check()

    def _name_finished(self) -> None:
        if self.name.isModified():
            self._name_left = True
            self.check()

    def choose_demo(self) -> None:
        self.done(DEMO_RESULT)

    def _language_chosen(self) -> None:
        code = self.ui_language.currentData()
        if code != self.ctx.language:
            if self.language.currentData() == self.ctx.language:  # not chosen apart: the invoices follow
                self.language.setCurrentIndex(self.language.findData(code))
            self.chosen_language = code
            self.done(LANGUAGE_RESULT)

    def _load(self) -> None:
        self.fill(self.ctx.read(company_service.get_company))
        from ...services.franchise import franchise_status

        status = self.ctx.read(franchise_status, self.ctx.today())
        self.franchise_label.setVisible(status is not None)
        if status is not None:
            self.franchise_label.setText(status.message().translated(self.ctx.tr))
            self.franchise_label.setStyleSheet("color: #c62828;" if status.exceeded or status.approaching else "")

    def fill(self, company) -> None:  # type: ignore[no-untyped-def]
        """Show a company's details (saved ones, or what was typed before the language changed)."""
        self.name.setText(company.name)
        self.street.setText(company.street)
        self.postcode.setText(company.postcode)
        self.city.setText(company.city)
        self.country.setText(company.country)
        self.vat.setText(_shown(identifiers.format_vat, company.vat))
        self.regime.setCurrentIndex(self.regime.findData(company.vat_regime))
        self.iban.setText(_shown(identifiers.format_iban, company.iban))
        self.bic.setText(company.bic or "")
        self.email.setText(company.email)
        self.phone.setText(company.phone)
        self.language.setCurrentIndex(self.language.findData(company.language))
        self.terms.setValue(company.payment_terms_days)
        if getattr(company, "invoice_number_format", None):
            self._formats = (company.invoice_number_format, company.credit_note_number_format)

    def data(self) -> CompanyData:
        data = CompanyData(
            name=self.name.text(),
            street=self.street.text(),
            postcode=self.postcode.text(),
            city=self.city.text(),
            country=self.country.text(),
            vat=self.vat.text().strip() or None,
            vat_regime=self.regime.currentData(),
            iban=self.iban.text().strip() or None,
            bic=self.bic.text().strip() or None,
            email=self.email.text(),
            phone=self.phone.text(),
            language=self.language.currentData(),
            payment_terms_days=self.terms.value(),
        )
        if hasattr(self, "_formats"):
            data.invoice_number_format, data.credit_note_number_format = self._formats
        return data

    def _field(self, edit: QLineEdit, check, refusal: str | None = None) -> bool:  # type: ignore[no-untyped-def]
        """Check one field; False when it is refused (the message says so next to it: `refusal`, or the
        rule's own sentence). A value the check returns as None is accepted without a ✓ line."""
        label = self.field_messages[edit.objectName()]
        text = edit.text().strip()
        ok = True
        if not text:
            label.setText("")
        else:
            try:
                normal, warnings = check(text)
            except ValidationError as exc:
                label.setStyleSheet(ERROR_STYLE)
                label.setText(refusal if refusal is not None else self.ctx.say(str(exc)))
                ok = False
            else:
                label.setStyleSheet(WARNING_STYLE if warnings else OK_STYLE)
                label.setText(
                    "⚠ " + self.ctx.tr("The bank code of this IBAN is not in the Belgian bank register; check it.")
                    if warnings
                    else ("✓ " + normal if normal is not None else "")
                )
        return ok

    def check(self) -> bool:
        """Field messages as you type; the Save button only when the service would accept it."""
        tr = self.ctx.tr
        country = (self.country.text() or "BE").upper()
        fields_ok = all(
            [
                self._field(
                    self.vat,
                    lambda t: (identifiers.format_vat(identifiers.validate_vat(t, country)), ()),
                    tr("This is not a valid VAT number (check the digits)."),
                ),
                self._field(
                    self.iban,
                    lambda t: (lambda c: (identifiers.format_iban(c.value), c.warnings))(identifiers.check_iban(t)),
                    tr("This is not a valid IBAN (check the digits)."),
                ),
                self._field(self.bic, lambda t: (identifiers.validate_bic(t), ()), tr("This is not a valid BIC.")),
                self._field(self.email, _email_check),
            ]
        )
        derived = identifiers.bank_bic(self.iban.text()) if self.iban.text().strip() else None
        self.bic.setPlaceholderText(tr("{bic} (from the IBAN)", bic=derived) if derived else "")
        try:
            _, warnings = company_service.clean_company(self.data())
        except ValidationError as exc:
            # A refused field already says why next to it; a missing name waits until the user has been there.
            quiet = not fields_ok or (not self.name.text().strip() and not self._name_left)
            self.message.setStyleSheet(ERROR_STYLE)
            self.message.setText("" if quiet else self.ctx.say(str(exc)))
            self.save_button.setEnabled(False)
            return False
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText("\n".join("⚠ " + self.ctx.say(w) for w in warnings))
        self.save_button.setEnabled(True)
        return True

    def save(self) -> bool:
        self._name_left = True  # a save attempt is the moment to say what is missing
        if not self.check():
            return False
        if attempt(self, self.ctx, company_service.save_company, self.data()) is None:
            return False
        self.accept()
        return True
