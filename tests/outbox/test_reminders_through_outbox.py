"""Reminder e-mails go through the outbox, and the consumer's waiting period counts from the real send time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from builders import customer, invoice_due, new_book

from ledgerdesk.domain import dunning_defaults
from ledgerdesk.domain.dunning import with_level
from ledgerdesk.services import dunning_setup, reminders
from ledgerdesk.services.mail import MailSettings, SmtpTransport, save_mail_settings
from ledgerdesk.services.outbox import queue, send_queue

LETTER_DAY = date(2026, 2, 12)


def _consumer_by_email(book) -> None:  # type: ignore[no-untyped-def]
    who = customer(book, "Jan Claes", kind="consumer", email="jan@claes.example")
    invoice_due(book, who, "400.00", due=date(2026, 2, 1))
    emailing = replace(
        with_level(dunning_defaults.consumer(), 1, channel="email"), code="consumer-email", name="Consumer by e-mail"
    )
    with book.db.transaction() as s:
        dunning_setup.save_scenario(s, emailing, as_of=date(2026, 2, 1))
        dunning_setup.set_customer_scenario(s, who, "consumer-email")
        reminders.confirm(s, LETTER_DAY, reminders.Edits(override_bank_check=True))


def _first_day_of_level_two(book) -> date:  # type: ignore[no-untyped-def]
    day = LETTER_DAY
    while day < LETTER_DAY + timedelta(days=120):
        with book.db.reading() as s:
            proposal = reminders.propose(s, day, reminders.Edits(override_bank_check=True))
        if proposal.letters:
            return day
        day += timedelta(days=1)
    raise AssertionError("level 2 never came")


def _send_on(book, smtp, day: date | None) -> str:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        settings = save_mail_settings(s, MailSettings("127.0.0.1", smtp.port, "none", "", "f@janssens.be"))
        row = queue(s, "R2026-0001", now=datetime.combine(LETTER_DAY, time(9)))
    if day is not None:
        transport = SmtpTransport(settings, lambda: None)
        report = send_queue(book.db, {"email": transport}, clock=lambda: datetime.combine(day, time(10)))
        transport.close()
        assert [r.state for r in report.sent] == ["sent"]
    return row.state


def test_the_consumer_grace_of_an_emailed_reminder_runs_from_the_day_it_really_left(book, smtp, tmp_path):
    _consumer_by_email(book)
    _send_on(book, smtp, LETTER_DAY)
    on_time = _first_day_of_level_two(book)

    later = _other_book(tmp_path)
    _consumer_by_email(later)
    _send_on(later, smtp, LETTER_DAY + timedelta(days=5))  # the laptop was offline for five days
    from ledgerdesk.domain.dunning import consumer_grace

    _, grace_end = consumer_grace(LETTER_DAY + timedelta(days=5), "email")
    first = _first_day_of_level_two(later)
    assert first > on_time  # the five offline days count for the customer
    assert first == grace_end + timedelta(days=1)  # 14 days from the day after the e-mail really left
    assert len(smtp.recorder.messages) == 2
    later.close()


def test_a_reminder_still_waiting_in_the_outbox_starts_no_waiting_period(book, smtp):
    _consumer_by_email(book)
    assert _send_on(book, smtp, None) == "queued"
    with book.db.reading() as s:
        proposal = reminders.propose(s, LETTER_DAY + timedelta(days=90), reminders.Edits(override_bank_check=True))
    assert not proposal.letters  # never sent: level 2 cannot follow a reminder the customer never got
    assert smtp.recorder.messages == []


def _other_book(tmp_path):  # type: ignore[no-untyped-def]
    return new_book(tmp_path / "other")


def test_outbox_reminders_queues_and_sends_the_days_email_letters_once(book, smtp):
    import io

    from ledgerdesk.cli import main

    _consumer_by_email(book)
    folder = book.paths.book.parent
    book.close()

    def cli(*argv):  # type: ignore[no-untyped-def]
        out, err = io.StringIO(), io.StringIO()
        return main(["--data-dir", str(folder), *argv], out=out, err=err), out.getvalue(), err.getvalue()

    cli("mail", "setup", "--host", "127.0.0.1", "--port", str(smtp.port), "--security", "none", "--from", "f@j.be")
    code, out, err = cli("outbox", "reminders", "--date", LETTER_DAY.isoformat())
    assert code == 0, err
    assert "1 reminder e-mails queued" in out and "1 sent" in out
    assert cli("outbox", "reminders", "--date", LETTER_DAY.isoformat())[1].startswith("0 reminder e-mails queued")
    assert len(smtp.recorder.messages) == 1
    assert "R2026-0001" in smtp.recorder.messages[0].decode("ascii", "replace")
