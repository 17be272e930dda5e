"""Small words of the command line in nl and fr: a sentence starts with a capital, French puts its space
before a colon, and the KPI figures carry the app's names and a label for every column."""

from __future__ import annotations

import io
from datetime import date

import pytest
from builders import invoice

from ledgerdesk import cli
from ledgerdesk.i18n import catalog

# Messages the command line prints as a line of their own (their English source starts in lower case,
# as scripts have always read it; the translations start as a sentence does).
LINE_STARTS = (
    "draft invoice {draft} saved ({amount}); issue it with: ledgerdesk invoice issue {draft}",
    "invoice {number} ({language}) written to {path}",
    "quote {number} ({language}) written to {path}",
    "quote {number} sent",
    "draft quote {id} added",
    "work slip {id} added",
    "article {code} added",
    "mandate {reference} revoked from {date}",
    "backup checked and saved: {path}",
    "demo book: {customers} customers, {invoices} invoices, {credit_notes} credit notes, {payments} payments, {recurring} recurring invoices",
)


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(args), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_line_of_its_own_starts_with_a_capital(language):  # type: ignore[no-untyped-def]
    ours = catalog(language)
    assert [m for m in LINE_STARTS if not ours[m][:1].isupper()] == []


@pytest.mark.parametrize(
    ("language", "start"), [("fr", "Brouillon de facture "), ("nl", "Conceptfactuur "), ("en", "draft invoice ")]
)
def test_a_saved_draft_is_said_as_a_sentence(book, customer_id, monkeypatch, language, start):  # type: ignore[no-untyped-def]
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    folder = str(book.paths.folder)
    code, text = run(
        "--data-dir", folder, "invoice", "add", "--customer", str(customer_id), "--description", "Werk", "--price", "10"
    )
    assert code == 0, text
    assert text.startswith(start), text


@pytest.mark.parametrize(
    ("language", "start"),
    [("fr", "Facture 2026-0001 (nl) écrite dans "), ("nl", "Factuur 2026-0001 (nl) geschreven naar ")],
)
def test_a_written_pdf_is_said_as_a_sentence(book, customer_id, tmp_path, monkeypatch, language, start):  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        invoice(s, customer_id, date(2026, 1, 5), what="Werk")
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, text = run("--data-dir", str(book.paths.folder), "invoice-pdf", "2026-0001", "-o", str(tmp_path / "f.pdf"))
    assert code == 0, text
    assert text.startswith(start), text


def test_french_puts_a_space_before_the_colon_of_a_statement_problem(book, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    book.close()
    notes = tmp_path / "notes.txt"
    notes.write_text("Bread for Martin\n", encoding="utf-8")
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, text = run("--data-dir", str(book.paths.folder), "import-statement", str(notes))
    assert code == 1
    assert text.startswith("ledgerdesk: notes.txt, fichier : n’est ni un extrait CODA ni un extrait camt.053\n"), text


@pytest.mark.parametrize(
    ("language", "days", "balance"),
    [
        ("fr", "Jours avant paiement", " solde "),
        ("nl", "Dagen tot betaling", " saldo "),
        ("en", "Days to pay", " balance "),
    ],
)
def test_the_kpis_use_the_apps_names_and_label_the_cash_balance(
    book, customer_id, monkeypatch, language, days, balance
):  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        invoice(s, customer_id, date(2026, 11, 5), what="Werk")
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, text = run("--data-dir", str(book.paths.folder), "kpi", "--as-of", "2026-12-02")
    assert code == 0, text
    assert catalog(language).get("Days to pay", "Days to pay") == days  # the KPI tab's card
    assert f"  {days} " in text
    weeks = [line for line in text.splitlines() if line.startswith(("  Semaine du ", "  Week van ", "  Week of "))]
    assert weeks and all(balance in line for line in weeks), text
