"""The main window: hosts the tabs, the menus, the shortcuts and the status bar; nothing else.

Book switching, language changes and backups are decided by the composition root
(`app.Desk`); the window only asks for them through signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from .context import AppContext
from .tabs import TABS, TabSpec
from .widgets.fit import fit_to_screen

BOOK_FILTER = "LedgerDesk (*.sqlite *.ledgerdesk);;*"
BETWEEN_TABS_MS = 5  # the pause between building two tabs in the background


def mark_if_demo(window: QMainWindow, ctx: AppContext) -> QLabel | None:
    """The demo book says so in the title bar and in a banner above the tabs: never taken for the user's own."""
    from ..services.book_marks import is_demo_book

    if not is_demo_book(ctx.book.paths.book):
        return None
    tr = ctx.tr
    window.setWindowTitle(f"LedgerDesk — {tr('Demo book')} — {ctx.book.paths.book.name}")
    banner = QLabel(
        tr(
            "This is the demo book: an invented business to try everything on. "
            "Your own book is under File ▸ Recent books."
        )
    )
    banner.setObjectName("demoBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet(
        "QLabel#demoBanner { background: #fff4ce; color: #5c4400; padding: 6px 10px;"
        " border-bottom: 1px solid #e6c96a; }"
    )
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    central = window.takeCentralWidget()
    assert central is not None  # the window always has one
    layout.addWidget(central, 1)
    window.setCentralWidget(holder)
    return banner


