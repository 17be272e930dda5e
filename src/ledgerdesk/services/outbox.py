"""The one outbox: queue a document for a channel, send the queue, retry, and read what left, when, how and
what the other side answered.

Sending spans several short transactions on purpose, so that a kill -9 at any moment leaves a
state the next run can read (domain.outbox.after_crash):
1. queued → sending (attempt counted), committed before any byte goes out;
2. `handed_over_at` committed just before the point of no return (SMTP DATA, the access point POST);
3. the remote side's answer and the new state, committed after it answered.
The message itself is built and stored when the document is queued, so every attempt sends the
same bytes with the same Message-ID / message key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import outbox as rules
from ..domain.errors import ValidationError
from ..domain.identifiers import validate_vat
from ..domain.messages import Message
from ..domain.outbox import ChannelDown, OutboxError, Outcome, Recipient
from ..persistence.db import Database
from ..persistence.models import Customer, Delivery, Invoice, Quote, ReminderLetter
from . import history
from .company import get_company
from .invoice_responses import record_delivery
from .peppol_setup import access_point_settings


class Transport(Protocol):
    """One channel's way out (SMTP, an access point, the user's printer tray)."""

    channel: str

    def send(self, message: bytes, recipient: str, key: str, handed_over: Callable[[], None]) -> Outcome: ...

    def close(self) -> None: ...


class PeppolDirectory(Protocol):
    """A customer's Peppol participant id (None: none known) and whether it is registered for this document
    type: True / False / None (unknown: never looked up). `fallback_id` is what the book alone derives."""

    def registered(
        self, customer_id: int, fallback_id: str | None, document_kind: str
    ) -> tuple[str | None, bool | None]: ...


class PostTransport:
    """Post: the PDF is kept in the outbox for the user to print and post; nothing leaves the computer."""

    channel = rules.POST

    def send(self, message: bytes, recipient: str, key: str, handed_over: Callable[[], None]) -> Outcome:
        handed_over()
        return Outcome(True, "kept for printing and posting by you")

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class DeliveryRow:
    """A delivery as lists and the command line show it."""

    id: int
    document_kind: str
    document_number: str
    invoice_id: int | None
    letter_id: int | None
    customer: str
    channel: str
    recipient: str
    state: str
    attempts: int
    queued_at: datetime
    last_attempt_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    answer: str
    message_key: str
    message_sha256: str | None
    size: int
    log: tuple[dict[str, Any], ...] = ()

    def as_json(self) -> dict[str, Any]:
        keys = (
            "id document_kind document_number channel recipient state attempts answer message_key message_sha256 size"
        )
        result: dict[str, Any] = {k: getattr(self, k) for k in keys.split()}
        result["customer"] = self.customer
        for k in ("queued_at", "last_attempt_at", "sent_at", "delivered_at"):
            value = getattr(self, k)
            result[k] = value.isoformat(timespec="seconds") if value else None
        result["log"] = list(self.log)
        return result


def _row(d: Delivery, customer: str) -> DeliveryRow:
    return DeliveryRow(
        d.id,
        d.document_kind,
        d.document_number,
        d.invoice_id,
        d.letter_id,
        customer,
        d.channel,
        d.recipient,
        d.state,
        d.attempts,
        d.queued_at,
        d.last_attempt_at,
        d.sent_at,
        d.delivered_at,
        d.answer,
        d.message_key,
        d.message_sha256,
        len(d.message or b""),
        tuple(d.log or ()),
    )


def deliveries(
    session: Session,
    *,
    invoice_id: int | None = None,
    letter_id: int | None = None,
    customer_id: int | None = None,
    kind: str | None = None,
    number: str | None = None,
) -> list[DeliveryRow]:
    """Every delivery, newest first (or those of one document, one customer, one kind or one number)."""
    query = select(Delivery, Customer.name).outerjoin(Customer, Customer.id == Delivery.customer_id)
    if customer_id is not None:
        query = query.where(Delivery.customer_id == customer_id)
    if kind is not None:
        query = query.where(Delivery.document_kind == kind)
    if number is not None:
        query = query.where(Delivery.document_number == number)
    if invoice_id is not None:
        query = query.where(Delivery.invoice_id == invoice_id)
    if letter_id is not None:
        query = query.where(Delivery.letter_id == letter_id)
    return [_row(d, name or "") for d, name in session.execute(query.order_by(Delivery.id.desc()))]


def message_of(session: Session, delivery_id: int) -> bytes:
    """The archived bytes of a delivery (the .eml, the UBL, the PDF): the proof of what left."""
    d = session.get(Delivery, delivery_id)
    if d is None or d.message is None:
        raise OutboxError("there is no delivery {id}", id=delivery_id)
    if rules.fingerprint(d.message) != d.message_sha256:
        raise OutboxError("the archived copy of delivery {id} does not match its SHA-256", id=delivery_id)
    return d.message


# --- choosing the channel -------------------------------------------------------------------------------


def peppol_id_of(customer: Customer) -> str | None:
    """The customer's Peppol participant id: a Belgian enterprise number under scheme 0208, else none.
    (The peppol branch's registry lookup can give a better one; this is what the book knows alone.)"""
    try:
        vat = validate_vat(customer.vat) if customer.vat else ""
    except ValidationError:
        return None
    if vat.startswith("BE") and len(vat) == 12:
        return f"0208:{vat[2:]}"
    return None


def recipient_of(customer: Customer, kind: str, directory: PeppolDirectory | None) -> Recipient:
    peppol_id, on_peppol = peppol_id_of(customer), None
    if kind not in rules.BY_PEPPOL:  # a quote or a statement is no Peppol document: never proposed there
        peppol_id, directory = None, None
    if directory is not None:
        peppol_id, on_peppol = directory.registered(customer.id, peppol_id, kind)
    return Recipient(
        consumer=customer.kind == "consumer",
        email=customer.email or "",
        has_postal_address=bool(customer.street and customer.city),
        peppol_id=peppol_id,
        on_peppol=on_peppol,
    )


@dataclass(frozen=True)
class Proposal:
    """The channel the outbox proposes for a document, why, and which channels could carry it (and why not)."""

    number: str
    channel: str
    why: str
    possible: dict[str, str | None]  # channel → None when possible, else why not


@dataclass(frozen=True)
class _Doc:
    kind: str
    number: str
    invoice: Invoice | None
    letter: ReminderLetter | None
    customer: Customer
    quote: Quote | None = None
    period: tuple[date, date] | None = None  # a statement of account: its first and last day


def statement_number(start: date, end: date) -> str:
    """How a statement of account is named in the outbox: its period (one per customer and period)."""
    return f"{start.isoformat()}..{end.isoformat()}"


def _statement(session: Session, customer_id: int, start: date, end: date) -> _Doc:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise OutboxError("there is no customer {id}", id=customer_id)
    if end < start:
        raise OutboxError("the period ends before it starts")
    return _Doc(rules.STATEMENT, statement_number(start, end), None, None, customer, period=(start, end))


def _find(session: Session, number: str) -> _Doc:
    number = number.strip()
    invoice = session.scalars(select(Invoice).where(Invoice.number == number)).first()
    if invoice is not None:
        if not invoice.is_issued:
            raise OutboxError("{number} is a draft; issue it before sending it", number=number)
        kind = rules.CREDIT_NOTE if invoice.kind == rules.CREDIT_NOTE else rules.INVOICE
        return _Doc(kind, number, invoice, None, invoice.customer)
    letter = session.scalars(select(ReminderLetter).where(ReminderLetter.number == number)).first()
    if letter is not None:
        customer = session.get(Customer, letter.customer_id)
        assert customer is not None
        return _Doc(rules.REMINDER_LETTER, number, None, letter, customer)
    quote = session.scalars(select(Quote).where(Quote.number == number)).first()
    if quote is not None:  # a quote has a number once it is made final (quotes send)
        return _Doc(rules.QUOTE, number, None, None, quote.customer, quote=quote)
    raise OutboxError(
        "there is no issued invoice, credit note, reminder letter or quote numbered {number}", number=number
    )


def number_of(session: Session, invoice_id: int) -> str:
    """The number of an issued invoice or credit note (a draft is refused: it cannot be sent)."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or not invoice.is_issued or not invoice.number:
        raise OutboxError("a draft has no number yet; issue it before sending it")
    return invoice.number


def propose(session: Session, number: str, directory: PeppolDirectory | None = None) -> Proposal:
    """Read-only: the channel the outbox would choose for a document, and what the user may choose instead."""
    doc = _find(session, number)
    recipient = recipient_of(doc.customer, doc.kind, directory)
    choice = rules.choose_channel(recipient)
    possible = {}
    for channel in rules.CHANNELS:
        refusal = rules.channel_refusal(channel, recipient)
        if channel == rules.PEPPOL and doc.kind not in rules.BY_PEPPOL:
            refusal = Message.of("Peppol carries invoices and credit notes, not this document")
        elif channel == rules.PEPPOL and refusal is None and directory is None:
            refusal = Message.of("no Peppol access point is set up")
        possible[channel] = str(refusal) if refusal else None
    return Proposal(doc.number, choice.channel, str(choice.why), possible)


# --- queueing --------------------------------------------------------------------------------------------


def queue(
    session: Session,
    number: str,
    *,
    now: datetime,
    via: str | None = None,
    directory: PeppolDirectory | None = None,
    from_address: str = "",
) -> DeliveryRow:
    """Queue one document for its channel (the user's `via`, else the proposed one), building its message now.

    Idempotent: a document already queued, sending or failed for that channel gets its existing
    delivery back (a failed one is queued again); one already sent is refused, saying when.
    """
    return _queue(session, _find(session, number), now=now, via=via, directory=directory, from_address=from_address)


def queue_statement(
    session: Session,
    customer_id: int,
    start: date,
    end: date,
    *,
    now: datetime,
    via: str | None = None,
    from_address: str = "",
) -> DeliveryRow:
    """Queue a customer's statement of account of a period (by e-mail, else post; the PDF built now).
    Once sent, the same period is not sent again by the same channel; another period is another statement."""
    doc = _statement(session, customer_id, start, end)
    return _queue(session, doc, now=now, via=via, directory=None, from_address=from_address)


def _queue(
    session: Session,
    doc: _Doc,
    *,
    now: datetime,
    via: str | None,
    directory: PeppolDirectory | None,
    from_address: str,
) -> DeliveryRow:
    number = doc.number
    if via == rules.PEPPOL and doc.kind not in rules.BY_PEPPOL:
        raise OutboxError(
            "{number} cannot go by peppol: Peppol carries invoices and credit notes, not this document", number=number
        )
    recipient = recipient_of(doc.customer, doc.kind, directory)
    channel = via or rules.choose_channel(recipient).channel
    refusal = rules.channel_refusal(channel, recipient)
    if refusal is not None:
        raise OutboxError("{number} cannot go by {channel}: {why}", number=number, channel=channel, why=str(refusal))
    if channel == rules.PEPPOL and directory is None:
        raise OutboxError("{number} cannot go by peppol: no Peppol access point is set up", number=number)
    existing = _existing(session, doc, channel)
    if existing is not None:
        if existing.state in rules.DONE:
            raise OutboxError(
                "{number} was already sent by {channel} on {at}",
                number=number,
                channel=channel,
                at=existing.sent_at.isoformat(sep=" ", timespec="minutes") if existing.sent_at else "?",
            )
        if existing.state == rules.FAILED:
            _retry(existing, now)
        return _row(existing, doc.customer.name)

    company = get_company(session)
    delivery = Delivery(
        document_kind=doc.kind,
        document_number=doc.number,
        invoice_id=doc.invoice.id if doc.invoice else None,
        letter_id=doc.letter.id if doc.letter else None,
        customer_id=doc.customer.id,
        channel=channel,
        recipient=_address(channel, doc.customer, recipient),
        state=rules.QUEUED,
        message_key=f"pending-{doc.kind}-{doc.number}-{now.timestamp()}",
        attempts=0,
        queued_at=now,
        answer="",
        log=[{"at": now.isoformat(timespec="seconds"), "state": rules.QUEUED, "answer": ""}],
    )
    session.add(delivery)
    session.flush()  # the id is part of the key
    seller = company.vat or company.name
    if channel == rules.EMAIL:
        sender = from_address or company.email
        delivery.message_key = rules.message_id(doc.kind, doc.number, delivery.id, seller, sender)
    else:
        delivery.message_key = rules.message_key(doc.kind, doc.number, delivery.id, seller)
    message = _build(session, doc, channel, delivery, now, from_address or company.email)
    delivery.message = message
    delivery.message_sha256 = rules.fingerprint(message)
    if doc.invoice is not None:
        history.record(session, doc.invoice.id, "delivery_queued", now.date(), channel=channel, delivery=delivery.id)
    if doc.quote is not None:
        _quote_event(session, doc.quote.id, "delivery_queued", now, channel=channel, delivery=delivery.id)
    return _row(delivery, doc.customer.name)


def _quote_event(session: Session, quote_id: int, kind: str, now: datetime, **detail: object) -> None:
    from ..persistence.models import QuoteEvent

    session.add(QuoteEvent(quote_id=quote_id, at=now, on_date=now.date(), kind=kind, detail=detail))


def queue_reminder_emails(session: Session, on: date, *, now: datetime, from_address: str = "") -> list[DeliveryRow]:
    """Every confirmed e-mail reminder letter of a date, queued in the outbox (those already queued or sent
    are left as they are). The consumer's waiting period counts from the day each one really leaves."""
    letters = session.scalars(
        select(ReminderLetter)
        .where(ReminderLetter.letter_date == on, ReminderLetter.channel == "email")
        .order_by(ReminderLetter.id)
    )
    queued = []
    for letter in letters:
        existing = session.scalars(select(Delivery).where(Delivery.letter_id == letter.id)).first()
        if existing is None:
            queued.append(queue(session, letter.number, now=now, via=rules.EMAIL, from_address=from_address))
    return queued


ACCOUNTANT_KEY = "outbox.accountant_email"


def queue_accountant_pack(
    session: Session, pack: bytes, *, file_name: str, to: str, now: datetime, from_address: str = ""
) -> DeliveryRow:
    """E-mail a period's pack (made by `pack`, recognised by its SHA-256 among the packs sent) to the
    accountant; the address is remembered for next time."""
    from ..persistence.models import AccountantPack
    from .company import set_setting
    from .outbox_messages import pack_email

    sha = rules.fingerprint(pack)
    made = session.scalars(select(AccountantPack).where(AccountantPack.sha256 == sha)).first()
    if made is None:
        raise OutboxError("the file {file} is not a pack made from this book (no pack has its SHA-256)", file=file_name)
    if not rules.looks_like_email(to):
        raise OutboxError("'{address}' is not an e-mail address", address=to)
    set_setting(session, ACCOUNTANT_KEY, to.strip())
    company = get_company(session)
    sender = from_address or company.email
    delivery = Delivery(
        document_kind=rules.ACCOUNTANT_PACK,
        document_number=made.period,
        channel=rules.EMAIL,
        recipient=to.strip(),
        state=rules.QUEUED,
        message_key=f"pending-pack-{sha}-{now.timestamp()}",
        attempts=0,
        queued_at=now,
        answer="",
        log=[{"at": now.isoformat(timespec="seconds"), "state": rules.QUEUED, "answer": ""}],
    )
    session.add(delivery)
    session.flush()
    delivery.message_key = rules.message_id(
        rules.ACCOUNTANT_PACK, made.period, delivery.id, company.vat or company.name, sender
    )
    message = pack_email(
        session, pack, period=made.period, file_name=file_name, sha256=sha, to=delivery.recipient,
        message_id=delivery.message_key, at=now, from_address=sender,
    )  # fmt: skip
    delivery.message = message
    delivery.message_sha256 = rules.fingerprint(message)
    return _row(delivery, "")


def _existing(session: Session, doc: _Doc, channel: str) -> Delivery | None:
    query = select(Delivery).where(Delivery.channel == channel, Delivery.document_kind == doc.kind)
    if doc.invoice is not None:
        query = query.where(Delivery.invoice_id == doc.invoice.id)
    elif doc.quote is not None or doc.period is not None:  # by its number (a statement: customer and period)
        query = query.where(Delivery.customer_id == doc.customer.id, Delivery.document_number == doc.number)
    else:
        assert doc.letter is not None
        query = query.where(Delivery.letter_id == doc.letter.id)
    return session.scalars(query.order_by(Delivery.id.desc())).first()


def _address(channel: str, customer: Customer, recipient: Recipient) -> str:
    from .outbox_messages import postal_address

    if channel == rules.EMAIL:
        return customer.email.strip()
    if channel == rules.PEPPOL:
        return recipient.peppol_id or ""
    return postal_address(customer)


def _build(session: Session, doc: _Doc, channel: str, delivery: Delivery, now: datetime, sender: str) -> bytes:
    from . import outbox_messages as m

    if doc.quote is not None or doc.period is not None:
        return _build_other(session, doc, channel, delivery, now, sender)
    if channel == rules.EMAIL:
        if doc.invoice is not None:
            return m.invoice_email(
                session,
                doc.invoice,
                to=delivery.recipient,
                message_id=delivery.message_key,
                at=now,
                from_address=sender,
            )
        assert doc.letter is not None
        return m.letter_email(
            session, doc.letter, to=delivery.recipient, message_id=delivery.message_key, at=now, from_address=sender
        )
    if channel == rules.PEPPOL:
        if doc.invoice is None:
            raise OutboxError("a reminder letter cannot go by Peppol")
        from .einvoicing import export_einvoice

        exported = export_einvoice(session, doc.invoice.id, on=now.date())
        if exported.report.fatal:
            raise OutboxError(
                "the e-invoice of {number} breaks the rules ({rule}); it cannot go by Peppol",
                number=doc.number,
                rule=exported.report.fatal[0].rule,
            )
        return exported.xml
    if doc.invoice is not None:
        return m.invoice_pdf_bytes(session, doc.invoice, now)
    assert doc.letter is not None
    return m.letter_pdf_bytes(session, doc.letter)


def _build_other(session: Session, doc: _Doc, channel: str, delivery: Delivery, now: datetime, sender: str) -> bytes:
    """A quote's or a statement's message: an e-mail with the PDF, or the PDF itself for the post."""
    from . import outbox_messages as m

    if doc.quote is not None:
        if channel == rules.EMAIL:
            return m.quote_email(
                session, doc.quote, to=delivery.recipient, message_id=delivery.message_key, at=now, from_address=sender
            )
        return m.quote_pdf_bytes(session, doc.quote, now)
    assert doc.period is not None
    start, end = doc.period
    if channel == rules.EMAIL:
        return m.statement_email(
            session, doc.customer.id, start, end, to=delivery.recipient, message_id=delivery.message_key,
            at=now, from_address=sender,
        )  # fmt: skip
    return m.statement_pdf_bytes(session, doc.customer.id, start, end)


def _log(delivery: Delivery, at: datetime, answer: str, remote_id: str = "") -> None:
    entry = {"at": at.isoformat(timespec="seconds"), "state": delivery.state, "answer": answer}
    if remote_id:
        entry["remote_id"] = remote_id
    delivery.log = [*(delivery.log or []), entry]


def _customer_name(session: Session, d: Delivery) -> str:
    customer = session.get(Customer, d.customer_id) if d.customer_id else None
    return customer.name if customer else ""


def remote_id_of(delivery: Delivery) -> str:
    """The remote side's id of a sent message (the last one its answers gave), or ''."""
    return next((e["remote_id"] for e in reversed(delivery.log or []) if e.get("remote_id")), "")


def _retry(delivery: Delivery, now: datetime) -> None:
    delivery.state = rules.retry(delivery.state)
    delivery.handed_over_at = None
    _log(delivery, now, "retry asked")


def retry(session: Session, delivery_id: int, *, now: datetime) -> DeliveryRow:
    """The user's Retry of a failed delivery: queued again, with the same message and key."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise OutboxError("there is no delivery {id}", id=delivery_id)
    _retry(delivery, now)
    customer = session.get(Customer, delivery.customer_id) if delivery.customer_id else None
    return _row(delivery, customer.name if customer else "")


# --- sending ---------------------------------------------------------------------------------------------


def reconcile(session: Session, *, now: datetime) -> list[DeliveryRow]:
    """Deliveries left 'sending' by a killed run, settled by the crash rule (never resent blindly)."""
    settled = []
    for d in session.scalars(select(Delivery).where(Delivery.state == rules.SENDING)):
        state, why = rules.after_crash(d.handed_over_at is not None, receiver_dedupes=d.channel == rules.PEPPOL)
        d.state = rules.move(d.state, state)
        d.answer = str(why)
        d.handed_over_at = None if state == rules.QUEUED else d.handed_over_at
        _log(d, now, str(why))
        settled.append(_row(d, _customer_name(session, d)))
    return settled


@dataclass
class SendReport:
    """What one run of the queue did: deliveries sent, failed, left queued, settled after a crash, and
    per channel why it stopped (the server's words)."""

    sent: list[DeliveryRow] = field(default_factory=list)
    failed: list[DeliveryRow] = field(default_factory=list)
    queued: list[DeliveryRow] = field(default_factory=list)
    reconciled: list[DeliveryRow] = field(default_factory=list)
    stopped: dict[str, str] = field(default_factory=dict)
    lasting: set[str] = field(default_factory=set)  # channels stopped for a reason time will not fix

    def as_json(self) -> dict[str, Any]:
        return {
            "sent": [r.as_json() for r in self.sent],
            "failed": [r.as_json() for r in self.failed],
            "queued": [r.as_json() for r in self.queued],
            "reconciled": [r.as_json() for r in self.reconciled],
            "stopped": dict(self.stopped),
        }


def send_queue(
    db: Database,
    transports: Mapping[str, Transport],
    *,
    clock: Callable[[], datetime],
    only: Iterable[int] | None = None,
) -> SendReport:
    """Send every queued delivery (or those in `only`) through its channel's transport, one at a time."""
    report = SendReport()
    with db.transaction() as session:
        report.reconciled = reconcile(session, now=clock())
        query = select(Delivery.id).where(Delivery.state == rules.QUEUED).order_by(Delivery.id)
        wanted = set(only) if only is not None else None
        ids = [i for i in session.scalars(query) if wanted is None or i in wanted]
    for delivery_id in ids:
        row = _send_one(db, delivery_id, transports, clock, report)
        if row is None:
            continue
        if row.state in rules.DONE:
            report.sent.append(row)
        elif row.state == rules.FAILED:
            report.failed.append(row)
        else:
            report.queued.append(row)
    return report


def _send_one(
    db: Database,
    delivery_id: int,
    transports: Mapping[str, Transport],
    clock: Callable[[], datetime],
    report: SendReport,
) -> DeliveryRow | None:
    with db.transaction() as session:
        d = session.get(Delivery, delivery_id)
        if d is None or d.state != rules.QUEUED:
            return None  # sent meanwhile by someone else: nothing twice
        transport = transports.get(d.channel)
        if transport is None or d.channel in report.stopped:
            why = report.stopped.get(d.channel) or f"no {d.channel} channel is set up"
            if d.channel not in report.stopped:
                report.lasting.add(d.channel)
            report.stopped.setdefault(d.channel, why)
            return _row(d, "")
        now = clock()
        d.state = rules.move(d.state, rules.SENDING)
        d.attempts += 1
        d.last_attempt_at = now
        d.handed_over_at = None
        message, recipient, key = d.message or b"", d.recipient, d.message_key

    def handed_over() -> None:
        with db.transaction() as s:
            found = s.get(Delivery, delivery_id)
            assert found is not None
            found.handed_over_at = clock()

    try:
        outcome = transport.send(message, recipient, key, handed_over)
    except ChannelDown as down:
        report.stopped[transport.channel] = down.answer
        if down.permanent:
            report.lasting.add(transport.channel)
        outcome = Outcome(False, down.answer)
    with db.transaction() as session:
        d = session.get(Delivery, delivery_id)
        assert d is not None
        now = clock()
        d.state = rules.after_attempt(d.state, outcome)
        d.answer = outcome.answer
        if outcome.accepted:
            d.sent_at = now
            if outcome.delivered:
                d.delivered_at = now
        else:
            d.handed_over_at = None
        _log(d, now, outcome.answer, outcome.remote_id)
        if d.document_kind == rules.QUOTE and outcome.accepted:
            _quote_sent(session, d, now)
        if d.invoice_id is not None and outcome.accepted:
            history.record(
                session, d.invoice_id, "delivery_sent", now.date(), channel=d.channel, delivery=d.id, answer=d.answer
            )
            if outcome.delivered:
                _peppol_delivered(session, d, now.date(), outcome.remote_id)
        customer = session.get(Customer, d.customer_id) if d.customer_id else None
        return _row(d, customer.name if customer else "")


def _quote_sent(session: Session, d: Delivery, now: datetime) -> None:
    """The moment the other side took a quote, in its history (how, and their answer). The quote itself is
    frozen from the moment it was made final (a trigger), so its own `sent_at` stays that moment."""
    quote = session.scalars(select(Quote).where(Quote.number == d.document_number)).first()
    if quote is not None:
        _quote_event(session, quote.id, "delivery_sent", now, channel=d.channel, delivery=d.id, answer=d.answer)


def _peppol_delivered(session: Session, d: Delivery, on: date, remote_id: str | None) -> None:
    """A Peppol delivery of an invoice is the proof of delivery that starts its protest window (art. 8.11 §4
    Civil Code; `services.invoice_responses`); other channels prove nothing of the kind."""
    if d.channel != "peppol" or d.invoice_id is None:
        return
    settings = access_point_settings(session)
    provider = settings.provider if settings is not None else "Peppol"
    record_delivery(session, d.invoice_id, on=on, provider=provider, message_id=remote_id or d.message_key)


class StatusSource(Protocol):
    """A channel that can say what became of a sent message: (pending | sent | failed, its words)."""

    def status(self, remote_id: str) -> tuple[str, str]: ...


def refresh_status(
    db: Database, source: StatusSource, *, channel: str, clock: Callable[[], datetime]
) -> list[DeliveryRow]:
    """Ask the access point about every message it accepted but has not reported delivered yet; a delivered
    one becomes 'delivered', a failed one 'failed' with the access point's words. Returns what changed."""
    with db.reading() as session:
        waiting = [
            (d.id, remote_id_of(d))
            for d in session.scalars(select(Delivery).where(Delivery.state == rules.SENT, Delivery.channel == channel))
        ]
    changed = []
    for delivery_id, remote_id in waiting:
        if not remote_id:
            continue
        state, words = source.status(remote_id)
        if state == "pending":
            continue
        with db.transaction() as session:
            d = session.get(Delivery, delivery_id)
            if d is None or d.state != rules.SENT:
                continue
            now = clock()
            d.state = rules.move(d.state, rules.DELIVERED if state == "sent" else rules.FAILED)
            if d.state == rules.DELIVERED:
                d.delivered_at = now
            d.answer = words
            _log(d, now, words)
            if d.invoice_id is not None:
                history.record(
                    session, d.invoice_id, f"delivery_{d.state}", now.date(), channel=d.channel, answer=words
                )
                if d.state == rules.DELIVERED:
                    _peppol_delivered(session, d, now.date(), remote_id)
            changed.append(_row(d, _customer_name(session, d)))
    return changed
