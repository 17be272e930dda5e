"""The Outbox tab: everything that left or waits to leave — state, channel, attempts, the other side's answer —
with Send queue, Retry and the mail settings.

A tab rather than a window of the Invoices tab: invoices, credit notes and reminder letters all go
through the outbox, and "what left, when, how, and what did they answer" is a question of its own.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableView, QVBoxLayout, QWidget

from ...domain.errors import DomainError
from ...services import outbox, outbox_channels
from ...services.outbox import DeliveryRow, SendReport
from ..background_sender import BackgroundSender
from ..context import AppContext
from ..models.deliveries import deliveries_model
from ..widgets.empty_state import EmptyState
from ..widgets.refresh_when_shown import RefreshWhenShown
from ..widgets.steady import MessageLine


class OutboxTab(RefreshWhenShown, QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self.send_button = QPushButton(tr("Send queue"))
        self.send_button.clicked.connect(self.send_queue)
        self.retry_button = QPushButton(tr("Retry"))
        self.retry_button.clicked.connect(self.retry)
        self.settings_button = QPushButton(tr("Mail settings…"))
        self.settings_button.clicked.connect(self.mail_settings)
        bar = QHBoxLayout()
        for button in (self.send_button, self.retry_button, self.settings_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.model = deliveries_model(ctx, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # newest first
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column in (0, 1, 5, 6):  # document, customer, when, to: whole, the answer takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().selectionChanged.connect(self._selection)
        self.message = MessageLine()
        self.empty_state = EmptyState(
            self.view,
            tr(
                "Nothing sent yet — each invoice, reminder or statement you send by e-mail or Peppol is listed "
                "here with its state. To send by e-mail, first fill in your mail settings."
            ),
            (tr("Mail settings…"), self.mail_settings),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        self.watch_book(ctx)  # read when on screen, not behind the user's back (nor after the book closed)
        # Documents queued while offline go when the network is back: the queue is tried again by itself
        # (when the system says the network is back, and on a timer that waits longer while it stays down).
        self.background = BackgroundSender(ctx, self)
        self.background.ran.connect(self._sent_in_background)
        self.background.start()
        self._selection()

    def title(self) -> str:
        return self.ctx.tr("Outbox")

    def refresh(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.ctx.read_async(outbox.deliveries, done=self.model.set_rows, owner=self)

    def selected(self) -> DeliveryRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection(self) -> None:
        row = self.selected()
        self.retry_button.setEnabled(row is not None and row.state == "failed")

    def _sent_in_background(self, report: SendReport) -> None:
        if report.sent or report.failed:
            self.ctx.book_changed.emit()

    def send_queue(self) -> None:
        self.send_button.setEnabled(False)
        self.message.setText(self.ctx.tr("Sending…"))
        db = self.ctx.book.db
        self.ctx.run_async(lambda: outbox_channels.send(db), done=self._sent, failed=self._failed, owner=self)

    def _sent(self, report: SendReport) -> None:
        tr = self.ctx.tr
        text = tr(
            "{sent} sent, {failed} failed, {queued} still queued",
            sent=len(report.sent),
            failed=len(report.failed),
            queued=len(report.queued),
        )
        for channel, why in report.stopped.items():
            text += " — " + tr("{channel} stopped: {why}", channel=channel, why=why)
        self.message.setText(text)
        self.send_button.setEnabled(True)
        self.ctx.book_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.message.setText(self.ctx.say(exc))
        self.send_button.setEnabled(True)

    def retry(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            self.ctx.write(outbox.retry, row.id, now=datetime.now())
        except DomainError as exc:
            self.message.setText(self.ctx.say(exc))
            return
        self.send_queue()

    def mail_settings(self) -> QWidget:
        from ..dialogs.mail_settings import MailSettingsDialog

        dialog = MailSettingsDialog(self.ctx, self)
        dialog.show()
        return dialog
