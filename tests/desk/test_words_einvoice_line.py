"""The invoice window's e-invoice status line has the window's width in every language, at 1024×700 and 1920×1080.

Beside "Save e-invoice…" the line had a narrow column and wrapped over three lines in French; it now has
the window's left side to itself. Screenshots go to artifacts/words/ for a person to look at.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.services import einvoicing
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.qt_language import use_language

TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    from ledgerdesk.services.demo import DemoSpec, generate

    folder = tmp_path_factory.mktemp("einvoice-line") / "demo"
    with open_book(BookPaths.in_dir(folder)) as book, book.db.transaction() as session:
        generate(session, DemoSpec(years=1, customers=10, seed=3, as_of=TODAY))
    return folder


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_einvoice_status_line_has_the_whole_column(qtbot, demo_folder, prefs, artifacts_dir, language):  # type: ignore[no-untyped-def]
    shots = artifacts_dir / "words"
    shots.mkdir(exist_ok=True)
    use_language(language)
    book = open_book(BookPaths.in_dir(demo_folder))
    ctx = AppContext(book, language=language, today=lambda: TODAY, preferences=prefs)
    try:
        rows = ctx.read(list_invoices, TODAY, status="all")
        invoice = next(r for r in rows if r.number and ctx.read(einvoicing.concerns_einvoicing, r.id))
        editor = InvoiceEditor(ctx, invoice_id=invoice.id)
        qtbot.addWidget(editor)
        editor.show()
        line = editor.einvoice.summary
        for width, height in ((1024, 700), (1920, 1080)):
            editor.resize(width, height)
            QApplication.processEvents()
            qtbot.wait(20)
            assert editor.grab().save(str(shots / f"{language}-{width}x{height}-invoice-einvoice-line.png"))
            assert line.isVisible() and line.text()
            # The whole left column is the line's, and it takes no more lines than its text needs there.
            assert line.width() >= editor.notes.width() - 2, (width, line.width(), editor.notes.width())
            needed = line.fontMetrics().horizontalAdvance(line.text()) // line.width() + 1
            assert line.height() <= needed * line.fontMetrics().lineSpacing() + 4, (width, line.height(), needed)
            assert editor.einvoice.save_button.geometry().top() >= line.geometry().bottom()
        editor.close()
    finally:
        ctx.wait_idle()
        book.close()
        use_language("en")
