"""Table models of the reminders tab: proposed letters and their invoices, skipped, work due, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ...domain.references import format as format_ogm
from ...i18n import LANGUAGES, format_amount, format_date
from .rows import Column, RowTableModel

Tr = Callable[..., str]
OFTEN_COLOUR = "#b00020"


def _formats(language: str) -> tuple[Callable[[int], str], Callable[[date | None], str]]:
    """Amounts and dates the way the user reads them ('1.234,56', '23/11/2026')."""
    language = language if language in LANGUAGES else "nl"
    return (lambda cents: format_amount(cents, language)), (lambda value: format_date(value, language) if value else "")


def letters_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    return RowTableModel(
        [
            Column(tr("Customer"), lambda r: r.customer, lambda r: r.customer.casefold()),
            Column(tr("Level"), lambda r: str(r.level), lambda r: r.level, align_right=True),
            Column(tr("Channel"), lambda r: tr(r.channel)),
            Column(tr("Invoices"), lambda r: str(len(r.items)), lambda r: len(r.items), align_right=True),
            Column(tr("Total"), lambda r: _money(r.total_cents), lambda r: r.total_cents, align_right=True),
            Column(tr("Pay by"), lambda r: _date(r.pay_by), lambda r: r.pay_by),
            Column(tr("Structured communication"), lambda r: format_ogm(r.structured_communication)),
            Column(tr("Note"), lambda r: r.note),
        ]
    )


def items_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    return RowTableModel(
        [
            Column(tr("Invoice"), lambda r: r.number),
            Column(tr("Due date"), lambda r: _date(r.due_date), lambda r: r.due_date),
            Column(tr("Level"), lambda r: str(r.level), lambda r: r.level, align_right=True),
            Column(tr("Open amount"), lambda r: _money(r.open_cents), lambda r: r.open_cents, align_right=True),
            Column(tr("Compensation"), lambda r: _money(r.fee_cents), lambda r: r.fee_cents, align_right=True),
            Column(
                tr("Interest"),
                lambda r: _money(r.interest_cents),
                lambda r: r.interest_cents,
                align_right=True,
                tooltip=lambda r: "; ".join(w.translated(tr) for w in r.warnings) or None,
            ),
            Column(tr("Total"), lambda r: _money(r.total_cents), lambda r: r.total_cents, align_right=True),
        ]
    )


def skipped_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    return RowTableModel(
        [
            Column(tr("Invoice"), lambda r: r.number),
            Column(tr("Customer"), lambda r: r.customer, lambda r: r.customer.casefold()),
            Column(tr("Reason"), lambda r: r.why.translated(tr)),
        ]
    )


def work_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    return RowTableModel(
        [
            Column(tr("Due on"), lambda r: _date(r.due), lambda r: r.due),
            Column(tr("What"), lambda r: tr(r.kind)),
            Column(tr("Customer"), lambda r: r.customer, lambda r: r.customer.casefold()),
            Column(tr("Invoice"), lambda r: r.invoice),
            Column(
                tr("Amount"),
                lambda r: _money(r.amount_cents) if r.amount_cents else "",
                lambda r: r.amount_cents,
                align_right=True,
            ),
            Column(tr("Note"), lambda r: r.note),
        ]
    )


def customer_history_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    often: Callable[[object], str | None] = lambda r: OFTEN_COLOUR if r.often else None  # type: ignore[attr-defined]  # noqa: E731
    return RowTableModel(
        [
            Column(
                tr("Customer"),
                lambda r: r.customer,
                lambda r: r.customer.casefold(),
                foreground=often,
                tooltip=lambda r: tr("Reminded often") if r.often else None,
            ),
            Column(
                tr("Letters (12 months)"),
                lambda r: str(r.letters_12m),
                lambda r: r.letters_12m,
                align_right=True,
                foreground=often,
            ),
            Column(tr("Letters"), lambda r: str(r.letters_total), lambda r: r.letters_total, align_right=True),
            Column(tr("Last letter"), lambda r: _date(r.last_letter), lambda r: r.last_letter),
            Column(tr("Highest level"), lambda r: str(r.highest_level), lambda r: r.highest_level, align_right=True),
        ]
    )


def invoice_history_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    return RowTableModel(
        [
            Column(tr("Date"), lambda r: _date(r.on), lambda r: r.on),
            Column(tr("Invoice"), lambda r: r.invoice),
            Column(tr("Letter"), lambda r: r.letter),
            Column(tr("Level"), lambda r: str(r.level), lambda r: r.level, align_right=True),
            Column(tr("Channel"), lambda r: tr(r.channel)),
            Column(tr("Open amount"), lambda r: _money(r.open_cents), lambda r: r.open_cents, align_right=True),
            Column(tr("Compensation"), lambda r: _money(r.fee_cents), lambda r: r.fee_cents, align_right=True),
            Column(tr("Interest"), lambda r: _money(r.interest_cents), lambda r: r.interest_cents, align_right=True),
        ]
    )


def events_model(tr: Tr, language: str = "nl") -> RowTableModel:
    _money, _date = _formats(language)
    return RowTableModel(
        [
            Column(tr("Date"), lambda r: _date(r.on), lambda r: r.on),
            Column(tr("What happened"), lambda r: _event_text(tr, r.what, language)),
        ]
    )


def money(cents: int, language: str) -> str:
    return _formats(language)[0](cents)


AMOUNT_KEYS = {"amount", "open", "fee", "interest", "total"}
DATE_KEYS = {"promised", "due"}


def _event_text(tr: Tr, what, language: str) -> str:  # type: ignore[no-untyped-def]
    """The event in the user's language: its channel word ('letter' -> 'brief'), amounts and dates
    written the user's way (the log keeps '1000.00' and '2026-03-20')."""
    from ...domain.errors import DomainError
    from ...domain.money import to_cents

    _money, _date = _formats(language)
    args = {}
    for key, value in what.args:
        try:
            if key in ("channel", "reason_text"):  # a word or sentence of the log, in the user's language
                value = tr(value)
            elif key in AMOUNT_KEYS and value:
                value = _money(to_cents(value))
            elif key in DATE_KEYS and value:
                value = _date(date.fromisoformat(value))
        except (ValueError, ArithmeticError, DomainError):
            pass  # an odd value from an old log is shown as it was written
        args[key] = value
    return tr(what.template, **args).strip()
