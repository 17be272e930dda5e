"""`ledgerdesk quotes …`: add and send, list with statuses as of a date, accept, refuse with a reason,
convert, the PDF; every refusal one sentence in the user's language."""

from __future__ import annotations

import io
import json

from quote_helpers import pdf_text

from ledgerdesk.cli import main


def run(book, *argv: str, language: str = "en", monkeypatch=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    folder = book.paths.folder
    book.close()  # the command opens the book itself (and takes its lock)
    try:
        code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    finally:
        book._lock.acquire()
    return code, out.getvalue(), err.getvalue()


def test_a_quote_from_the_command_line_to_its_invoice(book, customer_id, tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    add = ["quotes", "add", "--customer", "Bakkerij Peeters", "--description", "Ovenrevisie", "--price", "1200.00"]
    assert run(book, *add, "--date", "2026-03-02", "--valid-until", "2026-03-31", "--deposit", "300", "--send")[1] == (
        "quote Q2026-0001 made final, ready to send\n"
    )
    assert run(book, *add, "--date", "2026-03-03", "--send")[0] == 0
    assert run(book, *add, "--date", "2026-03-04")[1] == "draft quote 3 added\n"
    code, out, err = run(book, "quotes", "list", "--as-of", "2026-03-10", "--json")
    assert code == 0, err
    listed = json.loads(out)["quotes"]
    assert [(q["number"], q["status"], q["total"], q["deposit"]) for q in listed] == [
        (None, "draft", "1452.00", None),
        ("Q2026-0002", "ready", "1452.00", None),
        ("Q2026-0001", "ready", "1452.00", "300.00"),
    ]
    code, out, err = run(book, "quotes", "mark-sent", "Q2026-0001", "--on", "2026-03-10", "--how", "handed over")
    assert (code, out) == (0, "quote Q2026-0001 marked sent on 2026-03-10\n"), err
    code, out, _ = run(book, "quotes", "list", "--status", "sent", "--as-of", "2026-03-10", "--json")
    assert [q["number"] for q in json.loads(out)["quotes"]] == ["Q2026-0001"]
    assert run(book, "quotes", "refuse", "Q2026-0002", "--reason", "te duur", "--on", "2026-03-11")[0] == 0
    assert run(book, "quotes", "accept", "Q2026-0001", "--on", "2026-03-12")[1] == (
        "quote Q2026-0001 accepted on 2026-03-12\n"
    )
    code, out, _ = run(book, "quotes", "list", "--status", "refused", "--as-of", "2026-03-12", "--json")
    assert [q["number"] for q in json.loads(out)["quotes"]] == ["Q2026-0002"]
    assert run(book, "quotes", "convert", "Q2026-0001", "--to", "invoice", "--on", "2026-03-20")[0] == 0
    code, out, _ = run(book, "quotes", "list", "--status", "converted", "--as-of", "2026-03-20", "--json")
    assert [q["number"] for q in json.loads(out)["quotes"]] == ["Q2026-0001"]
    target = tmp_path / "q.pdf"
    code, out, err = run(book, "quotes", "pdf", "Q2026-0001", "-o", str(target))
    assert (code, out) == (0, f"quote Q2026-0001 (nl) written to {target}\n"), err
    assert "Offerte" in pdf_text(target.read_bytes())


def test_refusals_are_one_sentence_in_the_users_language(book, customer_id, tmp_path, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    code, out, err = run(book, "quotes", "accept", "Q2026-0009")
    assert (code, out) == (1, "")
    assert err == (
        "ledgerdesk: Il n'y a pas de devis numéroté Q2026-0009 (un brouillon n'a pas de numéro avant son envoi)\n"
    )
    add = ["quotes", "add", "--customer", "Nobody", "--description", "x", "--price", "1"]
    assert run(book, *add)[2] == (
        "ledgerdesk: Aucun client ne s’appelle « Nobody » ; utilisez le numéro (`ledgerdesk customers list`), "
        "ou ajoutez-le avec `ledgerdesk customers add --name Nobody`\n"
    )
    add = [
        "quotes",
        "add",
        "--customer",
        str(customer_id),
        "--description",
        "x",
        "--price",
        "10",
        "--date",
        "2026-03-02",
    ]
    code, _, err = run(book, *add, "--deposit", "20", "--send")
    assert code == 1 and err == "ledgerdesk: L'acompte de 20,00\xa0€ dépasse le total du devis, 12,10\xa0€\n"
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    assert run(book, *add, "--valid-until", "2026-03-20", "--send")[0] == 0
    code, _, err = run(book, "quotes", "accept", "Q2026-0001", "--on", "2026-03-21")
    assert code == 1 and err == "ledgerdesk: Offerte Q2026-0001 is verlopen op 20/03/2026\n"
    code, _, err = run(book, "quotes", "convert", "Q2026-0001", "--on", "2026-03-21")
    assert code == 1 and err == "ledgerdesk: Offerte Q2026-0001 moet aanvaard zijn voor ze omgezet wordt\n"


def test_convert_part_of_a_quote_from_the_command_line(book, customer_id, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    add = ["quotes", "add", "--customer", str(customer_id), "--description", "Uren", "--quantity", "10"]
    assert run(book, *add, "--price", "50", "--date", "2026-03-02", "--send")[0] == 0
    assert run(book, "quotes", "accept", "Q2026-0001", "--on", "2026-03-03")[0] == 0
    code, out, err = run(book, "quotes", "convert", "Q2026-0001", "--lines", "1:4", "--on", "2026-03-10")
    assert code == 0, err
    code, _, err = run(book, "quotes", "convert", "Q2026-0001", "--lines", "1:7", "--on", "2026-03-11")
    assert (code, err) == (1, "ledgerdesk: line 1 of quote Q2026-0001 has 6 left to invoice, not 7\n")
    code, _, err = run(book, "quotes", "convert", "Q2026-0001", "--lines", "one")
    assert (code, err) == (1, "ledgerdesk: 'one' is not a list of lines (e.g. 1,3:2.5)\n")
    assert run(book, "quotes", "convert", "Q2026-0001", "--on", "2026-03-12")[0] == 0
    code, out, _ = run(book, "quotes", "list", "--as-of", "2026-03-12", "--json")
    assert json.loads(out)["quotes"][0]["status"] == "converted"


def test_a_deposit_paid_through_import_statement_accepts_the_quote(book, customer_id, tmp_path, monkeypatch):
    from datetime import date

    from ledgerdesk.banking.samples import Stmt, Tx, coda
    from ledgerdesk.services import quotes

    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    add = ["quotes", "add", "--customer", str(customer_id), "--description", "Dak", "--price", "1000"]
    assert run(book, *add, "--deposit", "300", "--date", "2026-03-02", "--send")[0] == 0
    with book.db.reading() as s:
        ogm = quotes.load_quote(
            s, quotes.find_quote(s, "Q2026-0001"), date(2026, 3, 2)
        ).document.structured_communication
    statement = tmp_path / "s.cod"
    statement.write_bytes(coda([Stmt(day=date(2026, 3, 4), txs=[Tx(30_000, ogm=ogm, ref="X1", day=date(2026, 3, 4))])]))
    code, out, err = run(book, "import-statement", str(statement))
    assert code == 0, err
    assert "deposit of quote Q2026-0001 paid (300.00): advance invoice 2026-0001\n" in out
    code, out, _ = run(book, "quotes", "list", "--status", "accepted", "--as-of", "2026-03-04", "--json")
    assert [q["number"] for q in json.loads(out)["quotes"]] == ["Q2026-0001"]


def test_planned_month_order_confirmation_its_invoices_and_the_deposit_invoice(
    book, customer_id, tmp_path, monkeypatch
):
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    add = ["quotes", "add", "--customer", "Bakkerij Peeters", "--description", "Ovenrevisie", "--price", "100.00"]
    assert run(book, *add, "--quantity", "10", "--date", "2026-03-02", "--planned", "2026-12", "--send")[0] == 0
    assert run(book, *add, "--deposit", "121", "--date", "2026-03-02", "--send")[0] == 0
    code, out, err = run(book, *add, "--planned", "december", "--send")
    assert code != 0 and "'december' is not a month (e.g. 2026-12)" in err
    code, out, _ = run(book, "quotes", "list", "--as-of", "2026-03-03", "--json")
    assert [q["planned_month"] for q in json.loads(out)["quotes"]] == [None, "2026-12"]
    for number in ("Q2026-0001", "Q2026-0002"):
        assert run(book, "quotes", "accept", number, "--on", "2026-03-03")[0] == 0
    code, out, err = run(
        book, "quotes", "convert", "Q2026-0001", "--to", "order", "--lines", "1:6", "--on", "2026-03-04"
    )
    assert (code, out) == (0, "order confirmation OC2026-0001 made from quote Q2026-0001\n"), err
    code, out, err = run(
        book, "quotes", "convert", "OC2026-0001", "--to", "invoice", "--lines", "1:2", "--on", "2026-03-05"
    )
    assert code == 0 and out.startswith("draft invoice ") and "from order confirmation OC2026-0001" in out, err
    code, out, err = run(book, "quotes", "convert", "OC2026-0001", "--to", "invoice", "--lines", "1:5")
    assert code != 0 and "line 1 of order confirmation OC2026-0001 has 4 left to invoice, not 5" in err
    code, out, err = run(book, "quotes", "convert", "OC2026-0001", "--to", "order")
    assert code != 0 and "becomes an invoice only" in err
    target = tmp_path / "oc.pdf"
    code, out, err = run(book, "quotes", "pdf", "OC2026-0001", "-o", str(target))
    assert (code, out) == (0, f"order confirmation OC2026-0001 (nl) written to {target}\n"), err
    assert "Orderbevestiging" in pdf_text(target.read_bytes())
    code, out, err = run(book, "quotes", "convert", "Q2026-0002", "--to", "deposit", "--on", "2026-03-06")
    assert (code, out) == (0, "advance invoice 2026-0001 of quote Q2026-0002 issued (VAT due on payment)\n"), err
    code, out, err = run(book, "quotes", "convert", "Q2026-0001", "--to", "deposit")
    assert code != 0 and "quote Q2026-0001 asks no deposit" in err


def test_order_refusals_in_dutch(book, customer_id, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    add = ["quotes", "add", "--customer", "Bakkerij Peeters", "--description", "Ovenrevisie", "--price", "100.00"]
    assert run(book, *add, "--quantity", "10", "--date", "2026-03-02", "--send")[0] == 0
    assert run(book, "quotes", "accept", "Q2026-0001", "--on", "2026-03-03")[0] == 0
    assert run(book, "quotes", "convert", "Q2026-0001", "--to", "order", "--on", "2026-03-04")[0] == 0
    code, out, err = run(book, "quotes", "convert", "OC2026-0001", "--to", "invoice", "--lines", "1:11")
    assert code != 0 and "Regel 1 van orderbevestiging OC2026-0001 heeft nog 10 te factureren, niet 11" in err
