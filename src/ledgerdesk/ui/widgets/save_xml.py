"""Ask where to save an Intervat XML file, write it there, and say whether the official schema checked it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ...domain.errors import DomainError
from ...intervat.schemas import INSTALL_HINT
from ..context import AppContext


def ask_and_save_intervat(
    parent: QWidget,
    ctx: AppContext,
    ask: Callable[..., tuple[str, str]],
    default_name: str,
    write: Callable[..., Any],
    *args: Any,
    status: QLabel,
) -> Path | None:
    """`write(session, *args, target)` (a services.intervat writer) into the file the user chose (".xml"
    added when missing); a refusal, a schema finding or a file-system problem is said in `status`."""
    tr = ctx.tr
    chosen, _filter = ask(parent, tr("Save Intervat XML…"), str(Path.home() / default_name), tr("XML files (*.xml)"))
    if not chosen:
        return None
    target = Path(chosen)
    if target.suffix.lower() != ".xml":
        target = target.with_name(target.name + ".xml")
    try:
        written = ctx.read(write, *args, target)
    except (DomainError, OSError) as exc:
        translated = getattr(exc, "translated", None)
        status.setText(translated(tr) if callable(translated) else str(exc))
        return None
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
