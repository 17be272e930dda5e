"""Quotes: write a draft, send it (its own number series), record the customer's decision, make the invoice.

One function per user intent, each in the caller's transaction. The rules of each change are in
`domain.quotes`; the number, structured communication and party snapshots come from the same
`domain.document.issue_step` as an invoice's, with the quote's own series (`number_series` kind
'quote'), so the gapless invoice series is never touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain import deposits
from ..domain import quotes as rules
from ..domain.document import (
    CommercialDocument,
    DocumentKind,
    Numbering,
    Party,
    PaymentRequest,
    issue_step,
    line_columns,
    line_of,
)
from ..domain.errors import DomainError
from ..domain.invoicing import LineInput, totals_of
from ..domain.money import fmt_cents
from ..domain.quotes import QuoteStatus
from ..i18n import format_date, gettext
from ..persistence.models import (
    Customer,
    Invoice,
    OrderConversion,
    Quote,
    QuoteAdvance,
    QuoteConversion,
    QuoteEvent,
    QuoteLine,
    QuoteOrder,
    QuoteOrderLine,
    WorkSlip,
)
from ..reports.model import QuotePrint
from . import invoicing
from .company import get_company

SERIES = "quote"  # the number_series kind of quotes


@dataclass
class QuoteData:
    """What the quote editor (or the command line) gives for a draft."""

    customer_id: int
    issue_date: date
    lines: Sequence[LineInput]
    valid_until: date | None = None
    terms: str = ""
    notes: str = ""
    deposit_cents: int | None = None
    payment_terms_days: int | None = None
    language: str | None = None
    ref: str | None = None
    planned_month: str | None = None  # "2026-12": when the work is planned (the month's forecast)


@dataclass(frozen=True)
class QuoteRow:
    """One quote as the list shows it, with its status as of the day asked for."""

    id: int
    number: str | None
    customer_id: int
    customer: str
    issue_date: date
    valid_until: date
    status: QuoteStatus
    net_cents: int
    total_cents: int
    deposit_cents: int | None
    invoice_number: str | None
    planned_month: str | None = None


@dataclass(frozen=True)
class QuoteEventRow:
    on_date: date
    kind: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class QuoteView:
    """A quote as the editor and the PDF show it, detached from the session."""

    id: int
    status: QuoteStatus
    customer_id: int
    customer_name: str
    document: CommercialDocument
    valid_until: date
    terms: str
    deposit_cents: int | None
    refusal_reason: str
    decided_on: date | None
    invoice_id: int | None
    history: tuple[QuoteEventRow, ...]
    planned_month: str | None = None

    @property
    def deposit(self) -> PaymentRequest | None:
        """The deposit asked: an amount without VAT, to pay with the quote's structured communication."""
        if not self.deposit_cents:
            return None
        doc = self.document
        return PaymentRequest(
            amount_cents=self.deposit_cents,
            due_date=self.valid_until,
            beneficiary=doc.seller.name,
            iban=doc.seller.iban,
            bic=doc.seller.bic,
            ogm=doc.structured_communication,
        )


def _get(session: Session, quote_id: int) -> Quote:
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise DomainError(f"there is no quote {quote_id}")
    return quote


def record_event(session: Session, quote: Quote, kind: str, on: date, now: datetime | None, **detail: Any) -> None:
    """Add a step to the quote's history (its orders and invoices included)."""
    session.add(QuoteEvent(quote_id=quote.id, at=now or datetime.now(), on_date=on, kind=kind, detail=detail))


def _customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    return customer


def _apply(session: Session, quote: Quote, data: QuoteData) -> None:
    """Check and store what was typed (the same line and regime rules as an invoice's)."""
    if not data.lines:
        raise DomainError("a quote needs at least one line")
    invoicing._check_regime(get_company(session), data.lines)  # noqa: SLF001 - the one franchise rule
    customer = _customer(session, data.customer_id)
    totals = totals_of(data.lines)
    valid_until = data.valid_until or rules.default_valid_until(data.issue_date)
    rules.check_validity(data.issue_date, valid_until)
    rules.check_deposit(data.deposit_cents, totals.total_cents)
    quote.customer = customer
    quote.issue_date = data.issue_date
    quote.valid_until = valid_until
    quote.payment_terms_days = data.payment_terms_days
    quote.language = data.language or customer.language
    quote.terms = data.terms.strip()
    quote.notes = data.notes
    quote.deposit_cents = data.deposit_cents
    quote.planned_month = rules.check_planned_month(data.planned_month)
    quote.lines = [QuoteLine(**line_columns(line, i), net_cents=line.net_cents) for i, line in enumerate(data.lines)]
    quote.net_cents, quote.vat_cents, quote.total_cents = totals.net_cents, totals.vat_cents, totals.total_cents


