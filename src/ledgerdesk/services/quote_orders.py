"""Order confirmations: what the customer ordered of an accepted quote, then invoiced from the order.

quote → order → invoice, each step whole or in parts. What an order takes is no longer left on the quote
(`quotes.taken` counts it), and what invoices take of an order is kept per order line
(`order_conversions`), so the quantities invoiced of a quote line, directly or through its orders, never
add up to more than the line: nothing is invoiced twice. An order confirmation is numbered in its own
series (`OC2026-0001`) when made and never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import deposits
from ..domain import quotes as rules
from ..domain.document import CommercialDocument, DocumentKind, Party, line_columns, line_of
from ..domain.errors import DomainError
from ..domain.invoicing import LineInput, totals_of
from ..domain.quotes import QuoteStatus
from ..i18n import format_date, gettext
from ..persistence.models import OrderConversion, Quote, QuoteOrder, QuoteOrderLine
from ..reports.model import OrderPrint
from . import invoicing, quotes

SERIES = "order"  # the number_series kind of order confirmations
ORDER_NUMBER_FORMAT = "OC{year}-{seq:04d}"


@dataclass(frozen=True)
class OrderRow:
    """One order confirmation as the lists show it, with what is left to invoice of it."""

    id: int
    number: str
    quote_id: int
    quote_number: str
    issue_date: date
    net_cents: int
    total_cents: int
    left: dict[int, Decimal]


def _order(session: Session, order_id: int) -> QuoteOrder:
    order = session.get(QuoteOrder, order_id)
    if order is None:
        raise DomainError(f"there is no order confirmation {order_id}")
    return order


def find_order(session: Session, number: str) -> int | None:
    """The id of the order confirmation with this number, None when there is none."""
    return session.scalar(select(QuoteOrder.id).where(QuoteOrder.number == number.strip()))


def make_order(
    session: Session,
    quote_id: int,
    *,
    on: date,
    lines: Mapping[int, Decimal | None] | None = None,
    now: datetime | None = None,
) -> tuple[int, str]:
    """An order confirmation of what is left of an accepted quote, or of part of it (`lines`: position from
    0 -> quantity, None for what is left of the line). Returns its id and number."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise DomainError(f"there is no quote {quote_id}")
    rules.check_convert(quotes.status_of(session, quote_id, on), quote.number)
    left = rules.left_to_invoice([line.quantity for line in quote.lines], quotes.taken(session, quote))
    wanted: Mapping[int, Decimal | None] = lines if lines is not None else dict.fromkeys(left)
    taking = rules.check_take(quote.number, wanted, left, len(quote.lines))
    order_lines = [(quote.lines[p], replace(line_of(quote.lines[p]), quantity=q)) for p, q in sorted(taking.items())]
    totals = totals_of([line for _, line in order_lines])
    year = on.year
    number, seq = invoicing._take_number(session, SERIES, year, ORDER_NUMBER_FORMAT)  # noqa: SLF001
    order = QuoteOrder(
        quote_id=quote.id,
        number=number,
        number_year=year,
        number_seq=seq,
        issue_date=on,
        language=quote.language,
        seller=quote.seller or {},
        buyer=quote.buyer or {},
        net_cents=totals.net_cents,
        vat_cents=totals.vat_cents,
        total_cents=totals.total_cents,
        created_at=now or datetime.now(),
    )
    session.add(order)
    session.flush()
    for i, (quote_line, line) in enumerate(order_lines):
        session.add(
            QuoteOrderLine(
                order_id=order.id, quote_line_id=quote_line.id, net_cents=line.net_cents, **line_columns(line, i)
            )
        )
    session.flush()
    nothing_left = not quotes.left_to_invoice(session, quote.id)
    quote.status = (QuoteStatus.CONVERTED if nothing_left else QuoteStatus.ACCEPTED).value
    quotes.record_event(session, quote, "ordered", on, now, order=number, lines=quotes.taken_lines(taking))
    session.flush()
    return order.id, number


def left_on_order(session: Session, order_id: int) -> dict[int, Decimal]:
    """What is left to invoice of each line of an order confirmation, by position from 0."""
    order = _order(session, order_id)
    took: dict[int, Decimal] = {}
    positions = {line.id: line.position for line in order.lines}
    query = select(OrderConversion.order_line_id, OrderConversion.quantity).where(
        OrderConversion.order_line_id.in_(positions)
    )
    for line_id, quantity in session.execute(query):
        took[positions[line_id]] = took.get(positions[line_id], Decimal(0)) + quantity
    return rules.left_to_invoice([line.quantity for line in order.lines], took)


def parts_left(session: Session, order_id: int) -> list[quotes.PartRow]:
    """The order's lines with what is left to invoice of each."""
    order = _order(session, order_id)
    left = left_on_order(session, order_id)
    return [
        quotes.PartRow(line.position, line.description, line.unit, line.quantity, left.get(line.position, Decimal(0)))
        for line in order.lines
    ]


