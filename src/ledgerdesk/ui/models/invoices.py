"""Table models for the invoice and customer lists: columns over frozen query rows."""

from __future__ import annotations

from collections.abc import Callable

from ...persistence.customer_queries import CustomerRow
from ...persistence.queries import InvoiceRow
from .rows import Column, RowTableModel

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
        Column(tr("Number"), lambda r: r.number or tr("(draft)"), lambda r: (r.number is not None, r.number or "")),
        Column(tr("Customer"), lambda r: r.customer, lambda r: r.customer.lower()),
        Column(tr("Issue date"), lambda r: ctx.date(r.issue_date), lambda r: r.issue_date),
        Column(tr("Due date"), lambda r: ctx.date(r.due_date), lambda r: r.due_date),
        Column(tr("Total"), lambda r: ctx.amount(r.total_cents), lambda r: r.total_cents, align_right=True),
        Column(tr("Open"), lambda r: ctx.amount(r.open_cents), lambda r: r.open_cents, align_right=True,
               foreground=lambda r: STATUS_COLOURS["overdue"] if r.status == "overdue" else None),
        Column(tr("Status"), lambda r: status_label(tr, r.status), lambda r: r.status, foreground=colour,
               tooltip=lambda r: tr("{days} days overdue", days=r.days_overdue(ctx.today()))
               if r.status == "overdue" else None),
    ]


def invoice_model(ctx, rows=(), parent=None) -> RowTableModel[InvoiceRow]:  # type: ignore[no-untyped-def]
    return RowTableModel(invoice_columns(ctx), rows, parent)


def customer_columns(ctx) -> list[Column[CustomerRow]]:  # type: ignore[no-untyped-def]
    tr = ctx.tr
    return [
        Column(tr("Name"), lambda r: r.name, lambda r: r.name.lower()),
        Column(tr("City"), lambda r: r.city, lambda r: r.city.lower()),
        Column(tr("VAT number"), lambda r: r.vat or "", lambda r: r.vat or ""),
        Column(tr("Invoices"), lambda r: str(r.invoices), lambda r: r.invoices, align_right=True),
        Column(tr("Open"), lambda r: ctx.amount(r.open_cents), lambda r: r.open_cents, align_right=True),
    ]


def customer_model(ctx, rows=(), parent=None) -> RowTableModel[CustomerRow]:  # type: ignore[no-untyped-def]
    return RowTableModel(customer_columns(ctx), rows, parent)
