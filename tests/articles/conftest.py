"""Fixtures for the articles: a context over a real book, and a few articles in it."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerdesk.services import articles
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.preferences import Preferences

TODAY = date(2026, 3, 2)

SOME = [
    articles.ArticleInput("CONS-H", "Consultancy per uur", "Consultance à l'heure", "Consultancy hour", "HUR", "65.00"),
    articles.ArticleInput("CONS-D", "Consultancy per dag", "Consultance à la journée", "", "DAY", "480", "21"),
    articles.ArticleInput(
        "RENO-M2", "Renovatie vloer (m²)", "Rénovation sol (m²)", "Floor renovation (m²)", "MTK", "38.5", "renovation"
    ),
    articles.ArticleInput("KM", "Verplaatsing", "Déplacement", "Travel", "km", "0.4269", "21", category="travel"),
]


@pytest.fixture
def catalogue_book(book):
    with book.db.transaction() as s:
        for data in SOME:
            articles.add_article(s, data)
    return book


@pytest.fixture
def ctx(qapp, catalogue_book, tmp_path):
    context = AppContext(
        catalogue_book, language="en", today=lambda: TODAY, preferences=Preferences.in_file(tmp_path / "prefs.ini")
    )
    yield context
    context.wait_idle()
