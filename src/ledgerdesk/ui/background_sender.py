"""The app sends the queue by itself: when the operating system says the network is back, and on a timer
that waits longer while the servers stay out of reach (`domain.outbox_retry`), in a worker thread.

One run at a time in this window (a run still going is never started twice), and one sender across
windows, threads and processes (`services.outbox_sender.one_sender`: a run that finds another sender
at work changes nothing and waits for the next tick).
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.outbox_retry import APP, Backoff
from ..services.outbox import SendReport
from .context import AppContext

IDLE = timedelta(minutes=5)  # nothing waited last time: only look whether something was queued meanwhile


def _run(db):  # type: ignore[no-untyped-def]
    """In the worker: send the queue if anything waits in it (None: nothing waited, or another sender is at it)."""
    from ..services.outbox_channels import send
    from ..services.outbox_sender import SenderBusy, waiting

    if not waiting(db):
        return None
    try:
        return send(db)
    except SenderBusy:
        return None


class BackgroundSender(QObject):
    """Tries the queue now and then while something waits in it; `ran` tells what a run did."""

    ran = Signal(object)  # the SendReport of a run that sent, failed or left something

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, backoff: Backoff = APP) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.backoff = backoff
        self.failures = 0  # runs in a row that left the queue waiting for the network
        self.running = False
        self.last_error: Exception | None = None  # what stopped the last run, when it did not get to send
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.try_now)
        self._watch_network()

    def start(self) -> None:
        self._schedule(self.backoff.first)

    def stop(self) -> None:
        self.timer.stop()

    def try_now(self) -> None:
        """Send what waits, in a worker thread, unless a run is already going."""
        if self.running:
            return
        self.timer.stop()
        self.running = True
        db = self.ctx.book.db
        self.ctx.run_async(lambda: _run(db), done=self._done, failed=self._failed, owner=self)

    def _done(self, report: SendReport | None) -> None:
        from ..services.outbox_sender import worth_trying_again

        self.running = False
        self.last_error = None
        if report is None:
            self._schedule(IDLE if not self.failures else self.backoff.delay(self.failures))
            return
        if worth_trying_again(report):
            self._schedule(self.backoff.delay(self.failures))
            self.failures += 1
        else:
            self.failures = 0
            self._schedule(IDLE)
        self.ran.emit(report)

    def _failed(self, exc: Exception) -> None:
        self.running = False
        self.last_error = exc
        self._schedule(self.backoff.delay(self.failures))
        self.failures += 1

    def _schedule(self, wait: timedelta) -> None:
        self.timer.start(max(1, int(wait.total_seconds() * 1000)))

    def _watch_network(self) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if not QNetworkInformation.instance() and not QNetworkInformation.loadDefaultBackend():
            return  # no backend on this system: the timer alone
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability)

    def _reachability(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability in (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site):
            self.failures = 0  # the network is back: try at once, and from the first step again
            self.try_now()