def create_draft(session: Session, data: QuoteData, *, now: datetime | None = None) -> int:
    quote = Quote(status=QuoteStatus.DRAFT.value, ref=data.ref, created_at=now or datetime.now())
    _apply(session, quote, data)
    session.add(quote)
    session.flush()
    record_event(session, quote, "created", data.issue_date, now)
    session.flush()
    return quote.id


def update_draft(session: Session, quote_id: int, data: QuoteData) -> None:
    quote = _get(session, quote_id)
    rules.check_editable(quote.status, quote.number)
    _apply(session, quote, data)
    session.flush()


def save_draft(session: Session, quote_id: int | None, data: QuoteData) -> int:
    """Create or update a draft; the quote editor's 'Save draft'."""
    if quote_id is None:
        return create_draft(session, data)
    update_draft(session, quote_id, data)
    return quote_id


def save_and_send(session: Session, quote_id: int | None, data: QuoteData) -> tuple[int, str]:
    """The editor's 'Send': what was typed is saved and numbered in one transaction."""
    quote_id = save_draft(session, quote_id, data)
    return quote_id, send(session, quote_id)


def delete_draft(session: Session, quote_id: int) -> None:
    quote = _get(session, quote_id)
    if quote.status != QuoteStatus.DRAFT:
        raise DomainError(f"quote {quote.number} is sent and can never be deleted; refuse it instead")
    session.delete(quote)
    session.flush()


def _document(session: Session, quote: Quote, numbering: Numbering | None = None) -> CommercialDocument:
    """The quote as the commercial document: as sent (its snapshots), or a draft through the issue step."""
    value = CommercialDocument(
        kind=DocumentKind.QUOTE,
        number=quote.number,
        language=quote.language if quote.language in ("nl", "fr", "en") else "nl",
        issue_date=quote.issue_date,
        seller=Party.from_snapshot(quote.seller),
        buyer=Party.from_snapshot(quote.buyer),
        lines=tuple(line_of(line) for line in quote.lines),
        currency=quote.currency or "EUR",
        payment_terms_days=quote.payment_terms_days,
        structured_communication=quote.structured_communication,
        notes=quote.notes or "",
        draft=quote.status == QuoteStatus.DRAFT,
    )
    if quote.status != QuoteStatus.DRAFT and numbering is None:
        return value
    company = get_company(session)
    return issue_step(
        value,
        numbering=numbering,
        seller=Party.from_snapshot(invoicing.party_snapshot_company(company)),
        buyer=Party.from_snapshot(invoicing.party_snapshot_customer(quote.customer)),
        customer_terms=quote.customer.payment_terms_days,
        company_terms=company.payment_terms_days,
    )


def send(session: Session, quote_id: int, *, on: date | None = None, now: datetime | None = None) -> str:
    """Number the quote in its own series and freeze it as the customer will receive it. It is not sent
    yet: the outbox's delivery or `mark_sent` (handed over, sent another way) says when it left."""
    quote = _get(session, quote_id)
    rules.check_send(quote.status, quote.number, quote.total_cents)
    if on is not None:
        if quote.valid_until < on:
            rules.check_validity(on, quote.valid_until)
        quote.issue_date = on
    company = get_company(session)
    year = quote.issue_date.year
    number, seq = invoicing._take_number(session, SERIES, year, rules.QUOTE_NUMBER_FORMAT)  # noqa: SLF001
    sent = _document(session, quote, Numbering(number, year, seq))
    quote.number, quote.number_year, quote.number_seq = number, year, seq
    quote.structured_communication = sent.structured_communication
    quote.payment_terms_days = sent.payment_terms_days
    quote.seller = invoicing.party_snapshot_company(company)
    quote.buyer = invoicing.party_snapshot_customer(quote.customer)
    quote.sent_at = now or datetime.now()
    quote.status = QuoteStatus.SENT.value
    session.flush()
    record_event(session, quote, "numbered", quote.issue_date, now, number=number, total=str(quote.total_cents))
    session.flush()
    return number


