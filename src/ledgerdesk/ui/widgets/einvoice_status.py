"""The e-invoice status of one invoice (valid / problems, with the findings) and "Save e-invoice".

Thin: it asks `services.einvoicing` for the status and for the (archived) file, and writes the
bytes where the user chose. The file dialog is injectable so tests need no modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...einvoice.findings import Finding
from ...services import einvoicing
from ...user_files import safe_file_name
from ..context import AppContext
from ..models.rows import Column, RowTableModel

SaveDialog = Callable[[QWidget, str, str, str], str]
ConfirmOverride = Callable[[QWidget, list[Finding]], bool]


@dataclass(frozen=True)
class FindingRow:
    severity: str
    rule: str
    message: str
    location: str


def _ask_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def _confirm_override(parent: QWidget, findings: list[Finding]) -> bool:
    """Ask whether to issue although the e-invoice breaks rules; the user must choose explicitly."""
    tr = parent.ctx.tr  # type: ignore[attr-defined]
    lines = "\n".join(f"• {f.translated(tr)} ({f.rule})" for f in findings if f.is_fatal)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Save e-invoice"),
        tr("this customer receives e-invoices: fix the problems before issuing") + "\n\n" + lines,
        parent=parent,
    )
    issue_anyway = box.addButton(tr("Issue anyway"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is issue_anyway


class EInvoiceStatusWidget(QWidget):
    """Shows whether an invoice's e-invoice is valid and lists what is wrong, in business words."""

    saved = Signal(str)
    issued = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        ask_path: SaveDialog = _ask_path,
        confirm_override: ConfirmOverride = _confirm_override,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ask_path = ask_path
        self._confirm_override = confirm_override
        self._status: einvoicing.EInvoiceStatus | None = None
        tr = ctx.tr
        self.summary = QLabel(tr("No invoice selected."))
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(tr("Save e-invoice…"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        self.model: RowTableModel[FindingRow] = RowTableModel(
            [
                Column(
                    tr("Severity"),
                    lambda r: tr(r.severity),
                    foreground=lambda r: "#b00020" if r.severity == "fatal" else "#8a6d00",
                ),
                Column(tr("Rule"), lambda r: r.rule),
                Column(tr("Problem"), lambda r: r.message, tooltip=lambda r: r.location or None),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        # The status line has the whole width to itself: beside the button it wrapped into a narrow
        # column in French ("Enregistrer la facture électronique…" takes half of the editor's left side).
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        layout.addWidget(self.table)

    def show_invoice(self, invoice_id: int | None) -> None:
        """Validate (read-only) and show the status of one invoice or credit note."""
        tr = self.ctx.tr
        if invoice_id is None:
            self._status = None
            self.summary.setText(tr("No invoice selected."))
            self.model.set_rows([])
            self.save_button.setEnabled(False)
            return
        status = self.ctx.read(einvoicing.status_of, invoice_id, on=self.ctx.today())
        self._status = status
        self.model.set_rows([FindingRow(f.severity, f.rule, f.translated(tr), f.location) for f in status.findings])
        errors = sum(1 for f in status.findings if f.is_fatal)
        warnings = len(status.findings) - errors
        if errors:
            text = tr("E-invoice {number}: {errors} problem(s) to fix", number=status.number, errors=errors)
        elif warnings:
            text = tr("E-invoice {number}: valid, with {warnings} warning(s)", number=status.number, warnings=warnings)
        elif status.peppol_rules:
            text = tr("E-invoice {number}: valid (Peppol BIS 3.0)", number=status.number)
        else:
            text = tr(
                "E-invoice {number}: valid (EN 16931; Peppol rules checked in part — install the official ones "
                "in the settings)",
                number=status.number,
            )
        if not status.issued:
            text += " — " + tr("checked as it would be issued")
        elif status.archived:
            text += " — " + tr("archived")
        if errors and status.receives_einvoice and not status.issued:
            text += " — " + tr("this customer receives e-invoices: fix the problems before issuing")
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b00020" if errors else "color: #1b5e20")
        self.save_button.setEnabled(status.issued and (status.valid or status.archived))

    def issue(self, invoice_id: int) -> str | None:
        """Issue a draft through the e-invoice check: a Peppol customer's invalid invoice needs the
        user's explicit "Issue anyway". Returns the number, or None when nothing was issued.
        The issue date is the draft's, as with `services.invoicing.issue`."""
        try:
            try:
                number = self.ctx.write(einvoicing.issue_with_einvoice, invoice_id)
            except einvoicing.EInvoiceInvalid as refused:
                if not self._confirm_override(self, refused.findings):
                    self.show_invoice(invoice_id)
                    return None
                number = self.ctx.write(einvoicing.issue_with_einvoice, invoice_id, override=True)
        except DomainError as exc:
            self.summary.setText(self.ctx.say(exc))
            return None
        self.show_invoice(invoice_id)
        self.issued.emit(number)
        return number

    def save(self) -> str | None:
        """Ask where, then write the archived (or newly archived) e-invoice there."""
        status = self._status
        if status is None or not status.issued:
            return None
        tr = self.ctx.tr
        from .file_places import remember, start_in

        path = self._ask_path(
            self,
            tr("Save e-invoice"),
            start_in(self.ctx, "documents", safe_file_name(status.number, ".xml")),
            tr("UBL e-invoice (*.xml)"),
        )
        remember(self.ctx, "documents", path)
        if not path:
            return None
        try:
            exported = self.ctx.write(einvoicing.export_einvoice, status.invoice_id, on=self.ctx.today())
            if not exported.report.valid and not status.archived:
                raise DomainError(tr("the e-invoice is not valid; fix the problems first"))
            Path(path).write_bytes(exported.xml)
        except (DomainError, OSError) as exc:
            self.summary.setText(tr("Could not save the e-invoice: {reason}", reason=str(exc)))
            return None
        self.summary.setText(tr("E-invoice {number} saved to {path}", number=status.number, path=path))
        self.saved.emit(path)
        return path
