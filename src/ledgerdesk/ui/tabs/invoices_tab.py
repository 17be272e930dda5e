"""The Invoices tab: a filterable, sortable invoice list; opens the editor and the customers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services.invoice_list import first_rows, iter_invoices  # no SQLAlchemy until the list is read
from ..context import AppContext
from ..models.compact_rows import CompactRows
from ..models.invoices import STATUS_KEYS, Prepared, invoice_model, status_label
from ..widgets.empty_state import EmptyState


def periods(today: date) -> dict[str, tuple[date, date] | None]:
    """The period filter's choices, relative to today."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return {
        "all": None,
        "this_month": (today.replace(day=1), today),
        "this_quarter": (quarter_start, today),
        "this_year": (date(today.year, 1, 1), today),
        "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        "last_12_months": (today - timedelta(days=365), today),
    }


FIRST_PAGE = 80  # rows read before the domain layer loads: more than a 1920×1080 screen shows
CREDIT_NOTES = "credit_notes"  # the status filter's last choice: the credit notes alone


class InvoicesTab(QWidget):
    loaded = Signal(int)  # rows shown after a (re)load; tests and the startup benchmark wait on it

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self._generation = 0
        self.complete = False  # the list holds every row of the filters (not only the first page)
        self._customer_id: int | None = None
        self._editors: list[QWidget] = []

        # A short hint fits the box at any window width; what is searched is said in the tooltip.
        self.search = QLineEdit(placeholderText=tr("Search…"))
        self.search.setToolTip(tr("Search number, customer or structured communication"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for key, label in (
            ("all", tr("All statuses")),
            ("draft", tr("Drafts")),
            ("open", tr("Awaiting payment")),
            ("overdue", tr("Past due")),
            ("paid", tr("Paid")),
            ("credited", tr("Credited")),
            (CREDIT_NOTES, tr("Credit notes")),
        ):
            self.status.addItem(label, key)
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # every choice readable
        self.period = QComboBox()
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key, label in (
            ("all", tr("All periods")),
            ("this_month", tr("This month")),
            ("this_quarter", tr("This quarter")),
            ("this_year", tr("This year")),
            ("last_year", tr("Last year")),
            ("last_12_months", tr("Last 12 months")),
        ):
            self.period.addItem(label, key)
        self.customer_filter = QPushButton(tr("All customers"))
        self.customer_filter.setToolTip(tr("Click to show every customer again"))
        self.customer_filter.hide()
        self.new_button = QPushButton(tr("New invoice"))
        self.new_button.setDefault(True)
        self.customers_button = QPushButton(tr("Customers…"))
        self.quotes_button = QPushButton(tr("Quotes…"))
        self.work_button = QPushButton(tr("Work delivered…"))

        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.period, 1)
        bar.addWidget(self.customer_filter)
        bar.addStretch()
        bar.addWidget(self.quotes_button)
        bar.addWidget(self.work_button)
        bar.addWidget(self.customers_button)
        bar.addWidget(self.new_button)

        self.model = invoice_model(ctx, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        # Fixed row heights and no content-based sizing: with 50,000 rows, any
        # ResizeToContents would measure every row on each reset.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        metrics = header.fontMetrics()
        for column, width in ((0, 120), (2, 100), (3, 100), (4, 110), (5, 110), (6, 100)):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            self.view.setColumnWidth(
                column, max(width, metrics.horizontalAdvance(title) + 34)
            )  # room for the sort arrow
        # The longest status in this language whole ("Awaiting payment" was cut to "Awaiting …").
        cell = self.view.fontMetrics()
        widest = max(cell.horizontalAdvance(status_label(tr, s)) for s in STATUS_KEYS) + 24
        self.view.setColumnWidth(6, max(self.view.columnWidth(6), widest))
        self.summary = QLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.status.currentIndexChanged.connect(self.reload)
        self.period.currentIndexChanged.connect(self.reload)
        self.customer_filter.clicked.connect(lambda: self.filter_customer(None))
        self.new_button.clicked.connect(self.new_invoice)
        self.empty_state = EmptyState(
            self.view,
            tr("No invoices yet — your invoices and credit notes will be listed here. Start with a new invoice."),
            (tr("New invoice"), lambda: self.new_invoice()),
            applies=self._unfiltered,
        )
        self.customers_button.clicked.connect(self.show_customers)
        self.quotes_button.clicked.connect(self.show_quotes)
        self.work_button.clicked.connect(self.show_work)
        self.view.doubleClicked.connect(lambda index: self.open_invoice(self.model.row_at(index.row()).id))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        ctx.book_changed.connect(self.reload)
        self.show_first_page()
        # The full read starts once the event loop turns: the window paints first (with the newest rows),
        # without a worker importing SQLAlchemy beside it for the GIL.
        QTimer.singleShot(0, self, self.reload)

    def title(self) -> str:
        return self.ctx.tr("Invoices")

    # --- list ------------------------------------------------------------------
    def filters(self) -> dict[str, object]:
        return {
            # "All statuses" lists invoices and credit notes; "Credit notes" only those.
            "status": "all" if self.status.currentData() == CREDIT_NOTES else self.status.currentData(),
            "kind": "credit_note" if self.status.currentData() == CREDIT_NOTES else "all",
            "customer_id": self._customer_id,
            "text": self.search.text().strip() or None,
            "period": periods(self.ctx.today())[self.period.currentData()],
        }

    def reload(self) -> None:
        """Query off the UI thread; a newer reload makes older results irrelevant."""
        self._generation += 1
        generation = self._generation
        today, filters, model = self.ctx.today(), self.filters(), self.model

        # Query, sort-key extraction and sorting all happen in the worker; the UI thread
        # only swaps the prepared list in.
        def work() -> Prepared:  # in the worker: reading the invoices loads SQLAlchemy there, not on the UI thread
            rows = self.ctx.read(lambda session: CompactRows(iter_invoices(session, today, **filters)))
            open_total = sum(rows.keys(lambda r: r.open_cents if r.status in ("open", "overdue") else 0))
            return replace(model.prepare(rows), open_cents=open_total)

        self.ctx.run_async(
            work, done=lambda prepared: self._show(generation, prepared), failed=self._failed, owner=self
        )

    def show_first_page(self) -> None:
        """The newest rows at once, read with sqlite3 (~2 ms on a 10-year book) before the domain layer has
        loaded; the full list replaces them when its worker is done. Only for the unfiltered list."""
        rows = first_rows(self.ctx.book.paths.book, self.ctx.today(), limit=FIRST_PAGE)
        if rows:
            self.model.set_prepared(self.model.prepare(rows))
            self.summary.setText(self.ctx.tr("The newest documents; the others are being read…"))

    def _show(self, generation: int, prepared: Prepared) -> None:
        if generation != self._generation:
            return
        self.model.set_prepared(prepared)
        self.complete = True
        count = len(prepared.base)
        self.summary.setText(
            self.ctx.tr("Documents: {count} · open {amount}", count=count, amount=self.ctx.money(prepared.open_cents))
        )
        self.loaded.emit(count)

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(self.ctx.tr("The invoices could not be read: {error}", error=str(exc)))

    def _unfiltered(self) -> bool:
        """An empty list means "nothing yet" only when no filter hides anything."""
        return (
            not self.search.text().strip()
            and self.status.currentData() == "all"
            and self.period.currentData() == "all"
            and self._customer_id is None
        )

    def filter_customer(self, customer_id: int | None, name: str = "") -> None:
        self._customer_id = customer_id
        self.customer_filter.setVisible(customer_id is not None)
        self.customer_filter.setText(f"{name} ✕" if customer_id is not None else self.ctx.tr("All customers"))
        self.reload()

    # --- actions (also reached by the main window's shortcuts) --------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def new_invoice(self, customer_id: int | None = None) -> QWidget:
        from ..dialogs.invoice_editor import InvoiceEditor

        return self._keep(InvoiceEditor(self.ctx, customer_id=customer_id, parent=self))

    def open_invoice(self, invoice_id: int) -> QWidget:
        from ..dialogs.invoice_editor import InvoiceEditor

        return self._keep(InvoiceEditor(self.ctx, invoice_id=invoice_id, parent=self))

    def show_customers(self) -> QWidget:
        from ..dialogs.customers import CustomersDialog

        dialog = CustomersDialog(self.ctx, parent=self)
        dialog.show_invoices.connect(self.filter_customer)
        dialog.new_invoice_for.connect(self.new_invoice)
        dialog.open_invoice.connect(self.open_invoice)
        return self._keep(dialog)

    def show_quotes(self, customer_id: int | None = None) -> QWidget:
        """The quotes window (all quotes, or one customer's); an invoice made there opens in the editor."""
        from ..dialogs.quotes import QuotesDialog

        dialog = QuotesDialog(self.ctx, parent=self, customer_id=customer_id)
        dialog.open_invoice.connect(self.open_invoice)
        return self._keep(dialog)

    def show_work(self) -> QWidget:
        """Work delivered and not invoiced yet; an invoice made there opens in the editor."""
        from ..dialogs.work_slips import WorkDialog

        dialog = WorkDialog(self.ctx, parent=self)
        dialog.open_invoice.connect(self.open_invoice)
        return self._keep(dialog)

    def send_document(self, invoice_id: int) -> QWidget:
        """The Send window: the proposed channel, the user's choice, the answer and earlier deliveries."""
        from ..dialogs.send_document import SendDocumentDialog

        return self._keep(SendDocumentDialog(self.ctx, invoice_id, parent=self))

    def _context_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        """Open, plus the PDF actions (preview, save, print) of an issued document."""
        from PySide6.QtWidgets import QMenu

        from ..widgets.invoice_lines import document_module

        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        menu = QMenu(self)
        menu.addAction(
            self.ctx.tr("Open credit note" if row.kind == "credit_note" else "Open invoice"),
            lambda: self.open_invoice(row.id),
        )
        if row.status != "draft":
            menu.addAction(self.ctx.tr("Send…"), lambda: self.send_document(row.id))
            menu.addSeparator()
            for action in document_module().document_actions(self.ctx, menu, lambda: row.id):
                menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _keep(self, widget: QWidget) -> QWidget:
        from shiboken6 import isValid

        self._editors = [w for w in self._editors if isValid(w) and w.isVisible()] + [widget]
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        widget.show()
        return widget
