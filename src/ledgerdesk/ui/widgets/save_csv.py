"""Ask where to save a listing as CSV, write it there, and say the outcome in a status line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.errors import DomainError
from ..context import AppContext


def ask_and_write(
    parent: QWidget,
    ctx: AppContext,
    ask: Callable[..., tuple[str, str]],
    default_name: str,
    write: Callable[..., Any],
    *args: Any,
    status: QLabel,
    title: str,
    file_filter: str,
    suffix: str,
) -> tuple[Path, Any] | None:
    """`write(session, *args, target)` through `ctx.read` into the file the user chose (`suffix` added when
    missing): the file and what `write` returned; a refusal or a file-system problem is said in `status`,
    never raised (None)."""
    chosen, _filter = ask(parent, title, str(Path.home() / default_name), file_filter)
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != suffix:
        target = target.with_name(target.name + suffix)
    try:
        result = ctx.read(write, *args, target)
    except (DomainError, OSError) as exc:
        translated = getattr(exc, "translated", None)
        status.setText(translated(ctx.tr) if callable(translated) else str(exc))
        return None
    return target, result


def ask_and_save_csv(
    parent: QWidget,
    ctx: AppContext,
    ask: Callable[..., tuple[str, str]],
    default_name: str,
    write: Callable[..., Any],
    *args: Any,
    status: QLabel,
) -> Path | None:
    """A listing as CSV where the user chooses (see `ask_and_write`); the status line says where."""
    done = ask_and_write(
        parent,
        ctx,
        ask,
        default_name,
        write,
        *args,
        status=status,
        title=ctx.tr("Save as CSV…"),
        file_filter=ctx.tr("CSV files (*.csv)"),
        suffix=".csv",
    )
    if done is None:
        return None
    status.setText(ctx.tr("Saved in {path}.", path=str(done[0])))
    return done[0]
