"""Settings: the interface language (applied at once by rebuilding the window) and company details."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ...i18n import LANGUAGE_NAMES
from ...services import einvoicing
from ..widgets.background import Job


def _ask_rules_file(parent: QWidget, title: str, folder: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path


class SettingsDialog(QDialog):
    language_chosen = Signal(str)

    def __init__(  # type: ignore[no-untyped-def]
        self, ctx, parent: QWidget | None = None, *, ask_file: Callable[..., str] = _ask_rules_file
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ask_file = ask_file
        self._job: Job | None = None
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
        self.rules_state = QLabel()
        self.rules_state.setWordWrap(True)
        self.rules_download = QPushButton(tr("Install from OpenPeppol"))
        self.rules_download.setToolTip(
            tr("Downloads the pinned release once and checks its SHA-256; validation then runs all Peppol rules")
        )
        self.rules_download.clicked.connect(lambda: self.install_rules(None))
        self.rules_from_file = QPushButton(tr("From a file…"))
        self.rules_from_file.clicked.connect(self.install_rules_from_file)
        rules_buttons = QHBoxLayout()
        rules_buttons.addWidget(self.rules_download)
        rules_buttons.addWidget(self.rules_from_file)
        rules_buttons.addStretch(1)
        self._show_rules(einvoicing.peppol_rules_in_use())
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
        form.addRow(tr("Peppol rules"), self.rules_state)
        form.addRow("", rules_buttons)
        form.addRow(buttons)

    def _show_rules(self, official: str | None, problem: str = "") -> None:
        tr = self.ctx.tr
        if official:
            text = tr("{name}, official: every e-invoice is checked against all Peppol rules.", name=official)
        else:
            text = tr(
                "Not installed: e-invoices are checked against EN 16931 and part of the Peppol rules only. "
                "OpenPeppol does not let us ship its rules; install them once."
            )
        self.rules_state.setText(text + (f"\n{problem}" if problem else ""))
        for button in (self.rules_download, self.rules_from_file):
            button.setEnabled(not official)

    def install_rules_from_file(self) -> None:
        chosen = self._ask_file(
            self, self.ctx.tr("From a file…"), str(Path.home()), "Schematron (*.sch);;" + self.ctx.tr("All files (*)")
        )
        if chosen:
            self.install_rules(Path(chosen))

    def install_rules(self, source: Path | None) -> None:
        """Download (or read `source`) off the UI thread; the label says the outcome in the user's words."""
        self.rules_download.setEnabled(False)
        self.rules_from_file.setEnabled(False)
        self.rules_state.setText(self.ctx.tr("Installing the official Peppol rules…"))
        self._job = Job(lambda: einvoicing.install_peppol_rules(source))
        self._job.done.connect(lambda official: self._show_rules(official))
        self._job.failed.connect(lambda message: self._show_rules(None, message.partition(": ")[2] or message))
        self._job.start()

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
