"""Scenarios of the outbox through the command line, against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import io
import json
from email import message_from_bytes, policy

import pytest

from ledgerdesk.cli import main

from .conftest import make_book
from .smtp_server import LocalSmtp


def run(folder, *argv, env=None, monkeypatch=None):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def setup_mail(folder, port, *extra):  # type: ignore[no-untyped-def]
    code, out, err = run(
        folder,
        "mail",
        "setup",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--security",
        "none",
        "--from",
        "facturen@janssens.be",
        *extra,
    )
    assert code == 0, err
    return out


def test_send_emails_an_invoice_with_its_pdf_and_records_the_servers_answer(tmp_path, smtp):
    folder = tmp_path / "book"
    numbers = make_book(folder, 2)
    setup_mail(folder, smtp.port)
    code, out, err = run(folder, "send", numbers[0], "--json")
    assert code == 0, err
    sent = json.loads(out)
    assert sent["state"] == "sent" and sent["channel"] == "email" and sent["attempts"] == 1
    assert sent["answer"] == "250 2.0.0 Ok: queued as Q0001"  # the server's words, verbatim
    assert smtp.recorder.envelopes == [("facturen@janssens.be", ["boekhouding@peeters.be"])]
    mail = message_from_bytes(smtp.recorder.messages[0], policy=policy.default)
    assert mail["Message-ID"].strip() == sent["message_key"]
    assert mail["Subject"] == f"Factuur {numbers[0]} van Atelier Janssens"
    pdf = next(mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content().startswith(b"%PDF")
    # The archived copy is exactly what the server received.
    import hashlib

    assert hashlib.sha256(smtp.recorder.messages[0]).hexdigest() == sent["message_sha256"]
    code, out, _ = run(folder, "outbox", "--json")
    assert [d["state"] for d in json.loads(out)] == ["sent"]


def test_sending_again_is_refused_and_the_queue_never_sends_a_sent_document_twice(tmp_path, smtp):
    folder = tmp_path / "book"
    numbers = make_book(folder, 1)
    setup_mail(folder, smtp.port)
    assert run(folder, "send", numbers[0])[0] == 0
    code, _, err = run(folder, "send", numbers[0])
    assert code == 1 and "was already sent by email on" in err
    assert run(folder, "outbox", "send")[0] == 0
    assert len(smtp.recorder.messages) == 1


def test_offline_documents_queue_and_outbox_send_sends_them_when_the_server_is_back(tmp_path):
    folder = tmp_path / "book"
    numbers = make_book(folder, 3)
    server = LocalSmtp()
    port = server.port
    server.stop()  # nobody listens: offline
    setup_mail(folder, port)
    for number in numbers:
        code, _, err = run(folder, "send", number)
        assert code == 1 and "is queued, not sent: cannot reach 127.0.0.1" in err
    code, out, _ = run(folder, "outbox", "--json")
    assert {d["state"] for d in json.loads(out)} == {"queued"}
    back = LocalSmtp()
    try:
        setup_mail(folder, back.port)
        code, out, err = run(folder, "outbox", "send", "--json")
        assert code == 0, err
        report = json.loads(out)
        assert len(report["sent"]) == 3 and not report["queued"]
        assert len(back.recorder.messages) == 3
        assert len(set(back.recorder.message_ids())) == 3
    finally:
        back.stop()


@pytest.mark.parametrize(
    ("fault", "state", "words"),
    [
        ({"rcpt_reply": "450 4.2.1 Mailbox busy, try later"}, "queued", "450 4.2.1 Mailbox busy, try later"),
        ({"rcpt_reply": "550 5.1.1 No such user here"}, "failed", "550 5.1.1 No such user here"),
        ({"data_reply": "554 5.7.1 Message refused as spam"}, "failed", "554 5.7.1 Message refused as spam"),
        ({"data_reply": "451 4.3.0 Temporary local problem"}, "queued", "451 4.3.0 Temporary local problem"),
        ({"disconnect_in_data": True}, "failed", "may have arrived"),
    ],
)
def test_a_refusal_is_shown_with_the_servers_words(tmp_path, smtp, fault, state, words):
    folder = tmp_path / "book"
    numbers = make_book(folder, 1)
    setup_mail(folder, smtp.port)
    for key, value in fault.items():
        setattr(smtp.recorder.faults, key, value)
    code, out, err = run(folder, "send", numbers[0], "--json")
    assert code == 1
    row = json.loads(out)
    assert row["state"] == state and words in row["answer"] and words in err
    assert smtp.recorder.messages == []
    # A temporary refusal stays queued and goes at the next run; a permanent one waits for Retry.
    smtp.recorder.faults.__init__()
    run(folder, "outbox", "send")
    assert len(smtp.recorder.messages) == (1 if state == "queued" else 0)
    if state == "failed":
        assert run(folder, "outbox", "retry", str(row["id"]))[0] == 0
        assert run(folder, "outbox", "send")[0] == 0
        assert len(smtp.recorder.messages) == 1
        assert smtp.recorder.message_ids() == [row["message_key"]]  # the retry is the same message


def test_a_refused_login_stops_the_queue_with_the_servers_words_and_loses_nothing(tmp_path, monkeypatch):
    server = LocalSmtp(security="none", users={"jan": "right"})
    try:
        folder = tmp_path / "book"
        numbers = make_book(folder, 2)
        run(
            folder,
            "mail",
            "setup",
            "--host",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--security",
            "none",
            "--user",
            "jan",
            "--password-env",
            "LD_SMTP_PASSWORD",
            "--from",
            "facturen@janssens.be",
        )
        monkeypatch.setenv("LD_SMTP_PASSWORD", "wrong")
        code, out, err = run(folder, "send", numbers[0])
        assert code == 1 and "535" in err  # 535 5.7.8 Authentication credentials invalid
        monkeypatch.setenv("LD_SMTP_PASSWORD", "right")
        code, out, err = run(folder, "outbox", "send")
        assert code == 0, err
        assert len(server.recorder.messages) == 1
    finally:
        server.stop()


def test_the_password_never_lands_in_the_book(tmp_path, monkeypatch):
    folder = tmp_path / "book"
    make_book(folder, 1)
    monkeypatch.setenv("LD_SECRET", "hunter2-very-secret")
    run(
        folder,
        "mail",
        "setup",
        "--host",
        "127.0.0.1",
        "--port",
        "2525",
        "--security",
        "none",
        "--user",
        "jan",
        "--password-env",
        "LD_SECRET",
        "--from",
        "facturen@janssens.be",
    )
    assert b"hunter2" not in (folder / "ledgerdesk.sqlite").read_bytes()
    code, out, _ = run(folder, "export-book")
    assert "hunter2" not in out and "LD_SECRET" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (
            ["--host", "smtp.example.com", "--port", "25", "--security", "none"],
            "only allowed for a mail server on this computer",
        ),
        (["--host", "smtp.example.com", "--port", "70000", "--security", "tls"], "between 1 and 65535"),
    ],
)
def test_mail_setup_refuses_bad_settings_in_one_sentence(tmp_path, argv, words, monkeypatch):
    folder = tmp_path / "book"
    make_book(folder, 0)
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    code, out, err = run(folder, "mail", "setup", *argv, "--from", "a@b.be")
    assert code == 1 and words in err and err.count("\n") == 1


def test_a_connection_the_server_closed_between_two_messages_is_opened_again(smtp):
    from ledgerdesk.services.mail import MailSettings, SmtpTransport

    transport = SmtpTransport(MailSettings("127.0.0.1", smtp.port, "none", "", "f@j.be"), lambda: None)
    message = b"From: f@j.be\r\nTo: a@b.be\r\nSubject: x\r\n\r\nHello\r\n"
    assert transport.send(message, "a@b.be", "k1", lambda: None).accepted
    transport._smtp.sock.close()  # the idle connection is gone, as a server's idle timeout does
    assert transport.send(message, "a@b.be", "k2", lambda: None).accepted
    transport.close()
    assert len(smtp.recorder.messages) == 2
