"""The smaller points of the first hour: close buttons, where file dialogs start, payment history, whole
status words, the demo book marked as such."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.services import invoicing, payments
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.customers import CustomersDialog
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.main_window import MainWindow
from ledgerdesk.ui.models.invoices import STATUS_KEYS, status_label
from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab
from ledgerdesk.ui.widgets import file_places


def test_the_customers_dialog_has_a_close_button_in_the_users_language(qtbot, book, prefs):
    from ledgerdesk.ui.qt_language import use_language

    use_language("fr")
    try:
        dialog = CustomersDialog(AppContext(book, language="fr", preferences=prefs))
        qtbot.addWidget(dialog)
        dialog.show()
        close = dialog.close_buttons.button(QDialogButtonBox.StandardButton.Close)
        assert close.text() == "Fermer" and close.isVisible()
        close.click()
        assert not dialog.isVisible()
    finally:
        use_language("en")


def test_file_dialogs_start_in_the_documents_folder_then_where_the_user_went(qtbot, ctx, tmp_path, monkeypatch):
    from ledgerdesk.ui.tabs.receivables_tab import ReceivablesTab

    asked: list[str] = []
    chosen = tmp_path / "bank" / "march.cod"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda parent, title, where, filters: (asked.append(where), ("", ""))[1]
    )
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.choose_statement()
    assert asked == [str(file_places.documents_folder())] and Path(asked[0]) != Path.cwd()
    file_places.remember(ctx, "statements", str(chosen))
    tab.choose_statement()
    assert asked[-1] == str(chosen.parent)
    assert file_places.start_in(ctx, "documents", "a.pdf") == str(file_places.documents_folder() / "a.pdf")


def test_the_invoice_window_shows_its_payment_history(qtbot, ctx, customer_id):
    with ctx.book.db.transaction() as s:
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id, date(2026, 2, 1), [LineInput.of("Work", 1, "100", "21")])
        )
        invoicing.issue(s, invoice_id)
        payments.register_payment(s, payments.PaymentData(date(2026, 2, 10), 5000, "bank"), [(invoice_id, 5000)])
        payments.register_payment(s, payments.PaymentData(date(2026, 2, 20), 2000, "cash"), [(invoice_id, 2000)])
    editor = InvoiceEditor(ctx, invoice_id=invoice_id)
    qtbot.addWidget(editor)
    editor.show()
    history = editor.payments
    assert history.isVisible() and history.model.rowCount() == 2
    cells = [[history.model.data(history.model.index(r, c)) for c in range(3)] for r in range(2)]
    assert cells == [["20/02/2026", "Cash", ctx.money(2000)], ["10/02/2026", "Bank transfer", ctx.money(5000)]]
    assert "€" in cells[0][2]


def test_a_draft_has_no_payment_history(qtbot, ctx, customer_id):
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.show()
    assert not editor.payments.isVisible()


def test_every_status_word_fits_its_column_in_every_language(qtbot, book, prefs):
    for language in ("en", "nl", "fr"):
        ctx = AppContext(book, language=language, preferences=prefs)
        tab = InvoicesTab(ctx)
        qtbot.addWidget(tab)
        metrics = tab.view.fontMetrics()
        widest = max(metrics.horizontalAdvance(status_label(ctx.tr, s)) for s in STATUS_KEYS)
        assert tab.view.columnWidth(6) >= widest + 12, language
        assert metrics.horizontalAdvance(ctx.tr("Awaiting payment")) < tab.view.columnWidth(6)
        combo = tab.status
        assert combo.sizeHint().width() >= combo.fontMetrics().horizontalAdvance(ctx.tr("Awaiting payment"))
        ctx.wait_idle()


def test_the_demo_book_says_so_in_the_title_and_a_banner(qtbot, tmp_path, prefs):
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book
    from ledgerdesk.services.demo import DemoSpec, generate

    with open_book(BookPaths.in_dir(tmp_path / "demo")) as demo:
        with demo.db.transaction() as s:
            generate(s, DemoSpec(years=1, customers=5, seed=1, as_of=date(2026, 3, 2)))
        ctx = AppContext(demo, language="nl", preferences=prefs)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        assert "Demoboek" in window.windowTitle()
        assert window.demo_banner is not None and window.demo_banner.isVisible()
        assert "demoboek" in window.demo_banner.text()
        window.close()
        ctx.wait_idle()


def test_a_users_book_has_no_demo_banner(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.demo_banner is None and "Demo" not in window.windowTitle()
    assert window.centralWidget() is window.tabs
    ctx.wait_idle()