def _left(session: Session, quote_id: int) -> bool:
    """Whether the quote left: its history holds a delivery or the user's word (`rules.SENT_EVENTS`)."""
    found = session.scalar(
        select(QuoteEvent.id).where(QuoteEvent.quote_id == quote_id, QuoteEvent.kind.in_(rules.SENT_EVENTS)).limit(1)
    )
    return found is not None


def mark_sent(session: Session, quote_id: int, *, on: date, how: str = "", now: datetime | None = None) -> str:
    """The user says a numbered quote left another way than the outbox (handed over, own mailbox); `how`
    is kept in the history. Returns the quote's number."""
    quote = _get(session, quote_id)
    rules.check_mark_sent(quote.status, quote.number, left=_left(session, quote.id))
    record_event(session, quote, "marked_sent", on, now, how=how.strip())
    session.flush()
    return quote.number or ""


def find_quote(session: Session, number: str) -> int:
    """The id of the quote with this number; one clear error otherwise."""
    number = number.strip()
    found = session.scalar(select(Quote.id).where(Quote.number == number))
    if found is None:
        raise DomainError(f"there is no quote numbered {number} (a draft has no number until it is sent)")
    return found


def accept(
    session: Session, quote_id: int, *, on: date, now: datetime | None = None, payment_id: int | None = None
) -> str:
    """The customer accepted (signed, or paid the deposit: `payment_id`); returns the quote's number."""
    quote = _get(session, quote_id)
    rules.check_decision(quote.status, quote.number, quote.valid_until, on, accept=True)
    quote.status = QuoteStatus.ACCEPTED.value
    quote.decided_on = on
    session.flush()
    detail: dict[str, Any] = {"payment_id": payment_id} if payment_id is not None else {}
    record_event(session, quote, "accepted", on, now, **detail)
    session.flush()
    return quote.number or ""


def refuse(session: Session, quote_id: int, *, on: date, reason: str = "", now: datetime | None = None) -> str:
    """The customer refused, with the reason if one was given (kept in the history); returns the number."""
    quote = _get(session, quote_id)
    rules.check_decision(quote.status, quote.number, quote.valid_until, on, accept=False)
    quote.status = QuoteStatus.REFUSED.value
    quote.decided_on = on
    quote.refusal_reason = reason.strip()
    session.flush()
    record_event(session, quote, "refused", on, now, reason=quote.refusal_reason)
    session.flush()
    return quote.number or ""


def taken(session: Session, quote: Quote) -> dict[int, Decimal]:
    """How much of each line (by position) is no longer left on the quote: what invoices took of it
    (drafts included) and what order confirmations took (their invoices then take from the order)."""
    return taken_of(session, [quote.id]).get(quote.id, {})


def taken_of(session: Session, quote_ids: Sequence[int]) -> dict[int, dict[int, Decimal]]:
    """`taken` for several quotes at once: quote id -> line position -> quantity."""
    found: dict[int, dict[int, Decimal]] = {}
    invoiced = (
        select(QuoteLine.quote_id, QuoteLine.position, QuoteConversion.quantity)
        .join(QuoteConversion, QuoteConversion.quote_line_id == QuoteLine.id)
        .where(QuoteLine.quote_id.in_(quote_ids))
    )
    ordered = (
        select(QuoteLine.quote_id, QuoteLine.position, QuoteOrderLine.quantity)
        .join(QuoteOrderLine, QuoteOrderLine.quote_line_id == QuoteLine.id)
        .where(QuoteLine.quote_id.in_(quote_ids))
    )
    for query in (invoiced, ordered):
        for quote_id, position, quantity in session.execute(query):
            lines = found.setdefault(quote_id, {})
            lines[position] = lines.get(position, Decimal(0)) + quantity
    return found


