"""Pick invoices (and amounts) for a bank line or a cash payment; any rest stays customer credit.

One dialog serves the review queue (the amount is the transfer's: fixed; a stored
suggestion can be chosen to fill the amounts) and the cash payment (amount, date and
customer typed here). Rows show the chosen customer's open invoices, oldest due first;
"Oldest first" spreads the amount over them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ... import i18n
from ...domain.errors import ValidationError
from ...domain.money import to_cents
from ...services.bank_review import Proposal
from ...services.invoice_list import InvoiceRow
from ..context import AppContext
from ..models.receivables import reason_amount
from ..widgets.dates import pydate, qdate
from ..widgets.fit import fit_to_screen

NUMBER, CUSTOMER, DUE, OPEN, AMOUNT = range(5)


class PickInvoicesDialog(QDialog):
    """Rows of open invoices with an editable amount each."""

    AMOUNT = AMOUNT

    def __init__(
        self,
        ctx: AppContext,
        rows: list[InvoiceRow],
        amount_cents: int | None,
        parent=None,  # type: ignore[no-untyped-def]
        customers: list[tuple[int, str]] | None = None,
        proposals: Sequence[Proposal] = (),
        on: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.all_rows = ctx, sorted(rows, key=lambda r: (r.due_date or r.issue_date, r.id))
        self.rows: list[InvoiceRow] = []
        self.proposals = list(proposals)
        self.fixed_amount = amount_cents
        tr = ctx.tr
        self.setWindowTitle(tr("Pick invoices…"))
        self.money = lambda cents: i18n.format_amount(cents, ctx.language)  # noqa: E731
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.amount = QLineEdit(self.money(amount_cents) if amount_cents is not None else "")
        self.amount.setReadOnly(amount_cents is not None)
        self.amount.setPlaceholderText("0,00" if ctx.language != "en" else "0.00")
        form.addRow(tr("Amount"), self.amount)
        self.date = QDateEdit(qdate(on or ctx.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        if amount_cents is None:  # a bank line has its own booking date
            form.addRow(tr("Date"), self.date)
        self.customer = QComboBox()
        if amount_cents is not None:
            self.customer.addItem(tr("All customers"), None)
        for cid, name in customers or []:
            self.customer.addItem(name, cid)
        if customers:
            form.addRow(tr("Customer"), self.customer)
        self.proposal = QComboBox()
        if self.proposals:
            self.proposal.addItem(tr("(choose invoices by hand)"), None)
            amount = reason_amount(ctx.language)
            for n, p in enumerate(self.proposals):
                self.proposal.addItem(f"{p.score} – {p.why.text(tr, amount)}", n)
            form.addRow(tr("Suggestion"), self.proposal)
        layout.addLayout(form)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([tr("Number"), tr("Customer"), tr("Due"), tr("Open"), tr("Amount")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CUSTOMER, QHeaderView.ResizeMode.Stretch)
        for col in (NUMBER, DUE, OPEN, AMOUNT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        self.spread_button = QPushButton(tr("Oldest first"))
        self.rest = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.spread_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.rest)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        fit_to_screen(self, 780, 440)

        self.customer.currentIndexChanged.connect(lambda _: self._show_customer())
        self.proposal.currentIndexChanged.connect(lambda _: self._use_proposal())
        self.spread_button.clicked.connect(self.spread)
        self.amount.editingFinished.connect(self._amount_typed)
        self.table.itemChanged.connect(lambda _: self._update_rest())
        if self.proposals:
            self.proposal.setCurrentIndex(1)  # the best suggestion, ready to accept
            self._use_proposal()
        else:
            self._show_customer()
            if amount_cents is not None and self.customer.currentData() is not None:
                self.spread()

    # --- rows -----------------------------------------------------------------
    def _show_customer(self, amounts: dict[int, int] | None = None) -> None:
        cid = self.customer.currentData() if self.customer.count() else None
        self.rows = [r for r in self.all_rows if cid is None or r.customer_id == cid]
        if amounts:  # a suggestion's invoices are always listed, even when another filter hid them
            self.rows += [r for r in self.all_rows if r.id in amounts and r not in self.rows]
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            texts = [
                row.number or "",
                row.customer,
                i18n.format_date(row.due_date, self.ctx.language) if row.due_date else "",
                self.money(row.open_cents),
                self.money(amounts[row.id]) if amounts and amounts.get(row.id) else "",
            ]
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if col != AMOUNT:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if col in (OPEN, AMOUNT):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, item)
        self.table.blockSignals(False)
        self._update_rest()

    def _use_proposal(self) -> None:
        n = self.proposal.currentData()
        if n is None:
            self._show_customer()
            return
        p = self.proposals[n]
        self.customer.blockSignals(True)
        self.customer.setCurrentIndex(max(self.customer.findData(p.customer_id), 0))
        self.customer.blockSignals(False)
        self._show_customer(dict(p.allocations))

    def _amount_typed(self) -> None:
        if self.fixed_amount is None and not self.allocations_or_none():
            self.spread()

    def spread(self) -> None:
        """The amount over the listed invoices, oldest due first."""
        try:
            left = self.amount_cents()
        except ValidationError as exc:
            self.error.setText(self.ctx.say(exc))
            return
        self.table.blockSignals(True)
        for i, row in enumerate(self.rows):
            take = max(min(left, row.open_cents), 0)
            left -= take
            cell = self.table.item(i, AMOUNT)
            assert cell is not None  # every row has its amount cell
            cell.setText(self.money(take) if take else "")
        self.table.blockSignals(False)
        self._update_rest()

    def _update_rest(self) -> None:
        try:
            total, amount = sum(c for _, c in self.allocations()), self.amount_cents()
        except ValidationError as exc:
            self.error.setText(self.ctx.say(exc))
            return
        self.error.setText("")
        tr = self.ctx.tr
        if total > amount:
            self.rest.setText(
                tr("The amounts chosen exceed the payment by {amount}.").format(amount=self.money(total - amount))
            )
        else:
            self.rest.setText(
                tr("Allocated {allocated}; customer credit {rest}.").format(
                    allocated=self.money(total), rest=self.money(amount - total)
                )
            )

    # --- reading ----------------------------------------------------------------
    def parse(self, text: str) -> int:
        """Cents from an amount typed the user's way ('1.234,56' in Dutch and French, '1,234.56' in English)."""
        from babel.numbers import NumberFormatError, parse_decimal

        text = text.strip()
        if not text:
            return 0
        try:
            return to_cents(parse_decimal(text, locale=i18n.LOCALES[self.ctx.language], strict=True))
        except NumberFormatError:
            raise ValidationError(f"'{text}' is not an amount") from None

    def allocations(self) -> list[tuple[int, int]]:
        out = []
        for i, row in enumerate(self.rows):
            item = self.table.item(i, AMOUNT)
            cents = self.parse(item.text()) if item is not None else 0
            if cents < 0:
                raise ValidationError(f"'{item.text()}' is negative")  # type: ignore[union-attr]
            if cents:
                out.append((row.id, cents))
        return out

    def allocations_or_none(self) -> list[tuple[int, int]]:
        try:
            return self.allocations()
        except ValidationError:
            return []

    def amount_cents(self) -> int:
        return self.parse(self.amount.text())

    def customer_id(self) -> int | None:
        if self.customer.count() and self.customer.currentData() is not None:
            return self.customer.currentData()  # type: ignore[no-any-return]
        chosen = {r.customer_id for r in self.rows if r.id in dict(self.allocations_or_none())}
        return chosen.pop() if len(chosen) == 1 else None

    def accepted_proposal(self) -> int | None:
        """The index of the suggestion chosen, when its amounts were left as they were."""
        n = self.proposal.currentData() if self.proposals else None
        if n is None or sorted(self.allocations_or_none()) != sorted(self.proposals[n].allocations):
            return None
        return n  # type: ignore[no-any-return]

    def day(self) -> date:
        return pydate(self.date.date())

    def _check(self) -> None:
        try:
            allocations, amount = self.allocations(), self.amount_cents()
        except ValidationError as exc:
            self.error.setText(self.ctx.say(exc))
            return
        if amount <= 0:
            self.error.setText(self.ctx.tr("Type the amount received."))
            return
        if sum(c for _, c in allocations) > amount:
            self.error.setText(self.ctx.tr("The amounts chosen exceed the payment."))
            return
        self.accept()
