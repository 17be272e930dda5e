"""The Purchases tab: the suppliers' bills (filters, search, totals, bills due), approve / reject / mark paid,
the bill editor, the suppliers, and UBL e-invoices imported from a file or dropped on the tab."""

from __future__ import annotations

import getpass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DomainError
from ...services import bill_rejection, purchases
from ...services.purchase_import import import_ubl
from ...services.purchase_list import BillsDue, PurchaseRow, bills_due, list_bills
from ..context import AppContext
from ..models.purchases import STATUS_CHOICES, bill_model


class PurchasesTab(QWidget):
    loaded = Signal(int)  # rows shown after a (re)load; tests wait on it

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        tr = ctx.tr
        self._generation = 0
        self._editors: list[QWidget] = []
        self.setAcceptDrops(True)

        # A short hint fits the box at any window width; what is searched is said in the tooltip.
        self.search = QLineEdit(placeholderText=tr("Search…"))
        self.search.setToolTip(tr("Search supplier, number, VAT number or structured communication"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for key, label in STATUS_CHOICES:
            self.status.addItem(tr(label), key)
        self.status.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.import_button = QPushButton(tr("Import e-invoice…"))
        self.import_button.setToolTip(tr("A supplier's UBL file (Peppol BIS 3.0 or e-fff); you can also drop it here"))
        self.new_button = QPushButton(tr("New bill…"))
        self.suppliers_button = QPushButton(tr("Suppliers…"))
        self.review_button = QPushButton(tr("Bank payments to check…"))
        self.review_button.setToolTip(tr("Money out on your statements that may pay a bill but was not booked"))
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status, 1)
        bar.addStretch()
        bar.addWidget(self.review_button)
        bar.addWidget(self.suppliers_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.new_button)

        self.due_label = QLabel()
        self.due_label.setWordWrap(True)

        self.model = bill_model(ctx, parent=self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 100), (3, 100), (4, 150), (5, 120), (6, 110)):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.view.setColumnWidth(column, max(width, header.fontMetrics().horizontalAdvance(title) + 34))

        self.open_button = QPushButton(tr("Open"))
        self.open_button.setToolTip(tr("Open the selected bill: its lines and their cost categories"))
        self.approve_button = QPushButton(tr("Approve"))
        self.reject_button = QPushButton(tr("Reject…"))
        self.paid_button = QPushButton(tr("Mark paid"))
        self.pay_button = QPushButton(tr("Pay selected…"))
        self.pay_button.setToolTip(tr("Write a SEPA credit transfer file (pain.001) for your bank"))
        actions = QHBoxLayout()
        self.summary = QLabel()
        actions.addWidget(self.summary, 1)
        for button in (self.open_button, self.approve_button, self.reject_button, self.paid_button, self.pay_button):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.due_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(self._debounce.start)
        self.status.currentIndexChanged.connect(self.reload)
        self.import_button.clicked.connect(self.choose_files)
        self.new_button.clicked.connect(self.new_bill)
        self.suppliers_button.clicked.connect(self.show_suppliers)
        self.review_button.clicked.connect(self.show_review)
        self.open_button.clicked.connect(self.open_selected)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.approve_button.clicked.connect(self.approve_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.paid_button.clicked.connect(self.mark_selected_paid)
        self.pay_button.clicked.connect(lambda: self.pay_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.book_changed.connect(self.reload)
        self._update_buttons()
        QTimer.singleShot(0, self, self.reload)

    def title(self) -> str:
        return self.ctx.tr("Purchases")

    # --- list ------------------------------------------------------------------
    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        today, status, text = self.ctx.today(), str(self.status.currentData()), self.search.text().strip()

        def work() -> tuple[list[PurchaseRow], BillsDue]:
            return (
                self.ctx.read(list_bills, today, status=status, text=text),
                self.ctx.read(bills_due, today),
            )

        self.ctx.run_async(work, done=lambda result: self._show(generation, *result), failed=self._failed, owner=self)

    def _show(self, generation: int, rows: list[PurchaseRow], due: BillsDue) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        tr = self.ctx.tr
        open_total = sum(r.owed_cents for r in rows if r.currency == "EUR")  # refunds to come count against it
        self.summary.setText(tr("Bills: {count} · to pay {amount}", count=len(rows), amount=self.ctx.money(open_total)))
        self.due_label.setText(
            tr(
                "Past due: {overdue} ({overdue_amount}) · due today: {today} ({today_amount}) · "
                "this week: {week} ({week_amount})",
                overdue=len(due.overdue),
                overdue_amount=self.ctx.money(due.cents("overdue")),
                today=len(due.today),
                today_amount=self.ctx.money(due.cents("today")),
                week=len(due.week),
                week_amount=self.ctx.money(due.cents("week")),
            )
        )
        self._update_buttons()
        self.loaded.emit(len(rows))

    def _failed(self, exc: Exception) -> None:
        self.summary.setText(self.ctx.tr("The bills could not be read: {error}", error=self.ctx.say(exc, alone=False)))

    def selected(self) -> list[PurchaseRow]:
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def _update_buttons(self) -> None:
        rows = self.selected()
        self.open_button.setEnabled(len(rows) == 1)
        self.approve_button.setEnabled(bool(rows) and all(r.status == "received" for r in rows))
        self.reject_button.setEnabled(len(rows) == 1 and rows[0].status in ("received", "approved"))
        self.paid_button.setEnabled(bool(rows) and all(r.open_cents > 0 for r in rows))  # a refund too: received
        self.pay_button.setEnabled(
            bool(rows) and all(r.status == "approved" and r.kind == "purchase_invoice" for r in rows)
        )

    # --- actions ----------------------------------------------------------------
    def _tell(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.title(), self.ctx.say(exc))

    def approve_selected(self, by: str | None = None) -> None:
        rows = self.selected()
        if not rows:
            return
        if by is None:
            by, ok = QInputDialog.getText(self, self.title(), self.ctx.tr("Approved by:"), text=getpass.getuser())
            if not ok:
                return
        for row in rows:
            try:
                self.ctx.write(purchases.approve_bill, row.id, by, on=self.ctx.today())
            except DomainError as exc:
                self._tell(exc)
                return

    def reject_selected(self, reason: str | None = None) -> None:
        rows = self.selected()
        if len(rows) != 1:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(self, self.title(), self.ctx.tr("Why is this bill rejected?"))
            if not ok:
                return
        try:
            response = self.ctx.write(
                bill_rejection.reject, rows[0].id, reason, on=self.ctx.today(), now=datetime.now()
            )
        except DomainError as exc:
            self._tell(exc)
            return
        if response is not None:  # it came through Peppol: the supplier is told, off the UI thread
            self.ctx.run_async(
                lambda: bill_rejection.send_kept_responses(self.ctx.book.db, now=datetime.now()),
                done=lambda sent: self._told_supplier(response, sent),
                failed=self._tell,  # the access point's words; the response stays kept
                owner=self,
            )

    def _told_supplier(self, response: str, sent: list[Any] | None) -> None:
        mine = next((r for r in sent or [] if r.number == response), None)
        if mine is None or not mine.message_id:
            QMessageBox.information(
                self,
                self.title(),
                self.ctx.tr(
                    "The rejection {number} is kept for the supplier and goes with the next Peppol response "
                    "from the Inbox.",
                    number=response,
                ),
            )

    def mark_selected_paid(self) -> None:
        for row in self.selected():
            try:
                self.ctx.write(purchases.mark_paid, row.id, on=self.ctx.today())
            except DomainError as exc:
                self._tell(exc)
                return

    def pay_selected(self, path: Path | None = None) -> Path | None:
        """The selected approved bills in one payment file for the bank, written whole or not at all."""
        rows = self.selected()
        if not rows:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self,
                self.ctx.tr("Pay selected…"),
                f"payments-{self.ctx.today().isoformat()}.xml",
                self.ctx.tr("SEPA payment files (*.xml)"),
            )
            if not name:
                return None
            path = Path(name)
        from ...atomic import write_atomic
        from ...services.purchase_payments import PaymentFile, payment_file
        from ...user_files import check_output_file

        target = path

        def pay(session) -> PaymentFile:  # type: ignore[no-untyped-def]
            made = payment_file(session, [r.id for r in rows], execution_date=self.ctx.today())
            write_atomic(target, made.xml)  # inside the transaction: no file, no trace on the bills
            return made

        try:
            check_output_file(path)
            made = self.ctx.write(pay)
        except DomainError as exc:
            self._tell(exc)
            return None
        QMessageBox.information(
            self,
            self.title(),
            self.ctx.tr(
                "{file}: {count} transfers, {amount}. Give this file to your bank.",
                file=path.name,
                count=made.count,
                amount=self.ctx.money(made.total_cents),
            ),
        )
        return path

    def open_selected(self) -> QWidget | None:
        """The selected bill's window, where its lines' cost categories can still change."""
        from ..dialogs.bill_window import BillWindow

        rows = self.selected()
        if len(rows) != 1:
            return None
        window = BillWindow(self.ctx, rows[0], parent=self)
        self._editors.append(window)
        window.show()
        return window

    def new_bill(self) -> QWidget:
        from ..dialogs.bill_editor import BillEditor

        editor = BillEditor(self.ctx, parent=self)
        self._editors.append(editor)
        editor.show()
        return editor

    def show_review(self) -> QWidget:
        from ..dialogs.outgoing_review import OutgoingReview

        dialog = OutgoingReview(self.ctx, parent=self)
        self._editors.append(dialog)
        dialog.show()
        return dialog

    def show_suppliers(self) -> QWidget:
        from ..dialogs.suppliers import SuppliersDialog

        dialog = SuppliersDialog(self.ctx, parent=self)
        self._editors.append(dialog)
        dialog.show()
        return dialog

    # --- UBL files: chosen or dropped ----------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.ctx.tr("Import e-invoice…"), "", self.ctx.tr("UBL e-invoices (*.xml);;All files (*)")
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: list[Path]) -> list[str]:
        """Import each file in its own transaction; one message lists what came in and what was refused."""
        from ...user_files import UBL_FILE_LIMIT, read_input

        lines: list[str] = []
        for path in paths:
            try:
                xml = read_input(path, limit=UBL_FILE_LIMIT)
                imported = self.ctx.write(import_ubl, xml, name=path.name, on=self.ctx.today())
            except DomainError as exc:
                lines.append(self.ctx.say(exc))
                continue
            r = imported.recorded
            lines.append(
                self.ctx.tr(
                    "{file}: bill {number} of {supplier} received ({amount})",
                    file=path.name,
                    number=r.number,
                    supplier=r.supplier,
                    amount=self.ctx.money(r.total_cents) if imported.currency == "EUR" else imported.currency,
                )
            )
            lines += [self.ctx.say(w, alone=True) for w in r.warnings]
        QMessageBox.information(self, self.ctx.tr("Import e-invoice…"), "\n".join(lines))
        return lines

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, self, lambda: self.import_files(paths))
