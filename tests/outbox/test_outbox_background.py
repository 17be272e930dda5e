"""The queue goes by itself when the network is back, and never by two senders at once.

The SMTP server is a real local aiosmtpd started on a port nobody listens on at first (the network
is "down"), then started there (it is "up"); the sender lock is taken by another thread and by
another process to show a second sender changes nothing.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.cli import main
from ledgerdesk.domain.outbox_retry import APP, COMMAND_LINE, Backoff
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import outbox
from ledgerdesk.services.mail import MailSettings, save_mail_settings
from ledgerdesk.services.outbox_channels import send
from ledgerdesk.services.outbox_sender import SenderBusy, lock_path, one_sender, send_until_empty
from ledgerdesk.ui.background_sender import BackgroundSender
from ledgerdesk.ui.context import AppContext

from .conftest import make_book
from .smtp_server import LocalSmtp, free_port
from .test_outbox_peppol_standin import access_point, ring  # noqa: F401  (fixtures: a stand-in set up in a book)


def cli(folder, *argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def mail_on(folder, port: int) -> None:
    code, _, err = cli(
        folder, "mail", "setup", "--host", "127.0.0.1", "--port", str(port), "--security", "none",
        "--from", "f@janssens.be",
    )  # fmt: skip
    assert code == 0, err


def queued(tmp_path, invoices: int = 2):  # type: ignore[no-untyped-def]
    """A book whose invoices wait in the queue: the mail server's port has nobody listening yet."""
    folder = tmp_path / "book"
    numbers = make_book(folder, invoices)
    port = free_port()
    mail_on(folder, port)
    for number in numbers:
        code, _, err = cli(folder, "send", number)
        assert code == 1 and "queued, not sent" in err and "cannot reach" in err
    return folder, port


def states(folder) -> list[str]:
    return [r["state"] for r in json.loads(cli(folder, "outbox", "--json")[1])]


@given(st.integers(min_value=-3, max_value=200))
def test_the_wait_grows_with_each_run_that_found_the_network_down_and_stays_under_its_ceiling(failures):
    for policy in (APP, COMMAND_LINE):
        wait = policy.delay(failures)
        assert policy.first <= wait <= policy.ceiling
        assert policy.delay(failures + 1) >= wait
    assert [APP.delay(n).total_seconds() for n in range(7)] == [30, 60, 120, 240, 480, 900, 900]


def test_a_second_sender_in_another_thread_is_told_and_changes_nothing(tmp_path):
    folder, port = queued(tmp_path)
    book = open_book(BookPaths.in_dir(folder))
    try:
        holding, release = threading.Event(), threading.Event()

        def hold() -> None:
            with one_sender(book.db):
                holding.set()
                release.wait(10)

        other = threading.Thread(target=hold)
        other.start()
        assert holding.wait(10)
        with LocalSmtp(port=port) as server:
            with pytest.raises(SenderBusy, match="being sent by another LedgerDesk"):
                send(book.db, environ={})
            assert server.recorder.messages == []
            release.set()
            other.join(10)
            report = send(book.db, environ={})  # the lock is free again
            assert len(report.sent) == 2 and len(server.recorder.messages) == 2
    finally:
        book.close()


