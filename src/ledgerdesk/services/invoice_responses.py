"""Peppol invoice responses: theirs to our invoices (history, disputes), ours to their invoices, tacit acceptance.

A response to one of our invoices goes into its history; "under query" (UQ) and "rejected" (RE) open a
dispute, which holds reminders back. Our own response to a received invoice is written and kept first
(one transaction), then sent through the access point under a key derived from it (a retry never sends
it twice), then marked sent with the access point's answer. For a business customer, an invoice
delivered through Peppol and not protested within the window gets a history line saying so, as evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.acceptance import DEFAULT_WINDOW_DAYS, tacit_acceptance_day
from ..domain.errors import DomainError
from ..domain.identifiers import enterprise_number
from ..einvoice.findings import Finding
from ..einvoice.response_writer import STATUSES, ResponseParty, build_invoice_response
from ..einvoice.ubl_reader import IncomingHeader
from ..peppol import INVOICE_RESPONSE, AccessPoint, PeppolError, Sent, document_key
from ..persistence.models import Customer, IncomingDocument, Invoice, InvoiceEvent, PeppolResponse
from . import collection, history
from .company import get_company, get_setting

PROTESTS = ("UQ", "RE")
WINDOW_SETTING = "peppol.protest_window_days"


def _our_invoice(session: Session, number: str) -> Invoice | None:
    return session.scalar(
        select(Invoice).where(Invoice.number == number.strip(), Invoice.status == "issued").order_by(Invoice.id)
    )


def reference_problem(session: Session, header: IncomingHeader) -> Finding | None:
    """Why a received invoice response cannot be applied to one of our invoices, or None."""
    from ..einvoice.response_rules import problem

    if not header.refers_to:
        return problem("IMR-REFERENCE", "/ApplicationResponse/cac:DocumentResponse/cac:DocumentReference")
    if _our_invoice(session, header.refers_to) is None:
        return problem(
            "IMR-NOT-OURS", "/ApplicationResponse/cac:DocumentResponse/cac:DocumentReference/cbc:ID",
            value=header.refers_to,
        )  # fmt: skip
    return None


def apply_received(session: Session, row: IncomingDocument, header: IncomingHeader) -> int | None:
    """A received invoice response to one of our invoices: into its history, and a dispute for UQ and RE."""
    if header.kind != "invoice_response" or not header.refers_to or not header.response_code:
        return None
    invoice = _our_invoice(session, header.refers_to)
    if invoice is None:
        return None
    code = header.response_code
    on = header.issue_date or row.received_at.date()
    reasons = "; ".join(f"{r.code} {r.text}".strip() for r in header.reasons)
    history.record(
        session,
        invoice.id,
        "peppol_response",
        on,
        code=code,
        status=STATUSES.get(code, code),
        reasons=reasons,
        sender=header.supplier_name or header.supplier_endpoint,
        response=header.number,
    )
    if code in PROTESTS and not collection.open_disputes_of(session, invoice.id):
        collection.open_dispute(
            session, invoice.id, on=on, reason=f"Peppol {STATUSES[code]} ({code}): {reasons or 'no reason given'}"
        )
    return invoice.id


def record_delivery(session: Session, invoice_id: int, *, on: date, provider: str, message_id: str) -> None:
    """The access point delivered our Peppol message (proof of delivery): the start of the protest window."""
    history.record(session, invoice_id, "peppol_delivered", on, provider=provider, message_id=message_id)


def protest_window(session: Session) -> int:
    value = get_setting(session, WINDOW_SETTING, DEFAULT_WINDOW_DAYS)
    return value if isinstance(value, int) and not isinstance(value, bool) else DEFAULT_WINDOW_DAYS


def record_tacit_acceptances(session: Session, *, as_of: date) -> list[int]:
    """For business customers: every invoice delivered through Peppol whose window closed without protest
    gets, once, a history line saying so (as evidence). Returns the invoice ids."""
    window = protest_window(session)
    delivered = session.execute(
        select(InvoiceEvent.invoice_id, func.min(InvoiceEvent.on_date))
        .where(InvoiceEvent.kind == "peppol_delivered")
        .group_by(InvoiceEvent.invoice_id)
    ).all()
    if not delivered:
        return []
    ids = [invoice_id for invoice_id, _ in delivered]
    done = set(
        session.scalars(
            select(InvoiceEvent.invoice_id).where(
                InvoiceEvent.kind == "tacitly_accepted", InvoiceEvent.invoice_id.in_(ids)
            )
        )
    )
    protests: dict[int, list[date]] = {}
    for invoice_id, kind, on, detail in session.execute(
        select(InvoiceEvent.invoice_id, InvoiceEvent.kind, InvoiceEvent.on_date, InvoiceEvent.detail).where(
            InvoiceEvent.invoice_id.in_(ids), InvoiceEvent.kind.in_(("disputed", "peppol_response"))
        )
    ):
        if kind == "disputed" or (detail or {}).get("code") in PROTESTS:
            protests.setdefault(invoice_id, []).append(on)
    kinds = dict(
        session.execute(
            select(Invoice.id, Customer.kind)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(Invoice.id.in_(ids))
        ).all()
    )
    recorded = []
    for invoice_id, delivered_on in delivered:
        if invoice_id in done:
            continue
        day = tacit_acceptance_day(
            customer_kind=kinds.get(invoice_id, "consumer"),
            delivered_on=delivered_on,
            protests=protests.get(invoice_id, []),
            as_of=as_of,
            window_days=window,
        )
        if day is not None:
            history.record(
                session, invoice_id, "tacitly_accepted", day, days=window, delivered=delivered_on.isoformat()
            )
            recorded.append(invoice_id)
    return recorded


@dataclass(frozen=True)
class Prepared:
    response_id: int
    number: str
    xml: bytes
    receiver: str


def prepare_response(
    session: Session,
    incoming_id: int,
    code: str,
    reasons: tuple[tuple[str, str], ...] = (),
    *,
    on: date,
    now: datetime,
) -> Prepared:
    """Write and keep our response to a received invoice or credit note (sent by `send_responses`)."""
    incoming = session.get(IncomingDocument, incoming_id)
    if incoming is None or incoming.kind not in ("invoice", "credit_note"):
        raise DomainError(f"there is no received invoice or credit note {incoming_id}")
    company = get_company(session)
    if not company.vat or not company.vat.startswith("BE"):
        raise DomainError("your company needs a Belgian VAT number to answer through Peppol")
    count = (
        session.scalar(
            select(func.count()).select_from(PeppolResponse).where(PeppolResponse.incoming_id == incoming_id)
        )
        or 0
    )
    number = f"R{incoming.id}-{count + 1}"
    try:
        xml = build_invoice_response(
            number=number,
            issue_date=on,
            sender=ResponseParty(f"0208:{enterprise_number(company.vat)}", company.name),
            receiver=ResponseParty(incoming.supplier_endpoint, incoming.supplier_name),
            invoice_number=incoming.number,
            invoice_type_code="381" if incoming.kind == "credit_note" else "380",
            code=code,
            reasons=reasons,
        )
    except ValueError as exc:
        raise DomainError(str(exc)) from None
    row = PeppolResponse(
        incoming_id=incoming.id,
        number=number,
        code=code,
        reasons=[list(r) for r in reasons],
        on_date=on,
        xml=xml,
        sha256=hashlib.sha256(xml).hexdigest(),
        created_at=now,
        answer="",
    )
    session.add(row)
    session.flush()
    return Prepared(row.id, number, xml, incoming.supplier_endpoint)


def unsent_responses(session: Session) -> list[Prepared]:
    rows = session.execute(
        select(PeppolResponse, IncomingDocument.supplier_endpoint)
        .join(IncomingDocument, IncomingDocument.id == PeppolResponse.incoming_id)
        .where(PeppolResponse.message_id.is_(None))
        .order_by(PeppolResponse.id)
    ).all()
    return [Prepared(r.id, r.number, r.xml, endpoint) for r, endpoint in rows]


def mark_sent(session: Session, response_id: int, sent: Sent, *, now: datetime) -> None:
    row = session.get(PeppolResponse, response_id)
    if row is None or row.message_id is not None:
        return
    row.message_id = sent.message_id
    row.answer = sent.answer
    row.sent_at = now


@dataclass(frozen=True)
class SentResponse:
    number: str
    message_id: str | None
    error: str = ""


def send_responses(db, access_point: AccessPoint, *, now: datetime) -> list[SentResponse]:  # type: ignore[no-untyped-def]
    """Send every response not yet accepted by the access point; each marked sent in its own transaction."""
    with db.reading() as session:
        pending = unsent_responses(session)
    results = []
    for prepared in pending:
        try:
            sent = access_point.send(prepared.xml, prepared.receiver, INVOICE_RESPONSE, document_key(prepared.xml))
        except PeppolError as exc:
            results.append(SentResponse(prepared.number, None, str(exc)))
            continue
        with db.transaction() as session:
            mark_sent(session, prepared.response_id, sent, now=now)
        results.append(SentResponse(prepared.number, sent.message_id))
    return results
