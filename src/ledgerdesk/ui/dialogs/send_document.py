"""The Send window of an issued invoice or credit note: the proposed channel and why, the user's choice among
those that can carry it, what the other side answered, and every earlier delivery of the document."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services import outbox, outbox_channels
from ...services.outbox import DeliveryRow, SendReport
from ..context import AppContext
from ..models.deliveries import CHANNEL_NAMES, STATE_NAMES
from ..widgets.fit import fit_to_screen


class SendDocumentDialog(QDialog):
    def __init__(self, ctx: AppContext, invoice_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        tr = ctx.tr
        proposal = ctx.read(outbox_channels.proposal_for, invoice_id)
        self.setWindowTitle(tr("Send {number}", number=proposal.number))
        layout = QVBoxLayout(self)
        why = ctx.say(proposal.why, alone=False)
        layout.addWidget(
            QLabel(tr("Proposed: {channel} ({why})", channel=tr(CHANNEL_NAMES[proposal.channel]), why=why))
        )
        self.choice = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for channel, refusal in proposal.possible.items():
            text = tr(CHANNEL_NAMES[channel])
            if refusal:
                text = f"{text} — {ctx.say(refusal, alone=False)}"
            button = QRadioButton(text)
            button.setEnabled(refusal is None)
            button.setChecked(channel == proposal.channel and refusal is None)
            self.choice.addButton(button)
            self.buttons[channel] = button
            layout.addWidget(button)
        layout.addWidget(QLabel(tr("Deliveries of this document")))
        self.history = QListWidget()
        layout.addWidget(self.history)
        self.answer_line = QLabel()
        self.answer_line.setWordWrap(True)
        layout.addWidget(self.answer_line)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.send_button = QPushButton(tr("Send"))
        box.addButton(self.send_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.send_button.clicked.connect(self.send)
        self.send_button.setEnabled(any(b.isChecked() for b in self.buttons.values()))
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._show_history()
        fit_to_screen(self, 560, 420)

    def chosen(self) -> str | None:
        return next((channel for channel, b in self.buttons.items() if b.isChecked()), None)

    def _show_history(self) -> None:
        self.history.clear()
        for row in self.ctx.read(outbox.deliveries, invoice_id=self.invoice_id):
            self.history.addItem(self._line(row))

    def _line(self, row: DeliveryRow) -> str:
        tr = self.ctx.tr
        when = row.delivered_at or row.sent_at or row.last_attempt_at or row.queued_at
        return (
            f"{self.ctx.date(when.date())} {when:%H:%M}  {tr(CHANNEL_NAMES[row.channel])}  "
            f"{tr(STATE_NAMES[row.state])}  {row.recipient}  {row.answer}"
        )

    def send(self) -> None:
        """Queue it (one transaction), then send it off the UI thread; the answer is shown when it comes."""
        try:
            row = self.ctx.write(outbox_channels.queue_document, self.invoice_id, via=self.chosen(), now=datetime.now())
        except DomainError as exc:
            self.answer_line.setText(self.ctx.say(exc))
            return
        self.send_button.setEnabled(False)
        self.answer_line.setText(self.ctx.tr("Sending…"))
        db = self.ctx.book.db
        self.ctx.run_async(
            lambda: outbox_channels.send(db, only=[row.id]), done=self._sent, failed=self._failed, owner=self
        )

    def _sent(self, report: SendReport) -> None:
        self.ctx.book_changed.emit()
        self._show_history()
        rows = [*report.sent, *report.failed, *report.queued]
        if not rows:
            return
        row = rows[0]
        why = report.stopped.get(row.channel) or row.answer
        self.answer_line.setText(f"{self.ctx.tr(STATE_NAMES[row.state])}: {why}")

    def _failed(self, exc: Exception) -> None:
        self.answer_line.setText(self.ctx.say(exc))
        self.send_button.setEnabled(True)
