"""The statement import wizard: preview (new, already imported, to review, with reasons), then import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QTableView, QVBoxLayout

from ...domain.errors import DomainError
from ...services import bank_import
from ..context import AppContext
from ..models.receivables import PreviewRow, preview_model

STATES = {"matched": "matched", "review": "to review", "unmatched": "unmatched", "outgoing": "outgoing"}


class ImportStatementDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx, self.path = ctx, Path(path)
        self.result_: bank_import.ImportResult | None = None
        self.setWindowTitle(ctx.tr("Import statement…"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableView()
        self.model = preview_model(ctx.tr)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(ctx.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(900, 500)
        self.plan: bank_import.Plan | None = None
        self.load()

    def load(self) -> None:
        try:
            self.plan = self.ctx.read(bank_import.preview_file, self.path, today=self.ctx.today())
        except bank_import.StatementRefused as exc:
            self.summary.setText("\n".join(str(p) for p in exc.problems[:20]))
            self.import_button.setEnabled(False)
            return
        rows = [
            PreviewRow(p.line.sequence, p.line.booking_date, p.line.amount_cents,
                       p.line.counterparty_name or p.line.counterparty_iban,
                       "already imported" if p.duplicate else STATES[p.outcome.status],  # type: ignore[union-attr]
                       "" if p.duplicate else p.outcome.reason)  # type: ignore[union-attr]
            for p in self.plan.lines
        ]
        self.model.set_rows(rows)
        tr = self.ctx.tr
        self.summary.setText(
            f"{self.plan.file_name}: {self.plan.new} {tr('new')}, {self.plan.duplicates} {tr('already imported')}, "
            f"{self.plan.count('matched')} {tr('matched')}, {self.plan.count('review')} {tr('to review')}, "
            f"{self.plan.count('unmatched')} {tr('unmatched')}, {self.plan.count('outgoing')} {tr('outgoing')}")
        self.import_button.setEnabled(self.plan.new > 0)

    def do_import(self) -> None:
        accept = False
        if self.plan is not None and self.plan.foreign_accounts:
            answer = QMessageBox.question(self, self.windowTitle(),
                                          self.ctx.tr("The statement's account is not the company's. Import it anyway?"))
            if answer != QMessageBox.StandardButton.Yes:
                return
            accept = True
        try:
            self.result_ = self.ctx.write(bank_import.import_file, self.path, today=self.ctx.today(), accept_account=accept)
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.accept()
