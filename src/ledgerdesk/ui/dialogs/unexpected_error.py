"""The dialog for an unexpected error: what happened in one sentence, what to do, where the log is.

Never a traceback (that is in the log file); the book is safe because every action is one
transaction, so the dialog says so and offers the log folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget


def build(
    tr: Callable[..., str], exc: BaseException, log_file: Path | None, parent: QWidget | None = None
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("LedgerDesk")
    box.setText(tr("Something went wrong in LedgerDesk."))
    summary = f"{type(exc).__name__}: {exc}".strip()
    if len(summary) > 200:
        summary = summary[:199] + "…"
    where = (
        tr("The details are in the log file {path}.", path=str(log_file))
        if log_file
        else tr("The log file could not be written.")
    )
    box.setInformativeText(
        "\n\n".join(
            [
                summary,
                tr(
                    "Your book is safe: each action is saved completely or not at all, so the last one may simply not "
                    "have happened. Check it, then try again. If it happens again, restart LedgerDesk, and send the "
                    "log file to whoever helps you with LedgerDesk."
                ),
                where,
            ]
        )
    )
    box.open_log = None  # type: ignore[attr-defined]
    if log_file is not None:
        box.open_log = box.addButton(tr("Open log folder"), QMessageBox.ButtonRole.ActionRole)  # type: ignore[attr-defined]
    box.addButton(QMessageBox.StandardButton.Close)
    return box


def show(tr: Callable[..., str], exc: BaseException, log_file: Path | None, parent: QWidget | None = None) -> None:
    from ...logs import open_folder

    box = build(tr, exc, log_file, parent)
    box.exec()
    if box.open_log is not None and box.clickedButton() is box.open_log:  # type: ignore[attr-defined]
        open_folder(log_file.parent)  # type: ignore[union-attr]
