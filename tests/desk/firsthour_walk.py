"""Walk every window and dialog of the app on a demo book: the texts a user reads, and screenshots.

Used by test_firsthour_walk.py. A text is 'left in English' when it is the English source of a message
whose translation in the interface language differs, or one of Qt's own English button words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QWidget,
)

from ledgerdesk.i18n import catalog

QT_ENGLISH = {
    "Close",
    "Cancel",
    "OK",
    "Open",
    "Save",
    "Yes",
    "No",
    "Apply",
    "Discard",
    "Help",
    "Reset",
    "&Open",
    "&Save",
    "&Yes",
    "&No",
    "File name:",
    "Files of type:",
    "Look in:",
    "Detail View",
    "List View",
    "Back",
    "Forward",
    "Parent Directory",
    "Create New Folder",
    "&Look in:",
    "Files of &type:",
    "File &name:",
}
TAGS = re.compile(r"<[^>]+>")


def english_sources() -> set[str]:
    sources: set[str] = set()
    for language in ("en", "nl", "fr"):
        sources.update(catalog(language))
    return sources


def texts_of(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a user reads in a window: titles, labels, buttons, tabs, headers, menus."""
    yield "title", top.windowTitle()
    for w in top.findChildren(QWidget):
        name = type(w).__name__
        if isinstance(w, QLabel):
            yield name, TAGS.sub("", w.text())
        elif isinstance(w, QAbstractButton):
            yield name, w.text()
        elif isinstance(w, QGroupBox):
            yield name, w.title()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield name, w.itemText(i)
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield name, w.tabText(i)
        elif isinstance(w, QLineEdit):
            yield name, w.placeholderText()
        elif isinstance(w, QMenu):
            for action in w.actions():
                yield name, action.text()
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount()
            except TypeError:  # list models (QListView, QComboBox's) have no columns to name
                columns = 0
            for column in range(columns):
                yield f"{name} header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if w.toolTip():
            yield f"{name} tooltip", TAGS.sub("", w.toolTip())


def left_in_english(top: QWidget, language: str, sources: set[str]) -> list[str]:
    ours = catalog(language)
    native = {t.replace("&", "").strip() for t in ours.values()}  # words that are also ours ("Open", "Help" in Dutch)
    found = []
    for where, text in texts_of(top):
        for piece in {text, text.replace("&", ""), text.strip()}:
            piece = piece.strip()
            if not piece:
                continue
            if (piece in QT_ENGLISH and piece.replace("&", "") not in native) or (
                piece in sources and ours.get(piece, piece + "\0") != piece
            ):
                found.append(f"{type(top).__name__} {where}: {piece!r}")
    return sorted(set(found))


def open_window(qtbot, ctx):  # type: ignore[no-untyped-def]
    """The main window shown with every tab built, as a user meets it once the app has loaded."""
    from ledgerdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.build_remaining_tabs()
    return window


@contextmanager
def window_in(qtbot, book, today: date, prefs, language: str):  # type: ignore[no-untyped-def]
    """(context, main window) in `language` on `book`, every tab built; the language is put back after."""
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.qt_language import use_language

    use_language(language)
    ctx = AppContext(book, language=language, today=lambda: today, preferences=prefs)
    window = None
    try:
        window = open_window(qtbot, ctx)
        yield ctx, window
    finally:
        if window is not None:
            window.close()
        ctx.wait_idle()
        use_language("en")


def show_tab(window, key: str):  # type: ignore[no-untyped-def]
    """Switch the main window to the tab of that class name and return the tab."""
    index = next(i for i in range(window.tabs.count()) if window.tab_key(i) == key)
    window.tabs.setCurrentIndex(index)
    return window.tabs.widget(index)


def settle(qtbot, ctx, ms: int = 30) -> None:
    ctx.wait_idle()
    QApplication.processEvents()
    qtbot.wait(ms)
    ctx.wait_idle()
    QApplication.processEvents()


