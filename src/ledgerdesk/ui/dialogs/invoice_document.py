"""Invoice PDF actions for the app: preview in the system viewer, save as, print, document settings.

The invoice editor and lists call these functions with the injected context and an
invoice id; each one is a single read of the book, then plain file or printer work.
Qt for Python's Essentials wheel has no QtPdf, so printing rasterises the PDF pages
with pypdfium2 (PDFium, the engine of Chrome's viewer) at the printer's resolution.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRect, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...domain.os_errors import reason as os_reason
from ...paths import previews_dir
from ...reports.model import DocumentSettings
from ...services import documents
from ..context import AppContext
from ..widgets.pdf_viewer import show_pdf

MAX_PRINT_DPI = 300  # enough for text and a QR code; higher only makes the spool file huge


def _pdf_name(number: str) -> str:
    from ...user_files import safe_file_name

    return safe_file_name(number, ".pdf")


def _render(ctx: AppContext, invoice_id: int, target: Path, *, allow_draft: bool = False) -> str:
    """Write the PDF atomically; returns the document number."""
    part = target.with_name(target.name + ".part")
    try:
        doc = ctx.read(documents.write_invoice_pdf, invoice_id, part, as_of=ctx.today(), allow_draft=allow_draft)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return doc.document.number or "—"


def _fail(ctx: AppContext, parent: QWidget | None, exc: Exception) -> None:
    reason = ctx.say(exc, alone=False) if isinstance(exc, DomainError) else os_reason(exc)
    QMessageBox.warning(parent, ctx.tr("Invoice"), ctx.tr("The document could not be made: {reason}", reason=reason))


def _forget_old_previews(folder: Path, max_age_s: float = 86_400) -> None:
    """Previews are throw-away copies; drop those older than a day (the viewer has long read them)."""
    import time

    for old in folder.glob("invoice-*.pdf"):
        try:
            if time.time() - old.stat().st_mtime > max_age_s:
                old.unlink()
        except OSError:
            pass


def preview_invoice(
    ctx: AppContext,
    invoice_id: int,
    parent: QWidget | None = None,
    *,
    allow_draft: bool = False,
    opener: Callable[[QUrl], bool] = QDesktopServices.openUrl,
) -> Path | None:
    """Write the PDF to a temporary file and open it in the system's PDF viewer."""
    target = None
    try:
        folder = previews_dir()
        _forget_old_previews(folder)
        handle, name = tempfile.mkstemp(prefix=f"invoice-{invoice_id}-", suffix=".pdf", dir=folder)
        os.close(handle)
        target = Path(name)
        _render(ctx, invoice_id, target, allow_draft=allow_draft)
    except (DomainError, OSError) as exc:
        if target is not None:
            target.unlink(missing_ok=True)  # no empty file left behind
        _fail(ctx, parent, exc)
        return None
    show_pdf(ctx, target, parent, opener)
    return target


def save_invoice_pdf_as(
    ctx: AppContext,
    invoice_id: int,
    parent: QWidget | None = None,
    *,
    ask: Callable[..., tuple[str, str]] = QFileDialog.getSaveFileName,
    suggested_number: str = "",
) -> Path | None:
    """Ask where to save, then write the PDF there; None when cancelled or failed."""
    from ..widgets.file_places import remember, start_in

    default = start_in(ctx, "documents", _pdf_name(suggested_number or f"invoice-{invoice_id}"))
    chosen, _filter = ask(parent, ctx.tr("Save PDF"), default, ctx.tr("PDF files (*.pdf)"))
    remember(ctx, "documents", chosen)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        _render(ctx, invoice_id, target)
    except (DomainError, OSError) as exc:
        _fail(ctx, parent, exc)
        return None
    return target


