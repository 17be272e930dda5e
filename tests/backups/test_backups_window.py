"""The Backups window, automatic backups in the app, restore with a preview, the log and the error dialog."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from backup_builders import add_issued_invoices, dump
from PySide6.QtWidgets import QMessageBox

from ledgerdesk.app import Desk
from ledgerdesk.persistence.backups import list_backups, make_backup
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs import unexpected_error
from ledgerdesk.ui.dialogs.backups import BackupsDialog, preview_text
from ledgerdesk.ui.preferences import Preferences


@pytest.fixture
def prefs(tmp_path):
    return Preferences.in_file(tmp_path / "prefs.ini")


def test_the_window_lists_what_each_backup_holds_and_backs_up_now(qtbot, qtmodeltester, book):
    add_issued_invoices(book, 2)
    make_backup(book.paths, "daily", now=datetime(2026, 3, 2, 18, 0))
    ctx = AppContext(book, language="nl")
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    qtmodeltester.check(dialog.model)
    row = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert row[1:7] == ["Dagelijks", "Deze computer", "Gecontroleerd", "2", "2026-0002", "0"]
    assert dialog.warning.isVisibleTo(dialog) and "zelfde schijf" in dialog.warning.text()
    dialog.back_up_now()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    assert dialog.status.text().startswith("Back-up gecontroleerd: 2 documenten")
    ctx.wait_idle()


def test_restore_shows_a_preview_then_the_desk_restores_and_reopens(qtbot, monkeypatch, prefs, book):
    add_issued_invoices(book, 2)
    saved = make_backup(book.paths, "manual", now=datetime(2026, 3, 2, 18, 0)).backup
    before = dump(book.paths.book)
    add_issued_invoices(book, 1, first=9)
    book.close()
    prefs.set_language("en")
    desk = Desk(prefs)
    assert desk.start(book.paths)
    dialog = desk.show_backups()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    asked = []

    def answer(box):  # the preview: what the backup holds, then Restore
        asked.append(box.informativeText())
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    dialog.ask_restore()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "Documents: 2 (last invoice 2026-0002" in asked[0] and "Atelier Janssens" in asked[0]
    qtbot.waitUntil(lambda: desk.book is not None and dump(book.paths.book) == before, timeout=10_000)
    assert [b.label for b in list_backups(book.paths)][:2] == ["before-restore", "manual"]
    desk.window.close()
    desk.ctx.wait_idle()
    desk.close()
    assert [b.label for b in list_backups(book.paths)][0] == "close"  # and one more on closing
    assert saved.path.exists()


def test_the_daily_backup_is_made_once_a_day(qtbot, prefs, book):
    book.close()
    prefs.set_language("en")
    desk = Desk(prefs)
    assert desk.start(book.paths)
    shown = []
    desk.window.show_message = lambda text, msecs=0: shown.append(text)
    desk.daily_backup()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith("Backup checked:")
    desk.daily_backup()
    desk.ctx.wait_idle()
    assert [b.label for b in list_backups(book.paths)] == ["daily"]
    desk.window.close()
    desk.close()


def test_the_help_menu_opens_the_log_folder(qtbot, prefs, book, monkeypatch, tmp_path):
    from ledgerdesk import logs

    book.close()
    desk = Desk(prefs)
    assert desk.start(book.paths)
    opened = []
    monkeypatch.setattr(logs, "open_folder", lambda folder: opened.append(folder) or True)
    help_menu = [m for m in desk.window.menuBar().actions() if m.menu() and m.text() in ("&Help", "&Hulp")][0].menu()
    [action] = [a for a in help_menu.actions() if "log" in a.text().lower()]
    action.trigger()
    assert opened == [logs.log_file().parent]
    desk.window.close()
    desk.close()


def test_an_unexpected_error_is_logged_with_its_traceback_and_shown_without_it(qtbot, tmp_path, monkeypatch):
    import sys
    import threading

    from ledgerdesk import logs

    monkeypatch.setenv("LEDGERDESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    log_file = logs.setup_logging()
    assert log_file == tmp_path / "logs" / "ledgerdesk.log"
    shown = []
    logs.install_excepthooks(shown.append)
    try:
        raise ZeroDivisionError("division by zero in a total")
    except ZeroDivisionError:
        sys.excepthook(*sys.exc_info())
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" in text and "ZeroDivisionError" in text
    assert isinstance(shown[0], ZeroDivisionError)

    box = unexpected_error.build(lambda s, **kw: s.format(**kw), shown[0], log_file)
    qtbot.addWidget(box)
    message = box.text() + box.informativeText()
    assert str(log_file) in message and "Traceback" not in message and "safe" in message
    assert box.open_log is not None
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "baseFilename", "") == str(log_file):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_the_preview_text_in_french(book):
    from ledgerdesk.i18n import gettext
    from ledgerdesk.services.backups import preview

    saved = make_backup(book.paths, "manual").backup
    text = preview_text(gettext("fr"), saved.path, preview(saved.path))
    assert "Documents : 0" in text or "Documents: 0" in text
    assert "sauvegard" in text


def test_a_book_in_a_sync_folder_is_offered_a_move_and_opens_from_the_local_copy(
    qtbot, monkeypatch, prefs, book, tmp_path
):
    import shutil

    from ledgerdesk.paths import BookPaths
    from ledgerdesk.ui.dialogs import book_problems

    add_issued_invoices(book, 1)
    book.close()
    synced = tmp_path / "Dropbox" / "Boeken"
    shutil.copytree(book.paths.folder, synced)
    asked = []

    def choose(tr, exc, parent=None):
        asked.append((book_problems.title_for(tr, exc), str(exc)))
        return book_problems.MOVE

    monkeypatch.setattr(book_problems, "ask_what_next", choose)
    monkeypatch.setattr(book_problems, "pick_local_folder", lambda tr, parent=None: tmp_path / "local")
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    prefs.set_language("en")
    desk = Desk(prefs)
    assert desk.start(BookPaths.in_dir(synced))
    assert asked[0][0] == "This book is on a network drive or in a sync folder" and "Dropbox" in asked[0][1]
    assert desk.book.paths.book == tmp_path / "local" / "ledgerdesk.sqlite"
    assert dump(desk.book.paths.book) == dump(BookPaths.in_dir(synced).book)
    desk.window.close()
    desk.close()


def test_background_work_that_fails_unexpectedly_is_shown_not_swallowed(qtbot, prefs, book, monkeypatch):
    book.close()
    desk = Desk(prefs, log_file=book.paths.folder / "ledgerdesk.log")
    assert desk.start(book.paths)
    shown = []
    monkeypatch.setattr(unexpected_error, "show", lambda tr, exc, log_file, parent=None: shown.append((exc, log_file)))

    def broken():
        raise KeyError("customer 42")

    desk.ctx.run_async(broken, done=lambda _: None)  # no failure callback: the app's dialog takes it
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert isinstance(shown[0][0], KeyError) and shown[0][1] == book.paths.folder / "ledgerdesk.log"
    desk.window.close()
    desk.close()
