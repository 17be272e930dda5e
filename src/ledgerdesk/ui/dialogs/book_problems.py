"""When a book cannot be opened: say why in one sentence and offer another file or quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...persistence.book import BookLockedError, NewerBookError, NotABookError

OPEN_OTHER, TRY_AGAIN, QUIT = "open_other", "try_again", "quit"


def title_for(tr, exc: Exception) -> str:  # type: ignore[no-untyped-def]
    if isinstance(exc, BookLockedError):
        return tr("This book is already open")
    if isinstance(exc, NewerBookError):
        return tr("This book needs a newer LedgerDesk")
    if isinstance(exc, NotABookError):
        return tr("This is not a LedgerDesk book")
    return tr("The book cannot be opened")


def ask_what_next(tr, exc: Exception, parent: QWidget | None = None) -> str:  # type: ignore[no-untyped-def]
    """OPEN_OTHER, TRY_AGAIN (locked books only) or QUIT."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("LedgerDesk")
    box.setText(title_for(tr, exc))
    from ...i18n.sentences import sentence

    box.setInformativeText(sentence(exc, getattr(tr, "language", "en")))
    other = box.addButton(tr("Open another book…"), QMessageBox.ButtonRole.AcceptRole)
    again = box.addButton(tr("Try again"), QMessageBox.ButtonRole.ActionRole) if isinstance(exc, BookLockedError) else None
    quit_button = box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    clicked = box.clickedButton()
    if clicked is other:
        return OPEN_OTHER
    if again is not None and clicked is again:
        return TRY_AGAIN
    del quit_button
    return QUIT


def pick_book(tr, folder: Path, parent: QWidget | None = None) -> Path | None:  # type: ignore[no-untyped-def]
    name, _ = QFileDialog.getOpenFileName(parent, tr("Open book"), str(folder), "LedgerDesk (*.sqlite *.ledgerdesk);;*")
    return Path(name) if name else None

