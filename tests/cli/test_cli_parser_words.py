"""The parser speaks the user's language: every command's --help, and argparse's own refusals, in nl and fr.

What a user types stays as it is written (command and option names, the values of a choice, `--x`),
everything else — argparse's headings, the commands' help texts — is read for English left over
(tests/cli/cli_words.py); English help stays word for word what it was.
"""

from __future__ import annotations

import argparse
import io
import re

import pytest
from cli_words import english_left, english_sources

from ledgerdesk import cli

# What a user types, left out of the reading: options and their placeholders (FILE, --customer
# CUSTOMER: named like the option, in English as the option is), a choice's values, a positional or a
# subcommand at the start of its help line, `a command`, and the usage block.
OPTIONS = re.compile(r"(?<![\w-])--?[a-z][a-z0-9-]*")
PLACEHOLDERS = re.compile(r"\b[A-Z][A-Z0-9_]+\b(?:[.:|][\w.:|\[\]%]*)?")
CHOICES = re.compile(r"\{[^}]*\}")
NAMED = re.compile(r"^ {2,}[a-z][a-z0-9_|-]*(?= {2,}|$)")
TYPED = re.compile(r"`[^`]*`", re.DOTALL)


def parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The path of every parser and subparser, the top one first."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in {id(p): (n, p) for n, p in reversed(action.choices.items())}.values():
                found += parsers(sub, (*path, name))
    return found


def help_of(path: tuple[str, ...], capsys) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as ended:
        cli.main([*path, "--help"])
    assert ended.value.code == 0
    return capsys.readouterr().out


def readable(text: str) -> str:
    """The help without its usage block and without what a user types."""
    body = text.split("\n\n", 1)[1] if text.startswith(("usage", "gebruik", "utilisation")) else text
    lines = [NAMED.sub("", line) for line in TYPED.sub("", body).splitlines()]
    return PLACEHOLDERS.sub("", OPTIONS.sub("", CHOICES.sub("", "\n".join(lines))))


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_commands_help_speaks_the_users_language(language, monkeypatch, capsys, artifacts_dir):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    monkeypatch.setenv("COLUMNS", "400")  # one help text a line: a sentence is read whole
    sources = english_sources()
    said, problems = [], []
    for path in parsers(cli.build_parser()):
        text = help_of(path, capsys)
        said.append(f"$ ledgerdesk {' '.join(path)} --help\n{text}")
        problems += [f"{' '.join(path) or 'ledgerdesk'}: {p}" for p in english_left(readable(text), language, sources)]
        heading = {"nl": "opties:", "fr": "options :"}[language]
        assert heading in text, (path, text)
    (artifacts_dir / "words").mkdir(exist_ok=True)
    (artifacts_dir / "words" / f"help-{language}.txt").write_text("\n".join(said), encoding="utf-8")
    assert problems == [], "\n".join(problems)


def test_english_help_is_argparses_own(monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    text = help_of(("invoice", "add"), capsys)
    assert text.startswith("usage: ledgerdesk invoice add [-h] --customer CUSTOMER")
    assert "  -h, --help            show this help message and exit\n" in text
    assert "unit price excl. VAT, e.g. 55.00" in text
    assert "VAT rate in % (21, 12, 6, 0)" in text


def refusal(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as ended:
        cli.main(list(args))
    return int(ended.value.code or 0), err.getvalue().splitlines()[-1]


@pytest.mark.parametrize(
    ("language", "args", "said"),
    [
        (
            "fr",
            ("invoice", "add", "--customer", "1"),
            "ledgerdesk: Les arguments suivants sont obligatoires : --description, --price",
        ),
        (
            "nl",
            ("invoice", "add", "--customer", "1"),
            "ledgerdesk: De volgende argumenten zijn verplicht: --description, --price",
        ),
        ("fr", ("invoices", "--bogus"), "ledgerdesk: Arguments non reconnus : --bogus"),
        ("nl", ("invoices", "--bogus"), "ledgerdesk: Onbekende argumenten: --bogus"),
        (
            "fr",
            ("invoices", "--status", "ouvert"),
            "ledgerdesk: Argument --status : choix non valide : 'ouvert' (choisissez parmi",
        ),
        (
            "nl",
            ("invoices", "--status", "ouvert"),
            "ledgerdesk: Argument --status: ongeldige keuze: 'ouvert' (kies uit",
        ),
        ("en", ("invoices", "--bogus"), "ledgerdesk: unrecognized arguments: --bogus"),
    ],
)
def test_argparse_refusals_in_the_users_language(language, args, said, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, line = refusal(*args)
    assert code == 2
    assert line.startswith(said), line


def test_the_usage_line_of_a_refusal_is_translated(monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    with pytest.raises(SystemExit):
        cli.main(["invoices", "--bogus"])
    assert capsys.readouterr().err.startswith("gebruik: ledgerdesk ")


def test_argparse_is_left_as_it_was_after_a_command_line(monkeypatch, capsys):  # type: ignore[no-untyped-def]
    before = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    with pytest.raises(SystemExit):
        cli.main(["invoices", "--bogus"])
    assert (argparse._, argparse.ngettext) == before  # type: ignore[attr-defined]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("language", "price", "quantity", "day"),
    [
        ("fr", "1 234,50", "7,5", "31/12/2026"),
        ("nl", "1.234,50", "7,5", "31/12/2026"),
        ("en", "1234.50", "7.5", "2026-12-31"),
    ],
)
def test_amounts_and_dates_are_read_as_the_user_writes_them(
    book, customer_id, monkeypatch, language, price, quantity, day
):  # type: ignore[no-untyped-def]
    import json

    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    folder = str(book.paths.folder)
    code, out, err = run(
        "--data-dir", folder, "invoice", "add", "--customer", str(customer_id), "--description", "Werk",
        "--price", price, "--quantity", quantity, "--vat", "0", "--exemption", "franchise", "--date", day, "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["total"] == "9258.75"
    code, out, err = run("--data-dir", folder, "invoices", "--status", "draft", "--as-of", day, "--json")
    [draft] = json.loads(out)
    assert draft["issue_date"] == "2026-12-31"


@pytest.mark.parametrize(
    ("language", "args", "said"),
    [
        ("fr", ("--price", "1,234"), "« 1,234 » peut se lire de deux façons : écrivez 1234 pour le nombre entier"),
        ("nl", ("--price", "1.234"), "'1.234' kan op twee manieren gelezen worden: schrijf 1234 voor het gehele getal"),
        ("fr", ("--price", "12,5,0"), "« 12,5,0 » n’est pas un nombre ; écrivez-le 1234,56 ou 1 234,56"),
        (
            "fr",
            ("--price", "1", "--date", "12/31/2026"),
            "« 12/31/2026 » n’est pas une date (JJ/MM/AAAA ou AAAA-MM-JJ)",
        ),
        ("en", ("--price", "1", "--date", "31.12.2026"), "'31.12.2026' is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
    ],
)
def test_a_number_or_date_that_cannot_be_read_is_refused_saying_how_to_write_it(language, args, said, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, line = refusal("invoice", "add", "--customer", "1", "--description", "x", *args)
    assert code == 2
    assert said in line, line


def test_an_articles_price_is_read_as_every_amount_is(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, line = refusal("articles", "add", "--code", "B", "--name-fr", "x", "--price", "douze")
    assert (code, line) == (
        2,
        "ledgerdesk: Argument --price : « douze » n’est pas un nombre ; écrivez-le 1234,56 ou 1 234,56",
    )
