"""Pieces of the invoice editor that are not the dialog itself: date conversion, the line
delegate (VAT choices, suggestions from earlier lines) and the way to the PDF dialogs."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox, QLineEdit, QStyledItemDelegate

from ...domain.articles import Article, ArticleIndex
from ...domain.units import UNITS
from ...services import articles
from ..models.lines import DESCRIPTION, UNIT, VAT, VAT_KEYS, unit_label, vat_label
from .article_search import ArticleCompleter, line_from_article
from .dates import pydate, qdate

__all__ = ["LineDelegate", "document_module", "pydate", "qdate"]


def document_module() -> ModuleType:
    """The PDF preview, save and print dialogs, imported when a button is first pressed: they load
    Qt's print system (QtPrintSupport) and, when a PDF is drawn, reportlab."""
    from ..dialogs import invoice_document

    return invoice_document


class LineDelegate(QStyledItemDelegate):
    """A VAT combo in the VAT column; on the description, the articles and earlier lines that match.

    `editor` is a document editor (`widgets.line_editing.LineEditing`: invoice, quote, work slip): it offers
    `ctx`, `lines`, `suggestions` and `apply_suggestion(row)`, and the document's language as a `language`
    combo (else the user's).
    """

    def __init__(self, editor) -> None:  # type: ignore[no-untyped-def]
        super().__init__(editor)
        self.editor = editor
        self.articles = ArticleIndex([])
        self._picked: dict[int, Article] = {}
        editor.ctx.read_async(articles.catalogue, done=self._set_articles, owner=self)

    def _set_articles(self, index: ArticleIndex) -> None:
        self.articles = index

    def document_language(self) -> str:
        combo = getattr(self.editor, "language", None)
        language = combo.currentData() if isinstance(combo, QComboBox) else None
        return str(language or self.editor.ctx.language)

    def apply_article(self, row: int, article: Article) -> None:
        """Fill a line from the chosen article. A VAT case already on the line (the company's franchise
        or art. 44, or a case chosen for this customer: reverse charge, export ...) stays when the
        article only names a rate: the article knows what is sold, the line whom it is sold to."""
        draft = self.editor.lines.drafts()[row]
        line = line_from_article(article, draft, self.document_language(), self.editor.ctx.language)
        if "/" in draft.vat and "/" not in article.vat:
            line = replace(line, vat=draft.vat)
        self.editor.lines.set_draft(row, line)

    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        if index.column() == VAT:
            combo = QComboBox(parent)
            for key in VAT_KEYS:
                combo.addItem(vat_label(self.editor.ctx.tr, key), key)
            # The cell is narrow; the list that opens from it shows the cases' names whole.
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
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
            row = index.row()

            def picked(article: Article | None, text: str) -> None:
                if article is not None:
                    self._picked[row] = article
                self.commitData.emit(widget)
                self.closeEditor.emit(widget, QAbstractItemDelegate.EndEditHint.EditNextItem)

            widget.article_completer = ArticleCompleter(  # type: ignore[attr-defined]
                widget, self.articles, list(self.editor.suggestions), self.document_language(), picked
            )
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
            article = self._picked.pop(index.row(), None)
            if article is not None and article.name(self.document_language()) == editor.text():
                self.apply_article(index.row(), article)
            else:
                self.editor.apply_suggestion(index.row())
