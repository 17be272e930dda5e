"""The Inbox tab: documents received through Peppol (invoices, credit notes, invoice responses), fetched on request.

"Fetch now" runs the inbox service off the UI thread (network, then one transaction per document);
a double-click opens the document readably (the supplier's own PDF, else LedgerDesk's rendering).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...einvoice.response_writer import REASONS
from ...paths import previews_dir
from ...services import inbox, invoice_responses, peppol_setup, purchase_import
from ..context import AppContext
from ..models.rows import Column, RowTableModel
from ..widgets.empty_state import EmptyState
from ..widgets.refresh_when_shown import RefreshWhenShown

KIND_TITLES = {"invoice": "Invoice", "credit_note": "Credit note", "invoice_response": "Invoice response"}


class InboxTab(RefreshWhenShown, QWidget):
    def __init__(self, ctx: AppContext, *, opener: Callable[[QUrl], bool] = QDesktopServices.openUrl) -> None:
        super().__init__()
        self.ctx = ctx
        self._opener = opener
        tr = ctx.tr

        def state(r: inbox.IncomingRow) -> str:
            if r.valid is None:
                return tr("not checked")
            if r.kind == "invoice_response" and not r.valid:
                return tr("refused: {count} problem(s)", count=r.findings)  # kept, applied to no invoice
            return tr("valid") if r.valid else tr("{count} problem(s)", count=r.findings)

        def amount(r: inbox.IncomingRow) -> str:
            if r.kind == "invoice_response":
                return f"{r.response_code or ''} · {r.refers_to or ''}"
            return "" if r.payable_cents is None else f"{ctx.amount(r.payable_cents)} {r.currency}"

        self.model: RowTableModel[inbox.IncomingRow] = RowTableModel(
            [
                Column(tr("Received"), lambda r: ctx.date(r.received_at.date()), lambda r: r.received_at),
                Column(tr("Kind"), lambda r: tr(KIND_TITLES.get(r.kind, r.kind))),
                Column(tr("From"), lambda r: r.supplier),
                Column(tr("Number"), lambda r: r.number),
                Column(tr("Due date"), lambda r: ctx.date(r.due_date), lambda r: r.due_date or datetime.min.date()),
                Column(tr("Amount"), amount, lambda r: r.payable_cents or 0, align_right=True),
                Column(tr("E-invoice"), state),
            ],
            parent=self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (1, 4, 5, 6):  # kind, due date, amount (a response: its code and invoice), state: whole
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda index: self.open_document(self.model.row_at(index.row()).id))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.fetch = QPushButton(tr("Fetch now"))
        self.fetch.clicked.connect(self.fetch_now)
        self.accept_button = QPushButton(tr("Accept"))
        self.reject_button = QPushButton(tr("Reject…"))
        self.bill_button = QPushButton(tr("Record as a bill"))
        self.bill_button.setToolTip(tr("The supplier's invoice goes to Purchases, to approve and pay"))
        self.bill_button.clicked.connect(self.record_bill)
        self.accept_button.clicked.connect(lambda: self.respond("AP"))
        self.reject_button.clicked.connect(self.ask_and_reject)
        self.table.selectionModel().selectionChanged.connect(self._follow_selection)
        self._follow_selection()
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(self.bill_button)
        bar.addWidget(self.accept_button)
        bar.addWidget(self.reject_button)
        bar.addWidget(self.fetch)
        self.empty_state = EmptyState(
            self.table,
            tr(
                "Nothing received yet — invoices and credit notes your suppliers send you through Peppol "
                "appear here, to accept or record as a bill."
            ),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.watch_book(ctx)  # read when on screen, not while the user works in another tab

    def title(self) -> str:
        return self.ctx.tr("Inbox")

    def refresh(self) -> None:
        self.ctx.read_async(inbox.incoming_rows, done=self.model.set_rows, owner=self)

    def fetch_now(self) -> None:
        try:
            access_point = self.ctx.read(peppol_setup.open_access_point)
        except DomainError as exc:
            self.status.setText(self.ctx.say(exc))
            return
        self.fetch.setEnabled(False)
        self.status.setText(self.ctx.tr("Fetching from {provider}…", provider=access_point.title))
        self.ctx.run_async(
            lambda: inbox.fetch_inbox(self.ctx.book.db, access_point, now=datetime.now()),
            done=self._fetched,
            failed=self._failed,
            owner=self,
        )

    def _fetched(self, report: inbox.FetchReport) -> None:
        self.fetch.setEnabled(True)
        problems = [f"{i.message_id}: {i.detail}" for i in report.items if i.outcome in ("failed", "unreadable")]
        text = self.ctx.tr(
            "{new} new, {duplicates} duplicates dropped, {left} left in the access point's inbox.",
            new=report.count("new") + report.count("already_stored"),
            duplicates=report.count("duplicate"),
            left=len(problems),
        )
        self.status.setText(" ".join([text, *problems]))
        self.ctx.book_changed.emit()

    def _failed(self, exc: Exception) -> None:
        self.fetch.setEnabled(True)
        if not isinstance(exc, DomainError):
            raise exc
        self.status.setText(self.ctx.say(exc))

    def open_document(self, incoming_id: int) -> Path | None:
        try:
            data = self.ctx.read(inbox.readable_pdf, incoming_id, self.ctx.language)
            handle, name = tempfile.mkstemp(prefix=f"received-{incoming_id}-", suffix=".pdf", dir=previews_dir())
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        except (DomainError, OSError) as exc:
            self.status.setText(self.ctx.say(exc))
            return None
        target = Path(name)
        self._opener(QUrl.fromLocalFile(str(target)))
        return target

    # --- our answer to a received invoice ------------------------------------------------
    def selected(self) -> inbox.IncomingRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _follow_selection(self, *_: object) -> None:
        row = self.selected()
        answerable = row is not None and row.kind in ("invoice", "credit_note")
        self.accept_button.setEnabled(answerable)
        self.reject_button.setEnabled(answerable)
        self.bill_button.setEnabled(answerable)
        if row is not None and row.valid is False:  # refused: say why, each reason with its rule
            problems = self.ctx.read(inbox.problems_of, row.id)
            reasons = "; ".join(f"{self.ctx.say(p.get('message', ''))} ({p.get('rule', '')})" for p in problems)
            self.status.setText(self.ctx.tr("Refused, nothing else changed: {reasons}", reasons=reasons))

    def record_bill(self) -> str | None:
        """The selected supplier's invoice recorded as a bill (Purchases); the status line says which."""
        row = self.selected()
        if row is None:
            return None
        try:
            imported = self.ctx.write(purchase_import.bill_from_inbox, row.id, on=self.ctx.today())
        except DomainError as exc:
            self.status.setText(self.ctx.say(exc))
            return None
        recorded = imported.recorded
        self.status.setText(
            self.ctx.tr(
                "Bill {number} of {supplier} recorded ({amount}): approve and pay it in Purchases.",
                number=recorded.number,
                supplier=recorded.supplier,
                amount=self.ctx.amount(recorded.total_cents),
            )
        )
        self.ctx.book_changed.emit()
        return recorded.number

    def ask_and_reject(self) -> None:
        dialog = RejectDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.respond("RE", ((dialog.code(), dialog.text.text().strip()),))

    def respond(self, code: str, reasons: tuple[tuple[str, str], ...] = ()) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            access_point = self.ctx.read(peppol_setup.open_access_point)
            prepared = self.ctx.write(
                invoice_responses.prepare_response, row.id, code, reasons, on=self.ctx.today(), now=datetime.now()
            )
        except DomainError as exc:
            self.status.setText(self.ctx.say(exc))
            return
        self.status.setText(self.ctx.tr("Sending the response to {provider}…", provider=access_point.title))
        self.ctx.run_async(
            lambda: invoice_responses.send_responses(self.ctx.book.db, access_point, now=datetime.now()),
            done=lambda results: self._responded(prepared.number, results),
            failed=self._failed,
            owner=self,
        )

    def _responded(self, number: str, results: list[invoice_responses.SentResponse]) -> None:
        mine = next((r for r in results if r.number == number), None)
        if mine is not None and mine.message_id:
            self.status.setText(self.ctx.tr("Response {number} sent.", number=number))
        else:
            error = mine.error if mine is not None else ""
            self.status.setText(
                self.ctx.tr("Response {number} is kept and will be sent again: {error}", number=number, error=error)
            )


class RejectDialog(QDialog):
    """Why we reject: a Peppol status reason and a text (both required by the rules)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setWindowTitle(tr("Reject"))
        self.reason = QComboBox()
        for code, label in REASONS.items():
            if code != "NON":
                self.reason.addItem(f"{code} · {tr(label)}", code)
        self.text = QLineEdit()
        form = QFormLayout(self)
        form.addRow(tr("Reason"), self.reason)
        form.addRow(tr("Explanation"), self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.text.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(t.strip()))
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def code(self) -> str:
        return str(self.reason.currentData())
