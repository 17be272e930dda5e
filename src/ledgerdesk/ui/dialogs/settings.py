"""Settings: the interface language (applied at once by rebuilding the window) and company details."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QWidget

from ...i18n import LANGUAGE_NAMES


class SettingsDialog(QDialog):
    language_chosen = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Settings"))
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(ctx.language))
        note = QLabel(tr("Numbers, amounts and dates follow the Belgian conventions of the language."))
        note.setWordWrap(True)
        self.company_button = QPushButton(tr("Company details…"))
        self.company_button.clicked.connect(self.edit_company)
        self.documents_button = QPushButton(tr("Documents…"))
        self.documents_button.setToolTip(tr("Logo, envelope window and payment terms on invoices"))
        self.documents_button.clicked.connect(self.edit_documents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Interface language"), self.language)
        form.addRow(note)
        form.addRow(tr("Company"), self.company_button)
        form.addRow(tr("Invoices"), self.documents_button)
        form.addRow(buttons)

    def edit_company(self) -> None:
        from .company_setup import CompanySetup

        CompanySetup(self.ctx, self, first_start=False).exec()

    def edit_documents(self) -> None:
        from ..widgets.invoice_lines import document_module

        document_module().DocumentSettingsDialog(self.ctx, self).exec()

    def apply(self) -> None:
        language = self.language.currentData()
        self.accept()
        if language != self.ctx.language:
            self.language_chosen.emit(language)
