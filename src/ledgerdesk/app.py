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
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from .paths import BookPaths

# Environment for the packaged program's smoke test (packaging/linux/smoke.sh): once the main
# window has painted, save a screenshot there and quit, so CI proves the built program opens.
ENV_SMOKE_SCREENSHOT = "LEDGERDESK_SMOKE_SCREENSHOT"
DAILY_CHECK_MS = 60 * 60 * 1000  # while the app stays open, look once an hour whether today's backup exists


def run_app(data_dir: Path, argv: list[str] | None = None) -> int:
    import os

    from .ui.memory import keep_no_source_lines

    keep_no_source_lines()  # before PySide6's import hook starts reading every module's source
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from .logs import setup_logging

    log_file = setup_logging()
    app = cast(QApplication, QApplication.instance() or QApplication(argv or sys.argv[:1]))
    app.setApplicationName("LedgerDesk")
    app.setOrganizationName("LedgerDesk")
    app.setDesktopFileName("ledgerdesk")  # Wayland/X11 find the icon through the desktop entry
    icon = icon_file()
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    desk = Desk(log_file=log_file)
    desk.install_error_dialog()
    if not desk.start(BookPaths.in_dir(data_dir)):
        return 1
    screenshot = os.environ.get(ENV_SMOKE_SCREENSHOT)
    if screenshot:
        desk.quit_after_painting(Path(screenshot))
    try:
        return app.exec()
    finally:
        desk.close()


