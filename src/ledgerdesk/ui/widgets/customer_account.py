"""The customer page's account tab: payment behaviour and the statement of account for a period.

Listed in `ui.dialogs.customers.CUSTOMER_PAGES`; the figures come from `services.receivables`,
the same functions the receivables tab and the statement PDF use.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.errors import DomainError
from ...services import receivables
from ...services.receivables import AccountEntry, StatementOfAccount
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from .feedback import show_error
from .payment_behaviour import PaymentBehaviourWidget

CHANNELS = {"peppol": "Peppol", "email": "E-mail", "post": "Post"}
KINDS = {"invoice": "Invoice", "credit_note": "Credit note", "payment": "Payment", "refund": "Refund"}


def account_model(tr, language: str) -> RowTableModel[AccountEntry]:  # type: ignore[no-untyped-def]
    money = lambda cents: i18n.format_amount(cents, language) if cents else ""  # noqa: E731
    return RowTableModel(
        [
            Column(tr("Date"), lambda e: i18n.format_date(e.day, language), lambda e: e.day),
            Column(tr("Document"), lambda e: tr(KINDS.get(e.kind, e.kind))),
            Column(tr("Reference"), lambda e: e.reference),
            Column(tr("Debit"), lambda e: money(e.debit_cents), lambda e: e.debit_cents, align_right=True),
            Column(tr("Credit"), lambda e: money(e.credit_cents), lambda e: e.credit_cents, align_right=True),
            Column(
                tr("Balance"),
                lambda e: i18n.format_amount(e.balance_cents, language),
                lambda e: e.balance_cents,
                align_right=True,
            ),
        ]
    )


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class CustomerAccountPage(QWidget):
    """How this customer pays, and every document and payment of a period with the running balance."""

    def __init__(self, ctx: AppContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.customer_id = ctx, customer_id
        tr = ctx.tr
        today = ctx.today()
        self.behaviour = PaymentBehaviourWidget(ctx, follow_book=True)
        self.start, self.end = _date_edit(date(today.year, 1, 1)), _date_edit(today)
        self.pdf_button = QPushButton(tr("Statement of account PDF…"))
        self.send_button = QPushButton(tr("Send statement"))
        self.send_button.setToolTip(tr("Through the outbox: by e-mail when the customer has an address, else by post"))
        self.sent_line = QLabel()
        self.sent_line.setWordWrap(True)
        period = QHBoxLayout()
        for widget in (QLabel(tr("From")), self.start, QLabel(tr("To")), self.end, self.pdf_button, self.send_button):
            period.addWidget(widget)
        period.addStretch()
        self.model = account_model(tr, ctx.language)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.opening, self.closing = QLabel(), QLabel()
        # Money received and on no invoice (a deposit left after the final invoice, an overpayment): said
        # here, with the one action that settles the customer's open invoices with it.
        self.credit = QLabel()
        self.credit.setWordWrap(True)
        self.use_credit_button = QPushButton(tr("Use the credit on open invoices"))
        credit_row = QHBoxLayout()
        credit_row.addWidget(self.credit, 1)
        credit_row.addWidget(self.use_credit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.behaviour)
        layout.addLayout(period)
        layout.addWidget(self.opening)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.closing)
        layout.addLayout(credit_row)
        layout.addWidget(self.sent_line)
        self.start.dateChanged.connect(self.refresh)
        self.end.dateChanged.connect(self.refresh)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.use_credit_button.clicked.connect(self.use_credit)
        self.send_button.clicked.connect(self.send_statement)
        self.statement: StatementOfAccount | None = None
        self.behaviour.set_customer(customer_id)
        self.refresh()

    def title(self) -> str:
        return self.ctx.tr("Account")

    def period(self) -> tuple[date, date]:
        # QDate.toPython is typed as object; a QDate always gives a date.
        return cast(date, self.start.date().toPython()), cast(date, self.end.date().toPython())

    def refresh(self) -> None:
        start, end = self.period()
        tr, money = self.ctx.tr, lambda cents: i18n.format_money(cents, self.ctx.language)
        try:
            self.statement = self.ctx.read(receivables.statement_of_account, self.customer_id, start, end)
        except DomainError as exc:  # a period that ends before it starts
            self.statement = None
            self.model.set_rows([])
            self.opening.setText(self.ctx.say(exc))
            self.closing.clear()
            return
        self.model.set_rows(self.statement.entries)
        self.show_last_statement()
        self.opening.setText(tr("Opening balance") + f": {money(self.statement.opening_cents)}")
        self.closing.setText(tr("Closing balance") + f": {money(self.statement.closing_cents)}")
        self.show_credit()

    def show_credit(self) -> None:
        from ...services import payments

        credit = self.ctx.read(payments.credit_of, self.customer_id)
        self.credit.setText(
            self.ctx.tr(
                "Credit to allocate: {amount} received and on no invoice (e.g. a deposit left after its final invoice)",
                amount=self.ctx.money(credit),
            )
            if credit > 0
            else ""
        )
        self.credit.setVisible(credit > 0)
        self.use_credit_button.setVisible(credit > 0)

    def use_credit(self) -> int | None:
        """Settle the customer's open invoices with their credit; returns how many allocations were made."""
        from ...services import payments
        from .feedback import attempt

        used = attempt(self, self.ctx, payments.use_credit, self.customer_id)
        if used is None:
            return None
        self.sent_line.setText(
            self.ctx.tr(
                "{count} allocation(s) from the credit; left: {amount}",
                count=len(used.allocated),
                amount=self.ctx.money(used.left_cents),
            )
        )
        self.refresh()
        return len(used.allocated)

    def send_statement(self) -> None:
        """Queue the period's statement and send it now (it waits in the outbox when the network is down)."""
        from datetime import datetime

        from ...services import outbox_channels

        start, end = self.period()
        try:
            row = self.ctx.write(
                outbox_channels.queue_statement_of, self.customer_id, start, end, via=None, now=datetime.now()
            )
        except DomainError as exc:
            self.sent_line.setText(self.ctx.say(exc))
            return
        self.send_button.setEnabled(False)
        self.sent_line.setText(self.ctx.tr("Sending…"))
        db = self.ctx.book.db
        self.ctx.run_async(
            lambda: outbox_channels.send(db, only=[row.id]), done=self._sent, failed=self._send_failed, owner=self
        )

    def _sent(self, _report: object) -> None:
        self.send_button.setEnabled(True)
        self.show_last_statement()
        self.ctx.book_changed.emit()

    def _send_failed(self, exc: Exception) -> None:
        self.send_button.setEnabled(True)
        self.sent_line.setText(self.ctx.say(exc))

    def show_last_statement(self) -> None:
        from ...services import outbox_channels
        from ..models.deliveries import document_text

        row = self.ctx.read(outbox_channels.last_statement, self.customer_id)
        if row is None:
            self.sent_line.clear()
            return
        tr = self.ctx.tr
        when = row.sent_at or row.last_attempt_at or row.queued_at
        self.sent_line.setText(
            tr(
                "Last statement sent: {period}, {state} by {channel} on {when}. {answer}",
                period=document_text(self.ctx, row.document_kind, row.document_number),
                state=tr(row.state),
                channel=tr(CHANNELS.get(row.channel, row.channel)),
                when=f"{self.ctx.date(when.date())} {when:%H:%M}",
                answer=row.answer,
            ).strip()
        )

    def save_pdf(self, target: str | Path | None = None) -> Path | None:
        start, end = self.period()
        return save_statement_pdf(self, self.ctx, self.customer_id, start, end, target)


def save_statement_pdf(
    parent: QWidget | None, ctx: AppContext, customer_id: int, start: date, end: date, target: str | Path | None = None
) -> Path | None:
    """A customer's statement of account as PDF, in the customer's language; asks where to save it
    unless `target` is given. None when cancelled or refused (the refusal is shown)."""
    from ...reports.statement_pdf import render

    try:
        document = ctx.read(receivables.statement_document, customer_id, start, end)
    except DomainError as exc:
        show_error(parent, ctx, exc)
        return None
    if target is None:
        from .file_places import remember, start_in

        target, _ = QFileDialog.getSaveFileName(
            parent,
            ctx.tr("Statement of account PDF…"),
            start_in(ctx, "documents", f"statement-{customer_id}-{end}.pdf"),
            "PDF (*.pdf)",
        )
        remember(ctx, "documents", target)
        if not target:
            return None
    render(document, target)
    return Path(target)
