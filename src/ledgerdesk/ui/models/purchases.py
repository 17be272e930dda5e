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
        if r.refund:  # money coming back: its amounts are shown negative, and it says why
            return f"{text} · {tr('refund')}"
        return f"{text} · {tr('past due')}" if r.due(ctx.today()) == "overdue" else text

    def signed(r: PurchaseRow) -> int:
        return -r.payable_cents if r.refund else r.payable_cents

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
            lambda r: ctx.money(signed(r)) if r.currency == "EUR" else f"{ctx.amount(signed(r))} {r.currency}",
            signed,
            align_right=True,
        ),
        Column(tr("Open"), lambda r: ctx.money(r.owed_cents), lambda r: r.owed_cents, align_right=True),
    ]
    return RowTableModel(columns, parent=parent)