def orders_left(session: Session, quote_id: int) -> bool:
    """Whether an order confirmation of the quote still has something to invoice."""
    ordered = session.scalar(
        select(func.count(QuoteOrderLine.id)).join(QuoteOrder).where(QuoteOrder.quote_id == quote_id)
    )
    if not ordered:
        return False
    left: dict[int, Decimal] = {}
    query = select(QuoteOrderLine.id, QuoteOrderLine.quantity).join(QuoteOrder).where(QuoteOrder.quote_id == quote_id)
    for line_id, quantity in session.execute(query):
        left[line_id] = quantity
    conversions = select(OrderConversion.order_line_id, OrderConversion.quantity).where(
        OrderConversion.order_line_id.in_(left)
    )
    for line_id, quantity in session.execute(conversions):
        left[line_id] -= quantity
    return any(rest != 0 for rest in left.values())


@dataclass(frozen=True)
class PartRow:
    """One line of a quote or order confirmation with what is left of it (to order or to invoice)."""

    position: int
    description: str
    unit: str
    quantity: Decimal
    left: Decimal


def parts_left(session: Session, quote_id: int) -> list[PartRow]:
    """The quote's lines with what is left of each, for choosing a part to order or invoice."""
    quote = _get(session, quote_id)
    left = rules.left_to_invoice([line.quantity for line in quote.lines], taken(session, quote))
    return [
        PartRow(line.position, line.description, line.unit, line.quantity, left.get(line.position, Decimal(0)))
        for line in quote.lines
    ]


def left_to_invoice(session: Session, quote_id: int) -> dict[int, Decimal]:
    """What is left to invoice of each line of a quote, by position from 0 (lines with nothing left omitted)."""
    quote = _get(session, quote_id)
    return rules.left_to_invoice([line.quantity for line in quote.lines], taken(session, quote))


def _advances_to_deduct(session: Session, quote: Quote) -> list[Invoice]:
    """The advance invoices of a quote that no invoice deducts yet, oldest first."""
    return list(
        session.scalars(
            select(Invoice)
            .join(QuoteAdvance, QuoteAdvance.invoice_id == Invoice.id)
            .where(QuoteAdvance.quote_id == quote.id, QuoteAdvance.deducted_in_id.is_(None))
            .order_by(Invoice.id)
        )
    )


def status_of(session: Session, quote_id: int, as_of: date) -> QuoteStatus:
    """A quote's status as of a day (a converted quote with something left again is accepted)."""
    return _status(session, _get(session, quote_id), as_of)


def _status(session: Session, quote: Quote, as_of: date) -> QuoteStatus:
    """The status as of a day; a converted quote with something left (an invoice draft deleted) is accepted."""
    if quote.status == QuoteStatus.CONVERTED and left_to_invoice(session, quote.id):
        return QuoteStatus.ACCEPTED
    left = quote.status != QuoteStatus.SENT or _left(session, quote.id)
    return rules.effective_status(quote.status, quote.valid_until, as_of, left=left)


@dataclass(frozen=True)
class Take:
    """What one invoice takes of a quote: quantities by line position, whether that is all that was left,
    and the advance invoices it then deducts (the final invoice) with their deduction lines."""

    quote_id: int
    number: str | None
    taking: dict[int, Decimal]
    done: bool
    advances: tuple[int, ...]
    deductions: tuple[LineInput, ...]


def plan_take(session: Session, quote_id: int, requested: Mapping[int, Decimal | None] | None, *, on: date) -> Take:
    """Check what an invoice may take of an accepted quote (None: all that is left); reads only."""
    quote = _get(session, quote_id)
    rules.check_convert(_status(session, quote, on), quote.number)
    left = rules.left_to_invoice([line.quantity for line in quote.lines], taken(session, quote))
    wanted: Mapping[int, Decimal | None] = requested if requested is not None else dict.fromkeys(left)
    taking = rules.check_take(quote.number, wanted, left, len(quote.lines))
    done = all(left[p] == taking.get(p) for p in left) and not orders_left(session, quote.id)
    advances = _advances_to_deduct(session, quote) if done else []
    _ = gettext(quote.language)
    deductions: list[LineInput] = []
    for advance in advances:  # the final invoice takes each advance off, in its own VAT rates
        deductions += deposits.deduction_lines(
            [line_of(line) for line in advance.lines],
            _("Advance invoice {number} of {date}").format(
                number=advance.number, date=format_date(advance.issue_date, quote.language)
            ),
        )
    return Take(quote.id, quote.number, taking, done, tuple(a.id for a in advances), tuple(deductions))


