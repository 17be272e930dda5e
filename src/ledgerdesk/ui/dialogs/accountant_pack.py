"""The accountant's pack window: pick a month, quarter or year, choose where to save, get one zip.

Saving the pack closes the period (no document can be dated in it any more); a period already sent is
packed again only when "Send again" is ticked, and the window says when it was sent.

The pack is made off the UI thread (a busy quarter has thousands of PDFs) with a progress bar and
Cancel; cancelling rolls the transaction back and leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.period import Period, overlapping
from ...services import accountant_pack as service
from ...services.closing import sent_periods
from ..context import AppContext
from ..widgets.period_picker import PeriodPicker


class PackCancelled(DomainError):
    """The user cancelled making the pack; nothing was written."""


class _Progress(QObject):
    moved = Signal(int, int)  # emitted from the worker; Qt queues it to the UI thread


class AccountantPackDialog(QDialog):
    """One action: the period's pack as a zip file where the user chooses."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        ask: Callable[..., tuple[str, str]] = QFileDialog.getSaveFileName,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._ask = ask
        self._cancelled = False
        self._busy = False
        tr = ctx.tr
        self.setWindowTitle(tr("Pack for the accountant"))
        self.picker = PeriodPicker(ctx, ("month", "quarter", "year"))
        form = QFormLayout()
        form.addRow(self.picker)
        self.sent = QLabel()
        self.sent.setWordWrap(True)
        self.resend = QCheckBox(tr("Send again"))
        form.addRow("", self.sent)
        form.addRow("", self.resend)
        explain = QLabel(
            tr(
                "One zip file with the e-invoice (with its PDF) of every invoice and credit note of the "
                "period, the bank statement files as imported, the sales journal, the payments, "
                "and a manifest with the checksum of each file."
            )
        )
        explain.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save = QPushButton(tr("Save pack…"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.save.clicked.connect(self.ask_and_save)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._signals = _Progress(self)
        self._signals.moved.connect(self._moved)
        self.picker.changed.connect(self._show_sent)
        self.resend.toggled.connect(lambda on: self.save.setEnabled(on or not self.resend.isVisibleTo(self)))
        self._sent = ctx.read(sent_periods)
        self.picker.show_period(Period.last_quarter(ctx.today()))

    # --- the period -------------------------------------------------------
    def _show_sent(self) -> None:
        already = overlapping(self.picker.period(), self._sent)
        self.sent.setText(
            "\n".join(
                self.ctx.tr(
                    "Sent to the accountant on {day} (the pack of {period}).",
                    day=self.ctx.date(s.sent_on),
                    period=s.period.name,
                )
                for s in already
            )
            if already
            else self.ctx.tr("Saving the pack closes the period: no document can be dated in it any more.")
        )
        self.resend.setVisible(bool(already))
        self.resend.setChecked(False)
        self.save.setEnabled(not already)  # a period already sent goes again only when asked for

    def period(self) -> Period:
        return self.picker.period()

    # --- making the pack --------------------------------------------------
    def ask_and_save(self) -> None:
        if self._busy:  # the same button cancels while a pack is being made
            self._cancelled = True
            return
        period = self.period()
        try:
            name = self.ctx.read(service.default_name, period)
        except DomainError as exc:
            self.status.setText(str(exc))
            return
        chosen, _filter = self._ask(
            self, self.ctx.tr("Save pack for the accountant"), str(Path.home() / name), self.ctx.tr("Zip files (*.zip)")
        )
        if chosen:
            target = Path(chosen)
            self.start(period, target if target.suffix.lower() == ".zip" else target.with_name(target.name + ".zip"))

    def start(self, period: Period, target: Path) -> None:
        self._busy, self._cancelled = True, False
        self.save.setText(self.ctx.tr("Cancel"))
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(self.ctx.tr("Making the pack of {period}…", period=period.name))
        today, resend = self.ctx.today(), self.resend.isChecked()

        def progress(done: int, total: int) -> None:
            if self._cancelled:
                raise PackCancelled("cancelled")
            self._signals.moved.emit(done, total)

        self.ctx.run_async(
            lambda: self.ctx.write(service.write_pack, period, target, today=today, resend=resend, progress=progress),
            done=lambda pack: self._finished(pack, target),
            failed=self._failed,
            owner=self,
        )

    def _moved(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _stop(self) -> None:
        self._busy = False
        self.save.setText(self.ctx.tr("Save pack…"))
        self.progress.setVisible(False)

    def _finished(self, pack: service.Pack, target: Path) -> None:
        self._stop()
        self._sent = self.ctx.read(sent_periods)
        self._show_sent()
        tr = self.ctx.tr
        lines = [
            tr(
                "{count} documents, {payments} payments and {files} bank files saved in {path}.",
                count=len(pack.documents),
                payments=pack.payments,
                files=len(pack.bank_files),
                path=str(target),
            )
        ]
        if pack.invalid:
            lines.append(
                tr(
                    "Not valid for Peppol (sent as they are; the manifest says why): {numbers}",
                    numbers=", ".join(d.number for d in pack.invalid),
                )
            )
        if pack.missing_bank_files:
            lines.append(
                tr(
                    "Imported before LedgerDesk kept statement files; give them to your accountant yourself: {names}",
                    names=", ".join(m.file_name for m in pack.missing_bank_files),
                )
            )
        self.status.setText("\n".join(lines))

    def _failed(self, exc: Exception) -> None:
        self._stop()
        if isinstance(exc, PackCancelled):
            self.status.setText(self.ctx.tr("Cancelled; no file was written."))
        elif isinstance(exc, DomainError):
            translated = getattr(exc, "translated", None)
            self.status.setText(translated(self.ctx.tr) if callable(translated) else str(exc))
        else:
            self.status.setText(self.ctx.tr("Cancelled; no file was written."))
            self.ctx.unexpected_error.emit(exc)

    def reject(self) -> None:
        if self._busy:
            self._cancelled = True
            self.ctx.wait_idle()
        super().reject()
