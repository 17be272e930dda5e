"""One sender at a time, and sending until the queue is empty: the lock file beside the book that every
run of the queue holds (app thread, background retry, `outbox send`, another process), and the retry loop.

Two runs at once would be harmless for any single delivery (each is claimed in a write transaction),
but not for the crash rule: a run that starts settles every delivery it finds 'sending' as
interrupted, which would be wrong for one another run is sending at that moment. Hence the lock,
taken without waiting: a second sender is told the queue is being sent, and changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from ..domain import outbox as rules
from ..domain.outbox import OutboxError
from ..domain.outbox_retry import Backoff
from ..persistence.db import Database
from ..persistence.models import Delivery
from .outbox import SendReport


class SenderBusy(OutboxError):
    """Another window, thread or command is sending the queue right now."""

    def __init__(self) -> None:
        super().__init__("the queue is being sent by another LedgerDesk window or command; it goes on there")


def lock_path(db: Database) -> Path:
    return db.path.with_name(db.path.name + ".sending.lock")


@contextmanager
def one_sender(db: Database) -> Iterator[None]:
    """Hold the book's sender lock while the block runs, or raise SenderBusy at once. The lock is an OS
    file lock (released by the OS when a killed process dies), per open file, so it also keeps two threads
    of one process apart."""
    from filelock import FileLock, Timeout

    if db.before_write is not None:  # sending writes: a book open elsewhere or read-only says so first
        db.before_write()
    lock = FileLock(str(lock_path(db)), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise SenderBusy() from None
    except OSError as exc:
        from ..domain.os_errors import reason

        raise OutboxError(
            "the outbox cannot take its lock file {path} ({reason}); nothing was sent",
            path=str(lock_path(db)),
            reason=reason(exc),
        ) from None
    try:
        yield
    finally:
        lock.release()


def waiting(db: Database) -> int:
    """How many deliveries wait in the queue."""
    with db.reading() as session:
        return int(session.scalar(select(func.count()).where(Delivery.state == rules.QUEUED)) or 0)


def worth_trying_again(report: SendReport) -> bool:
    """Whether time alone may get the rest of the queue out: something stayed queued on a channel that
    is down for now (no network, a 4xx), not one that needs the user (not set up, login refused)."""
    return any(r.channel not in report.lasting for r in report.queued)


def send_until_empty(
    run: Callable[[], SendReport],
    *,
    backoff: Backoff,
    give_up_after: timedelta,
    clock: Callable[[], datetime] = datetime.now,
    sleep: Callable[[float], None] = time.sleep,
    on_wait: Callable[[SendReport, timedelta], None] | None = None,
) -> SendReport:
    """Run the queue again and again, waiting longer each time (`backoff`), until nothing that time can
    fix is left or `give_up_after` has passed. Returns every delivery sent or failed on the way and what
    is still queued after the last run."""
    start = clock()
    total = SendReport()
    failures = 0
    while True:
        report = run()
        total.sent += report.sent
        total.failed += report.failed
        total.reconciled += report.reconciled
        total.queued, total.stopped, total.lasting = report.queued, report.stopped, report.lasting
        if not worth_trying_again(report):
            return total
        wait = backoff.delay(failures)
        if clock() + wait - start > give_up_after:
            return total
        if on_wait is not None:
            on_wait(report, wait)
        sleep(wait.total_seconds())
        failures += 1
