"""`ledgerdesk customers add|list`: a customer made on the command line as the app's form makes it, and
refusals that name the option in the user's language."""

from __future__ import annotations

import io
import json
import sqlite3

import pytest

from ledgerdesk import cli


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(book, monkeypatch):  # type: ignore[no-untyped-def]
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    return str(book.paths.folder)


def saved(folder: str, name: str) -> dict[str, object]:
    with sqlite3.connect(f"{folder}/ledgerdesk.sqlite") as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("select * from customers where name = ?", (name,)).fetchone())


def test_a_customer_added_on_the_command_line_is_the_forms_customer(folder):  # type: ignore[no-untyped-def]
    code, out, err = run(
        "--data-dir", folder, "customers", "add", "--name", " Boulangerie Martin ", "--vat", "be 0202.239.951",
        "--email", "compta@martin.be", "--street", "Rue Haute 1", "--postcode", "5000", "--city", "Namur",
        "--language", "fr", "--terms", "15", "--json",
    )  # fmt: skip
    assert code == 0, err
    made = json.loads(out)
    assert made["name"] == "Boulangerie Martin" and made["warnings"] == []
    row = saved(folder, "Boulangerie Martin")
    assert row["id"] == made["id"]
    assert (row["vat"], row["email"], row["city"], row["country"], row["language"]) == (
        "BE0202239951",
        "compta@martin.be",
        "Namur",
        "BE",
        "fr",
    )
    assert row["payment_terms_days"] == 15
    assert row["receives_einvoice"] == 1  # a Belgian business with a valid VAT number, as the form ticks it
    code, out, _ = run("--data-dir", folder, "customers", "list", "--search", "martin", "--json")
    [listed] = json.loads(out)
    assert (listed["id"], listed["vat"], listed["open_amount"]) == (made["id"], "BE0202239951", "0.00")


def test_a_consumer_gets_the_companys_language_and_no_einvoice(folder):  # type: ignore[no-untyped-def]
    code, out, err = run("--data-dir", folder, "customers", "add", "--name", "Jan Peeters", "--kind", "consumer")
    assert code == 0, err
    assert out.endswith(": Jan Peeters\n")
    row = saved(folder, "Jan Peeters")
    assert (row["kind"], row["receives_einvoice"]) == ("consumer", 0)
    with sqlite3.connect(f"{folder}/ledgerdesk.sqlite") as db:
        assert row["language"] == db.execute("select language from company").fetchone()[0]


def test_a_belgian_business_without_vat_number_is_added_with_the_forms_warning(folder, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    code, out, err = run("--data-dir", folder, "customers", "add", "--name", "Bakkerij Smet", "--city", "Gent")
    assert code == 0, err
    assert out.splitlines() == [
        "Waarschuwing: Een Belgische onderneming zonder btw-nummer: haar facturen hebben er een nodig.",
        f"Klant {saved(folder, 'Bakkerij Smet')['id']} toegevoegd: Bakkerij Smet",
    ]
    code, out, _ = run("--data-dir", folder, "customers", "list")
    assert "Bakkerij Smet" in out and out.splitlines()[-1].endswith("klant(en)")


@pytest.mark.parametrize(
    ("language", "args", "said"),
    [
        (
            "fr",
            ("--vat", "BE0123"),
            "Argument --vat : « BE0123 » n’est pas un numéro de TVA valide (Le numéro n’a pas la bonne longueur.)",
        ),
        ("nl", ("--email", "martin at home"), "Argument --email: 'martin at home' is geen e-mailadres"),
        (
            "fr",
            ("--country", "Belgique"),
            "Argument --country : le pays « BELGIQUE » n’est pas un code ISO à deux lettres",
        ),
        (
            "en",
            ("--vat", "BE0123"),
            "argument --vat: 'BE0123' is not a valid VAT number (The number has an invalid length.)",
        ),
    ],
)
def test_a_refusal_names_the_option_in_the_users_language(folder, monkeypatch, language, args, said):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, out, err = run("--data-dir", folder, "customers", "add", "--name", "Martin", *args)
    assert (code, out) == (1, "")
    assert err == f"ledgerdesk: {said}\n"
    with sqlite3.connect(f"{folder}/ledgerdesk.sqlite") as db:
        assert db.execute("select count(*) from customers where name = 'Martin'").fetchone()[0] == 0


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_an_unknown_customer_name_says_how_to_add_one(folder, monkeypatch, language):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, _, err = run(
        "--data-dir", folder, "invoice", "add", "--customer", "Boulangerie Martin", "--description", "Pain", "--price", "10"
    )  # fmt: skip
    assert code == 1
    assert "`ledgerdesk customers add --name 'Boulangerie Martin'`" in err
    assert "`ledgerdesk customers list`" in err
