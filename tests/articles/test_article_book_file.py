"""The book file's `articles` section: exported, imported into an empty book the same, refused by path."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import articles, book_io


def test_the_catalogue_round_trips(catalogue_book, tmp_path):
    with catalogue_book.db.transaction() as s:
        articles.archive_article(s, "CONS-D")
    with catalogue_book.db.reading() as s:
        first = book_io.export_book(s)
    assert first["articles"][1] == {
        "code": "CONS-D",
        "name_nl": "Consultancy per dag",
        "name_fr": "Consultance à la journée",
        "name_en": "",
        "unit": "DAY",
        "unit_price": "480.00",
        "vat": "21",
        "active": False,
    }
    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy.db.transaction() as s:
            assert book_io.import_book(s, json.loads(json.dumps(first)))["articles"] == 4
        with copy.db.reading() as s:
            assert book_io.export_book(s) == first
            assert [a.code for a in articles.search_articles(s, "renovation")] == ["RENO-M2"]
    finally:
        copy.close()


def test_a_bad_article_refuses_the_whole_file_with_each_path(empty_book):
    doc = {
        "ledgerdesk_book": 2,
        "company": {"name": "X", "vat": "BE0403170701", "iban": "BE71096123456769"},
        "customers": [],
        "invoices": [],
        "articles": [
            {"code": "A", "name_nl": "a", "unit": "HUR", "unit_price": "1", "vat": "21"},
            {"code": "a", "name_nl": "b", "unit": "HUR", "unit_price": "1", "vat": "21"},
            {"code": "B", "unit": "bak", "unit_price": 1.5, "vat": "7"},
        ],
    }
    with pytest.raises(book_io.BookFileError) as refused:
        with empty_book.db.transaction() as s:
            book_io.import_book(s, doc)
    problems = refused.value.problems
    assert "$.articles[1].code: 'A' is used twice" in problems
    assert any(p.startswith("$.articles[2].unit: 'bak' is not a unit") for p in problems)
    assert any(p.startswith("$.articles[2].unit_price: 1.5 must be a decimal string") for p in problems)
    assert any(p.startswith("$.articles[2].vat: VAT rate 7 % is not a Belgian rate") for p in problems)
    assert "$.articles[2].name_nl: the article needs a name in at least one language" in problems
    with empty_book.db.reading() as s:
        assert articles.list_articles(s, include_archived=True) == []


def test_the_demo_book_has_articles_its_lines_use(tmp_path):
    from ledgerdesk.services.demo import DemoSpec, build_document

    doc = build_document(DemoSpec(as_of=date(2026, 12, 2), years=1))
    catalogue = {a["code"]: a for a in doc["articles"]}
    assert {"ADV-U", "ADV-D", "KM", "RENO-M2"} <= catalogue.keys()
    assert catalogue["RENO-M2"]["vat"] == "6/renovation" and catalogue["KM"]["unit"] == "KMT"
    hour = catalogue["ADV-U"]
    used = [
        line
        for invoice in doc["invoices"]
        for line in invoice["lines"]
        if line["description"] in (hour["name_nl"], hour["name_fr"], hour["name_en"])
    ]
    assert used and all(Decimal(line["unit_price"]) == Decimal(hour["unit_price"]) for line in used)
    assert all(line["unit"] == hour["unit"] for line in used)
