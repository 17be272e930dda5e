"""The editor's unit column: a Rec. 20 unit chosen per line, named in the user's language, kept as its code."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor
from ledgerdesk.ui.models.lines import UNIT, LineDraft
from ledgerdesk.ui.widgets.invoice_lines import LineDelegate


def test_a_unit_is_chosen_per_line_and_issued_as_its_code(qtbot, ctx, book, customer_id, messages, monkeypatch):
    monkeypatch.setattr(InvoiceEditor, "confirm_issue", staticmethod(lambda *a: True))
    editor = InvoiceEditor(ctx, customer_id=customer_id)
    qtbot.addWidget(editor)
    editor.lines.set_drafts(
        [LineDraft("Tiling", "12", "30", "0", "21"), LineDraft("Travel", "1", "45", "0", "21", "uur")]
    )
    assert editor.lines.headerData(UNIT, Qt.Orientation.Horizontal) == "Unit"
    delegate = LineDelegate(editor)
    combo = delegate.createEditor(editor, QStyleOptionViewItem(), editor.lines.index(0, UNIT))
    assert isinstance(combo, QComboBox)
    names = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert names["HUR"] == "hour" and names["MTK"] == "m²" and names["LS"] == "lump sum" and names["KMT"] == "km"
    combo.setCurrentIndex(combo.findData("MTK"))
    delegate.setModelData(combo, editor.lines, editor.lines.index(0, UNIT))
    assert editor.lines.drafts()[0].unit == "MTK"
    assert editor.lines.data(editor.lines.index(0, UNIT)) == "m²"
    assert editor.lines.data(editor.lines.index(1, UNIT)) == "hour"  # an older Dutch word, named in English
    assert editor.issue() == "2026-0001"
    assert [line.unit for line in editor.view.document.lines] == ["MTK", "uur"]