def dialogs(window, ctx, demo_folder: Path) -> Iterator[tuple[str, Callable[[], QWidget]]]:
    """(name, make) for every dialog a user can open; `make` returns it shown."""
    from ledgerdesk.persistence.queries import list_invoices
    from ledgerdesk.ui.dialogs.accountant_pack import AccountantPackDialog
    from ledgerdesk.ui.dialogs.allocations import AllocationsDialog
    from ledgerdesk.ui.dialogs.client_listing import ClientListingDialog
    from ledgerdesk.ui.dialogs.company_setup import CompanySetup
    from ledgerdesk.ui.dialogs.credit_note import CreditNoteDialog
    from ledgerdesk.ui.dialogs.customers import CustomerPage, CustomersDialog
    from ledgerdesk.ui.dialogs.ec_sales_list import EcSalesListDialog
    from ledgerdesk.ui.dialogs.guide import GuideDialog
    from ledgerdesk.ui.dialogs.import_statement import ImportStatementDialog
    from ledgerdesk.ui.dialogs.invoice_document import DocumentSettingsDialog
    from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
    from ledgerdesk.ui.dialogs.payment import PaymentDialog
    from ledgerdesk.ui.dialogs.recurring_dialog import RecurringDialog
    from ledgerdesk.ui.dialogs.reminder_scenarios import ScenarioDialog
    from ledgerdesk.ui.dialogs.settings import SettingsDialog
    from ledgerdesk.ui.dialogs.vat_return import VatReturnDialog

    today = ctx.today()
    open_rows = ctx.read(list_invoices, today, status="open")
    invoice_id = open_rows[0].id
    customer_id = open_rows[0].customer_id

    def editor() -> QWidget:
        return InvoiceEditor(ctx, invoice_id=invoice_id, parent=window)

    def file_dialog() -> QWidget:
        dialog = QFileDialog(window, ctx.tr("Import statement…"), str(demo_folder))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        return dialog

    yield "customers", lambda: CustomersDialog(ctx, parent=window)
    yield "customer-page", lambda: CustomerPage(ctx, customer_id, parent=window)
    yield "new-customer", lambda: CustomerPage(ctx, None, parent=window)
    yield "new-invoice", lambda: InvoiceEditor(ctx, parent=window)
    yield "invoice", editor
    yield "payment", lambda: PaymentDialog(ctx, editor().view, parent=window)
    yield "credit-note", lambda: CreditNoteDialog(ctx, editor().view, parent=window)
    yield "settings", lambda: SettingsDialog(ctx, window)
    yield "company", lambda: CompanySetup(ctx, window, first_start=False)
    yield "welcome", lambda: CompanySetup(ctx, window, first_start=True)
    yield "documents", lambda: DocumentSettingsDialog(ctx, window)
    yield "recurring", lambda: RecurringDialog(ctx, window, as_of=today)
    yield "allocations", lambda: AllocationsDialog(ctx, None, window)
    yield "reminder-scenarios", lambda: ScenarioDialog(ctx, window)
    yield "import-statement", lambda: ImportStatementDialog(ctx, demo_folder / "demo-statement.cod", window)
    yield "guide", lambda: GuideDialog(ctx, window)
    yield "accountant-pack", lambda: AccountantPackDialog(ctx, window)
    yield "vat-return", lambda: VatReturnDialog(ctx, window)
    yield "client-listing", lambda: ClientListingDialog(ctx, window)
    yield "ec-sales-list", lambda: EcSalesListDialog(ctx, window)
    yield "file-dialog", file_dialog


def make_demo(folder: Path, today: date) -> Path:
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book
    from ledgerdesk.services.demo import DemoSpec, generate, sample_statement

    paths = BookPaths.in_dir(folder)
    with open_book(paths) as book:
        with book.db.transaction() as session:
            generate(session, DemoSpec(years=2, customers=25, seed=3, as_of=today))
        with book.db.reading() as session:
            (folder / "demo-statement.cod").write_bytes(sample_statement(session, today))
    return folder


def is_dialog(widget: QWidget) -> bool:
    return isinstance(widget, QDialog)
