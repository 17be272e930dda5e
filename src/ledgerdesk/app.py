"""Composition root: open (and migrate) the book, build the context, start Qt.

Nothing happens at import time; heavy libraries load when first needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .paths import BookPaths


def run_app(data_dir: Path, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .persistence.book import BookError, open_book
    from .ui.context import AppContext
    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("LedgerDesk")
    app.setOrganizationName("LedgerDesk")
    paths = BookPaths.in_dir(data_dir)
    try:
        book = open_book(paths)
    except BookError as exc:
        QMessageBox.critical(None, "LedgerDesk", f"The book cannot be opened.\n\n{exc}")
        return 1
    ctx = AppContext(book)
    window = MainWindow(ctx)
    window.show()
    try:
        return app.exec()
    finally:
        book.close()
