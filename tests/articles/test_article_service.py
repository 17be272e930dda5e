"""The catalogue in a real book: add, edit, archive, search; an article is a template, never a link."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.persistence.models import InvoiceLine
from ledgerdesk.services import articles, invoicing
from ledgerdesk.services.articles import ArticleInput


def test_added_articles_are_listed_in_code_order_and_searched(catalogue_book):
    with catalogue_book.db.reading() as s:
        assert [a.code for a in articles.list_articles(s)] == ["CONS-D", "CONS-H", "KM", "RENO-M2"]
        assert [a.code for a in articles.search_articles(s, "consult")] == ["CONS-D", "CONS-H"]
        assert [a.code for a in articles.search_articles(s, "déplac")] == ["KM"]
        km = articles.find_article(s, "km")
    assert (km.unit, km.unit_price, km.vat, km.category) == ("KMT", Decimal("0.4269"), "21", "travel")


def test_a_code_is_used_once_and_a_refused_article_changes_nothing(catalogue_book):
    with pytest.raises(ValidationError, match="the code CONS-H already exists"):
        with catalogue_book.db.transaction() as s:
            articles.add_article(s, ArticleInput("cons-h", "Nog een", unit="HUR", unit_price="1"))
    with pytest.raises(ValidationError, match="is not a unit"):
        with catalogue_book.db.transaction() as s:
            articles.add_article(s, ArticleInput("NEW", "Nieuw", unit="zak", unit_price="1"))
    with catalogue_book.db.reading() as s:
        assert len(articles.list_articles(s, include_archived=True)) == 4


def test_archived_articles_are_kept_but_no_longer_offered(catalogue_book):
    with catalogue_book.db.transaction() as s:
        archived = articles.archive_article(s, "CONS-D")
    assert not archived.active
    with catalogue_book.db.reading() as s:
        assert "CONS-D" not in [a.code for a in articles.search_articles(s, "cons")]
        assert "CONS-D" in [a.code for a in articles.search_articles(s, "cons", include_archived=True)]
    with catalogue_book.db.transaction() as s:
        assert articles.archive_article(s, "cons-d", archived=False).active
    with pytest.raises(ValidationError, match="no article with the code NOPE"):
        with catalogue_book.db.transaction() as s:
            articles.archive_article(s, "nope")


def test_changing_an_article_never_changes_an_issued_invoice(catalogue_book, customer_id):
    with catalogue_book.db.transaction() as s:
        hour = articles.find_article(s, "CONS-H")
        line = hour.as_line("fr", "3")
        invoice_id = invoicing.create_draft(s, invoicing.DraftData(customer_id, date(2026, 3, 2), [line]))
        invoicing.issue(s, invoice_id)
        assert hour.id is not None
        articles.edit_article(s, hour.id, ArticleInput("CONS-H", "Advies", "Conseil", "Advice", "HUR", "99.00", "21"))
    with catalogue_book.db.reading() as s:
        stored = s.scalars(select(InvoiceLine).where(InvoiceLine.invoice_id == invoice_id)).one()
        assert (stored.description, stored.unit_price, stored.unit) == ("Consultance à l'heure", Decimal("65"), "HUR")
        assert articles.find_article(s, "CONS-H").unit_price == Decimal("99.00")


def test_an_edit_cannot_take_another_articles_code(catalogue_book):
    with catalogue_book.db.reading() as s:
        km = articles.find_article(s, "KM")
    assert km.id is not None
    with pytest.raises(ValidationError, match="the code CONS-H already exists"):
        with catalogue_book.db.transaction() as s:
            articles.edit_article(s, km.id, ArticleInput("CONS-H", "Km", unit="KMT", unit_price="1"))
