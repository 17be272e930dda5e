"""`company set|show`: a new book's company set up without the app, through the setup form's checks."""

from __future__ import annotations

import json

import pytest
from builders import run_cli


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    return str(tmp_path / "book")


def test_a_new_book_is_set_up_then_invoiced_from_the_command_line(folder):
    code, _, err = run_cli("--data-dir", folder, "company", "set", "--city", "Namur")
    assert code != 0 and "give at least its name with --name" in err
    code, out, err = run_cli(
        "--data-dir",
        folder,
        *("company", "set", "--name", "Atelier Dupont", "--vat", "BE0403019261", "--iban", "BE71096123456769"),
        *("--street", "Rue de Fer 1", "--postcode", "5000", "--city", "Namur", "--language", "fr", "--json"),
    )
    assert code == 0, err
    said = json.loads(out)
    assert said["company"]["vat"] == "BE0403019261" and said["company"]["language"] == "fr"
    assert said["company"]["iban"] == "BE71096123456769" and said["warnings"] == []
    # only what is given changes
    assert run_cli("--data-dir", folder, "company", "set", "--phone", "081 22 33 44")[0] == 0
    code, out, _ = run_cli("--data-dir", folder, "company", "show", "--json")
    company = json.loads(out)["company"]
    assert company["phone"] == "081 22 33 44" and company["city"] == "Namur"
    assert company["bic"] == "GKCCBEBB"  # a Belgian IBAN gives its bank's BIC
    code, out, err = run_cli(
        "--data-dir", folder, "customers", "add", "--name", "Boulangerie Martin", "--city", "Namur"
    )
    assert code == 0, err
    code, out, err = run_cli(
        "--data-dir",
        folder,
        "invoice",
        "add",
        "--customer",
        "Boulangerie Martin",
        "--description",
        "Pain",
        "--price",
        "12.50",
        "--issue",
    )
    assert code == 0, err
    assert "-0001 issued to Boulangerie Martin" in out


@pytest.mark.parametrize(
    ("language", "args", "said"),
    [
        ("fr", ("--email", "jean.dupont.be"), "« jean.dupont.be » n’est pas une adresse e-mail"),
        ("nl", ("--vat", "BE0123"), "geen geldig btw-nummer"),
        ("fr", ("--terms", "400"), "365"),
    ],
)
def test_a_bad_value_is_refused_in_the_users_language_and_nothing_changes(folder, monkeypatch, language, args, said):
    assert run_cli("--data-dir", folder, "company", "set", "--name", "Atelier Dupont")[0] == 0
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, out, err = run_cli("--data-dir", folder, "company", "set", *args)
    assert code != 0 and said in err and "Traceback" not in err, err
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    code, out, _ = run_cli("--data-dir", folder, "company", "show", "--json")
    assert json.loads(out)["company"]["email"] == "" and json.loads(out)["company"]["payment_terms_days"] == 30


def test_show_reads_the_french_way(folder, monkeypatch):
    run_cli("--data-dir", folder, "company", "set", "--name", "Atelier Dupont", "--vat", "BE0403019261")
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, out, _ = run_cli("--data-dir", folder, "company", "show")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Nom", ":", "Atelier", "Dupont"]
    assert any(line.startswith("Délai de paiement :") and line.endswith("30 jours") for line in lines)
    assert any(line.startswith("Numéros de facture :") and "-0001 ({year}-{seq:04d})" in line for line in lines)
