"""Where file dialogs start: the folder last used for that kind of file, else the user's documents folder.

Never the working directory (where the app happened to be started from, often the program's own folder).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_in(ctx, kind: str, name: str = "") -> str:  # type: ignore[no-untyped-def]
    """The path a file dialog for `kind` ('statements', 'documents', 'letters', 'logo') opens at,
    with a suggested file `name` when saving."""
    prefs = getattr(ctx, "preferences", None)
    folder = prefs.last_folder(kind) if prefs is not None and hasattr(prefs, "last_folder") else None
    if folder is None or not folder.is_dir():
        folder = documents_folder()
    return str(folder / name) if name else str(folder)


def remember(ctx, kind: str, chosen: str | Path | None, *, is_folder: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Note the folder of what the user chose, so the next dialog of this kind opens there."""
    prefs = getattr(ctx, "preferences", None)
    if not chosen or prefs is None or not hasattr(prefs, "set_last_folder"):
        return
    path = Path(chosen)
    prefs.set_last_folder(kind, path if is_folder else path.parent)