def icon_file() -> Path | None:
    """The app icon: packaging/icons in a checkout, ledgerdesk/_icons in a built package."""
    here = Path(__file__).resolve().parent
    for candidate in (
        here.parent.parent / "packaging" / "icons" / "ledgerdesk-256.png",
        here / "_icons" / "ledgerdesk-256.png",
    ):
        if candidate.is_file():
            return candidate
    return None


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

    def __init__(
        self, preferences: Any = None, *, today: Callable[[], date] = date.today, log_file: Path | None = None
    ) -> None:
        from .ui.memory import keep_no_source_lines
        from .ui.preferences import Preferences

        keep_no_source_lines()  # the composition root decides what the process keeps (run_app did it earlier)
        self.preferences = preferences or Preferences()
        self.today = today
        self.log_file = log_file
        self.book: Any = None
        self.ctx: Any = None
        self.window: Any = None
        self.steps_seen: list[str] = []
        self._daily_timer: Any = None

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
        from .persistence.faults import folder_is_read_only

        while True:
            try:

                def work(step: Callable[[str], None]) -> Any:
                    def progress(text: str) -> None:
                        self.steps_seen.append(text)
                        step(text)

                    # On read-only media the book opens for reading (no lock file can be made there);
                    # a change is then refused with a sentence saying the folder is read-only.
                    return open_book(paths, progress=progress, for_writing=not folder_is_read_only(paths.folder))  # noqa: B023

                book = run_with_progress("Opening the book", work, self.tr)
                break
            except BookError as exc:
                from .ui.dialogs import book_problems

                choice = book_problems.ask_what_next(self.tr, exc, self.window)
                if choice == book_problems.TRY_AGAIN:
                    continue
                if choice == book_problems.NEW_BOOK:  # the user chose it for this empty file: only then
                    if paths.book.is_file() and paths.book.stat().st_size == 0:
                        paths.book.unlink()
                    continue
                if choice == book_problems.MOVE:
                    moved = self._move_book(paths, book_problems.pick_local_folder(self.tr, self.window))
                    if moved is not None:
                        paths = moved
                    continue
                if choice == book_problems.OPEN_OTHER:
                    other = book_problems.pick_book(self.tr, paths.folder, self.window)
                    if other is not None:
                        paths = BookPaths(other)
                    continue  # cancelled: back to the choice, not a silent quit
                return False
        outcome = self._ensure_company(book)
        if outcome != "ok":
            book.close()
            return outcome == "demo" and self.open_demo(paths)
        self._show(book)
        return True

    def _move_book(self, paths: BookPaths, folder: Path | None) -> BookPaths | None:
        """Copy a book off a network or sync folder into a local one (checked); None if not done."""
        from PySide6.QtWidgets import QMessageBox

        from .persistence.book import BookError
        from .services.backups import move_book

        if folder is None:
            return None
        try:
            moved = run_with_progress("Opening the book", lambda step: move_book(paths, folder), self.tr)
        except BookError as exc:
            QMessageBox.warning(
                self.window, "LedgerDesk", exc.message.translated(self.tr) if hasattr(exc, "message") else str(exc)
            )
            return None
        QMessageBox.information(
            self.window,
            "LedgerDesk",
            self.tr("The book was copied to {path} and opened; the original was left as it was.", path=str(moved.book)),
        )
        return moved

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
                    generate(session, DemoSpec(years=3, customers=60, seed=1, as_of=today, quotes=True))
                with book.db.reading() as session:  # to try Receivables > Import statement on
                    statement = sample_statement(session, today)
                from .atomic import write_atomic

                write_atomic(paths.folder / "demo-statement.cod", statement)

        run_with_progress("Creating the demo book", work, self.tr)
        return self.open(paths)

    def _show(self, book: Any) -> None:
        from .ui.context import AppContext
        from .ui.main_window import MainWindow
        from .ui.qt_language import use_language
        from .ui.tabs import load_domain

        use_language(self.preferences.language())  # after a language change: Qt's words follow

        old_book, old_ctx, old_window = self.book, self.ctx, self.window
        self.book = book
        self.ctx = AppContext(
            book,
            language=self.preferences.language(),
            today=self.today,
            preferences=self.preferences,
            warm_up=load_domain,
        )
        self.preferences.add_recent_book(book.paths.book)
        self.window = MainWindow(self.ctx)
        self.window.open_book_requested.connect(lambda path: self.switch(BookPaths(path)))
        self.window.new_book_requested.connect(lambda path: self.switch(BookPaths(path)))
        self.window.backup_requested.connect(self.backup_now)
        self.window.backups_requested.connect(self.show_backups)
        self.window.log_folder_requested.connect(self.open_log_folder)
        self.ctx.unexpected_error.connect(self.show_unexpected_error)
        self.window.settings_requested.connect(self.show_settings)
        self.window.accountant_pack_requested.connect(self.show_accountant_pack)
        self.window.vat_return_requested.connect(self.show_vat_return)
        self.window.client_listing_requested.connect(self.show_client_listing)
        self.window.ec_sales_list_requested.connect(self.show_ec_sales_list)
        self.window.peppol_settings_requested.connect(self.show_peppol_settings)
        self.window.show()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_ctx is not None:
            old_ctx.wait_idle()
        if old_book is not None and old_book is not book:
            old_book.close()
        self._start_daily_backups()

    def switch(self, paths: BookPaths) -> bool:
        if self.book is not None and paths.book.resolve() == self.book.paths.book.resolve():
            return True
        return self.open(paths)

    # --- window requests ------------------------------------------------------------------
    def backup_now(self) -> None:
        from .services.backups import back_up_now
        from .ui.dialogs.backups import result_sentence

        ctx, window, paths = self.ctx, self.window, self.book.paths
        ctx.run_async(
            lambda: back_up_now(paths, now=datetime.now()),
            done=lambda result: window.show_message(
                ctx.tr("Backup saved: {path}", path=str(result.backup.path)) + " " + result_sentence(ctx.tr, result),
                15_000,
            ),
            failed=lambda exc: window.show_message(self._failure_text(exc), 15_000),
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
        if self._daily_timer is not None:
            self._daily_timer.stop()
        if self.ctx is not None:
            self.ctx.wait_idle()
        if self.book is not None:
            self._back_up_on_close()
            self.book.close()
            self.book = None

    # --- automatic backups, the log and unexpected errors -----------------------------------------
    def _back_up_on_close(self) -> None:
        """On closing, a checked backup (unless automatic backups are off); a failure is logged, never
        blocks quitting."""
        import logging

        from .persistence.book import BookError
        from .services.backups import back_up_on_close

        try:
            back_up_on_close(self.book.paths, now=datetime.now())
        except (BookError, OSError) as exc:
            logging.getLogger(__name__).error("the backup on closing failed: %s", exc)

    def daily_backup(self) -> None:
        """Today's backup if there is none yet, off the UI thread; the result in the status bar."""
        from .services.backups import back_up_if_due
        from .ui.dialogs.backups import result_sentence

        if self.book is None or self.window is None:
            return
        ctx, window, paths = self.ctx, self.window, self.book.paths
        ctx.run_async(
            lambda: back_up_if_due(paths, now=datetime.now()),
            done=lambda result: result is not None and window.show_message(result_sentence(ctx.tr, result), 15_000),
            failed=lambda exc: window.show_message(self._failure_text(exc), 30_000),
            owner=window,
        )

    def _failure_text(self, exc: Exception) -> str:
        text = exc.message.translated(self.tr) if hasattr(exc, "message") else str(exc)
        return self.tr("The backup failed: {error}", error=text)

    def _start_daily_backups(self) -> None:
        from PySide6.QtCore import QTimer

        if self._daily_timer is None:
            self._daily_timer = QTimer()
            self._daily_timer.setInterval(DAILY_CHECK_MS)
            self._daily_timer.timeout.connect(self.daily_backup)
            self._daily_timer.start()
        QTimer.singleShot(2_000, self.window, self.daily_backup)  # after the window and its tabs are up

    def show_backups(self) -> Any:
        from .ui.dialogs.backups import BackupsDialog

        dialog = BackupsDialog(self.ctx, self.window)
        dialog.restore_requested.connect(self.restore)
        dialog.open()
        return dialog

    def show_accountant_pack(self) -> Any:
        from .ui.dialogs.accountant_pack import AccountantPackDialog

        dialog = AccountantPackDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def show_vat_return(self) -> Any:
        from .ui.dialogs.vat_return import VatReturnDialog

        dialog = VatReturnDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def show_peppol_settings(self) -> Any:
        from .ui.dialogs.peppol_settings import PeppolSettingsDialog

        dialog = PeppolSettingsDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def show_client_listing(self) -> Any:
        from .ui.dialogs.client_listing import ClientListingDialog

        dialog = ClientListingDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def show_ec_sales_list(self) -> Any:
        from .ui.dialogs.ec_sales_list import EcSalesListDialog

        dialog = EcSalesListDialog(self.ctx, self.window)
        dialog.open()
        return dialog

    def restore(self, source: Path) -> bool:
        """Close the book, make it the backup (the book as it was is backed up first), open it again."""
        from PySide6.QtWidgets import QMessageBox

        from .persistence.book import BookError
        from .services.backups import restore

        paths, parent = self.book.paths, self.window
        self.ctx.wait_idle()
        self.book.close()
        try:
            facts = run_with_progress(
                "Restoring the backup", lambda step: restore(paths, source, now=datetime.now()), self.tr
            )
        except BookError as exc:
            text = exc.message.translated(self.tr) if hasattr(exc, "message") else str(exc)
            QMessageBox.warning(parent, "LedgerDesk", self.tr("The backup could not be restored: {error}", error=text))
            facts = None
        self.book = None
        opened = self.open(paths)
        if opened and facts is not None:
            self.window.show_message(
                self.tr(
                    "Restored: {documents} documents, last invoice {last_invoice}.",
                    documents=facts.invoices,
                    last_invoice=facts.last_invoice or "–",
                ),
                20_000,
            )
        return opened and facts is not None

    def open_log_folder(self) -> bool:
        from .logs import log_file, open_folder

        return open_folder((self.log_file or log_file()).parent)

    def install_error_dialog(self) -> None:
        """Unexpected errors anywhere: logged with the traceback, shown as a dialog without it."""
        from .logs import install_excepthooks

        install_excepthooks(self.show_unexpected_error)

    def show_unexpected_error(self, exc: BaseException) -> None:
        import threading

        from PySide6.QtCore import QTimer

        from .ui.dialogs import unexpected_error

        if threading.current_thread() is not threading.main_thread():
            QTimer.singleShot(0, self.window, lambda: self.show_unexpected_error(exc)) if self.window else None
            return
        from .logs import log_file

        unexpected_error.show(self.tr, exc, self.log_file or log_file(), self.window)

    def quit_after_painting(self, screenshot: Path) -> None:
        """The packaged program's smoke test: save what the window shows, then quit with 0."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def shoot() -> None:
            window = self.window
            ok = window is not None and window.isVisible() and window.grab().save(str(screenshot))
            print(
                f"window shown: {window.windowTitle() if window else '-'}; screenshot "
                f"{'saved' if ok else 'FAILED'}: {screenshot}",
                flush=True,
            )
            QApplication.exit(0 if ok else 1)

        QTimer.singleShot(1_500, shoot)
