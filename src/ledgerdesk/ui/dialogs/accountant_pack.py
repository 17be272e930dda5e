"""The accountant's pack window: pick a month, quarter or year, choose where to save, get one zip.

The pack is made off the UI thread (a busy quarter has thousands of PDFs) with a progress bar and
Cancel; cancelling rolls the transaction back and leaves no file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.period import Period
from ...services import accountant_pack as service
from ..context import AppContext

KINDS = ("month", "quarter", "year")
KIND_LABELS = {"month": "Month", "quarter": "Quarter", "year": "Year"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(tr(KIND_LABELS[kind]), kind)
        self.year = QSpinBox()
        self.year.setRange(2000, 2099)
        self.part = QComboBox()
        form = QFormLayout()
        form.addRow(tr("Period"), self.kind)
        form.addRow(tr("Year"), self.year)
        form.addRow("", self.part)
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
        self.kind.currentIndexChanged.connect(self._fill_parts)
        self.show_period(Period.last_quarter(ctx.today()))

    # --- the period -------------------------------------------------------
    def show_period(self, period: Period) -> None:
        kind = "year" if period.name.isdigit() else "quarter" if "Q" in period.name else "month"
        self.year.setValue(period.first.year)
        self.kind.setCurrentIndex(KINDS.index(kind))
        self._fill_parts()
        if kind == "quarter":
            self.part.setCurrentIndex((period.first.month - 1) // 3)
        elif kind == "month":
            self.part.setCurrentIndex(period.first.month - 1)

    def _fill_parts(self) -> None:
        kind = self.kind.currentData()
        self.part.clear()
        if kind == "quarter":
            for q in range(1, 5):
                self.part.addItem(self.ctx.tr("Quarter {number}", number=q), q)
        elif kind == "month":
            for m, name in enumerate(MONTHS, 1):
                self.part.addItem(self.ctx.tr(name), m)
        self.part.setVisible(kind != "year")

    def period(self) -> Period:
        kind, year = self.kind.currentData(), self.year.value()
        if kind == "quarter":
            return Period.quarter(year, int(self.part.currentData()))
        if kind == "month":
            return Period.month(year, int(self.part.currentData()))
        return Period.parse(str(year))

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
        today = self.ctx.today()

        def progress(done: int, total: int) -> None:
            if self._cancelled:
                raise PackCancelled("cancelled")
            self._signals.moved.emit(done, total)

        self.ctx.run_async(
            lambda: self.ctx.write(service.write_pack, period, target, today=today, progress=progress),
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
