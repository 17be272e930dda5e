"""When a book cannot be opened: say why in one sentence and offer another file or quit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...services.book_errors import (
    BookError,
    BookLockedError,
    EmptyBookFileError,
    NewerBookError,
    NotABookError,
    UnsafeLocationError,
)

OPEN_OTHER, TRY_AGAIN, NEW_BOOK, QUIT, MOVE = "open_other", "try_again", "new_book", "quit", "move"


def title_for(tr, exc: Exception) -> str:  # type: ignore[no-untyped-def]
    if isinstance(exc, BookLockedError):
        return tr("This book is already open")
    if isinstance(exc, EmptyBookFileError):
        return tr("This book file is empty")
    if isinstance(exc, NewerBookError):
        return tr("This book needs a newer LedgerDesk")
    if isinstance(exc, NotABookError):
        return tr("This is not a LedgerDesk book")
    if isinstance(exc, UnsafeLocationError):
        return tr("This book is on a network drive or in a sync folder")
    return tr("The book cannot be opened")


def explanation(tr, exc: Exception) -> str:  # type: ignore[no-untyped-def]
    """The error's sentence in the user's language (BookErrors keep their msgid and values)."""
    if isinstance(exc, BookError):
        return exc.translated(tr)
    from ...i18n.sentences import sentence

    return sentence(exc, getattr(tr, "language", "en"))


def ask_what_next(tr, exc: Exception, parent: QWidget | None = None) -> str:  # type: ignore[no-untyped-def]
    """OPEN_OTHER, TRY_AGAIN (locked books only), NEW_BOOK (an empty file only: the user decides),
    MOVE (books on network or sync folders) or QUIT."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("LedgerDesk")
    box.setText(title_for(tr, exc))
    box.setInformativeText(explanation(tr, exc))
    move = (
        box.addButton(tr("Move the book to this computer…"), QMessageBox.ButtonRole.ActionRole)
        if isinstance(exc, UnsafeLocationError)
        else None
    )
    other = box.addButton(tr("Open another book…"), QMessageBox.ButtonRole.AcceptRole)
    again = (
        box.addButton(tr("Try again"), QMessageBox.ButtonRole.ActionRole) if isinstance(exc, BookLockedError) else None
    )
    new_book = (
        box.addButton(tr("Start a new book in this file"), QMessageBox.ButtonRole.DestructiveRole)
        if isinstance(exc, EmptyBookFileError)
        else None
    )
    quit_button = box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(other)
    box.exec()
    clicked = box.clickedButton()
    if move is not None and clicked is move:
        return MOVE
    if clicked is other:
        return OPEN_OTHER
    if again is not None and clicked is again:
        return TRY_AGAIN
    if new_book is not None and clicked is new_book:
        return NEW_BOOK
    del quit_button
    return QUIT


def pick_local_folder(tr, parent: QWidget | None = None) -> Path | None:  # type: ignore[no-untyped-def]
    folder = QFileDialog.getExistingDirectory(parent, tr("Choose a folder on this computer for the book"))
    return Path(folder) if folder else None


def pick_book(tr, folder: Path, parent: QWidget | None = None) -> Path | None:  # type: ignore[no-untyped-def]
    name, _ = QFileDialog.getOpenFileName(parent, tr("Open book"), str(folder), "LedgerDesk (*.sqlite *.ledgerdesk);;*")
    return Path(name) if name else None
