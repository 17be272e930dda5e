"""Article search on a line's description: the matching articles (and descriptions typed before) in a popup.

The popup lists what `ArticleIndex.search` returns for the text typed so far (code or words of a
name in any language), then earlier descriptions that contain it. Choosing an article fills the
line from it in the document's language; a text that matches nothing stays a free line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from ...domain.articles import Article, ArticleIndex
from ..models.lines import VAT_KEYS, LineDraft, decimal_text, price_text

ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_ROLE = Qt.ItemDataRole.UserRole + 2
ROWS = 12


def line_from_article(article: Article, draft: LineDraft, language: str, ui_language: str) -> LineDraft:
    """The line filled from an article: its name in the document's language, unit, price and VAT case;
    the quantity, discount and period typed stay."""
    return LineDraft(
        description=article.name(language),
        quantity=draft.quantity,
        unit_price=decimal_text(price_text(article.unit_price), ui_language),
        discount=draft.discount,
        vat=article.vat if article.vat in VAT_KEYS else draft.vat,
        unit=article.unit,
        period=draft.period,
    )


class ArticleCompleter(QCompleter):
    """A popup under a description cell, filled by our own search at every keystroke."""

    def __init__(
        self,
        line_edit: QLineEdit,
        articles: ArticleIndex,
        suggestions: Sequence[str],
        language: str,
        picked: Callable[[Article | None, str], None],
    ) -> None:
        self.rows = QStandardItemModel()
        super().__init__(self.rows, line_edit)
        self.rows.setParent(self)
        self.line_edit = line_edit
        self.articles = articles
        self.suggestions = list(suggestions)
        self.language = language
        self._picked = picked
        self.setWidget(line_edit)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(TEXT_ROLE)
        self.setMaxVisibleItems(ROWS)
        self.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        line_edit.textEdited.connect(self.refresh)

    def matches(self, text: str) -> list[tuple[str, str, Article | None]]:
        """(shown, inserted, article) for the text: articles first, then earlier descriptions."""
        found: list[tuple[str, str, Article | None]] = []
        if not text.strip():
            return found
        for article in self.articles.search(text, ROWS):
            name = article.name(self.language)
            found.append((f"{name}  ·  {article.code}", name, article))
        names = {row[1].casefold() for row in found}
        folded = text.strip().casefold()
        for description in self.suggestions:
            if len(found) >= ROWS:
                break
            if folded in description.casefold() and description.casefold() not in names:
                found.append((description, description, None))
        return found

    def refresh(self, text: str) -> None:
        self.rows.clear()
        for shown, inserted, article in self.matches(text):
            item = QStandardItem(shown)
            item.setData(inserted, TEXT_ROLE)
            item.setData(article, ARTICLE_ROLE)
            item.setEditable(False)
            self.rows.appendRow(item)
        popup = self.popup()
        if self.rows.rowCount() and popup is not None:
            # as wide as the names need, even under a narrow description column
            width = max(
                self.line_edit.width(), popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width()
            )
            self.complete(QRect(0, 0, width + 12, self.line_edit.height()))
        elif popup is not None:
            popup.hide()

    def _activated(self, index: QModelIndex) -> None:
        text = str(index.data(TEXT_ROLE) or "")
        article = index.data(ARTICLE_ROLE)
        self.line_edit.setText(text)
        self._picked(article if isinstance(article, Article) else None, text)
