"""The lines table of the invoice and quote editors: the description takes the spare width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.models.lines import DESCRIPTION, VAT, LineDraft


def _editor(kind: str, ctx: AppContext):  # type: ignore[no-untyped-def]
    if kind == "invoice":
        from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor

        return InvoiceEditor(ctx)
    from ledgerdesk.ui.dialogs.quote_editor import QuoteEditor

    return QuoteEditor(ctx)


@pytest.mark.parametrize("kind", ["invoice", "quote"])
@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_the_description_is_the_widest_column(qtbot, book, kind, language, size, artifacts_dir):
    ctx = AppContext(book, language=language)
    editor = _editor(kind, ctx)
    qtbot.addWidget(editor)
    editor.resize(*size)
    editor.show()
    qtbot.waitExposed(editor)
    editor.lines.set_draft(0, LineDraft("Website maintenance", "5", "450", "0", "0/reverse_charge"))
    qtbot.wait(10)
    table = editor.table
    widths = [table.columnWidth(c) for c in range(editor.lines.columnCount())]
    assert widths[DESCRIPTION] == max(widths) and widths[DESCRIPTION] > 2 * widths[VAT], widths
    long_case = editor.lines.index(0, VAT)
    assert editor.lines.data(long_case, Qt.ItemDataRole.ToolTipRole) == long_case.data()  # cut, but whole here
    width, height = size
    editor.grab().save(str(artifacts_dir / f"forms2-{kind}-editor-{language}-{width}x{height}.png"))
    ctx.wait_idle()
