"""The credit-note editor speaks of a credit note: its date, its notes, its Issue button and question."""

from __future__ import annotations

from ledgerdesk.services.invoice_list import list_invoices
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor


def test_a_credit_note_is_called_a_credit_note_in_dutch(qtbot, busy_book, today, monkeypatch):
    ctx = AppContext(busy_book, language="nl", today=lambda: today)
    issued = next(r for r in ctx.read(list_invoices, today, status="open"))
    editor = InvoiceEditor(ctx, invoice_id=issued.id)
    qtbot.addWidget(editor)
    assert editor.issue_date_label.text() == "Factuurdatum"
    dialog = editor.credit()
    assert dialog.make_credit_note() is not None
    note = editor.credit_note_editor
    qtbot.addWidget(note)
    assert note.view.document.is_credit_note and not note.view.is_issued
    assert note.issue_date_label.text() == "Datum van de creditnota"
    assert note.supply_differs.text() == "Verschilt van de datum van de creditnota"
    assert note.notes.placeholderText() == "Opmerkingen die op de creditnota komen"
    assert note.issue_button.text() == "Creditnota uitreiken"
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(note, "confirm_issue", lambda parent, text, yes, no: asked.append((text, yes)) or False)
    assert note.issue() is None  # the user said no
    assert asked and asked[0][1] == "Creditnota uitreiken" and "creditnota" in asked[0][0].lower()
    assert "factuur" not in asked[0][0].lower().replace("voor factuur", "")
    # The invoice it corrects keeps the invoice's words.
    assert editor.issue_date_label.text() == "Factuurdatum"
    assert editor.notes.placeholderText() == "Opmerkingen die op de factuur komen"
    ctx.wait_idle()