def check_final_total(take: Take, lines: Sequence[LineInput]) -> None:
    """A final invoice deducting advances never becomes a credit note."""
    total = totals_of(lines).total_cents
    if take.advances and total <= 0:
        raise DomainError(
            f"the advances of quote {take.number} are more than what is left to invoice ({fmt_cents(total)})"
        )


def mark_deducted(session: Session, advance_ids: Sequence[int], invoice_id: int) -> None:
    """The final invoice deducts these advance invoices (a deleted draft gives them back: SET NULL)."""
    for advance_id in advance_ids:
        session.execute(
            update(QuoteAdvance).where(QuoteAdvance.invoice_id == advance_id).values(deducted_in_id=invoice_id)
        )


def record_take(session: Session, take: Take, invoice_id: int, *, on: date, now: datetime | None = None) -> None:
    """Keep what the invoice took (so it is never taken again), the advances it deducts, the quote's status."""
    quote = _get(session, take.quote_id)
    for position, quantity in sorted(take.taking.items()):
        session.add(
            QuoteConversion(
                quote_line_id=quote.lines[position].id,
                invoice_id=invoice_id,
                quantity=quantity,
                created_at=now or datetime.now(),
            )
        )
    mark_deducted(session, take.advances, invoice_id)
    session.flush()
    nothing_left = not left_to_invoice(session, quote.id)
    quote.status = (QuoteStatus.CONVERTED if nothing_left else QuoteStatus.ACCEPTED).value
    quote.invoice_id = invoice_id
    session.flush()
    detail = {"invoice_id": invoice_id, "lines": taken_lines(take.taking)}
    record_event(session, quote, "converted" if nothing_left else "invoiced_in_part", on, now, **detail)
    session.flush()


def convert_to_invoice(
    session: Session,
    quote_id: int,
    *,
    on: date,
    lines: Mapping[int, Decimal | None] | None = None,
    now: datetime | None = None,
) -> int:
    """A draft invoice with what is left of an accepted quote, or with part of it: `lines` maps a line's
    position (from 0) to the quantity to invoice now (None: what is left of it). What each invoice took is
    kept, so no part of a quote is ever invoiced twice; the quote is converted when nothing is left, and
    that final invoice deducts the quote's advance invoices."""
    take = plan_take(session, quote_id, lines, on=on)
    quote = _get(session, quote_id)
    _ = gettext(quote.language)
    invoice_lines = [replace(line_of(quote.lines[p]), quantity=q) for p, q in sorted(take.taking.items())]
    invoice_lines += take.deductions
    check_final_total(take, invoice_lines)
    following = _("Following our quote {number} of {date}.")
    invoice_id = draft_following(
        session, quote, following, quote.number, quote.issue_date, invoice_lines, on=on, now=now
    )
    record_take(session, take, invoice_id, on=on, now=now)
    return invoice_id


def draft_following(
    session: Session,
    quote: Quote,
    following: str,
    number: str | None,
    issued: date,
    lines: Sequence[LineInput],
    *,
    on: date,
    now: datetime | None,
) -> int:
    """A draft invoice of `lines` to the quote's customer, in its terms and language, whose notes start by
    naming the document it follows (`following`: a translated text with {number} and {date}), so the
    customer can match the invoice to what they agreed to."""
    mention = following.format(number=number, date=format_date(issued, quote.language))
    return invoicing.create_draft(
        session,
        invoicing.DraftData(
            customer_id=quote.customer_id,
            issue_date=on,
            lines=lines,
            payment_terms_days=quote.payment_terms_days,
            notes="\n".join(part for part in (mention, quote.notes) if part),
            language=quote.language,
        ),
        now=now,
    )


def taken_lines(taking: Mapping[int, Decimal]) -> dict[str, str]:
    """What a step took of each line, as the history keeps it: position from 1 -> quantity."""
    return {str(p + 1): str(q) for p, q in sorted(taking.items())}


