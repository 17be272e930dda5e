"""An article's rules: its normal form, the field a refusal names, names per language, and search."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.articles import Article, ArticleIndex, ArticleInput, check_article, price_text, vat_key
from ledgerdesk.domain.errors import ValidationError


def test_an_article_is_kept_in_normal_form():
    article = check_article(
        ArticleInput(" cons-h ", "  Consultancy   per uur ", "", "Consultancy hour", "uur", "65,00", "21 %")
    )
    assert (article.code, article.name_nl, article.unit, article.unit_price, article.vat) == (
        "CONS-H",
        "Consultancy per uur",
        "HUR",
        Decimal("65.00"),
        "21",
    )
    assert article.category is None and article.active


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("21", "21"),
        ("6", "6"),
        ("0", "0"),
        ("renovation", "6/renovation"),
        ("eu_services", "0/eu_services"),
        ("0/art44", "0/art44"),
        ("6/renovation", "6/renovation"),
        ("reverse_charge", "0/reverse_charge"),
    ],
)
def test_the_vat_case_is_a_lines_vat_key(typed, key):
    assert vat_key(typed) == key


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (ArticleInput("", "a"), "code is missing"),
        (ArticleInput("A B", "a"), "is not an article code"),
        (ArticleInput("A"), "a name in at least one language"),
        (ArticleInput("A", "a", unit="bucket"), "'bucket' is not a unit"),
        (ArticleInput("A", "a", unit_price="-1"), "is not a unit price"),
        (ArticleInput("A", "a", unit_price="abc"), "is not a unit price"),
        (ArticleInput("A", "a", unit_price="0.0000001"), "at most 6 decimals"),
        (ArticleInput("A", "a", vat="7"), "7 % is not a Belgian rate"),
        (ArticleInput("A", "a", vat="12/renovation"), "carries 6 % VAT"),
        (ArticleInput("A", "a", vat="gift"), "'gift' is not a VAT rate or VAT case code"),
        (ArticleInput("A", "x" * 201), "longer than 200"),
        (ArticleInput("A", "a", category="c" * 41), "longer than 40"),
    ],
)
def test_a_bad_article_is_refused_with_what_is_wrong(data, says):
    with pytest.raises(ValidationError, match=says.replace("(", r"\(")):
        check_article(data)


def test_a_name_falls_back_to_another_language():
    article = check_article(ArticleInput("A", name_fr="Jour", unit="DAY", unit_price="1"))
    assert article.name("fr") == article.name("nl") == article.name("en") == "Jour"
    both = check_article(ArticleInput("B", name_nl="Dag", name_fr="Jour", unit="DAY", unit_price="1"))
    assert (both.name("en"), both.name("fr"), both.name("nl")) == ("Dag", "Jour", "Dag")


def test_a_price_shows_at_least_its_cents():
    assert [price_text(Decimal(t)) for t in ("65", "0.4269", "1.5", "1E+1")] == ["65.00", "0.4269", "1.50", "10.00"]


def _article(code: str, nl: str, fr: str = "", en: str = "") -> Article:
    return check_article(ArticleInput(code, nl, fr, en, "HUR", "1"))


INDEX = ArticleIndex(
    [
        _article("CONS-H", "Consultancy per uur", "Consultance à l'heure", "Consultancy hour"),
        _article("RENO", "Renovatie badkamer", "Rénovation salle de bain", "Bathroom renovation"),
        _article("KM", "Verplaatsing", "Déplacement", "Travel"),
        _article("C2", "Schilderwerk", "Peinture", "Painting"),
    ]
)


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("cons", ["CONS-H"]),
        ("CONS-H", ["CONS-H"]),
        ("heure", ["CONS-H"]),  # a word inside the French name
        ("renovation", ["RENO"]),  # without its accent
        ("RÉNO", ["RENO"]),
        ("salle bain", ["RENO"]),  # every word is a prefix of some word
        ("salle peint", []),
        ("c", ["C2", "CONS-H"]),
        ("p", ["C2", "CONS-H"]),  # a name that starts so ('Peinture') before a word inside one ('per')
        ("u", ["CONS-H"]),
        ("", ["C2", "CONS-H", "KM", "RENO"]),
        ("xyz", []),
    ],
)
def test_search_finds_codes_and_words_of_names_in_any_language(typed, codes):
    assert [a.code for a in INDEX.search(typed)] == codes


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[A-Z][A-Z0-9]{0,7}", fullmatch=True),
            st.text(alphabet="abcdéèàçô xyz", min_size=1, max_size=20).filter(str.strip),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda t: t[0],
    )
)
def test_every_article_is_found_by_its_code_and_by_each_word_of_its_name(rows):
    index = ArticleIndex([_article(code, name) for code, name in rows])
    for code, name in rows:
        assert code in [a.code for a in index.search(code, limit=len(rows))]
        for word in name.split():
            assert code in [a.code for a in index.search(word[:2], limit=len(rows))]