def print_pdf(pdf: bytes | Path, printer: QPrinter) -> int:
    """Paint the pages of a PDF on a printer (honouring its page range); returns pages printed."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    painter = QPainter()
    printed = 0
    try:
        first = max(printer.fromPage(), 1) if printer.fromPage() else 1
        last = min(printer.toPage(), len(document)) if printer.toPage() else len(document)
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        # Full page at 100 %: shrinking the page into the printable area would move the
        # address out of the envelope window. Content keeps a 15 mm margin anyway.
        printer.setFullPage(True)
        if not painter.begin(printer):
            raise OSError("the printer could not be started")
        for index in range(first - 1, last):
            if printed:
                printer.newPage()
            image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
            data = image.tobytes("raw", "RGB")
            qimage = QImage(data, image.width, image.height, 3 * image.width, QImage.Format.Format_RGB888)
            # With a full page the viewport is the sheet; keep the page's proportions inside it.
            size = qimage.size().scaled(painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(0, 0, size.width(), size.height()), qimage)
            printed += 1
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return printed


def print_invoice(
    ctx: AppContext,
    invoice_id: int,
    parent: QWidget | None = None,
    *,
    printer: QPrinter | None = None,
    ask: bool = True,
) -> int:
    """Show the Qt print dialog, then print the invoice's pages; returns the pages printed (0 if cancelled)."""
    import io

    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    buffer = io.BytesIO()
    try:
        doc = ctx.read(documents.write_invoice_pdf, invoice_id, buffer, as_of=ctx.today())
    except DomainError as exc:
        _fail(ctx, parent, exc)
        return 0
    printer.setDocName(doc.document.number or "—")
    if ask:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(ctx.tr("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return 0
    try:
        return print_pdf(buffer.getvalue(), printer)
    except OSError as exc:
        _fail(ctx, parent, exc)
        return 0


def document_actions(ctx: AppContext, parent: QObject, current_invoice: Callable[[], int | None]) -> list[QAction]:
    """Preview, Save PDF and Print actions for a toolbar or context menu, acting on the current invoice."""
    widget = parent if isinstance(parent, QWidget) else None

    def run(fn: Callable[..., object]) -> Callable[[], None]:
        def trigger() -> None:
            invoice_id = current_invoice()
            if invoice_id is not None:
                fn(ctx, invoice_id, widget)

        return trigger

    actions = []
    for label, fn in (
        (ctx.tr("Preview"), preview_invoice),
        (ctx.tr("Save PDF"), save_invoice_pdf_as),
        (ctx.tr("Print"), print_invoice),
    ):
        action = QAction(label, parent)
        action.triggered.connect(run(fn))
        actions.append(action)
    return actions


class DocumentSettingsDialog(QDialog):
    """Logo, envelope window side and the late-payment terms line of every document."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Document settings"))
        current = ctx.read(documents.document_settings)
        self.logo = QLineEdit(current.logo_path or "")
        choose = QPushButton(tr("Choose…"))
        choose.clicked.connect(self._choose_logo)
        remove = QPushButton(tr("Remove"))
        remove.clicked.connect(self.logo.clear)
        logo_row = QHBoxLayout()
        for w in (self.logo, choose, remove):
            logo_row.addWidget(w)
        self.window_side = QComboBox()
        self.window_side.addItem(tr("Right (Belgian DL envelopes)"), "right")
        self.window_side.addItem(tr("Left (DIN 5008 envelopes)"), "left")
        self.window_side.setCurrentIndex(self.window_side.findData(current.envelope_window))
        late = current.late_terms if isinstance(current.late_terms, str) else current.late_terms_for(ctx.language)
        self.late_terms = QPlainTextEdit(late or "")
        self.late_terms.setPlaceholderText(
            tr("Leave empty to use the standard sentence when the company enables late-payment terms.")
        )
        self.late_terms.setFixedHeight(80)
        form = QFormLayout()
        form.addRow(tr("Logo"), logo_row)
        form.addRow(tr("Envelope window"), self.window_side)
        form.addRow(tr("Late-payment terms line"), self.late_terms)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def settings(self) -> DocumentSettings:
        return DocumentSettings(
            logo_path=self.logo.text().strip() or None,
            envelope_window=self.window_side.currentData(),
            late_terms=self.late_terms.toPlainText().strip() or None,
        )

    def _choose_logo(self) -> None:
        from ..widgets.file_places import start_in

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.ctx.tr("Logo"),
            self.logo.text() or start_in(self.ctx, "logo"),
            self.ctx.tr("Images (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.logo.setText(path)

    def accept(self) -> None:
        """Save in one transaction; a refused value stays in the dialog with its reason shown."""
        try:
            self.ctx.write(documents.save_document_settings, self.settings())
        except DomainError as exc:
            self.error.setText(self.ctx.say(exc))
            self.error.show()
            return
        super().accept()
