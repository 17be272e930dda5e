"""Ask where to save an Intervat XML file, write it there, and say whether the official schema checked it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ...intervat.schemas import INSTALL_HINT
from ..context import AppContext
from .save_csv import ask_and_write


def ask_and_save_intervat(
    parent: QWidget,
    ctx: AppContext,
    ask: Callable[..., tuple[str, str]],
    default_name: str,
    write: Callable[..., Any],
    *args: Any,
    status: QLabel,
) -> Path | None:
    """`write(session, *args, target)` (a services.intervat writer) where the user chooses (see
    `save_csv.ask_and_write`); the status line says whether the official schema checked it."""
    tr = ctx.tr
    done = ask_and_write(
        parent,
        ctx,
        ask,
        default_name,
        write,
        *args,
        status=status,
        title=tr("Save Intervat XML…"),
        file_filter=tr("XML files (*.xml)"),
        suffix=".xml",
    )
    if done is None:
        return None
    target, written = done
    if written.checked:
        status.setText(tr("Saved in {path}, valid against the official Intervat schema.", path=str(target)))
    else:
        status.setText(
            tr(
                "Saved in {path}, but not checked against the official Intervat schema: install it once with "
                "`{command}`.",
                path=str(target),
                command=INSTALL_HINT,
            )
        )
    return target
