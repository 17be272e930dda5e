"""Starting the app: first-start company setup, books that cannot be opened, language switch, backups."""

from __future__ import annotations

from ledgerdesk import app as app_module
from ledgerdesk.app import Desk, run_with_progress
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import BookLockedError, NotABookError, open_book
from ledgerdesk.services.company import get_company
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs import book_problems
from ledgerdesk.ui.dialogs.company_setup import CompanySetup


def _fill_setup(dialog: CompanySetup) -> int:
    dialog.name.setText("Studio Lambert")
    dialog.vat.setText("0403170701")
    dialog.iban.setText("BE71 0961 2345 6769")
    return int(dialog.save())


def test_company_setup_checks_as_you_type(qtbot, empty_book, messages):
    ctx = AppContext(empty_book, language="nl")
    dialog = CompanySetup(ctx)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.name.setText("Studio Lambert")
    dialog.vat.setText("BE 0403.170.702")
    assert dialog.field_messages["vat"].text() == "Dit is geen geldig btw-nummer (controleer de cijfers)."
    assert not dialog.save_button.isEnabled()
    dialog.vat.setText("BE 0403.170.701")
    assert dialog.field_messages["vat"].text() == "✓ BE 0403.170.701"
    assert dialog.save_button.isEnabled()
    assert "IBAN" in dialog.message.text()  # warning: no IBAN, in Dutch
    dialog.iban.setText("BE71 0961 2345 6769")
    assert dialog.message.text() == ""
    assert dialog.bic.placeholderText() == "GKCCBEBB (volgens de IBAN)"  # the bank's BIC: not typed twice
    assert dialog.save()
    company = ctx.read(get_company)
    assert (company.name, company.vat, company.iban, company.bic) == (
        "Studio Lambert",
        "BE0403170701",
        "BE71096123456769",
        "GKCCBEBB",
    )


def test_first_start_sets_up_the_company_then_shows_the_window(qtbot, tmp_path, prefs, monkeypatch):
    monkeypatch.setattr(CompanySetup, "exec", _fill_setup)
    desk = Desk(prefs)
    assert desk.start(BookPaths.in_dir(tmp_path / "fresh"))
    qtbot.addWidget(desk.window)
    assert desk.window.isVisible()
    assert prefs.recent_books() == [(tmp_path / "fresh" / "ledgerdesk.sqlite").resolve()]
    desk.window.close()
    desk.close()


def test_quitting_the_first_setup_leaves_no_window(tmp_path, prefs, monkeypatch, qapp):
    monkeypatch.setattr(CompanySetup, "exec", lambda self: 0)
    desk = Desk(prefs)
    assert not desk.start(BookPaths.in_dir(tmp_path / "fresh"))
    assert desk.window is None


def test_not_a_book_offers_another_file_or_quit(qtbot, tmp_path, prefs, monkeypatch):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("shopping list")
    seen = []
    answers = iter([book_problems.OPEN_OTHER, book_problems.QUIT])
    monkeypatch.setattr(book_problems, "ask_what_next", lambda tr, exc, parent=None: seen.append(exc) or next(answers))
    monkeypatch.setattr(book_problems, "pick_book", lambda tr, folder, parent=None: bogus)
    desk = Desk(prefs)
    assert not desk.start(BookPaths(bogus))
    assert [type(e) for e in seen] == [NotABookError, NotABookError]


def test_a_locked_book_can_be_retried_once_it_is_free(qtbot, tmp_path, prefs, monkeypatch):
    paths = BookPaths.in_dir(tmp_path / "shared")
    holder = open_book(paths)
    with holder.db.transaction() as s:
        from ledgerdesk.services.company import CompanyData, save_company

        save_company(s, CompanyData(name="Elsewhere"))
    seen = []

    def answer(tr, exc, parent=None):
        seen.append(type(exc))
        holder.close()  # the other window closes the book
        return book_problems.TRY_AGAIN

    monkeypatch.setattr(book_problems, "ask_what_next", answer)
    desk = Desk(prefs)
    assert desk.start(paths)
    qtbot.addWidget(desk.window)
    assert seen == [BookLockedError]
    desk.window.close()
    desk.close()


