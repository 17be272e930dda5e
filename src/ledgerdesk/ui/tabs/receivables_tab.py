"""The receivables tab: open items and aging as of a date, statement import, the review queue,
cash payments, statements of account and a customer's payment behaviour."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.aging import BUCKETS
from ...domain.errors import DomainError
from ...services.invoice_list import first_open_items  # no SQLAlchemy: the tab paints its first rows without it
from ..context import AppContext
from ..models.receivables import bank_lines_model, open_items_model
from ..widgets.dates import pydate, qdate
from ..widgets.empty_state import EmptyState
from ..widgets.payment_behaviour import PaymentBehaviourWidget
from ..widgets.refresh_when_shown import RefreshWhenShown

if TYPE_CHECKING:
    from ..dialogs.allocations import AllocationsDialog
    from ..dialogs.import_statement import ImportStatementDialog
    from ..dialogs.pick_invoices import PickInvoicesDialog

# The services and dialogs below bring SQLAlchemy (~0.2 s): each is imported where it is used, so the window
# can open on this tab at once with the oldest open items (first_open_items), as the invoices tab does.
FIRST_PAGE = 60  # open items read before the domain layer loads: more than a 1920×1080 screen shows

LINE_VIEWS = [
    ("To review and unmatched", ("review", "unmatched")),
    ("Matched", ("matched",)),
    ("Outgoing", ("outgoing",)),
    ("Supplier refunds", ("refund",)),  # money in, though kept out of the customers' queue
    ("Set aside", ("ignored",)),
    ("All bank lines", ("review", "unmatched", "matched", "outgoing", "refund", "ignored")),
]
BUCKET_LABELS = {
    "not_due": "Not due",
    "1_30": "1–30 days",
    "31_60": "31–60 days",
    "61_90": "61–90 days",
    "over_90": "Over 90 days",
}


class ReceivablesTab(RefreshWhenShown, QWidget):
    items_shown = Signal()  # the open items for the current filters are on screen

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        # filters
        self.customer = QComboBox()
        # filled after the read (in a worker): room for a name from the start, not the first item's width
        self.customer.addItem(tr("All customers"), None)
        self.customer.setMinimumContentsLength(24)
        self.customer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.overdue_only = QCheckBox(tr("Overdue only"))
        self.bucket = QComboBox()
        self.bucket.addItem(tr("All buckets"), None)
        for b in BUCKETS:
            self.bucket.addItem(tr(BUCKET_LABELS[b]), b)
        self.as_of = QDateEdit(qdate(ctx.today()))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        filters = QHBoxLayout()
        for w in (
            QLabel(tr("Customer")),
            self.customer,
            self.overdue_only,
            self.bucket,
            QLabel(tr("As of")),
            self.as_of,
        ):
            filters.addWidget(w)
        filters.addStretch()
        # actions
        self.import_button = QPushButton(tr("Import statement…"))
        self.cash_button = QPushButton(tr("Register cash payment…"))
        self.pdf_button = QPushButton(tr("Statement of account PDF…"))
        self.allocations_button = QPushButton(tr("Payments and allocations…"))
        # the statement of account covers 'from' .. the as-of date
        self.period_start = QDateEdit(QDate(ctx.today().year, 1, 1))
        self.period_start.setCalendarPopup(True)
        self.period_start.setDisplayFormat("dd/MM/yyyy")
        actions = QHBoxLayout()
        for widget in (
            self.import_button,
            self.cash_button,
            self.allocations_button,
            QLabel(tr("From")),
            self.period_start,
            self.pdf_button,
        ):
            actions.addWidget(widget)
        actions.addStretch()
        # open items + aging + behaviour
        self.items_model = open_items_model(tr, ctx.today(), ctx.language)
        self.items = QTableView()
        self.items.horizontalHeader().setResizeContentsPrecision(50)  # fit columns on a sample, not 50,000 cells
        self.items.setModel(self.items_model)
        self.items.setSortingEnabled(True)
        self.items.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.empty_state = EmptyState(
            self.items,
            tr(
                "Nothing to collect — an issued invoice appears here until it is paid. "
                "Import your bank statement to match the payments."
            ),
            applies=lambda: (
                self.customer.currentData() is None
                and self.bucket.currentData() is None
                and not self.overdue_only.isChecked()
            ),
        )
        self.totals = QLabel()
        self.aging = QLabel()
        self.behaviour = PaymentBehaviourWidget(ctx)
        # review queue
        self.queue_model = bank_lines_model(tr, ctx.language)
        self.queue = QTableView()
        self.queue.horizontalHeader().setResizeContentsPrecision(50)  # fit columns on a sample, not 50,000 cells
        self.queue.setModel(self.queue_model)
        self.queue.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        for view in (self.items, self.queue):
            view.verticalHeader().setVisible(False)
            view.setWordWrap(False)  # a structured communication is cut with '…', never split over two lines
        self.queue.horizontalHeader().setStretchLastSection(True)  # the reason takes the room
        self.show_lines = QComboBox()
        for label, statuses in LINE_VIEWS:
            self.show_lines.addItem(tr(label), statuses)
        self.accept_button = QPushButton(tr("Accept suggestion"))
        self.pick_button = QPushButton(tr("Pick invoices…"))
        self.ignore_button = QPushButton(tr("Set aside"))
        self.undo_button = QPushButton(tr("Undo booking"))
        self.batches = QComboBox()
        self.batches.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.undo_import_button = QPushButton(tr("Undo import"))
        queue_actions = QHBoxLayout()
        for button in (self.show_lines, self.accept_button, self.pick_button, self.ignore_button, self.undo_button):
            queue_actions.addWidget(button)
        queue_actions.addStretch()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.addWidget(QLabel(tr("Open items")))
        row = QHBoxLayout()
        row.addWidget(self.items, 3)
        row.addWidget(self.behaviour, 1)
        top_layout.addLayout(row)
        top_layout.addWidget(self.totals)
        top_layout.addWidget(self.aging)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        queue_title = QHBoxLayout()  # the imports sit on the title line: the action row is full in French
        queue_title.addWidget(QLabel(tr("Review queue")))
        queue_title.addStretch()
        queue_title.addWidget(self.batches)
        queue_title.addWidget(self.undo_import_button)
        bottom_layout.addLayout(queue_title)
        bottom_layout.addWidget(self.queue)
        bottom_layout.addLayout(queue_actions)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(splitter)

        self.customer.currentIndexChanged.connect(self.refresh_items)
        self.overdue_only.toggled.connect(self.refresh_items)
        self.bucket.currentIndexChanged.connect(self.refresh_items)
        self.as_of.dateChanged.connect(self.refresh_items)
        self.import_button.clicked.connect(self.choose_statement)
        self.cash_button.clicked.connect(self.register_cash)
        self.pdf_button.clicked.connect(self.statement_pdf)
        self.allocations_button.clicked.connect(lambda: self.allocations_dialog().exec())
        self.accept_button.clicked.connect(self.accept_suggestion)
        self.pick_button.clicked.connect(self.pick_invoices)
        self.ignore_button.clicked.connect(self.set_aside)
        self.undo_button.clicked.connect(self.undo_booking)
        self.undo_import_button.clicked.connect(self.undo_import)
        self.show_lines.currentIndexChanged.connect(self.refresh_lines)
        self._items_request = 0  # of open-item reads: only the newest answer is shown
        self._lines_request = self._lists_request = 0  # likewise for the review queue and the filter lists
        self.watch_book(ctx)  # filled when first shown: about 0.35 s on a 10-year book
        if not ctx.warmed_up:  # the window opens on this tab: rows before the domain layer has loaded
            self.show_first_page()

    def show_first_page(self) -> None:
        """The oldest open items at once, read with sqlite3 (~10–30 ms on a 10-year book) before the domain
        layer has loaded; the full list, its totals and the aging replace them when the worker is done."""
        rows = first_open_items(self.ctx.book.paths.book, self.selected_as_of(), limit=FIRST_PAGE)
        if rows:
            self.items_model.set_rows(rows)
            self.items.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # as the full list: oldest due date first
            self._fit_item_columns()
            self.totals.setText(self.ctx.tr("The oldest open items; the others are being read…"))

    def title(self) -> str:
        return self.ctx.tr("Receivables")

    # --- data ------------------------------------------------------------------
    def selected_as_of(self) -> date:
        return pydate(self.as_of.date())

    def refresh(self) -> None:
        """Everything the tab shows, read in worker threads (the UI thread only fills the widgets)."""
        self.refresh_items()
        self.refresh_lines()
        self._lists_request += 1
        request = self._lists_request

        def read(session):  # type: ignore[no-untyped-def]
            from ...services import bank_review
            from ...services.customers import customer_names

            return customer_names(session), bank_review.import_batches(session)

        self.ctx.read_async(read, done=lambda got: self._show_lists(request, *got), owner=self)

    def _show_lists(self, request: int, names, batches) -> None:  # type: ignore[no-untyped-def]
        if request != self._lists_request:
            return
        current = self.customer.currentData()
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(self.ctx.tr("All customers"), None)
        for cid, name in names:
            self.customer.addItem(name, cid)
        self.customer.setCurrentIndex(max(self.customer.findData(current), 0))
        self.customer.blockSignals(False)
        self.batches.clear()
        for b in batches:
            self.batches.addItem(
                f"{i18n.format_date(b.imported_on, self.ctx.language)} {b.file_name} ({b.new_lines})", b.id
            )

    def refresh_lines(self) -> None:
        self._lines_request += 1
        request, statuses = self._lines_request, self.show_lines.currentData()

        def read(session):  # type: ignore[no-untyped-def]
            from ...services import bank_review  # in the worker: SQLAlchemy may not have loaded yet

            return bank_review.bank_lines(session, statuses=statuses)

        self.ctx.read_async(read, owner=self, done=lambda rows: self._show_lines(request, rows))

    def _show_lines(self, request: int, rows) -> None:  # type: ignore[no-untyped-def]
        if request != self._lines_request:
            return
        self.queue_model.set_rows(rows)
        self.queue.resizeColumnsToContents()

    def refresh_items(self) -> None:
        """Open items and aging for the filters: read in a worker thread (about 0.15 s on a 10-year
        book); an answer overtaken by a newer request is dropped."""
        self._items_request += 1
        request, as_of, customer_id = self._items_request, self.selected_as_of(), self.customer.currentData()
        overdue_only, bucket = self.overdue_only.isChecked(), self.bucket.currentData()

        def read(session):  # type: ignore[no-untyped-def]
            from ...services import receivables

            items = receivables.open_items(
                session, as_of, customer_id=customer_id, overdue_only=overdue_only, bucket=bucket
            )
            return items, receivables.aging(session, as_of, customer_id=customer_id)

        self.ctx.read_async(
            read,
            done=lambda got: self._show_items(request, as_of, customer_id, *got),
            failed=lambda exc: self.totals.setText(self.ctx.say(exc)),
            owner=self,
        )

    def _show_items(self, request: int, as_of: date, customer_id: int | None, result, buckets) -> None:  # type: ignore[no-untyped-def]
        if request != self._items_request:
            return
        self.items_model = open_items_model(self.ctx.tr, as_of, self.ctx.language)
        self.items_model.set_rows(result.rows)
        self.items.setModel(self.items_model)
        self.empty_state.watch(self.items_model)
        self.empty_state.update_shown()
        self.items.sortByColumn(3, Qt.SortOrder.AscendingOrder)  # oldest due date first
        self._fit_item_columns()
        tr = self.ctx.tr
        money = lambda cents: i18n.format_money(cents, self.ctx.language)  # noqa: E731
        # "label: amount" is a sentence of its own: French puts a space before the colon.
        pair = lambda label, cents: tr("{label}: {amount}", label=label, amount=money(cents))  # noqa: E731
        self.totals.setText(
            "   ".join(
                (
                    pair(tr("Total"), result.total_cents),
                    pair(tr("Open"), result.open_cents),
                    pair(tr("Overdue"), result.overdue_cents),
                )
            )
        )
        self.aging.setText("   ".join(pair(tr(BUCKET_LABELS[b]), buckets[b]) for b in BUCKETS))
        self.behaviour.set_customer(customer_id, as_of)
        self.items_shown.emit()

    def _fit_item_columns(self) -> None:
        """Widths from the font and the widest value each column can hold, not by measuring rows
        (measuring took most of the UI thread's time on a 10-year book). The customer takes the rest."""
        header = self.items.horizontalHeader()
        metrics = header.fontMetrics()
        amount = i18n.format_amount(99_999_999, self.ctx.language)
        date_text = i18n.format_date(date(2026, 12, 31), self.ctx.language)
        samples = {0: "2026-00000", 2: date_text, 3: date_text, 4: amount, 5: amount, 6: "9999"}
        for column, sample in samples.items():
            title = str(self.items_model.headerData(column, Qt.Orientation.Horizontal) or "")
            header.resizeSection(
                column, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title) + 18) + 16
            )
        # the customer's name takes the room left (a new model each refresh: set again)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    # --- actions -----------------------------------------------------------------
    def choose_statement(self) -> None:
        from ..widgets.file_places import remember, start_in

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.ctx.tr("Import statement…"),
            start_in(self.ctx, "statements"),
            "CODA / camt.053 (*.cod *.coda *.txt *.xml *.*)",
        )
        remember(self.ctx, "statements", path)
        if path:
            self.open_import(Path(path)).exec()

    def open_import(self, path: Path) -> ImportStatementDialog:
        from ..dialogs.import_statement import ImportStatementDialog

        return ImportStatementDialog(self.ctx, path, self)

    def _selected_line(self):  # type: ignore[no-untyped-def]
        index = self.queue.currentIndex()
        return self.queue_model.row_at(index.row()) if index.isValid() else None

    def _run(self, action, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        try:
            self.ctx.write(action, *args, **kwargs)
            return True
        except DomainError as exc:
            QMessageBox.warning(self, self.title(), self.ctx.say(exc))
            return False

    def accept_suggestion(self) -> None:
        from ...services import bank_review

        line = self._selected_line()
        if line is not None:
            self._run(bank_review.accept_suggestion, line.id, 0)

    def set_aside(self) -> None:
        from ...services import bank_review

        line = self._selected_line()
        if line is not None:
            self._run(bank_review.ignore_line, line.id)

    def undo_booking(self) -> None:
        from ...services import bank_review

        line = self._selected_line()
        if line is not None:
            self._run(bank_review.undo_line, line.id, on=self.ctx.today())

    def undo_import(self) -> None:
        from ...services import bank_review

        batch_id = self.batches.currentData()
        if batch_id is None:
            return
        question = self.ctx.tr("Remove the import {name} and every payment it booked?").format(
            name=self.batches.currentText()
        )
        answer = QMessageBox.question(self, self.title(), question)
        if answer == QMessageBox.StandardButton.Yes:
            self._run(bank_review.undo_import, batch_id, on=self.ctx.today())

    def pick_dialog(self, amount_cents: int | None, customers=None, proposals=()) -> PickInvoicesDialog:  # type: ignore[no-untyped-def]
        from ...services.invoice_list import list_invoices
        from ..dialogs.pick_invoices import PickInvoicesDialog

        rows = self.ctx.read(list_invoices, self.ctx.today(), status="open")
        dialog = PickInvoicesDialog(self.ctx, rows, amount_cents, self, customers=customers, proposals=proposals)
        chosen = self.customer.currentData()
        if chosen is not None and not proposals:  # start from the customer the tab shows
            dialog.customer.setCurrentIndex(max(dialog.customer.findData(chosen), 0))
        return dialog

    def pick_invoices(self) -> None:
        from ...services import bank_review
        from ...services.customers import customer_names

        line = self._selected_line()
        if line is None:
            return
        if line.amount_cents <= 0:
            QMessageBox.information(self, self.title(), self.ctx.tr("Money going out cannot pay an invoice."))
            return
        dialog = self.pick_dialog(line.amount_cents, customers=self.ctx.read(customer_names), proposals=line.proposals)
        if dialog.exec():
            n = dialog.accepted_proposal()
            if n is not None:
                self._run(bank_review.accept_suggestion, line.id, n)
            else:
                self._run(bank_review.allocate_line, line.id, dialog.allocations(), customer_id=dialog.customer_id())

    def register_cash(self) -> None:
        from ...services import payments
        from ...services.customers import customer_names

        dialog = self.pick_dialog(None, customers=self.ctx.read(customer_names))
        dialog.setWindowTitle(self.ctx.tr("Register cash payment…"))
        if dialog.exec():
            data = payments.PaymentData(
                date=dialog.day(), amount_cents=dialog.amount_cents(), method="cash", customer_id=dialog.customer_id()
            )
            self._run(payments.register_payment, data, dialog.allocations())

    def allocations_dialog(self) -> AllocationsDialog:
        """Every allocation (of the customer chosen in the filter), to undo one or delete a cash payment."""
        from ..dialogs.allocations import AllocationsDialog

        return AllocationsDialog(self.ctx, self.customer.currentData(), self)

    def statement_pdf(self) -> Path | None:
        from ..widgets.customer_account import save_statement_pdf

        customer_id = self.customer.currentData()
        if customer_id is None:
            QMessageBox.information(self, self.title(), self.ctx.tr("Choose a customer first."))
            return None
        return save_statement_pdf(self, self.ctx, customer_id, pydate(self.period_start.date()), self.selected_as_of())
