"""The main window: hosts the tabs, the menu and the status bar; nothing else."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QTabWidget

from .context import AppContext
from .tabs import load_tabs


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(f"LedgerDesk — {ctx.book.paths.book}")
        self.tabs = QTabWidget()
        for tab_class in load_tabs():
            tab = tab_class(ctx)
            self.tabs.addTab(tab, tab.title())
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage(str(ctx.book.paths.book))
        self.resize(1200, 800)