def test_language_switch_rebuilds_the_window_and_backup_runs_off_the_ui_thread(qtbot, tmp_path, prefs, book):
    book.close()  # the desk opens it itself
    prefs.set_language("en")
    desk = Desk(prefs)
    assert desk.start(book.paths)
    # Not handed to qtbot: the desk closes and deletes this window itself when the language changes.
    assert desk.window.tabs.tabText(0) == "Invoices"
    old = desk.window
    desk.set_language("fr")
    qtbot.addWidget(desk.window)
    assert desk.window is not old and desk.window.tabs.tabText(0) == "Factures"
    assert prefs.language() == "fr"
    shown = []
    desk.window.show_message = lambda text, msecs=0: shown.append(text)
    desk.backup_now()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith("Sauvegarde enregistrée")
    assert list(book.paths.backups.glob("*-manual.sqlite"))
    desk.window.close()
    desk.close()


def test_long_work_shows_progress_steps_while_the_event_loop_turns(qapp):
    import time

    def work(step):
        step("Backing up the book before updating it")
        time.sleep(0.1)
        step("Updating the book to the current version")
        time.sleep(0.1)
        return 42

    assert run_with_progress("Opening the book", work, lambda s: s) == 42
    assert app_module.run_with_progress is run_with_progress


def test_file_menu_switches_to_a_new_book_and_remembers_recent_ones(qtbot, tmp_path, prefs, book, monkeypatch):
    book.close()
    monkeypatch.setattr(CompanySetup, "exec", _fill_setup)

    def refuse(tr, exc, parent=None):
        raise AssertionError(f"unexpected: {exc!r}")

    monkeypatch.setattr(book_problems, "ask_what_next", refuse)
    desk = Desk(prefs)
    assert desk.start(book.paths)
    first = desk.window
    qtbot.addWidget(first)
    other = tmp_path / "second" / "other.sqlite"
    other.parent.mkdir()
    first.new_book_requested.emit(other)
    qtbot.addWidget(desk.window)
    assert desk.window is not first and desk.book.paths.book == other
    assert str(other) in desk.window.book_label.text()
    assert prefs.recent_books()[:2] == [other.resolve(), book.paths.book.resolve()]
    desk.window.open_book_requested.emit(book.paths.book)  # back through "Recent books"
    qtbot.addWidget(desk.window)
    assert desk.book.paths.book == book.paths.book
    desk.window.close()
    desk.close()


def test_widgets_reach_the_book_only_through_services_and_queries():
    """The import rule: nothing under ui/ imports SQLAlchemy or the ORM models (context.py's type hint aside)."""
    import ast
    from pathlib import Path

    import ledgerdesk.ui as ui

    offenders = []
    for path in Path(ui.__file__).parent.rglob("*.py"):
        if path.name == "context.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.startswith("sqlalchemy") or n.endswith("persistence.models") for n in names):
                offenders.append(f"{path.name}: {names}")
    assert offenders == []


def test_first_start_can_open_the_demo_book_instead(qtbot, tmp_path, prefs, monkeypatch, artifacts_dir):
    from ledgerdesk.ui.dialogs.company_setup import DEMO_RESULT

    monkeypatch.setattr(CompanySetup, "exec", lambda self: (self.demo_button.isHidden() and 0) or DEMO_RESULT)
    desk = Desk(prefs)
    assert desk.start(BookPaths.in_dir(tmp_path / "fresh"))
    qtbot.addWidget(desk.window)
    assert desk.book.paths.book == tmp_path / "fresh" / "demo" / "ledgerdesk.sqlite"
    tab = desk.window.find_tab("new_invoice")
    qtbot.waitUntil(lambda: tab.model.rowCount() > 50, timeout=10_000)
    desk.window.resize(1280, 800)
    qtbot.wait(50)
    path = artifacts_dir / "desk-demo-book.png"  # the main window on the demo book, for a person to look at
    assert desk.window.grab().save(str(path)) and path.stat().st_size > 20_000
    desk.window.close()
    desk.close()


