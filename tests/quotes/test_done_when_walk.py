"""The issue's "done when", walked on the command line as a new user, in Dutch and in French: quote a job
with a deposit, see the deposit arrive through the bank import (the quote accepted, its advance invoice),
log the work over two weeks on the quote's line, invoice the rest with the deposit deducted, and watch the
month's forecast at each step. The PDFs are kept in artifacts/quotes2 to be looked at."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from quote_helpers import pdf_text
from test_quote_command import run

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.persistence.models import Customer

ARTIFACTS = Path("artifacts/quotes2")
WORDS = {
    "nl": ("Offerte", "Voor akkoord", "Voorschot", "Orderbevestiging"),
    "fr": ("Devis", "Bon pour accord", "acompte", "Confirmation de commande"),
}


def forecast(book, day: str) -> tuple[str, str, str, str]:
    code, out, err = run(book, "kpi", "--as-of", day, "--json")
    assert code == 0, err
    k = json.loads(out)
    return k["forecast_month"], k["revenue_this_month"], k["work_to_invoice"], k["quotes_to_invoice"]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_new_user_quotes_a_job_to_its_final_invoice(book, customer_id, tmp_path, monkeypatch, language):
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    with book.db.transaction() as s:
        s.get(Customer, customer_id).language = language
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    steps = []
    add = ["quotes", "add", "--customer", str(customer_id), "--description", "Renovatie badkamer"]
    code, out, err = run(
        book, *add, "--quantity", "40", "--unit", "HUR", "--price", "55.00", "--deposit", "500.00",
        "--planned", "2026-12", "--date", "2026-12-01", "--send",
    )  # fmt: skip
    sent = {
        "nl": "Offerte Q2026-0001 definitief gemaakt, klaar om te versturen\n",
        "fr": "Devis Q2026-0001 rendu définitif, prêt à envoyer\n",
    }[language]
    assert (code, out.replace("\u00a0", " ")) == (0, sent), err
    steps.append(("quote sent", forecast(book, "2026-12-01")))
    quote_pdf = ARTIFACTS / f"walk-quote-{language}.pdf"
    assert run(book, "quotes", "pdf", "Q2026-0001", "-o", str(quote_pdf))[0] == 0
    text = pdf_text(quote_pdf.read_bytes())
    assert all(word in text for word in WORDS[language][:2]) and "+++" in text

    code, out, _ = run(book, "quotes", "list", "--json")
    with book.db.reading() as s:
        from ledgerdesk.services import quotes

        ogm = quotes.load_quote(
            s, quotes.find_quote(s, "Q2026-0001"), date(2026, 12, 1)
        ).document.structured_communication
    statement = tmp_path / "deposit.cod"
    tx = Tx(50_000, ogm=ogm, ref="D1", name="Bakkerij Peeters", iban="BE68539007547034", day=date(2026, 12, 3))
    statement.write_bytes(coda([Stmt(day=date(2026, 12, 3), txs=[tx])], created=date(2026, 12, 3)))
    code, out, err = run(book, "import-statement", str(statement))
    assert code == 0 and "Q2026-0001" in out and "2026-0001" in out, err
    code, out, _ = run(book, "quotes", "list", "--as-of", "2026-12-03", "--json")
    assert json.loads(out)["quotes"][0]["status"] == "accepted"
    steps.append(("deposit paid: accepted, advance invoice", forecast(book, "2026-12-03")))

    for day, hours in (("2026-12-07", "20"), ("2026-12-14", "20")):
        code, out, err = run(book, "work", "add", "--quote", "Q2026-0001", "--quantity", hours, "--date", day)
        assert code == 0, err
        steps.append((f"work logged {day}", forecast(book, day)))
    code, out, err = run(book, "work", "invoice", "--customer", str(customer_id), "--on", "2026-12-15")
    assert code == 0, err
    with book.db.transaction() as s:
        from ledgerdesk.persistence.models import Invoice
        from ledgerdesk.services import invoicing

        final = s.query(Invoice).filter(Invoice.status == "draft").one()
        number = invoicing.issue(s, final.id, on=date(2026, 12, 15))
        # 40 h × 55.00 = 2,200.00 less the advance's 413.22 → 1,786.78 + 21 % 375.22 = 2,162.00 = 2,662.00 − 500.00
        assert (final.net_cents, final.vat_cents, final.total_cents) == (178_678, 37_522, 216_200)
    steps.append(("final invoice issued", forecast(book, "2026-12-15")))
    for invoice_number in ("2026-0001", number):
        target = ARTIFACTS / f"walk-invoice-{invoice_number}-{language}.pdf"
        code, out, err = run(book, "invoice-pdf", invoice_number, "-o", str(target))
        assert code == 0, err
    assert WORDS[language][2] in pdf_text((ARTIFACTS / f"walk-invoice-{number}-{language}.pdf").read_bytes())
    code, out, err = run(book, "export-ubl", number, "-o", str(tmp_path / "final.xml"))
    assert code == 0, err
    code, out, err = run(book, "validate-ubl", str(tmp_path / "final.xml"))
    assert code == 0, out + err
    assert b"<cbc:PrepaidAmount" in (tmp_path / "final.xml").read_bytes()
    (ARTIFACTS / f"walk-forecast-{language}.json").write_text(json.dumps(steps, indent=1))
    # forecast, revenue so far, work not invoiced, quotes planned: the job's 2,200.00 from the deposit on,
    # moving part by part from plan to work to revenue (the advance is revenue; the work less it)
    assert [f for _, f in steps] == [
        ("0.00", "0.00", "0.00", "0.00"),
        ("2200.00", "413.22", "0.00", "1786.78"),
        ("2200.00", "413.22", "686.78", "1100.00"),
        ("2200.00", "413.22", "1786.78", "0.00"),
        ("2200.00", "2200.00", "0.00", "0.00"),
    ]