def list_quotes(
    session: Session, as_of: date, *, status: QuoteStatus | None = None, customer_id: int | None = None
) -> list[QuoteRow]:
    """Quotes, newest first, each with its status as of `as_of` (filtered in SQL). The stored status is
    right: the book puts a converted quote back to accepted when a draft invoice made from it is deleted;
    a numbered quote is ready or sent by whether its history says it left."""
    left = (
        select(QuoteEvent.id)
        .where(QuoteEvent.quote_id == Quote.id, QuoteEvent.kind.in_(rules.SENT_EVENTS))
        .exists()
        .correlate(Quote)
    )
    query = (
        select(
            Quote.id,
            Quote.number,
            Quote.customer_id,
            Customer.name,
            Quote.issue_date,
            Quote.valid_until,
            Quote.status,
            Quote.net_cents,
            Quote.total_cents,
            Quote.deposit_cents,
            Invoice.number,
            Quote.planned_month,
            left,
        )
        .join(Customer, Customer.id == Quote.customer_id)
        .outerjoin(Invoice, Invoice.id == Quote.invoice_id)
        .order_by(Quote.issue_date.desc(), Quote.id.desc())
    )
    if customer_id is not None:
        query = query.where(Quote.customer_id == customer_id)
    if status is QuoteStatus.EXPIRED:
        query = query.where(Quote.status == "sent", Quote.valid_until < as_of)
    elif status is QuoteStatus.SENT:
        query = query.where(Quote.status == "sent", Quote.valid_until >= as_of, left)
    elif status is QuoteStatus.READY:
        query = query.where(Quote.status == "sent", Quote.valid_until >= as_of, ~left)
    elif status is not None:
        query = query.where(Quote.status == status.value)
    return [
        QuoteRow(
            id=r[0],
            number=r[1],
            customer_id=r[2],
            customer=r[3],
            issue_date=r[4],
            valid_until=r[5],
            status=rules.effective_status(r[6], r[5], as_of, left=bool(r[12])),
            net_cents=r[7],
            total_cents=r[8],
            deposit_cents=r[9],
            invoice_number=r[10],
            planned_month=r[11],
        )
        for r in session.execute(query)
    ]


def history(session: Session, quote_id: int, as_of: date) -> tuple[QuoteEventRow, ...]:
    """What happened to a quote, oldest first; expiry shows on the day after the validity date."""
    quote = _get(session, quote_id)
    rows = [
        QuoteEventRow(e.on_date, e.kind, dict(e.detail or {}))
        for e in session.scalars(select(QuoteEvent).where(QuoteEvent.quote_id == quote_id).order_by(QuoteEvent.id))
    ]
    if _status(session, quote, as_of) is QuoteStatus.EXPIRED:
        rows.append(QuoteEventRow(rules.default_valid_until(quote.valid_until, 1), "expired", {}))
    return tuple(rows)


def load_quote(session: Session, quote_id: int, as_of: date) -> QuoteView:
    quote = _get(session, quote_id)
    return QuoteView(
        id=quote.id,
        status=_status(session, quote, as_of),
        customer_id=quote.customer_id,
        customer_name=quote.customer.name,
        document=_document(session, quote),
        valid_until=quote.valid_until,
        terms=quote.terms,
        deposit_cents=quote.deposit_cents,
        refusal_reason=quote.refusal_reason,
        decided_on=quote.decided_on,
        invoice_id=quote.invoice_id,
        history=history(session, quote_id, as_of),
        planned_month=quote.planned_month,
    )


def quote_print(session: Session, quote_id: int, as_of: date) -> QuotePrint:
    """Everything the quote's PDF shows (a draft is previewed without a number)."""
    from .documents import document_settings

    view = load_quote(session, quote_id, as_of)
    return QuotePrint(
        document=view.document,
        valid_until=view.valid_until,
        terms=view.terms,
        deposit=view.deposit,
        settings=document_settings(session),
    )


def write_quote_pdf(session: Session, quote_id: int, target: str | Path | IO[bytes], *, as_of: date) -> QuotePrint:
    """Render a quote to a path or binary file; returns what was printed."""
    from ..reports.quote_pdf import render_quote

    printed = quote_print(session, quote_id, as_of)
    render_quote(printed, target)
    return printed


