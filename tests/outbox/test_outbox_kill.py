"""kill -9 of `outbox send` at the worst moments: nothing is lost and nothing is sent twice.

The rule (domain.outbox.after_crash): a delivery found 'sending' is queued again only if it was
killed before the point of no return (SMTP DATA); past it, the server may hold the message, so
it fails with a sentence saying so and is never resent on its own.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

from ledgerdesk.cli import main

from .conftest import make_book
from .smtp_server import LocalSmtp


def cli(folder, *argv):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def start_send(folder) -> subprocess.Popen:  # type: ignore[type-arg]
    return subprocess.Popen(
        [sys.executable, "-m", "ledgerdesk.cli", "--data-dir", str(folder), "outbox", "send"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LEDGERDESK_LANG": "en"},
    )


def kill(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)


def queued_book(tmp_path, server: LocalSmtp, invoices: int):  # type: ignore[no-untyped-def]
    folder = tmp_path / "book"
    numbers = make_book(folder, invoices)
    cli(folder, "mail", "setup", "--host", "127.0.0.1", "--port", "1", "--security", "none", "--from", "f@janssens.be")
    for number in numbers:
        assert cli(folder, "send", number)[0] == 1  # nobody on port 1: queued
    cli(
        folder,
        "mail",
        "setup",
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
        "--security",
        "none",
        "--from",
        "f@janssens.be",
    )
    return folder


def outbox(folder) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(cli(folder, "outbox", "--json")[1])


def test_killed_before_the_message_was_handed_over_it_is_queued_again_and_sent_once(tmp_path):
    server = LocalSmtp()
    try:
        folder = queued_book(tmp_path, server, 1)
        server.recorder.faults.hold_rcpt = 30  # the server waits at RCPT: the client is before DATA
        process = start_send(folder)
        assert server.recorder.faults.in_rcpt.wait(30)
        kill(process)
        assert [d["state"] for d in outbox(folder)] == ["sending"]
        server.recorder.faults.hold_rcpt = 0
        code, out, err = cli(folder, "outbox", "send", "--json")
        assert code == 0, err
        report = json.loads(out)
        assert "queued again" in report["reconciled"][0]["answer"]
        [delivery] = outbox(folder)
        assert delivery["state"] == "sent" and delivery["attempts"] == 3  # offline, killed, sent
        assert server.recorder.message_ids() == [delivery["message_key"]]
    finally:
        server.stop()


def test_killed_after_the_server_took_the_message_it_is_never_sent_again(tmp_path):
    server = LocalSmtp()
    try:
        folder = queued_book(tmp_path, server, 1)
        server.recorder.faults.hold_after_store = 30  # stored, but the 250 has not come back yet
        process = start_send(folder)
        assert server.recorder.faults.stored.wait(30)
        kill(process)
        server.recorder.faults.hold_after_store = 0
        code, out, err = cli(folder, "outbox", "send")
        [delivery] = outbox(folder)
        assert delivery["state"] == "failed" and "it may have been sent" in delivery["answer"]
        assert len(server.recorder.messages) == 1  # not twice
        cli(folder, "outbox", "send")
        assert len(server.recorder.messages) == 1
    finally:
        server.stop()


def test_kill_9_at_random_moments_of_a_queue_loses_nothing_and_sends_nothing_twice(tmp_path):
    rng = random.Random(20261206)
    server = LocalSmtp()
    try:
        folder = queued_book(tmp_path, server, 6)
        server.recorder.faults.hold_rcpt = 0.2  # each message takes a moment: kills land inside the queue
        killed = 0
        for _trial in range(3):
            process = start_send(folder)
            time.sleep(rng.uniform(0.5, 2.5))
            if process.poll() is None:
                kill(process)
                killed += 1
        assert killed, "no kill landed inside a run: the trial proves nothing"
        server.recorder.faults.hold_rcpt = 0
        cli(folder, "outbox", "send")
        deliveries = outbox(folder)
        counts = Counter(server.recorder.message_ids())
        assert all(n == 1 for n in counts.values()), counts  # nothing twice
        for d in deliveries:  # nothing lost: each went, or says why it may not have
            assert d["state"] in ("sent", "failed"), d
            if d["state"] == "sent":
                assert counts[d["message_key"]] == 1
            else:
                assert "may have been sent" in d["answer"]
    finally:
        server.stop()
