"""The outbox's rows as a table: document, customer, channel, state, attempts, when, recipient, the other side's answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...services.outbox import DeliveryRow
from ..context import AppContext
from .rows import Column, RowTableModel

STATE_NAMES = {"queued": "queued", "sending": "sending", "sent": "sent", "delivered": "delivered", "failed": "failed"}
CHANNEL_NAMES = {"peppol": "Peppol", "email": "E-mail", "post": "Post"}
STATE_COLOURS = {"failed": "#b00020", "queued": "#8a6d00", "sending": "#8a6d00"}


KIND_NAMES = {"quote": "Quote", "statement": "Statement of account", "accountant_pack": "Accounting documents"}


def document_text(ctx: AppContext, kind: str, number: str) -> str:
    """How a delivered document is named: its number, with its kind when it is no invoice (a statement by
    its period, in the user's date format)."""
    if kind == "statement" and ".." in number:
        from datetime import date

        start, _, end = number.partition("..")
        try:
            number = f"{ctx.date(date.fromisoformat(start))} – {ctx.date(date.fromisoformat(end))}"
        except ValueError:
            pass
    name = KIND_NAMES.get(kind)
    return f"{ctx.tr(name)} {number}" if name else number


def _when(row: DeliveryRow) -> datetime:
    return row.delivered_at or row.sent_at or row.last_attempt_at or row.queued_at


def deliveries_model(ctx: AppContext, parent: Any = None) -> RowTableModel[DeliveryRow]:
    tr = ctx.tr

    def moment(row: DeliveryRow) -> str:
        when = _when(row)
        return f"{ctx.date(when.date())} {when:%H:%M}"

    columns: list[Column[DeliveryRow]] = [
        Column(
            tr("Document"),
            lambda r: document_text(ctx, r.document_kind, r.document_number),
            lambda r: r.document_number,
        ),
        Column(tr("Customer"), lambda r: r.customer, lambda r: r.customer.lower()),
        Column(tr("Channel"), lambda r: tr(CHANNEL_NAMES.get(r.channel, r.channel))),
        Column(
            tr("State"),
            lambda r: tr(STATE_NAMES.get(r.state, r.state)),
            foreground=lambda r: STATE_COLOURS.get(r.state),
        ),
        Column(tr("Attempts"), lambda r: str(r.attempts), lambda r: r.attempts, align_right=True),
        Column(tr("When"), moment, _when),
        Column(tr("To"), lambda r: r.recipient, tooltip=lambda r: r.recipient),
        # The other side's words, verbatim: never translated.
        Column(tr("Answer"), lambda r: r.answer.replace("\n", " "), tooltip=lambda r: r.answer or None),
    ]
    return RowTableModel(columns, parent=parent)
