"""Customers: a searchable list, and a customer's page (details, invoices, open amount, more pages).

A customer's page shows the pages of CUSTOMER_PAGES after its invoices: each class takes
(ctx, customer_id), is a QWidget and has title().
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import company as company_service
from ...services.customers import customer_row, list_customers
from ...services.invoice_forms import customer_form_data
from ...services.invoice_list import list_invoices
from ..models.invoices import customer_model, invoice_model
from ..widgets.customer_account import CustomerAccountPage
from ..widgets.customer_mandates import CustomerMandates
from ..widgets.dialog_parts import row_list
from ..widgets.feedback import attempt, show_error
from ..widgets.fit import fit_to_screen
from ..widgets.peppol_registration import CustomerPeppol
from ..widgets.reminder_history import CustomerReminders
from .customer_form import CustomerForm
from .quotes import QuotesPanel
from .work_slips import WorkPanel

CUSTOMER_PAGES: tuple[
    type[CustomerAccountPage] | type[CustomerReminders] | type[CustomerMandates] | type[CustomerPeppol], ...
] = (
    CustomerAccountPage,
    CustomerReminders,
    CustomerMandates,
    CustomerPeppol,
)


def _table(model) -> QTableView:  # type: ignore[no-untyped-def]
    view = row_list(model)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view


class CustomersDialog(QDialog):
    show_invoices = Signal(int, str)  # customer id, name: filter the invoice list
    new_invoice_for = Signal(int)
    open_invoice = Signal(int)  # invoice id: whoever hosts the dialog opens the editor
    loaded = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.setWindowTitle(tr("Customers"))
        fit_to_screen(self, 760, 520)
        self.search = QLineEdit(placeholderText=tr("Search name, city, VAT number or e-mail"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(tr("New customer"))
        self.model = customer_model(ctx, parent=self)
        self.view = _table(self.model)
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)  # Qt's "Close", translated
        self.close_buttons.rejected.connect(self.reject)
        foot = QHBoxLayout()
        foot.addWidget(self.count, 1)
        foot.addWidget(self.close_buttons)
        layout.addLayout(foot)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.new_button.clicked.connect(lambda: self.open_customer(None))
        self.view.doubleClicked.connect(lambda index: self.open_customer(self.model.row_at(index.row()).id))
        ctx.book_changed.connect(self.reload)
        self._pages: list[CustomerPage] = []
        self.reload()

    def reload(self) -> None:
        """Off the UI thread (2,000 customers with open amounts take a few hundred ms)."""
        self._generation = getattr(self, "_generation", 0) + 1
        generation = self._generation
        self.ctx.read_async(
            list_customers,
            self.ctx.today(),
            text=self.search.text(),
            done=lambda rows: self._show(generation, rows),
            owner=self,
        )

    def _show(self, generation: int, rows) -> None:  # type: ignore[no-untyped-def]
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self.count.setText(self.ctx.tr("{count} customers", count=len(rows)))
        self.loaded.emit(len(rows))

    def open_customer(self, customer_id: int | None) -> CustomerPage:
        page = CustomerPage(self.ctx, customer_id, parent=self)
        page.show_invoices.connect(self.show_invoices)
        page.new_invoice_for.connect(self.new_invoice_for)
        page.open_invoice.connect(self.open_invoice)
        self._pages.append(page)
        page.show()
        return page


class CustomerPage(QDialog):
    """One customer: details to edit, its invoices with the open amount, and extension pages."""

    show_invoices = Signal(int, str)
    new_invoice_for = Signal(int)
    open_invoice = Signal(int)
    saved = Signal(int)
    loaded = Signal()

    def __init__(self, ctx, customer_id: int | None, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id = customer_id
        tr = ctx.tr
        fit_to_screen(self, 720, 600)
        self.pages = QTabWidget()
        self.form = CustomerForm(ctx)
        self.pages.addTab(self.form, tr("Details"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 15px; font-weight: 600;")
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self.invoices_model = invoice_model(ctx, parent=self)
        self.invoices_page: QWidget | None = None
        if customer_id is not None:
            customer = ctx.read(customer_form_data, customer_id)
            self.form.set_data(customer)
            self._build_invoices_page()
            self._add_extension_pages()
            ctx.book_changed.connect(self.refresh)
        self.refresh()

    def _build_invoices_page(self) -> None:
        tr = self.ctx.tr
        page = QWidget()
        self.open_label = QLabel()
        self.invoices_view = _table(self.invoices_model)
        self.invoices_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.invoices_view.setColumnHidden(1, True)  # the customer: it is this page's
        self.invoices_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        new_invoice = QPushButton(tr("New invoice"))
        in_list = QPushButton(tr("Show in invoice list"))
        new_invoice.clicked.connect(lambda: self.new_invoice_for.emit(self.customer_id))
        in_list.clicked.connect(lambda: self.show_invoices.emit(self.customer_id, self.form.name.text()))
        self.invoices_view.doubleClicked.connect(self._open_invoice)
        bar = QHBoxLayout()
        bar.addWidget(self.open_label, 1)
        bar.addWidget(in_list)
        bar.addWidget(new_invoice)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.invoices_view, 1)
        self.invoices_page = page
        self.pages.addTab(page, tr("Invoices"))

    def _add_extension_pages(self) -> None:
        assert self.customer_id is not None  # a saved customer's page only
        for cls in CUSTOMER_PAGES:
            page = cls(self.ctx, self.customer_id)
            self.pages.addTab(page, page.title())
        quotes = QuotesPanel(self.ctx, self.customer_id)  # the customer's quotes; an invoice made opens as above
        quotes.open_invoice.connect(self.open_invoice)
        self.pages.addTab(quotes, quotes.title())
        delivered = WorkPanel(self.ctx, self.customer_id)
        delivered.open_invoice.connect(self.open_invoice)
        self.pages.addTab(delivered, delivered.title())

    def _open_invoice(self, index) -> None:  # type: ignore[no-untyped-def]
        # A signal, not the editor itself: the editor opens customer pages, so importing it here
        # would make the two modules import each other.
        self.open_invoice.emit(self.invoices_model.row_at(index.row()).id)

    def refresh(self) -> None:
        tr = self.ctx.tr
        if self.customer_id is None:
            self.setWindowTitle(tr("New customer"))
            self.header.setText(tr("New customer"))
            return
        today = self.ctx.today()

        def query(session):  # type: ignore[no-untyped-def]
            return customer_row(session, self.customer_id, today), list_invoices(
                session, today, customer_id=self.customer_id, kind="all"
            )

        self.ctx.read_async(query, done=self._show, owner=self)

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        tr = self.ctx.tr
        row, invoices = result
        self.setWindowTitle(row.name if row else tr("Customer"))
        self.header.setText(row.name if row else "")
        self.invoices_model.set_rows(invoices)
        if row is not None:
            self.open_label.setText(
                tr("{count} invoices · open {amount}", count=row.invoices, amount=self.ctx.money(row.open_cents))
            )
        self.loaded.emit()

    def save(self) -> int | None:
        problem = self.form.problem()
        if problem:
            show_error(self, self.ctx, company_service.ValidationError(problem))
            return None
        if self.customer_id is None:
            saved = attempt(self, self.ctx, company_service.create_customer, self.form.data(), today=self.ctx.today())
        else:
            saved = attempt(self, self.ctx, company_service.update_customer, self.customer_id, self.form.data())
        if saved is None:
            return None
        created = self.customer_id is None
        self.customer_id = saved.id
        if created:
            self._build_invoices_page()
            self._add_extension_pages()
            self.ctx.book_changed.connect(self.refresh)
        self.refresh()
        self.saved.emit(saved.id)
        return saved.id