class MainWindow(QMainWindow):
    open_book_requested = Signal(Path)
    new_book_requested = Signal(Path)
    backup_requested = Signal()
    backups_requested = Signal()
    log_folder_requested = Signal()
    settings_requested = Signal()
    accountant_pack_requested = Signal()
    vat_return_requested = Signal()
    client_listing_requested = Signal()
    ec_sales_list_requested = Signal()
    peppol_settings_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(f"LedgerDesk — {ctx.book.paths.book.name}")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.demo_banner = mark_if_demo(self, ctx)
        # Only the tab the user will see is built now; the others are built one per
        # event-loop turn once the window shows, so the window is usable sooner.
        self._ranks: dict[QWidget, int] = {}
        self._warming = False
        self._pending: list[tuple[int, TabSpec]] = list(enumerate(TABS))
        self._loading: dict[tuple[int, TabSpec], QWidget] = {}  # pending tab -> its "Loading…" page
        remembered = ctx.preferences.open_tab() if ctx.preferences is not None else ""
        first = next((p for p in self._pending if p[1].key == remembered), self._pending[0] if self._pending else None)
        if first is not None:
            if ctx.warmed_up or first[1].paints_first:
                self._build_pending(first)
            else:  # it needs the domain layer: built as soon as that has loaded, after the first paint
                self._add_loading_page(first)
        from .widgets.steady import MessageLine

        # Cut in the middle when the window is narrow: a long path must not keep it from fitting a small screen.
        self.book_label = MessageLine(elide=Qt.TextElideMode.ElideMiddle)
        self.book_label.setText(tr("Book: {path}", path=str(ctx.book.paths.book)))
        self.statusBar().addPermanentWidget(self.book_label, 1)
        self._build_menus()
        fit_to_screen(self, 1200, 800)
        prefs = ctx.preferences
        if prefs is not None:
            geometry = prefs.geometry()
            if geometry is not None:
                self.restoreGeometry(geometry)
            self.show_tab(prefs.open_tab())
        self.tabs.currentChanged.connect(self._remember_tab)

    # --- tabs ---------------------------------------------------------------------
    def add_tab(self, tab: QWidget, rank: int | None = None) -> int:
        """Tabs can arrive later (a capability loaded after start); each keeps its own key.
        `rank` is its place in the registry's order; tabs added without one go last."""
        rank = len(self._ranks) + 1000 if rank is None else rank
        title = tab.title() if hasattr(tab, "title") else type(tab).__name__
        index = sum(1 for r in self._ranks.values() if r < rank)
        self._ranks[tab] = rank
        if hasattr(tab, "open_tab_requested"):  # a tab that points elsewhere ("reminders are waiting")
            tab.open_tab_requested.connect(self.show_capability)
        index = self.tabs.insertTab(index, tab, title)
        self._update_tab_shortcuts()
        return index

    def _add_loading_page(self, pending: tuple[int, TabSpec]) -> None:
        rank, spec = pending
        page = QLabel(self.ctx.tr("Loading…"))
        page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._loading[pending] = page
        self._ranks[page] = rank
        index = sum(1 for r in self._ranks.values() if r < rank)
        self.tabs.insertTab(index, page, self.ctx.tr(spec.title))

    def _build_pending(self, pending: tuple[int, TabSpec]) -> QWidget | None:
        self._pending.remove(pending)
        rank, spec = pending
        page = self._loading.pop(pending, None)
        current = self.tabs.currentWidget()
        if page is not None:  # the real tab takes the place of its "Loading…" page
            self.tabs.blockSignals(True)  # not a tab change the user made
            self.tabs.removeTab(self.tabs.indexOf(page))
            self.tabs.blockSignals(False)
            del self._ranks[page]
            page.deleteLater()
        try:
            tab = spec.build()(self.ctx)
        except Exception:  # a broken capability leaves its tab out, not the whole window
            import logging

            logging.getLogger(__name__).exception("tab %s could not be built", spec.key)
            return None
        self.add_tab(tab, rank)
        if current is page and page is not None:
            self.tabs.setCurrentWidget(tab)
        elif current is not None:
            self.tabs.setCurrentWidget(current)  # inserting before it must not switch tabs
        return tab

    def build_remaining_tabs(self) -> None:
        while self._pending:
            self._build_pending(self._pending[0])

    def _build_next_tab(self) -> None:
        if self._pending:
            self._build_pending(next(iter(self._loading), self._pending[0]))  # a "Loading…" page first
            # The next tab after a turn of the event loop with its timers and input (a 0 ms timer is a posted
            # event that Qt can run right after this one: two builds would then freeze the window as one).
            QTimer.singleShot(BETWEEN_TABS_MS, self, self._build_next_tab)  # dropped if the window goes first
        else:  # every tab is built and its imports done: what building them left behind goes back
            from .memory import give_back

            give_back()

    def tab_key(self, index: int) -> str:
        widget = self.tabs.widget(index)
        loading = next((p for p, page in self._loading.items() if page is widget), None)
        if loading is not None:
            return loading[1].key
        return type(widget).__name__ if widget is not None else ""

    def show_tab(self, key: str) -> bool:
        pending = next((p for p in self._pending if p[1].key == key), None)
        if pending is not None and (pending not in self._loading or self.ctx.warmed_up):
            self._build_pending(pending)
        for index in range(self.tabs.count()):
            if self.tab_key(index) == key:
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def show_capability(self, name: str) -> bool:
        """Switch to the tab of a capability by its short name ("reminders" -> RemindersTab)."""
        spec = next((s for s in TABS if s.capability == name), None)
        return spec is not None and self.show_tab(spec.key)

    def find_tab(self, capability: str) -> QWidget | None:
        """The first tab offering a capability (a method name such as 'new_invoice')."""
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if hasattr(widget, capability):
                return widget
        while self._pending:  # not built yet? build the rest (rare: a shortcut in the first instant)
            tab = self._build_pending(self._pending[0])
            if hasattr(tab, capability):
                return tab
        for index in range(self.tabs.count()):
            widget = self.tabs.widget(index)
            if hasattr(widget, capability):
                return widget
        return None

    def _remember_tab(self, index: int) -> None:
        if self.ctx.preferences is not None and index >= 0:
            self.ctx.preferences.set_open_tab(self.tab_key(index))

    # --- menus and shortcuts ----------------------------------------------------------
    def _action(  # type: ignore[no-untyped-def]
        self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        tr = self.ctx.tr
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("&File"))
        file_menu.addAction(self._action(tr("&New book…"), self.ask_new_book, "Ctrl+Shift+N"))
        file_menu.addAction(self._action(tr("&Open book…"), self.ask_open_book, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(tr("Recent books"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self._action(tr("&Backup now"), self.backup_requested.emit, "Ctrl+B"))
        file_menu.addAction(self._action(tr("Bac&kups…"), self.backups_requested.emit))
        file_menu.addAction(self._action(tr("Pack for the &accountant…"), self.accountant_pack_requested.emit))
        file_menu.addAction(self._action(tr("&VAT return preview…"), self.vat_return_requested.emit))
        file_menu.addAction(self._action(tr("Annual &client listing…"), self.client_listing_requested.emit))
        file_menu.addAction(self._action(tr("&EC sales list…"), self.ec_sales_list_requested.emit))
        file_menu.addAction(self._action(tr("&Settings…"), self.settings_requested.emit, "Ctrl+,"))
        file_menu.addAction(self._action(tr("&Peppol access point…"), self.peppol_settings_requested.emit))
        file_menu.addSeparator()
        file_menu.addAction(self._action(tr("&Quit"), self.close, "Ctrl+Q"))

        invoice_menu = bar.addMenu(tr("&Invoices"))
        invoice_menu.addAction(
            self._action(tr("&New invoice"), lambda: self._call("new_invoice"), QKeySequence.StandardKey.New)
        )
        invoice_menu.addAction(self._action(tr("&Customers…"), lambda: self._call("show_customers"), "Ctrl+K"))
        invoice_menu.addAction(self._action(tr("&Articles…"), self.show_articles, "Ctrl+Shift+A"))
        invoice_menu.addAction(
            self._action(tr("&Search"), lambda: self._call("focus_search", current=True), QKeySequence.StandardKey.Find)
        )
        invoice_menu.addAction(self._action(tr("&Recurring invoices…"), self.show_recurring, "Ctrl+Shift+R"))
        invoice_menu.addAction(self._action(tr("&Quotes…"), lambda: self._call("show_quotes"), "Ctrl+Shift+O"))
        invoice_menu.addAction(self._action(tr("&Work delivered…"), lambda: self._call("show_work"), "Ctrl+Shift+W"))
        invoice_menu.addAction(self._action(tr("&Direct debit…"), self.show_direct_debit))

        self.view_menu = bar.addMenu(tr("&View"))
        help_menu = bar.addMenu(tr("&Help"))
        help_menu.addAction(self._action(tr("&Guide"), self.show_guide, QKeySequence.StandardKey.HelpContents))
        help_menu.addAction(self._action(tr("&Keyboard shortcuts"), lambda: self.show_guide().show_shortcuts()))
        help_menu.addAction(self._action(tr("&About LedgerDesk"), self._about))
        help_menu.addAction(self._action(tr("Open &log folder"), self.log_folder_requested.emit))

    def _update_tab_shortcuts(self) -> None:
        if not hasattr(self, "view_menu"):
            return
        self.view_menu.clear()
        for index in range(self.tabs.count()):
            action = self._action(
                self.tabs.tabText(index),
                lambda _=False, i=index: self.tabs.setCurrentIndex(i),
                f"Ctrl+{index + 1}" if index < 9 else None,
            )
            self.view_menu.addAction(action)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._update_tab_shortcuts()
        super().showEvent(event)
        if self._pending and not self._warming:
            self._warming = True  # the other tabs need the domain layer: built once it has loaded
            self.ctx.after_warm_up(self._build_next_tab, owner=self)  # dropped if the window goes first

    def _call(self, capability: str, *, current: bool = False) -> None:
        widget = self.tabs.currentWidget() if current else self.find_tab(capability)
        if widget is not None and hasattr(widget, capability):
            if not current:
                self.tabs.setCurrentWidget(widget)
            getattr(widget, capability)()

    def show_recurring(self) -> None:
        from .dialogs.recurring_dialog import RecurringDialog

        self.recurring_dialog = RecurringDialog(self.ctx, self, as_of=self.ctx.today())
        self.recurring_dialog.show()

    def show_articles(self) -> None:
        from .dialogs.articles import ArticlesDialog

        self.articles_dialog = ArticlesDialog(self.ctx, self)
        self.articles_dialog.show()

    def show_direct_debit(self) -> None:
        from .dialogs.direct_debit import DirectDebitDialog

        self.direct_debit_dialog = DirectDebitDialog(self.ctx, self)
        self.direct_debit_dialog.show()

    def show_guide(self):  # type: ignore[no-untyped-def]
        from .dialogs.guide import GuideDialog

        self.guide_dialog = GuideDialog(self.ctx, self)
        self.guide_dialog.show()
        return self.guide_dialog

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        books = self.ctx.preferences.recent_books() if self.ctx.preferences is not None else []
        for path in books:
            self.recent_menu.addAction(
                self._action(str(path), lambda _=False, p=path: self.open_book_requested.emit(p))
            )
        if not books:
            empty = self.recent_menu.addAction(self.ctx.tr("(none)"))
            empty.setEnabled(False)

    def ask_open_book(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.ctx.tr("Open book"), str(self.ctx.book.paths.folder), BOOK_FILTER
        )
        if name:
            self.open_book_requested.emit(Path(name))

    def ask_new_book(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.ctx.tr("New book"), str(self.ctx.book.paths.folder / "new-book.sqlite"), BOOK_FILTER
        )
        if name:
            self.new_book_requested.emit(Path(name))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "LedgerDesk",
            self.ctx.tr(
                "LedgerDesk — bookkeeping for Belgian sole traders.\nBook: {path}", path=str(self.ctx.book.paths.book)
            ),
        )

    def show_message(self, text: str, msecs: int = 6000) -> None:
        self.statusBar().showMessage(text, msecs)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.ctx.preferences is not None:
            self.ctx.preferences.set_geometry(self.saveGeometry())
            self._remember_tab(self.tabs.currentIndex())
            self.ctx.preferences.sync()
        super().closeEvent(event)
