"""Quotes and statements of account leave through the outbox like invoices: built once when queued, e-mailed
in the customer's language with the PDF (or kept for the post), never twice, visible in the outbox, and a
quote counts as sent from the moment the mail server took it. Against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import io
import json
import subprocess
from email import message_from_bytes, policy

from ledgerdesk.cli import main
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import quotes

from .conftest import make_book
from .smtp_server import free_port


def cli(folder, *argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def book_with_mail(tmp_path, port: int):  # type: ignore[no-untyped-def]
    folder = tmp_path / "book"
    make_book(folder, 2)  # Bakkerij Peeters (nl, business) and Jan Claes (fr, consumer), one invoice each
    code, _, err = cli(
        folder, "mail", "setup", "--host", "127.0.0.1", "--port", str(port), "--security", "none",
        "--from", "facturen@janssens.be",
    )  # fmt: skip
    assert code == 0, err
    return folder


def a_quote(folder, customer: str) -> str:
    code, out, err = cli(
        folder, "quotes", "add", "--customer", customer, "--description", "Renovatie keuken", "--price", "1000",
        "--send",
    )  # fmt: skip
    assert code == 0, err
    return next(word for word in out.split() if word.startswith("Q2026-"))


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_a_quote_is_emailed_with_its_pdf_once_and_counts_as_sent_when_the_server_took_it(tmp_path, smtp):
    folder = book_with_mail(tmp_path, smtp.port)
    number = a_quote(folder, "Jan Claes")
    code, out, _ = cli(folder, "quotes", "list", "--json")  # numbered, not yet sent: it says so
    assert [(q["number"], q["status"]) for q in json.loads(out)["quotes"]] == [(number, "ready")]
    code, out, err = cli(folder, "send", number, "--via", "email", "--json")
    assert code == 0, err
    sent = json.loads(out)
    assert (sent["document_kind"], sent["state"], sent["answer"]) == ("quote", "sent", "250 2.0.0 Ok: queued as Q0001")
    mail = message_from_bytes(smtp.recorder.messages[0], policy=policy.default)
    assert mail["Subject"] == f"Devis {number} de Atelier Janssens"  # the quote's language: the customer's, French
    assert "valable jusqu’au" in mail.get_body(("plain",)).get_content()
    pdf = next(mail.iter_attachments())
    assert pdf.get_filename() == f"{number}.pdf" and number in pdf_text(pdf.get_content())
    # Never twice: sending it again is refused, and the queue has nothing for it.
    code, _, err = cli(folder, "send", number, "--via", "email")
    assert code == 1 and f"{number} was already sent by email" in err
    assert cli(folder, "outbox", "send")[0] == 0 and len(smtp.recorder.messages) == 1
    # The quote's history and its sent moment follow the real send.
    book = open_book(BookPaths.in_dir(folder))
    try:
        with book.db.reading() as s:
            quote_id = quotes.find_quote(s, number)
            kinds = [(e.kind, e.detail.get("channel")) for e in quotes.history(s, quote_id, sent_day(sent))]
            view = quotes.load_quote(s, quote_id, sent_day(sent))
    finally:
        book.close()
    assert kinds[-2:] == [("delivery_queued", "email"), ("delivery_sent", "email")]
    assert view.status.value == "sent"
    outbox = json.loads(cli(folder, "outbox", "--json")[1])
    assert [(r["document_kind"], r["document_number"], r["state"]) for r in outbox][0] == ("quote", number, "sent")


def sent_day(row):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(row["sent_at"]).date()


def test_a_quote_never_goes_by_peppol(tmp_path, smtp):
    folder = book_with_mail(tmp_path, smtp.port)
    number = a_quote(folder, "Bakkerij Peeters")
    code, _, err = cli(folder, "send", number, "--via", "peppol")
    assert code == 1 and "Peppol carries invoices and credit notes, not this document" in err
    code, out, err = cli(folder, "send", number, "--json")  # the proposal: e-mail (the customer has an address)
    assert code == 0 and json.loads(out)["channel"] == "email"
    assert message_from_bytes(smtp.recorder.messages[0], policy=policy.default)["Subject"] == (
        f"Offerte {number} van Atelier Janssens"
    )


def test_a_statement_of_account_is_emailed_in_the_customers_language_once_per_period(tmp_path, smtp):
    folder = book_with_mail(tmp_path, smtp.port)
    code, out, err = cli(
        folder, "statements", "send", "--customer", "Bakkerij Peeters", "--from", "2026-01-01", "--to", "2026-03-31",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    sent = json.loads(out)
    assert (sent["document_kind"], sent["document_number"], sent["state"]) == (
        "statement", "2026-01-01..2026-03-31", "sent",
    )  # fmt: skip
    assert sent["customer"] == "Bakkerij Peeters" and sent["recipient"] == "boekhouding@peeters.be"
    mail = message_from_bytes(smtp.recorder.messages[0], policy=policy.default)
    assert mail["Subject"] == "Rekeninguittreksel van Atelier Janssens"
    body = mail.get_body(("plain",)).get_content()
    assert "van 01/01/2026 tot 31/03/2026" in body and "€\xa0121,00" in body  # the open invoice of 121.00
    text = pdf_text(next(mail.iter_attachments()).get_content())
    assert "Bakkerij Peeters" in text and "121,00" in text
    code, _, err = cli(folder, "statements", "send", "--customer", "Bakkerij Peeters", "--from", "2026-01-01",
                       "--to", "2026-03-31")  # fmt: skip
    assert code == 1 and "2026-01-01..2026-03-31 was already sent by email" in err
    assert len(smtp.recorder.messages) == 1
    # Another period is another statement.
    code, _, err = cli(folder, "statements", "send", "--customer", "1", "--from", "2026-01-01", "--to", "2026-04-30")
    assert code == 0, err
    assert len(smtp.recorder.messages) == 2


def test_a_statement_by_post_keeps_its_pdf_and_one_queued_offline_goes_later(tmp_path, smtp):
    folder = book_with_mail(tmp_path, free_port())  # nobody listens there: offline
    code, _, err = cli(folder, "statements", "send", "--customer", "Jan Claes", "--to", "2026-03-31")
    assert code == 1 and "queued, not sent" in err
    code, out, err = cli(folder, "statements", "send", "--customer", "Jan Claes", "--to", "2026-03-31", "--via",
                         "post", "--json")  # fmt: skip
    assert code == 0, err
    posted = json.loads(out)
    assert posted["channel"] == "post" and posted["state"] == "sent" and "Veldstraat 3" in posted["recipient"]
    rows = json.loads(cli(folder, "outbox", "--json")[1])
    assert sorted((r["channel"], r["state"]) for r in rows) == [("email", "queued"), ("post", "sent")]
    code, _, err = cli(folder, "statements", "send", "--customer", "Nobody")
    assert code == 1 and "no customer is named 'Nobody'" in err
