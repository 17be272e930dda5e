"""`ledgerdesk articles list|add|archive`: the fixed forms, JSON, and refusals in the user's language."""

from __future__ import annotations

import json

import pytest
from builders import run_cli


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    where = str(tmp_path / "book")
    add = ("articles", "add", "--unit", "HUR", "--vat", "21")
    assert run_cli(
        "--data-dir",
        where,
        *add,
        "--code",
        "CONS-H",
        "--name-nl",
        "Consultancy per uur",
        "--name-fr",
        "Consultance à l'heure",
        "--name-en",
        "Consultancy hour",
        "--price",
        "65.00",
    ) == (0, "article CONS-H added\n", "")
    assert (
        run_cli(
            "--data-dir",
            where,
            "articles",
            "add",
            "--code",
            "RENO-M2",
            "--name-nl",
            "Renovatie (m²)",
            "--name-fr",
            "Rénovation (m²)",
            "--unit",
            "MTK",
            "--price",
            "38,50",
            "--vat",
            "renovation",
            "--category",
            "renovation",
        )[0]
        == 0
    )
    return where


def test_articles_are_listed_searched_and_archived(folder):
    code, out, _ = run_cli("--data-dir", folder, "articles", "list", "--json")
    assert code == 0
    listed = json.loads(out)["articles"]
    assert [a["code"] for a in listed] == ["CONS-H", "RENO-M2"]
    assert listed[1] == {
        "code": "RENO-M2",
        "name_nl": "Renovatie (m²)",
        "name_fr": "Rénovation (m²)",
        "name_en": "",
        "unit": "MTK",
        "unit_price": "38.50",
        "vat": "6/renovation",
        "category": "renovation",
        "active": True,
    }
    code, out, _ = run_cli("--data-dir", folder, "articles", "list", "--search", "heure")
    assert out.splitlines() == ["CONS-H            65.00 HUR 21               Consultancy hour", "1 article(s)"]
    assert run_cli("--data-dir", folder, "articles", "archive", "cons-h") == (0, "article CONS-H archived\n", "")
    assert "CONS-H" not in run_cli("--data-dir", folder, "articles", "list")[1]
    assert "(archived)" in run_cli("--data-dir", folder, "articles", "list", "--all")[1]
    assert run_cli("--data-dir", folder, "articles", "archive", "CONS-H", "--restore")[0] == 0


def test_the_list_reads_prices_and_units_the_users_way(folder, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, out, _ = run_cli("--data-dir", folder, "articles", "list")
    assert code == 0
    assert out.splitlines()[1].split()[:3] == ["RENO-M2", "38,50", "m²"], out
    monkeypatch.setenv("LEDGERDESK_LANG", "en")


@pytest.mark.parametrize(
    ("language", "args", "said"),
    [
        ("nl", ("--code", "CONS-H", "--name-nl", "x", "--price", "1"), "Er bestaat al een artikel met de code CONS-H"),
        ("fr", ("--code", "CONS-H", "--name-nl", "x", "--price", "1"), "Un article avec le code CONS-H existe déjà"),
        ("nl", ("--code", "B", "--name-nl", "x", "--price", "1", "--unit", "zak"), "'zak' is geen eenheid"),
        ("fr", ("--code", "B", "--name-nl", "x", "--price", "1", "--unit", "sac"), "'sac' n'est pas une unité"),
        ("nl", ("--code", "B", "--price", "1"), "Geef het artikel een naam in minstens één taal"),
        ("fr", ("--code", "B", "--name-fr", "x", "--price", "1", "--vat", "cadeau"), "'cadeau' n'est pas un taux"),
    ],
)
def test_refusals_are_said_in_the_users_language(folder, monkeypatch, language, args, said):
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, out, err = run_cli("--data-dir", folder, "articles", "add", *args)
    assert code == 1 and out == ""
    assert said in err
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    assert len(json.loads(run_cli("--data-dir", folder, "articles", "list", "--all", "--json")[1])["articles"]) == 2


def test_archiving_an_unknown_code_is_refused_in_dutch(folder, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    assert run_cli("--data-dir", folder, "articles", "archive", "zz") == (
        1,
        "",
        "ledgerdesk: Er is geen artikel met de code ZZ\n",
    )
