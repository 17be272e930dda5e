"""The structured communication reads as one unbroken piece wherever a window shows it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel

from ledgerdesk.ui.context import AppContext


def _lines_holding(label: QLabel, piece: str) -> set[int]:
    """Which laid-out lines of a word-wrapping rich-text label the characters of `piece` land on."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    document.setHtml(label.text())
    document.setTextWidth(label.contentsRect().width())
    document.size()  # lays the text out at that width
    start = document.toPlainText().index(piece)
    lines = set()
    for offset in range(start, start + len(piece)):
        block = document.findBlock(offset)
        layout = block.layout()
        line = layout.lineForTextPosition(offset - block.position())
        lines.add(block.blockNumber() * 1000 + line.lineNumber())
    return lines


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("width", [780, 1024])
def test_the_issued_invoice_window_never_breaks_the_structured_communication(
    qtbot, busy_book, today, language, width, artifacts_dir
):
    from ledgerdesk.domain.references import format as format_ogm
    from ledgerdesk.services.invoice_list import list_invoices
    from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor

    ctx = AppContext(busy_book, language=language, today=lambda: today)
    issued = next(r for r in ctx.read(list_invoices, today, status="open"))
    editor = InvoiceEditor(ctx, invoice_id=issued.id)
    qtbot.addWidget(editor)
    editor.resize(width, 700)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(20)
    ogm = format_ogm(editor.view.document.structured_communication)  # type: ignore[union-attr]
    assert len(_lines_holding(editor.state_label, ogm)) == 1
    editor.grab().save(str(artifacts_dir / f"invoice-ogm-{language}-{width}.png"))
    ctx.wait_idle()


def test_tables_that_show_a_communication_cut_it_rather_than_split_it(qtbot, book):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableView

    from ledgerdesk.ui.tabs.receivables_tab import ReceivablesTab
    from ledgerdesk.ui.tabs.reminders_tab import RemindersTab

    ctx = AppContext(book, language="fr")
    seen = 0
    for tab in (ReceivablesTab(ctx), RemindersTab(ctx)):
        qtbot.addWidget(tab)
        for view in tab.findChildren(QTableView):
            model = view.model()
            headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            if any("Communication" in str(h) for h in headers):
                seen += 1
                assert not view.wordWrap(), headers
    assert seen >= 2
    ctx.wait_idle()
