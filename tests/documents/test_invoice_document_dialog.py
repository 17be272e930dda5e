"""The app's PDF actions, one widget at a time: preview, save as, print to a PDF printer, settings dialog."""

from __future__ import annotations

from datetime import date

from builders import invoice
from doc_helpers import pdf_pages, pdf_text
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from ledgerdesk.paths import previews_dir
from ledgerdesk.services import documents, invoicing
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs import invoice_document as dialog


def _ctx(book) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(book, language="en", today=lambda: date(2026, 3, 10))


def test_preview_writes_a_temporary_pdf_and_opens_it(qtbot, book, customer_id, simple_lines):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    opened = []
    path = dialog.preview_invoice(_ctx(book), invoice_id, opener=lambda url: opened.append(url) or True)
    assert path is not None and opened[0].toLocalFile() == str(path)
    assert path.parent == previews_dir()  # the user's cache folder (the tests': artifacts/cache)
    assert "Factuur" in pdf_text(path.read_bytes())  # the customer's language, not the UI's
    path.unlink()


def test_save_as_adds_the_pdf_suffix_and_cancel_writes_nothing(qtbot, book, customer_id, simple_lines, tmp_path):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    ctx = _ctx(book)
    saved = dialog.save_invoice_pdf_as(ctx, invoice_id, ask=lambda *a: (str(tmp_path / "factuur"), ""))
    assert saved == tmp_path / "factuur.pdf" and pdf_pages(saved.read_bytes()) == 1
    assert dialog.save_invoice_pdf_as(ctx, invoice_id, ask=lambda *a: ("", "")) is None


def test_a_draft_shows_one_clear_message_instead_of_a_pdf(qtbot, book, customer_id, simple_lines, monkeypatch):
    with book.db.transaction() as s:
        draft = invoicing.create_draft(s, invoicing.DraftData(customer_id, date(2026, 3, 1), simple_lines))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    before = set(previews_dir().iterdir())
    assert dialog.preview_invoice(_ctx(book), draft, opener=lambda url: True) is None
    assert shown == ["The document could not be made: a draft has no number yet; issue it before making its PDF"]
    assert set(previews_dir().iterdir()) == before  # no empty file left behind
    path = dialog.preview_invoice(_ctx(book), draft, allow_draft=True, opener=lambda url: True)
    assert path is not None
    path.unlink()


def test_print_paints_every_page_on_the_printer(qtbot, book, customer_id, simple_lines, tmp_path):
    invoice_id = invoice(book, customer_id, lines=simple_lines)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert dialog.print_invoice(_ctx(book), invoice_id, printer=printer, ask=False) == 1
    assert pdf_pages((tmp_path / "printed.pdf").read_bytes()) == 1


def test_actions_act_on_the_current_invoice(qtbot, book, customer_id, simple_lines, monkeypatch):
    from PySide6.QtWidgets import QWidget

    invoice_id = invoice(book, customer_id, lines=simple_lines)
    host = QWidget()
    qtbot.addWidget(host)
    calls = []
    monkeypatch.setattr(dialog, "preview_invoice", lambda ctx, i, parent: calls.append(("preview", i)))
    actions = dialog.document_actions(_ctx(book), host, lambda: invoice_id)
    assert [a.text() for a in actions] == ["Preview", "Save PDF", "Print"]
    actions[0].trigger()
    assert calls == [("preview", invoice_id)]


def test_settings_dialog_saves_and_refuses_a_missing_logo(qtbot, book, tmp_path):
    ctx = _ctx(book)
    box = dialog.DocumentSettingsDialog(ctx)
    qtbot.addWidget(box)
    box.window_side.setCurrentIndex(box.window_side.findData("left"))
    box.late_terms.setPlainText("Interest of 8 % a year & € 40 after the due date.")
    box.logo.setText(str(tmp_path / "missing.png"))
    box.accept()
    assert box.error.isVisibleTo(box) and "does not exist" in box.error.text()
    assert ctx.read(documents.document_settings).envelope_window == "right"  # nothing half-saved
    box.logo.clear()
    box.accept()
    saved = ctx.read(documents.document_settings)
    assert saved.envelope_window == "left" and saved.logo_path is None
    assert saved.late_terms == "Interest of 8 % a year & € 40 after the due date."
    again = dialog.DocumentSettingsDialog(ctx)
    qtbot.addWidget(again)
    assert again.window_side.currentData() == "left" and again.late_terms.toPlainText().startswith("Interest")


def test_without_a_pdf_viewer_both_previews_say_where_the_file_is(qtbot, book, customer_id, simple_lines, monkeypatch):
    from ledgerdesk.services import quotes
    from ledgerdesk.ui.dialogs import quote_files

    invoice_id = invoice(book, customer_id, lines=simple_lines)
    with book.db.transaction() as s:
        data = quotes.QuoteData(customer_id, date(2026, 3, 1), simple_lines, valid_until=date(2026, 3, 31))
        quote_id = quotes.create_draft(s, data)
        quotes.send(s, quote_id)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    paths = [
        dialog.preview_invoice(_ctx(book), invoice_id, opener=lambda url: False),
        quote_files.preview(_ctx(book), quote_id, opener=lambda url: False),
    ]
    assert shown == [("Preview", f"The system has no PDF viewer to open {path}.") for path in paths]
    assert all(path is not None and path.exists() for path in paths)  # left for the user to open by hand
    for path in paths:
        path.unlink()
