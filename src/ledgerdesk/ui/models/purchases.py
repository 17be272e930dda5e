"""The bill list as a table model: number, supplier, dates, status (past due in red), total and open amount."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...services.purchase_list import PurchaseRow
from ..context import AppContext
from .rows import Column, RowTableModel

STATUS_CHOICES = (
    ("open", "To pay"),
    ("received", "To approve"),
    ("approved", "Approved"),
    ("overdue", "Past due"),
    ("paid", "Paid"),
    ("rejected", "Rejected"),
    ("all", "All statuses"),
)
STATUS_LABELS = {"received": "To approve", "approved": "Approved", "paid": "Paid", "rejected": "Rejected"}


def bill_model(ctx: AppContext, parent: QWidget | None = None) -> RowTableModel[PurchaseRow]:
    tr = ctx.tr

    def status(r: PurchaseRow) -> str:
        text = tr(STATUS_LABELS[r.status])
        return f"{text} · {tr('past due')}" if r.due(ctx.today()) == "overdue" else text

    columns: list[Column[PurchaseRow]] = [
        Column(tr("Number"), lambda r: r.number),
        Column(tr("Supplier"), lambda r: r.supplier, lambda r: r.supplier.casefold()),
        Column(tr("Date"), lambda r: ctx.date(r.issue_date), lambda r: r.issue_date),
        Column(tr("Due"), lambda r: ctx.date(r.due_date), lambda r: r.due_date or r.issue_date),
        Column(
            tr("Status"),
            status,
            foreground=lambda r: "#b00020" if r.due(ctx.today()) == "overdue" else None,
        ),
        Column(
            tr("Total"),
            lambda r: (
                ctx.money(r.payable_cents) if r.currency == "EUR" else f"{ctx.amount(r.payable_cents)} {r.currency}"
            ),
            lambda r: r.payable_cents,
            align_right=True,
        ),
        Column(tr("Open"), lambda r: ctx.money(r.open_cents), lambda r: r.open_cents, align_right=True),
    ]
    return RowTableModel(columns, parent=parent)
