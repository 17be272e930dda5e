"""Table models for the invoice and customer lists: columns over frozen query rows."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import Qt

from ...persistence.customer_queries import CustomerRow
from ...persistence.queries import InvoiceRow
from .rows import Column, RowTableModel

class ListModel(RowTableModel):
    """RowTableModel that sorts 50,000 rows within the 100 ms budget.

    Each column's keys are extracted once per row set and cached; a sort is then a
    sort of row positions by the cached keys (no per-comparison tuples, and a second
    sort on the same column costs only the sort itself). None keys sort last.
    """

    def set_rows(self, rows) -> None:  # type: ignore[no-untyped-def]
        self._base = list(rows)
        self._key_cache: dict[int, list] = {}
        super().set_rows(self._base)

    def _keys(self, column: int) -> list:
        keys = getattr(self, "_key_cache", {}).get(column)
        if keys is None:
            col = self._columns[column]
            key = col.sort_key or col.display
            keys = [key(row) for row in self._base]
            if any(k is None for k in keys):
                keys = [(k is None, k if k is not None else 0) for k in keys]
            self._key_cache[column] = keys
        return keys

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        if not hasattr(self, "_base"):
            self._base, self._key_cache = list(self._rows), {}
        keys = self._keys(column)
        positions = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        base = self._base
        self._rows = [base[i] for i in positions]


STATUS_COLOURS = {"overdue": "#c62828", "draft": "#757575", "paid": "#2e7d32", "credited": "#5c6bc0"}


def status_label(tr: Callable[..., str], status: str) -> str:
    return {
        "draft": tr("Draft"),
        "open": tr("Open"),
        "overdue": tr("Overdue"),
        "paid": tr("Paid"),
        "credited": tr("Credited"),
    }.get(status, status)


def invoice_columns(ctx) -> list[Column[InvoiceRow]]:  # type: ignore[no-untyped-def]
    tr = ctx.tr
    colour = lambda r: STATUS_COLOURS.get(r.status)  # noqa: E731
    return [
        Column(tr("Number"), lambda r: r.number or tr("(draft)"), lambda r: r.number or ""),
        Column(tr("Customer"), lambda r: r.customer, lambda r: r.customer.lower()),
        Column(tr("Issue date"), lambda r: ctx.date(r.issue_date), attrgetter("issue_date")),
        Column(tr("Due date"), lambda r: ctx.date(r.due_date), attrgetter("due_date")),
        Column(tr("Total"), lambda r: ctx.amount(r.total_cents), attrgetter("total_cents"), align_right=True),
        Column(tr("Open"), lambda r: ctx.amount(r.open_cents), attrgetter("open_cents"), align_right=True,
               foreground=lambda r: STATUS_COLOURS["overdue"] if r.status == "overdue" else None),
        Column(tr("Status"), lambda r: status_label(tr, r.status), attrgetter("status"), foreground=colour,
               tooltip=lambda r: tr("{days} days overdue", days=r.days_overdue(ctx.today()))
               if r.status == "overdue" else None),
    ]


def invoice_model(ctx, rows=(), parent=None) -> ListModel:  # type: ignore[no-untyped-def]
    return ListModel(invoice_columns(ctx), rows, parent)


def customer_columns(ctx) -> list[Column[CustomerRow]]:  # type: ignore[no-untyped-def]
    tr = ctx.tr
    return [
        Column(tr("Name"), lambda r: r.name, lambda r: r.name.lower()),
        Column(tr("City"), lambda r: r.city, lambda r: r.city.lower()),
        Column(tr("VAT number"), lambda r: r.vat or "", lambda r: r.vat or ""),
        Column(tr("Invoices"), lambda r: str(r.invoices), lambda r: r.invoices, align_right=True),
        Column(tr("Open"), lambda r: ctx.amount(r.open_cents), lambda r: r.open_cents, align_right=True),
    ]


def customer_model(ctx, rows=(), parent=None) -> ListModel:  # type: ignore[no-untyped-def]
    return ListModel(customer_columns(ctx), rows, parent)
