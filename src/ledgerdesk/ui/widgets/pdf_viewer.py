"""Opening a written PDF in the system's viewer, as every preview button does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from ..context import AppContext


def show_pdf(ctx: AppContext, target: Path, parent: QWidget | None, opener: Callable[[QUrl], bool]) -> None:
    """Open `target` with `opener`; without a viewer, say where the file is so it can be opened by hand."""
    if not opener(QUrl.fromLocalFile(str(target))):
        QMessageBox.information(
            parent, ctx.tr("Preview"), ctx.tr("The system has no PDF viewer to open {path}.", path=str(target))
        )