def set_planned_month(session: Session, quote_id: int, planned_month: str | None) -> None:
    """Plan (or unplan) the month of a quote's work; a plan, so it may change once the quote is sent."""
    quote = _get(session, quote_id)
    if quote.status in (QuoteStatus.REFUSED, QuoteStatus.CONVERTED):
        raise DomainError(f"quote {quote.number} is {quote.status} and is no longer planned")
    quote.planned_month = rules.check_planned_month(planned_month)
    session.flush()


def accepted_to_invoice_cents(session: Session, first: date, last: date) -> int:
    """The forecast's share of accepted quotes: of each accepted quote planned between two days (a quote
    without a planned month: accepted between them), the net of what is neither invoiced (directly, from
    its work slips or from its order confirmations) nor delivered on a work slip not invoiced yet (counted
    as work instead), less its advance invoices not deducted yet (already revenue) unless its work not
    invoiced already takes them off. A job is so counted once as it moves from plan to work to revenue,
    part by part."""
    from ..persistence.models import WorkSlipLine

    planned = (Quote.planned_month >= first.strftime("%Y-%m")) & (Quote.planned_month <= last.strftime("%Y-%m"))
    decided = Quote.planned_month.is_(None) & (Quote.decided_on >= first) & (Quote.decided_on <= last)
    # The month's candidates by the status index first; the per-line reads then run on those few only.
    candidates = session.scalars(
        select(Quote.id).where(
            Quote.status.in_((QuoteStatus.ACCEPTED.value, QuoteStatus.CONVERTED.value)), planned | decided
        )
    ).all()
    total = 0
    for start in range(0, len(candidates), 900):
        batch = candidates[start : start + 900]
        lines = session.execute(
            select(QuoteLine.id, QuoteLine.quote_id, QuoteLine.quantity, QuoteLine.net_cents).where(
                QuoteLine.quote_id.in_(batch)
            )
        ).all()
        line_ids = [line.id for line in lines]
        gone: dict[int, Decimal] = {}  # quantity of each line invoiced or delivered on work not invoiced yet
        with_work: set[int] = set()
        taken_queries = (
            select(QuoteConversion.quote_line_id, QuoteConversion.quantity).where(
                QuoteConversion.quote_line_id.in_(line_ids)
            ),
            select(QuoteOrderLine.quote_line_id, OrderConversion.quantity)
            .join(OrderConversion, OrderConversion.order_line_id == QuoteOrderLine.id)
            .where(QuoteOrderLine.quote_line_id.in_(line_ids)),
        )
        for query in taken_queries:
            for line_id, quantity in session.execute(query):
                gone[line_id] = gone.get(line_id, Decimal(0)) + quantity
        work_query = (
            select(WorkSlipLine.quote_line_id, WorkSlipLine.quantity, WorkSlip.quote_id)
            .join(WorkSlip, WorkSlip.id == WorkSlipLine.slip_id)
            .where(WorkSlipLine.quote_line_id.in_(line_ids), WorkSlip.invoice_id.is_(None), WorkSlip.day <= last)
        )
        for slip_line_id, quantity, quote_id in session.execute(work_query):
            if slip_line_id is None or quote_id is None:
                continue
            gone[slip_line_id] = gone.get(slip_line_id, Decimal(0)) + quantity
            with_work.add(quote_id)
        left: dict[int, int] = {}
        for line in lines:
            if not line.quantity:
                continue
            share = Decimal(line.net_cents) * (line.quantity - gone.get(line.id, Decimal(0))) / line.quantity
            left[line.quote_id] = left.get(line.quote_id, 0) + int(share.to_integral_value())
        advances = session.execute(
            select(QuoteAdvance.quote_id, func.sum(Invoice.net_cents))
            .join(Invoice, Invoice.id == QuoteAdvance.invoice_id)
            .where(QuoteAdvance.quote_id.in_(batch), QuoteAdvance.deducted_in_id.is_(None))
            .group_by(QuoteAdvance.quote_id)
        ).all()
        for quote_id, advanced in advances:
            if quote_id not in with_work:  # the work's figure already takes them off
                left[quote_id] = left.get(quote_id, 0) - int(advanced or 0)
        total += sum(max(cents, 0) for cents in left.values())
    return total