STARTUP_CHILD = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ledgerdesk.app import Desk
from ledgerdesk.paths import BookPaths
from ledgerdesk.ui.preferences import Preferences

LIBS = ("sqlalchemy", "alembic", "reportlab", "pyqtgraph", "qrcode")
app = QApplication([])
desk = Desk(Preferences.in_file(Path(sys.argv[2])))
assert desk.start(BookPaths.in_dir(Path(sys.argv[1])))
desk.window.repaint()
print("painted", [m for m in LIBS if m in sys.modules], desk.window.tabs.count())
tab = desk.window.find_tab("new_invoice")
rows = []
tab.loaded.connect(rows.append)
while desk.window._pending or not rows:
    app.processEvents()
print("built", [m for m in LIBS if m in sys.modules], desk.window.tabs.count(), rows[0] > 100)
desk.window.close()
desk.close()
"""


def test_the_window_paints_before_sqlalchemy_loads_and_no_heavy_library_loads_with_the_tabs(tmp_path, busy_book):
    """The start-up path (benchmarks/bench_startup.py): the book is opened and the company checked with sqlite3,
    the window paints, then the domain layer loads in a worker and the other tabs are built. Charts,
    PDFs and migrations load only when first used."""
    import os
    import subprocess
    import sys

    folder = busy_book.paths.folder
    busy_book.close()
    out = subprocess.run(
        [sys.executable, "-c", STARTUP_CHILD, str(folder), str(tmp_path / "prefs.ini")],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith(("painted", "built"))]
    from ledgerdesk.ui.tabs import TABS

    assert lines == ["painted [] 1", f"built ['sqlalchemy'] {len(TABS)} True"]


def test_what_loads_in_the_worker_after_the_first_paint_has_no_qt():
    """Importing PySide6 modules from a worker thread while the UI thread uses them is unsafe."""
    import subprocess
    import sys

    code = (
        "import sys; from ledgerdesk.ui.tabs import load_domain; load_domain();"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'shiboken6', 'pyqtgraph', 'reportlab'}),"
        " 'ledgerdesk.persistence.queries' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] True"


def test_an_empty_book_file_is_not_opened_until_the_user_chooses_a_new_book(qtbot, tmp_path, prefs, monkeypatch):
    from ledgerdesk.persistence.book import EmptyBookFileError

    paths = BookPaths.in_dir(tmp_path / "emptied")
    paths.folder.mkdir()
    paths.book.touch()
    seen = []
    answers = iter([book_problems.QUIT, book_problems.NEW_BOOK])
    monkeypatch.setattr(book_problems, "ask_what_next", lambda tr, exc, parent=None: seen.append(exc) or next(answers))
    desk = Desk(prefs)
    assert not desk.start(paths)
    assert paths.book.stat().st_size == 0  # quitting leaves it as it was
    monkeypatch.setattr(CompanySetup, "exec", _fill_setup)
    assert desk.start(paths)  # "Start a new book in this file"
    qtbot.addWidget(desk.window)
    assert [type(e) for e in seen] == [EmptyBookFileError, EmptyBookFileError]
    assert "empty (0 bytes)" in book_problems.explanation(lambda m, **v: m.format(**v), seen[0])
    desk.window.close()
    desk.close()


def test_cancelling_the_choice_of_another_book_returns_to_the_choice(qtbot, tmp_path, prefs, monkeypatch):
    """Escape in the file dialog once ended the app without a word."""
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("shopping list")
    answers = iter([book_problems.OPEN_OTHER, book_problems.QUIT])
    asked = []
    monkeypatch.setattr(book_problems, "ask_what_next", lambda tr, exc, parent=None: asked.append(exc) or next(answers))
    monkeypatch.setattr(book_problems, "pick_book", lambda tr, folder, parent=None: None)  # Escape
    desk = Desk(prefs)
    assert not desk.start(BookPaths(bogus))
    assert len(asked) == 2  # asked again after the cancelled file dialog; quitting is the user's own choice
