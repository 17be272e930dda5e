"""Ask where to save a listing as CSV, write it there, and say the outcome in a status line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.errors import DomainError
from ..context import AppContext


def ask_and_save_csv(
    parent: QWidget,
    ctx: AppContext,
    ask: Callable[..., tuple[str, str]],
    default_name: str,
    write: Callable[..., Any],
    *args: Any,
    status: QLabel,
) -> Path | None:
    """`write(session, *args, target)` through `ctx.read` into the file the user chose (".csv" added when
    missing); a refusal or a file-system problem is said in `status`, never raised."""
    chosen, _filter = ask(parent, ctx.tr("Save as CSV…"), str(Path.home() / default_name), ctx.tr("CSV files (*.csv)"))
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".csv":
        target = target.with_name(target.name + ".csv")
    try:
        ctx.read(write, *args, target)
    except (DomainError, OSError) as exc:
        translated = getattr(exc, "translated", None)
        status.setText(translated(ctx.tr) if callable(translated) else str(exc))
        return None
    status.setText(ctx.tr("Saved in {path}.", path=str(target)))
    return target
