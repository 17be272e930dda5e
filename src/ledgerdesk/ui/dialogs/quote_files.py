"""A quote's PDF from the app: preview in the system's viewer, or save where the user chooses."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ...atomic import write_atomic
from ...domain.errors import DomainError
from ...paths import previews_dir
from ...services import quotes
from ..widgets.feedback import show_error
from ..widgets.pdf_viewer import show_pdf


def _pdf(ctx, quote_id: int) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    ctx.read(quotes.write_quote_pdf, quote_id, buffer, as_of=ctx.today())
    return buffer.getvalue()


def preview(
    ctx,  # type: ignore[no-untyped-def]
    quote_id: int | None,
    parent: QWidget | None = None,
    *,
    opener: Callable[[QUrl], bool] = QDesktopServices.openUrl,
) -> Path | None:
    """Write the PDF to a temporary file and open it in the system's PDF viewer."""
    if quote_id is None:
        return None
    try:
        data = _pdf(ctx, quote_id)
        handle, name = tempfile.mkstemp(prefix=f"quote-{quote_id}-", suffix=".pdf", dir=previews_dir())
        os.close(handle)
        target = Path(name)
        write_atomic(target, data)
    except (DomainError, OSError) as exc:
        show_error(parent, ctx, exc)
        return None
    show_pdf(ctx, target, parent, opener)
    return target


def save_as(
    ctx,  # type: ignore[no-untyped-def]
    quote_id: int | None,
    parent: QWidget | None = None,
    *,
    ask: Callable[..., tuple[str, str]] = QFileDialog.getSaveFileName,
) -> Path | None:
    """Ask where to save, then write the PDF there whole (or not at all); None when cancelled or failed."""
    from ..widgets.file_places import remember, start_in

    if quote_id is None:
        return None
    number = ctx.read(quotes.load_quote, quote_id, ctx.today()).document.number or f"quote-{quote_id}"
    default = start_in(ctx, "documents", f"{number}.pdf")
    chosen, _filter = ask(parent, ctx.tr("Save PDF"), default, ctx.tr("PDF files (*.pdf)"))
    remember(ctx, "documents", chosen)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        write_atomic(target, _pdf(ctx, quote_id))
    except (DomainError, OSError) as exc:
        show_error(parent, ctx, exc)
        return None
    return target


def save_order_as(
    ctx,  # type: ignore[no-untyped-def]
    order_id: int,
    number: str,
    parent: QWidget | None = None,
    *,
    ask: Callable[..., tuple[str, str]] = QFileDialog.getSaveFileName,
) -> Path | None:
    """Ask where to save an order confirmation's PDF, then write it whole; None when cancelled or failed."""
    from ...services import quote_orders
    from ..widgets.file_places import remember, start_in

    default = start_in(ctx, "documents", f"{number}.pdf")
    chosen, _filter = ask(parent, ctx.tr("Save PDF"), default, ctx.tr("PDF files (*.pdf)"))
    remember(ctx, "documents", chosen)
    if not chosen:
        return None
    target = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
    try:
        buffer = io.BytesIO()
        ctx.read(quote_orders.write_order_pdf, order_id, buffer)
        write_atomic(target, buffer.getvalue())
    except (DomainError, OSError) as exc:
        show_error(parent, ctx, exc)
        return None
    return target
