"""The statement import wizard: preview (new, already imported, to review, with reasons), then import.

Reading, matching and booking a large statement takes a second or two, so both steps run
in a worker thread while the dialog shows what it is doing; the book is only changed by
the one `import_file` transaction at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QProgressBar, QTableView, QVBoxLayout

from ... import i18n
from ...domain.errors import DomainError
from ...services import bank_import
from ..context import AppContext
from ..models.receivables import PreviewRow, preview_model, reason_amount
from ..widgets.fit import fit_to_screen

STATES = {"matched": "matched", "review": "to review", "unmatched": "unmatched", "outgoing": "outgoing"}


class _Worker(QThread):
    """Runs one service call off the UI thread; `finished` arrives back on the UI thread."""

    def __init__(self, job: Callable[[], Any], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.job = job
        self.result: Any = None
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.result = self.job()
        except Exception as exc:  # handed to the UI thread, shown as one sentence
            self.error = exc


class ImportStatementDialog(QDialog):
    def __init__(self, ctx: AppContext, path: Path, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx, self.path = ctx, Path(path)
        self.result_: bank_import.ImportResult | None = None
        self.returned_note = ""  # the direct debits the bank sent back, as told after the import
        self.plan: bank_import.Plan | None = None
        self.busy = False
        self._worker: _Worker | None = None
        self.setWindowTitle(ctx.tr("Import statement…"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: one transaction has no meaningful percentage
        self.progress.hide()
        self.table = QTableView()
        self.model = preview_model(ctx.tr, ctx.language)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # file order unless the user sorts
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(ctx.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 1040, 560)  # the reasons are long sentences: room for them on one line
        self._start(
            lambda: self.ctx.read(bank_import.preview_file, self.path, today=self.ctx.today()),
            self._previewed,
            ctx.tr("Reading the statement…"),
        )

    # --- worker plumbing ------------------------------------------------------------
    def _start(self, job: Callable[[], Any], done: Callable[[_Worker], None], message: str) -> None:
        self.busy = True
        self.summary.setText(message)
        self.progress.show()
        self.import_button.setEnabled(False)
        worker = _Worker(job, self)
        worker.finished.connect(lambda: self._finished(worker, done))
        self._worker = worker
        worker.start()

    def _finished(self, worker: _Worker, done: Callable[[_Worker], None]) -> None:
        self.progress.hide()
        self.busy = False
        done(worker)

    def reject(self) -> None:
        if self._worker is not None and self._worker.isRunning():
            self._worker.wait()  # the transaction finishes or rolls back as a whole; never cut in half
        super().reject()

    # --- steps ------------------------------------------------------------------------
    def _previewed(self, worker: _Worker) -> None:
        if isinstance(worker.error, bank_import.StatementRefused):
            tr = self.ctx.tr
            self.summary.setText(
                "\n".join(
                    f"{p.file}, {tr('file') if p.where == 'file' else p.where}: {self.ctx.say(p.message, alone=False)}"
                    for p in worker.error.problems[:20]
                )
            )
            return
        if worker.error is not None:
            self.summary.setText(str(worker.error))
            return
        self.plan = worker.result
        amount = reason_amount(self.ctx.language)
        rows = [
            PreviewRow(
                p.line.sequence,
                p.line.booking_date,
                p.line.amount_cents,
                p.line.counterparty_name or p.line.counterparty_iban,
                "already imported" if p.duplicate else STATES[p.outcome.status],  # type: ignore[union-attr]
                ("" if p.duplicate else p.outcome.why.text(self.ctx.tr, amount))  # type: ignore[union-attr]
                + "".join(f" [{note.text(self.ctx.tr)}]" for note in p.line.notes),
            )
            for p in self.plan.lines  # type: ignore[union-attr]
        ]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        tr, plan = self.ctx.tr, self.plan
        self.summary.setText(
            f"{plan.file_name}: {plan.new} {tr('new')}, {plan.duplicates} {tr('already imported')}, "  # type: ignore[union-attr]
            f"{plan.count('matched')} {tr('matched')}, {plan.count('review')} {tr('to review')}, "  # type: ignore[union-attr]
            f"{plan.count('unmatched')} {tr('unmatched')}, {plan.count('outgoing')} {tr('outgoing')}"  # type: ignore[union-attr]
            + "".join(
                f"\n{tr('Message from the bank')} ({st.number}): {st.free_message}"
                for st in plan.statements
                if st.free_message
            )  # type: ignore[union-attr]
            + (
                f"\n{tr('Some texts were longer than a bank can send and were cut (see the lines).')}"
                if any(p.line.notes for p in plan.lines)
                else ""
            )
        )  # type: ignore[union-attr]
        self.import_button.setEnabled(plan.new > 0)  # type: ignore[union-attr]

    def do_import(self) -> None:
        if self.busy or self.plan is None:
            return
        accept = False
        if self.plan.foreign_accounts:
            answer = QMessageBox.question(
                self, self.windowTitle(), self.ctx.tr("The statement's account is not the company's. Import it anyway?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            accept = True
        self._start(
            lambda: self.ctx.write(bank_import.import_file, self.path, today=self.ctx.today(), accept_account=accept),
            self._imported,
            self.ctx.tr("Importing…"),
        )

    def _imported(self, worker: _Worker) -> None:
        if worker.error is not None:
            message = (
                str(worker.error)
                if isinstance(worker.error, DomainError)
                else (f"{type(worker.error).__name__}: {worker.error}")
            )
            self.summary.setText(message)
            QMessageBox.warning(self, self.windowTitle(), message)
            self.import_button.setEnabled(True)
            return
        self.result_ = worker.result
        if self.result_ is not None and self.result_.returned:  # told before the dialog closes, never silently
            from ...services.direct_debit_returns import returned_sentence

            language = self.ctx.language
            self.returned_note = "\n\n".join(
                returned_sentence(self.ctx.tr, r, i18n.format_money(r.amount_cents, language))
                for r in self.result_.returned
            )
            self.show_returned(self.returned_note)
        self.accept()

    def show_returned(self, text: str) -> None:
        """The direct debits the bank sent back (tests replace this to read the text)."""
        QMessageBox.information(self, self.windowTitle(), text)
