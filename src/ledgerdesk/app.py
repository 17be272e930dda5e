"""Composition root: open (and migrate) the book, build the context, start Qt.

Nothing happens at import time; heavy libraries load when first needed. reportlab,
pyqtgraph and alembic are never imported on the way to the main window (alembic only
when a book is behind the app's schema).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .paths import BookPaths


# Loaded in a worker once the main window has painted (see AppContext.after_warm_up): the
# domain layer the other tabs and the editors need, none of it Qt (a test checks). SQLAlchemy
# is most of it (~0.2 s); on the UI thread these imports would freeze the window as the tabs
# are built.
WARM_UP = (
    "ledgerdesk.persistence.queries",
    "ledgerdesk.persistence.customer_queries",
    "ledgerdesk.services.invoice_forms",
    "ledgerdesk.services.receivables",
    "ledgerdesk.services.bank_import",
    "ledgerdesk.services.bank_review",
    "ledgerdesk.services.reminders",
    "ledgerdesk.services.reminder_views",
    "ledgerdesk.services.reminder_documents",
    "ledgerdesk.services.collection",
    "ledgerdesk.services.kpis",
    "ledgerdesk.commands.kpi",
    "babel.numbers",
    "babel.dates",
)


def run_app(data_dir: Path, argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("LedgerDesk")
    app.setOrganizationName("LedgerDesk")
    desk = Desk()
    if not desk.start(BookPaths.in_dir(data_dir)):
        return 1
    try:
        return app.exec()
    finally:
        desk.close()


def run_with_progress(label: str, work: Callable[[Callable[[str], None]], Any], tr: Callable[..., str]) -> Any:
    """Run `work(step)` in a thread; a busy dialog appears when it reports a step or lasts > 0.5 s.

    The event loop keeps turning meanwhile, so the window never freezes.
    """
    from PySide6.QtWidgets import QApplication, QProgressDialog

    result: dict[str, Any] = {}
    steps: list[str] = []

    def target() -> None:
        try:
            result["value"] = work(steps.append)
        except BaseException as exc:  # re-raised on the UI thread below
            result["error"] = exc

    thread = threading.Thread(target=target, name="ledgerdesk-work", daemon=True)
    thread.start()
    dialog = None
    started = time.monotonic()
    while thread.is_alive():
        thread.join(0.005)
        if dialog is None and (steps or time.monotonic() - started > 0.5):
            dialog = QProgressDialog(tr(label), "", 0, 0)
            dialog.setWindowTitle("LedgerDesk")
            dialog.setCancelButton(None)
            dialog.setMinimumDuration(0)
            dialog.show()
        if dialog is not None:
            dialog.setLabelText(tr(steps[-1]) if steps else tr(label))
        QApplication.processEvents()
    if dialog is not None:
        dialog.close()  # owned by Python (no parent): freed with the last reference, not deleteLater
    if "error" in result:
        raise result["error"]
    return result.get("value")


class Desk:
    """Owns the open book, its context and the main window; switches books and languages."""

    def __init__(self, preferences: Any = None, *, today: Callable[[], date] = date.today) -> None:
        from .ui.preferences import Preferences

        self.preferences = preferences or Preferences()
        self.today = today
        self.book: Any = None
        self.ctx: Any = None
        self.window: Any = None
        self.steps_seen: list[str] = []

    @property
    def tr(self) -> Callable[..., str]:
        from .i18n import gettext

        return gettext(self.preferences.language())

    # --- opening -------------------------------------------------------------------
    def start(self, paths: BookPaths) -> bool:
        """Open the first book; False when the user chose to quit."""
        from .ui.qt_language import use_language

        use_language(self.preferences.language())  # Qt's own words too, from the first dialog on
        return self.open(paths, quit_on_cancel=True)

    def open(self, paths: BookPaths, *, quit_on_cancel: bool = False) -> bool:
        from .persistence.book import BookError, open_book

        while True:
            try:
                def work(step: Callable[[str], None]) -> Any:
                    def progress(text: str) -> None:
                        self.steps_seen.append(text)
                        step(text)

                    return open_book(paths, progress=progress)

                book = run_with_progress("Opening the book", work, self.tr)
                break
            except BookError as exc:
                from .ui.dialogs import book_problems

                choice = book_problems.ask_what_next(self.tr, exc, self.window)
                if choice == book_problems.TRY_AGAIN:
                    continue
                if choice == book_problems.OPEN_OTHER:
                    other = book_problems.pick_book(self.tr, paths.folder, self.window)
                    if other is not None:
                        paths = BookPaths(other)
                        continue
                return False
        outcome = self._ensure_company(book)
        if outcome != "ok":
            book.close()
            return outcome == "demo" and self.open_demo(paths)
        self._show(book)
        return True

    def _ensure_company(self, book: Any) -> str:
        """'ok' when the book has a company (or the user just set it up), 'demo' or 'quit'."""
        if book.has_company():
            return "ok"
        from .ui.context import AppContext
        from .ui.dialogs.company_setup import DEMO_RESULT, LANGUAGE_RESULT, CompanySetup
        from .ui.qt_language import use_language

        typed = None
        while True:
            setup_ctx = AppContext(book, language=self.preferences.language(), today=self.today)
            dialog = CompanySetup(setup_ctx, first_start=True)
            if typed is not None:
                dialog.fill(typed)
            result = dialog.exec()
            if result != LANGUAGE_RESULT or dialog.chosen_language is None:
                break
            # The interface language is chosen on the first screen: the dialog comes back in it, filled in.
            typed = dialog.data()
            self.preferences.set_language(dialog.chosen_language)
            use_language(dialog.chosen_language)
        if result:
            self.preferences.set_language(self.preferences.language())  # the language shown is now the user's choice
        if result == DEMO_RESULT:
            return "demo"
        return "ok" if result else "quit"

    def open_demo(self, near: BookPaths) -> bool:
        """The demo book lives next to the user's book, in its own folder; generated once."""
        from .persistence.book import open_book
        from .services.company import has_company
        from .services.demo import DemoSpec, generate, sample_statement

        paths = BookPaths.in_dir(near.folder / "demo")
        today = self.today()

        def work(step: Callable[[str], None]) -> None:
            with open_book(paths) as book:
                with book.db.reading() as session:
                    if has_company(session):
                        return
                step("Creating the demo book")
                with book.db.transaction() as session:
                    generate(session, DemoSpec(years=3, customers=60, seed=1, as_of=today))
                with book.db.reading() as session:  # to try Receivables > Import statement on
                    (paths.folder / "demo-statement.cod").write_bytes(sample_statement(session, today))

        run_with_progress("Creating the demo book", work, self.tr)
        return self.open(paths)

    def _show(self, book: Any) -> None:
        from .ui.context import AppContext
        from .ui.main_window import MainWindow
        from .ui.qt_language import use_language

        use_language(self.preferences.language())  # after a language change: Qt's words follow

        old_book, old_ctx, old_window = self.book, self.ctx, self.window
        self.book = book
        self.ctx = AppContext(book, language=self.preferences.language(), today=self.today, preferences=self.preferences,
                              warm_up=WARM_UP)
        self.preferences.add_recent_book(book.paths.book)
        self.window = MainWindow(self.ctx)
        self.window.open_book_requested.connect(lambda path: self.switch(BookPaths(path)))
        self.window.new_book_requested.connect(lambda path: self.switch(BookPaths(path)))
        self.window.backup_requested.connect(self.backup_now)
        self.window.settings_requested.connect(self.show_settings)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_ctx is not None:
            old_ctx.wait_idle()
        if old_book is not None and old_book is not book:
            old_book.close()

    def switch(self, paths: BookPaths) -> bool:
        if self.book is not None and paths.book.resolve() == self.book.paths.book.resolve():
            return True
        return self.open(paths)

    # --- window requests ------------------------------------------------------------------
    def backup_now(self) -> None:
        from .persistence.book import backup

        ctx, window = self.ctx, self.window
        ctx.run_async(
            lambda: backup(self.book.paths, "manual"),
            done=lambda path: window.show_message(ctx.tr("Backup saved: {path}", path=str(path)), 10_000),
            failed=lambda exc: window.show_message(ctx.tr("The backup failed: {error}", error=str(exc)), 10_000),
            owner=window,
        )

    def show_settings(self) -> Any:
        from .ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self.ctx, self.window)
        dialog.language_chosen.connect(self.set_language)
        dialog.open()
        return dialog

    def set_language(self, language: str) -> None:
        """Applied at once: the window is rebuilt in the new language on the same book and tab."""
        self.preferences.set_language(language)
        if self.window is not None:
            self.preferences.set_geometry(self.window.saveGeometry())
            self.preferences.set_open_tab(self.window.tab_key(self.window.tabs.currentIndex()))
        self._show(self.book)

    def close(self) -> None:
        if self.ctx is not None:
            self.ctx.wait_idle()
        if self.book is not None:
            self.book.close()
            self.book = None
