"""Pieces of the invoice editor that are not the dialog itself: date conversion, the line
delegate (VAT choices, suggestions from earlier lines) and the way to the PDF dialogs."""

from __future__ import annotations

from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QStyledItemDelegate

from ...domain.units import UNITS
from ..models.lines import DESCRIPTION, UNIT, VAT, VAT_KEYS, unit_label, vat_label
from .dates import pydate, qdate

__all__ = ["LineDelegate", "document_module", "pydate", "qdate"]


def document_module() -> ModuleType:
    """The PDF preview, save and print dialogs, imported when a button is first pressed: they load
    Qt's print system (QtPrintSupport) and, when a PDF is drawn, reportlab."""
    from ..dialogs import invoice_document

    return invoice_document


class LineDelegate(QStyledItemDelegate):
    """A VAT combo in the VAT column, and suggestions from earlier lines on the description.

    `editor` is a document editor (`widgets.line_editing.LineEditing`): it offers `ctx`, `suggestions` and
    `apply_suggestion(row)`.
    """

    def __init__(self, editor) -> None:  # type: ignore[no-untyped-def]
        super().__init__(editor)
        self.editor = editor

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        if index.column() == VAT:
            combo = QComboBox(parent)
            for key in VAT_KEYS:
                combo.addItem(vat_label(self.editor.ctx.tr, key), key)
            return combo
        if index.column() == UNIT:
            combo = QComboBox(parent)
            combo.addItem("", "")
            for code in UNITS:
                combo.addItem(unit_label(self.editor.ctx.language, code), code)
            typed = str(index.data(Qt.ItemDataRole.EditRole) or "")
            if typed and combo.findData(typed) < 0:  # a word from an older book that is no Rec. 20 unit we know
                combo.addItem(typed, typed)
            return combo
        widget = super().createEditor(parent, option, index)
        if index.column() == DESCRIPTION and isinstance(widget, QLineEdit):
            completer = QCompleter(list(self.editor.suggestions), widget)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            widget.setCompleter(completer)
        return widget

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
            return
        super().setModelData(editor, model, index)
        if index.column() == DESCRIPTION:
            self.editor.apply_suggestion(index.row())
