"""The creditor identifier shown as an example is itself valid, and every refusal of a bad one shows it."""

from __future__ import annotations

import io

import pytest
from stdnum.iso7064 import mod_97_10

from ledgerdesk import cli
from ledgerdesk.domain.direct_debit import CREDITOR_ID_EXAMPLE
from ledgerdesk.i18n.sentences import sentence
from ledgerdesk.sepa import identifiers


def test_the_example_is_a_valid_belgian_creditor_identifier():
    assert identifiers.validate(CREDITOR_ID_EXAMPLE) == CREDITOR_ID_EXAMPLE
    country, check, national = CREDITOR_ID_EXAMPLE[:2], CREDITOR_ID_EXAMPLE[2:4], CREDITOR_ID_EXAMPLE[7:]
    # ISO 7064 mod 97-10 over the national identifier, then the country, then the check digits.
    assert mod_97_10.is_valid(national + country + check)
    assert check == identifiers.calc_check_digits(country, national)
    assert identifiers.for_enterprise("0123.456.749") == CREDITOR_ID_EXAMPLE


@pytest.mark.parametrize("bad", ["", "BE00ZZZ0123456749", "XX", "BE81ZZZ0123456789"])
@pytest.mark.parametrize("language", ["en", "nl", "fr"])
def test_every_refusal_shows_the_example(bad, language):
    with pytest.raises(identifiers.CreditorIdError) as refused:
        identifiers.validate(bad)
    said = sentence(refused.value, language)
    assert CREDITOR_ID_EXAMPLE in said
    if language != "en":
        assert said != str(refused.value), said  # translated, not the English source


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "e.g. BE81ZZZ0123456749"), ("nl", "bv. BE81ZZZ0123456749"), ("fr", "p. ex. BE81ZZZ0123456749")],
)
def test_the_help_shows_the_example(monkeypatch, capsys, language, words):
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    with pytest.raises(SystemExit):
        cli.main(["direct-debit-setup", "--help"], out=io.StringIO(), err=io.StringIO())
    assert words in " ".join(capsys.readouterr().out.split())


def test_the_first_setup_without_an_identifier_shows_the_example(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    err = io.StringIO()
    code = cli.main(
        ["--data-dir", str(tmp_path), "direct-debit-setup", "--iban", "BE68539007547034"], out=io.StringIO(), err=err
    )
    assert code == 1
    assert "ressemble à BE81ZZZ0123456749" in err.getvalue()
