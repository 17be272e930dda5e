"""`invoice add` and `invoice issue`: a draft made and issued without the app, through the editor's rules."""

import json
from datetime import date

from builders import run_cli
from sqlalchemy import update

from ledgerdesk import cli
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Customer, Invoice


def test_a_draft_is_listed_by_id_and_issued_with_the_next_number(book, customer_id):
    folder = str(book.paths.folder)
    book.close()
    code, out, err = run_cli(
        "--data-dir",
        folder,
        "invoice",
        "add",
        "--customer",
        "Bakkerij Peeters",
        "--description",
        "Advies",
        "--quantity",
        "2.5",
        "--unit",
        "HUR",
        "--price",
        "80",
    )
    assert code == 0, err
    draft = int(out.split()[2])
    assert "242,00" in out  # the total with VAT, as the Belgian locale writes it
    code, out, _ = run_cli("--data-dir", folder, "invoices", "--status", "draft")
    assert f"(draft {draft})" in out
    code, out, _ = run_cli("--data-dir", folder, "invoices", "--status", "draft", "--json")
    [row] = json.loads(out)
    assert row["id"] == draft and row["number"] is None and row["total"] == "242.00"

    code, out, err = run_cli("--data-dir", folder, "invoice", "issue", str(draft), "--json")
    assert code == 0, err
    issued = json.loads(out)
    assert issued["number"] == f"{issued['issue_date'][:4]}-0001" and issued["total"] == "242.00"
    assert issued["due_date"] is not None

    code, out, err = run_cli("--data-dir", folder, "invoice", "issue", str(draft))  # issued documents never change
    assert code != 0 and "already issued" in err and "Traceback" not in err
    code, out, err = run_cli("--data-dir", folder, "invoice", "issue", "999")
    assert code != 0 and "there is no draft 999" in err.lower()


def _on_the_command_line(book, monkeypatch, language: str, today: date) -> str:  # type: ignore[no-untyped-def]
    """The book's folder for `ledgerdesk` in `language`, on the day the invoice is dated (issued on its day)."""
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    monkeypatch.setattr(cli.Context, "today", lambda self: today)
    return str(book.paths.folder)


def test_issuing_asks_for_the_reference_the_customer_requires(book, customer_id, monkeypatch):
    with book.db.transaction() as s:
        s.execute(update(Customer).where(Customer.id == customer_id).values(requires_buyer_reference=True))
    folder = _on_the_command_line(book, monkeypatch, "nl", date(2026, 3, 2))
    code, out, err = run_cli(
        "--data-dir",
        folder,
        "invoice",
        "add",
        "--customer",
        str(customer_id),
        "--description",
        "Werk",
        "--price",
        "100",
        "--date",
        "2026-03-02",
    )
    assert code == 0, err
    assert "Conceptfactuur" in out and "€ 121,00" in out.replace("\u00a0", " ")
    draft = int(out.split()[1])
    code, out, err = run_cli("--data-dir", folder, "invoice", "issue", str(draft))
    assert code != 0 and "referentie" in err  # refused in the user's language, nothing issued
    code, out, err = run_cli("--data-dir", folder, "invoice", "issue", str(draft), "--order-ref", "PO-4471")
    assert code == 0, err
    assert out.startswith("2026-0001 uitgereikt aan Bakkerij Peeters")
    again = open_book(book.paths)
    try:
        with again.db.reading() as s:
            invoice = s.get(Invoice, draft)
            assert invoice.number == "2026-0001" and invoice.order_reference == "PO-4471"
    finally:
        again.close()


def test_add_and_issue_at_once_warns_in_french(book, customer_id, monkeypatch):
    folder = _on_the_command_line(book, monkeypatch, "fr", date(2026, 4, 1))
    code, out, err = run_cli(
        "--data-dir",
        folder,
        "invoice",
        "add",
        "--customer",
        "Bakkerij Peeters",
        "--description",
        "Rénovation salle de bain",
        "--price",
        "1000",
        "--vat",
        "6",
        "--exemption",
        "renovation",
        "--issue",
        "--date",
        "2026-04-01",
    )
    assert code == 0, err
    first, second = out.splitlines()
    assert first.startswith("Attention : ") and "entreprise" in first  # 6 % renovation for a business: warned
    assert (
        second.startswith("2026-0001 émise pour Bakkerij Peeters")
        and "1\u202f060,00\u00a0€" in second
        or ("1 060,00" in second.replace("\u202f", " ").replace("\u00a0", " "))
    )
    code, out, err = run_cli(
        "--data-dir", folder, "invoice", "add", "--customer", "Personne", "--description", "x", "--price", "1"
    )
    assert code != 0 and "Traceback" not in err and "Personne" in err