def convert_order_to_invoice(
    session: Session,
    order_id: int,
    *,
    on: date,
    lines: Mapping[int, Decimal | None] | None = None,
    now: datetime | None = None,
) -> int:
    """A draft invoice of what is left of an order confirmation, or of part of it. The invoice that leaves
    nothing to invoice on the quote and its orders deducts the quote's advance invoices."""
    order = _order(session, order_id)
    quote = order.quote
    left = left_on_order(session, order_id)
    if not left:
        raise DomainError(f"order confirmation {order.number} is invoiced")
    wanted: Mapping[int, Decimal | None] = lines if lines is not None else dict.fromkeys(left)
    taking = rules.check_take(order.number, wanted, left, len(order.lines), order=True)
    _ = gettext(quote.language)
    invoice_lines: list[LineInput] = [replace(line_of(order.lines[p]), quantity=q) for p, q in sorted(taking.items())]
    # The last invoice of the job (nothing left on the quote nor on any of its orders) deducts the advances.
    done = not quotes.left_to_invoice(session, quote.id) and _only_this_left(session, quote.id, order.id, taking)
    advances = quotes._advances_to_deduct(session, quote) if done else []  # noqa: SLF001
    for advance in advances:
        invoice_lines += deposits.deduction_lines(
            [line_of(line) for line in advance.lines],
            _("Advance invoice {number} of {date}").format(
                number=advance.number, date=format_date(advance.issue_date, quote.language)
            ),
        )
    take = quotes.Take(quote.id, order.number, {}, done, tuple(a.id for a in advances), ())
    quotes.check_final_total(take, invoice_lines)
    following = _("Following our order confirmation {number} of {date}.")
    invoice_id = quotes.draft_following(
        session, quote, following, order.number, order.issue_date, invoice_lines, on=on, now=now
    )
    for p, q in sorted(taking.items()):
        session.add(
            OrderConversion(
                order_line_id=order.lines[p].id, invoice_id=invoice_id, quantity=q, created_at=now or datetime.now()
            )
        )
    quotes.mark_deducted(session, take.advances, invoice_id)
    quote.invoice_id = invoice_id
    lines_taken = quotes.taken_lines(taking)
    quotes.record_event(
        session, quote, "invoiced_from_order", on, now, order=order.number, invoice_id=invoice_id, lines=lines_taken
    )
    session.flush()
    return invoice_id


def _only_this_left(session: Session, quote_id: int, order_id: int, taking: Mapping[int, Decimal]) -> bool:
    """Whether, once `taking` is invoiced of this order, no order of the quote has anything left."""
    for other_id in session.scalars(select(QuoteOrder.id).where(QuoteOrder.quote_id == quote_id)):
        left = left_on_order(session, other_id)
        if other_id == order_id:
            left = {p: q for p, q in left.items() if taking.get(p) != q}
        if left:
            return False
    return True


def list_orders(session: Session, quote_id: int | None = None) -> list[OrderRow]:
    """Order confirmations, newest first, each with what is left to invoice of it."""
    query = select(QuoteOrder).order_by(QuoteOrder.issue_date.desc(), QuoteOrder.id.desc())
    if quote_id is not None:
        query = query.where(QuoteOrder.quote_id == quote_id)
    return [
        OrderRow(
            id=o.id,
            number=o.number,
            quote_id=o.quote_id,
            quote_number=o.quote.number or "",
            issue_date=o.issue_date,
            net_cents=o.net_cents,
            total_cents=o.total_cents,
            left=left_on_order(session, o.id),
        )
        for o in session.scalars(query)
    ]


def order_document(session: Session, order_id: int) -> CommercialDocument:
    """The order confirmation as the commercial document (kind `order`), from what was stored."""
    order = _order(session, order_id)
    return CommercialDocument(
        kind=DocumentKind.ORDER,
        number=order.number,
        language=order.language if order.language in ("nl", "fr", "en") else "nl",
        issue_date=order.issue_date,
        seller=Party.from_snapshot(order.seller),
        buyer=Party.from_snapshot(order.buyer),
        lines=tuple(line_of(line) for line in order.lines),
        currency=order.quote.currency or "EUR",
        payment_terms_days=order.quote.payment_terms_days,
        notes=order.quote.notes or "",
    )


def order_print(session: Session, order_id: int) -> OrderPrint:
    from .documents import document_settings

    order = _order(session, order_id)
    return OrderPrint(
        document=order_document(session, order_id),
        quote_number=order.quote.number or "",
        quote_date=order.quote.issue_date,
        terms=order.quote.terms,
        settings=document_settings(session),
    )


def write_order_pdf(session: Session, order_id: int, target: str | Path | IO[bytes]) -> OrderPrint:
    """Render an order confirmation to a path or binary file; returns what was printed."""
    from ..reports.order_pdf import render_order

    printed = order_print(session, order_id)
    render_order(printed, target)
    return printed