def test_outbox_send_while_another_process_sends_changes_nothing_and_says_so(tmp_path):
    folder, port = queued(tmp_path)
    lock = lock_path(open_book(BookPaths.in_dir(folder)).db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, filelock, time; l = filelock.FileLock(sys.argv[1], timeout=5);"
         " l.acquire(); print('held', flush=True); time.sleep(60)", str(lock)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with LocalSmtp(port=port) as server:
            code, _, err = cli(folder, "outbox", "send")
            assert code == 1 and "being sent by another LedgerDesk window or command" in err
            assert server.recorder.messages == [] and states(folder) == ["queued", "queued"]
            holder.kill()  # the OS frees a killed holder's lock
            holder.wait(10)
            code, out, err = cli(folder, "outbox", "send")
            assert code == 0, err
            assert len(server.recorder.messages) == 2 and states(folder) == ["sent", "sent"]
    finally:
        holder.kill()
        holder.wait(10)


def test_until_empty_waits_while_the_server_is_down_and_sends_once_it_is_up(tmp_path):
    folder, port = queued(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "ledgerdesk.cli", "--data-dir", str(folder), "outbox", "send", "--until-empty",
         "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "LEDGERDESK_LANG": "en"},
    )  # fmt: skip
    assert process.stderr is not None and process.stdout is not None
    line = process.stderr.readline()
    assert "2 still queued" in line and "cannot reach 127.0.0.1" in line and "trying again in 5 s" in line
    with LocalSmtp(port=port) as server:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        report = json.loads(out)
        assert [r["state"] for r in report["sent"]] == ["sent", "sent"] and report["queued"] == []
        assert len(server.recorder.messages) == 2  # each once
    assert states(folder) == ["sent", "sent"]


def test_until_empty_gives_up_when_a_channel_needs_the_user_and_when_time_is_up():
    class Down:
        def __init__(self, lasting: bool) -> None:
            self.runs, self.lasting = 0, lasting

        def __call__(self) -> outbox.SendReport:
            self.runs += 1
            row = outbox.DeliveryRow(
                1, "invoice", "2026-0001", 1, None, "Peeters", "email", "a@b.be", "queued", self.runs,
                datetime(2026, 3, 2), None, None, None, "", "k", None, 0,
            )  # fmt: skip
            return outbox.SendReport(
                queued=[row], stopped={"email": "cannot reach"}, lasting={"email"} if self.lasting else set()
            )

    slept: list[float] = []
    now = [datetime(2026, 3, 2, 9)]

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += timedelta(seconds=seconds)

    needs_user = Down(lasting=True)
    send_until_empty(needs_user, backoff=COMMAND_LINE, give_up_after=timedelta(hours=1), sleep=sleep)
    assert needs_user.runs == 1 and slept == []  # a refused login will not change by waiting

    offline = Down(lasting=False)
    report = send_until_empty(
        offline, backoff=Backoff(timedelta(seconds=5), timedelta(seconds=60)), give_up_after=timedelta(minutes=3),
        clock=lambda: now[0], sleep=sleep,
    )  # fmt: skip
    assert slept == [5, 10, 20, 40, 60] and offline.runs == 6  # 135 s waited; the next 60 s would pass 3 minutes
    assert [r.state for r in report.queued] == ["queued"]


def test_the_app_sends_the_queue_by_itself_once_the_server_is_back(qtbot, qapp, tmp_path, memory_keyring):
    folder, port = queued(tmp_path, invoices=1)
    book = open_book(BookPaths.in_dir(folder))
    with book.db.transaction() as s:
        save_mail_settings(s, MailSettings("127.0.0.1", port, "none", "", "f@janssens.be"))
    ctx = AppContext(book, language="nl", today=lambda: date(2026, 3, 2))
    sender = BackgroundSender(ctx, backoff=Backoff(timedelta(milliseconds=50), timedelta(milliseconds=200)))
    runs: list[outbox.SendReport] = []
    sender.ran.connect(runs.append)
    try:
        sender.start()
        qtbot.waitUntil(lambda: len(runs) >= 2, timeout=15_000)  # tried, found the server down, tried again
        assert sender.failures >= 2 and all(r.stopped and not r.sent for r in runs)
        with LocalSmtp(port=port) as server:
            qtbot.waitUntil(lambda: any(r.sent for r in runs) or sender.last_error is not None, timeout=15_000)
            assert sender.last_error is None
            assert len(server.recorder.messages) == 1 and sender.failures == 0
        with ctx.book.db.reading() as s:
            assert [r.state for r in outbox.deliveries(s)] == ["sent"]
    finally:
        sender.stop()
        ctx.wait_idle()
        book.close()


def test_until_empty_waits_for_the_access_point_to_come_back_and_peppol_sends_once(access_point):  # noqa: F811
    from peppol_standin import StandIn

    server, folder, numbers = access_point
    server.register("0208:0202239951")
    assert cli(folder, "peppol", "lookup", "BE0202239951", "--via", "access-point")[0] == 0
    port = server.server.server_address[1]
    server.stop()  # the access point is down
    code, _, err = cli(folder, "send", numbers[0])
    assert code == 1 and "queued, not sent" in err
    back: list[StandIn] = []

    def come_back() -> None:
        again = StandIn(server.provider, api_key=server.api_key, port=port)
        again.state = server.state  # the same access point, up again
        back.append(again.start())

    # Back after the first attempt and before the retry 5 s later: 1 s was too short for a loaded CI machine
    # to reach its first attempt, and the access point was already back.
    timer = threading.Timer(3.0, come_back)
    timer.start()
    try:
        code, out, err = cli(folder, "outbox", "send", "--until-empty", "--json")
        assert code == 0, err
        assert "1 still queued" in err and "trying again in 5 s" in err
        report = json.loads(out)
        assert [(r["channel"], r["state"]) for r in report["sent"]] == [("peppol", "delivered")]
        assert len(back[0].sent()) == 1  # once
    finally:
        timer.join()
        for again in back:
            again.stop()


def test_a_lock_file_that_cannot_be_made_is_said_and_nothing_is_sent(tmp_path, smtp):
    folder, port = queued(tmp_path, invoices=1)
    book = open_book(BookPaths.in_dir(folder))
    lock = lock_path(book.db)
    book.close()
    lock.unlink(missing_ok=True)
    lock.mkdir()  # something in the way where the lock file goes
    code, _, err = cli(folder, "outbox", "send")
    assert code == 1 and "The outbox cannot take its lock file" in err and "(it is a folder, not a file)" in err
    assert states(folder) == ["queued"]
