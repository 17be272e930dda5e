"""`ledgerdesk peppol setup`: the access point checked against the provider, the key in the keyring only."""

from __future__ import annotations

import io

import pytest
from peppol_standin import StandIn

from ledgerdesk.cli import main
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import peppol_setup


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def stored_settings(data_dir):
    book = open_book(BookPaths.in_dir(data_dir), for_writing=False)
    try:
        with book.db.reading() as s:
            return peppol_setup.access_point_settings(s)
    finally:
        book.close()


@pytest.fixture
def data_dir(book):
    folder = book.paths.folder
    book.close()
    return folder


def test_peppyrus_is_set_up_and_the_key_is_only_in_the_keyring(data_dir, tmp_keyring, monkeypatch, tmp_path):
    monkeypatch.setenv("PEPPYRUS_KEY", "secret-key-4711")
    with StandIn("peppyrus", api_key="secret-key-4711") as ap:
        code, out, err = run(
            "--data-dir", str(data_dir), "peppol", "setup", "--provider", "peppyrus",
            "--api-key-env", "PEPPYRUS_KEY", "--base-url", ap.base_url,
        )  # fmt: skip
    assert code == 0, err
    assert "Peppyrus (custom" in out and "for Atelier Janssens" in out
    settings = stored_settings(data_dir)
    assert settings is not None and settings.provider == "peppyrus" and settings.base_url == ap.base_url
    assert "secret-key-4711" in tmp_keyring.path.read_text()
    export = tmp_path / "book.json"
    assert run("--data-dir", str(data_dir), "export-book", "-o", str(export))[0] == 0
    assert "secret-key-4711" not in export.read_text() and ap.base_url in export.read_text()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"secret-key-4711" not in path.read_bytes(), path


def test_recommand_finds_the_sending_company_by_the_books_vat_number(data_dir, monkeypatch):
    monkeypatch.setenv("RECOMMAND_KEY", "key_1:secret_1")
    with StandIn("recommand", api_key="key_1:secret_1", company_id="c_42") as ap:
        ap.companies.append(("c_7", "Someone Else", "0202239951"))
        code, out, err = run(
            "--data-dir", str(data_dir), "peppol", "setup", "--provider", "recommand",
            "--api-key-env", "RECOMMAND_KEY", "--base-url", ap.base_url,
        )  # fmt: skip
    assert code == 0, err
    assert stored_settings(data_dir).company_id == "c_42"


def test_a_wrong_key_is_refused_in_the_providers_words_and_nothing_is_stored(data_dir, tmp_keyring, monkeypatch):
    monkeypatch.setenv("PEPPYRUS_KEY", "not-the-key")
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    with StandIn("peppyrus", api_key="the-key") as ap:
        code, out, err = run(
            "--data-dir", str(data_dir), "peppol", "setup", "--provider", "peppyrus",
            "--api-key-env", "PEPPYRUS_KEY", "--base-url", ap.base_url,
        )  # fmt: skip
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Peppyrus weigerde de API-sleutel (401)" in err and "Invalid API key" in err
    assert stored_settings(data_dir) is None and not tmp_keyring.path.exists()


def test_a_missing_variable_and_an_unknown_provider_are_one_sentence_each(data_dir, monkeypatch):
    monkeypatch.delenv("NOPE", raising=False)
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, _, err = run(
        "--data-dir", str(data_dir), "peppol", "setup", "--provider", "peppyrus", "--api-key-env", "NOPE"
    )
    assert code == 1 and "La variable d'environnement NOPE n'est pas définie" in err
    monkeypatch.setenv("NOPE", "x")
    code, _, err = run(
        "--data-dir", str(data_dir), "peppol", "setup", "--provider", "storecove", "--api-key-env", "NOPE"
    )
    assert code == 1 and "n'est pas un point d'accès Peppol connu" in err


def test_offline_setup_stores_without_asking(data_dir, monkeypatch):
    monkeypatch.setenv("K", "abc")
    code, out, err = run(
        "--data-dir",
        str(data_dir),
        "peppol",
        "setup",
        "--provider",
        "peppyrus",
        "--api-key-env",
        "K",
        "--test",
        "--no-check",
    )
    assert code == 0, err
    assert "(not checked)" in out
    settings = stored_settings(data_dir)
    assert settings.environment == "test" and settings.base_url == "https://api.test.peppyrus.be/v1/"
