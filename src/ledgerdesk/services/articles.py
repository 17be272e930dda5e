"""The articles catalogue: add, edit, archive, list and search; the same calls for the GUI, CLI and book file."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.articles import Article, ArticleIndex, ArticleInput, check_article
from ..domain.errors import ValidationError
from ..persistence.models import ArticleRow

__all__ = [
    "Article",
    "ArticleIndex",
    "ArticleInput",
    "add_article",
    "archive_article",
    "catalogue",
    "edit_article",
    "find_article",
    "list_articles",
    "search_articles",
]


def _article(row: Any) -> Article:
    return Article(
        code=row.code,
        name_nl=row.name_nl,
        name_fr=row.name_fr,
        name_en=row.name_en,
        unit=row.unit,
        unit_price=row.unit_price,
        vat=row.vat,
        category=row.category,
        active=row.active,
        id=row.id,
    )


def _columns(article: Article) -> dict[str, object]:
    return {
        "code": article.code,
        "name_nl": article.name_nl,
        "name_fr": article.name_fr,
        "name_en": article.name_en,
        "unit": article.unit,
        "unit_price": article.unit_price,
        "vat": article.vat,
        "category": article.category,
        "active": article.active,
    }


def _row_by_code(session: Session, code: str) -> ArticleRow | None:
    return session.scalar(select(ArticleRow).where(ArticleRow.code == code.strip().upper()))


def add_article(session: Session, data: ArticleInput, *, now: datetime | None = None) -> Article:
    """Check and store a new article; its code must be new (archived articles keep theirs)."""
    article = check_article(data)
    code = article.code
    if _row_by_code(session, code) is not None:
        raise ValidationError(f"an article with the code {code} already exists")
    row = ArticleRow(**_columns(article), created_at=now or datetime.now())
    session.add(row)
    session.flush()
    return replace(article, id=row.id)


def edit_article(session: Session, article_id: int, data: ArticleInput) -> Article:
    """Change an article; documents that used it keep what they copied."""
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise ValidationError(f"there is no article {article_id}")
    article = check_article(data)
    code = article.code
    other = _row_by_code(session, code)
    if other is not None and other.id != row.id:
        raise ValidationError(f"an article with the code {code} already exists")
    for name, value in _columns(article).items():
        setattr(row, name, value)
    session.flush()
    return replace(article, id=row.id)


def find_article(session: Session, code: str) -> Article:
    row = _row_by_code(session, code)
    if row is None:
        code = code.strip().upper()
        raise ValidationError(f"there is no article with the code {code}")
    return _article(row)


def archive_article(session: Session, code: str, *, archived: bool = True) -> Article:
    """Archive an article (no longer offered in the editors) or, with archived=False, bring it back."""
    row = _row_by_code(session, code)
    if row is None:
        code = code.strip().upper()
        raise ValidationError(f"there is no article with the code {code}")
    row.active = not archived
    session.flush()
    return _article(row)


def list_articles(session: Session, *, include_archived: bool = False) -> list[Article]:
    """The articles in code order (the archived ones too when asked), read as plain rows: an editor
    reads the whole catalogue when it opens."""
    table = ArticleRow.__table__
    query = select(table).order_by(table.c.code)
    if not include_archived:
        query = query.where(table.c.active.is_(True))
    return [_article(row) for row in session.execute(query)]


def catalogue(session: Session, *, include_archived: bool = False) -> ArticleIndex:
    """The articles, searchable in memory: an editor reads it once and searches at every keystroke."""
    return ArticleIndex(list_articles(session, include_archived=include_archived))


def search_articles(session: Session, text: str, *, include_archived: bool = False, limit: int = 50) -> list[Article]:
    """Articles whose code or a word of a name (any language) starts with what was typed, best first."""
    return catalogue(session, include_archived=include_archived).search(text, limit)
