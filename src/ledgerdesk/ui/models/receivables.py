"""Table models of the receivables tab: open items, bank lines (review queue) and an import preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ... import i18n
from ...domain.aging import days_past_due
from ...domain.errors import ValidationError
from ...domain.money import to_cents
from ...services.invoice_list import InvoiceRow
from .rows import Column, RowTableModel

if TYPE_CHECKING:  # bank_review brings SQLAlchemy: the receivables tab paints before it loads
    from ...services.bank_review import BankLineRow


@dataclass(frozen=True)
class PreviewRow:
    sequence: str
    booking_date: date
    amount_cents: int
    counterparty: str
    state: str  # new / already imported / to review / matched / unmatched / outgoing
    reason: str


def _formats(language: str):  # type: ignore[no-untyped-def]
    """Amounts and dates the Belgian way in the user's language ('1.234,56', 23/11/2026)."""
    return (lambda cents: i18n.format_amount(cents, language)), (lambda d: i18n.format_date(d, language))


def reason_amount(language: str):  # type: ignore[no-untyped-def]
    """Money inside a stored reason ('114.78') written the user's way ('114,78')."""

    def rewrite(value: str) -> str:
        try:
            return i18n.format_amount(to_cents(value), language)
        except ValidationError:  # not an amount after all: shown as stored
            return value

    return rewrite


STATUS_LABELS = {
    "review": "to review",
    "unmatched": "unmatched",
    "matched": "matched",
    "outgoing": "outgoing",
    "refund": "supplier refund (money in)",
    "ignored": "set aside",
}


def open_items_model(tr, as_of: date, language: str = "en") -> RowTableModel[InvoiceRow]:  # type: ignore[no-untyped-def]
    money, day = _formats(language)
    return RowTableModel(
        [
            Column(tr("Number"), lambda r: r.number or "", lambda r: r.number or ""),
            Column(tr("Customer"), lambda r: r.customer),
            Column(tr("Date"), lambda r: day(r.issue_date), lambda r: r.issue_date),
            Column(tr("Due"), lambda r: day(r.due_date) if r.due_date else "", lambda r: r.due_date),
            Column(tr("Total"), lambda r: money(r.total_cents), lambda r: r.total_cents, align_right=True),
            Column(tr("Open"), lambda r: money(r.open_cents), lambda r: r.open_cents, align_right=True),
            Column(
                tr("Days late"),
                lambda r: str(days_past_due(r.due_date, as_of)),
                lambda r: days_past_due(r.due_date, as_of),
                align_right=True,
                foreground=lambda r: "#b00020" if days_past_due(r.due_date, as_of) > 0 else None,
            ),
        ]
    )


def bank_lines_model(tr, language: str = "en") -> RowTableModel[BankLineRow]:  # type: ignore[no-untyped-def]
    money, day = _formats(language)
    amount = reason_amount(language)
    return RowTableModel(
        [
            Column(tr("Date"), lambda r: day(r.booking_date), lambda r: r.booking_date),
            Column(tr("Amount"), lambda r: money(r.amount_cents), lambda r: r.amount_cents, align_right=True),
            Column(tr("Counterparty"), lambda r: r.counterparty),
            Column(tr("Communication"), lambda r: r.communication[:80], tooltip=lambda r: r.communication),
            Column(tr("Status"), lambda r: tr(STATUS_LABELS.get(r.status, r.status))),
            Column(tr("Reason"), lambda r: r.explain(tr, amount), tooltip=lambda r: r.explain(tr, amount)),
        ]
    )


def preview_model(tr, language: str = "en") -> RowTableModel[PreviewRow]:  # type: ignore[no-untyped-def]
    money, day = _formats(language)
    return RowTableModel(
        [
            Column("#", lambda r: r.sequence),
            Column(tr("Date"), lambda r: day(r.booking_date), lambda r: r.booking_date),
            Column(tr("Amount"), lambda r: money(r.amount_cents), lambda r: r.amount_cents, align_right=True),
            Column(tr("Counterparty"), lambda r: r.counterparty),
            Column(tr("Status"), lambda r: tr(r.state)),
            Column(tr("Reason"), lambda r: r.reason, tooltip=lambda r: r.reason),
        ]
    )
