"""The Peppol inbox: fetch what arrived at the access point, validate it, keep it byte for byte, then confirm.

Each message is its own transaction, and is confirmed (marked read) at the access point only after
that transaction committed: a crash or a kill between the two leaves it stored and still listed, and
the next fetch recognises it by its message id and only confirms it. Duplicates are dropped: the same
message id, or the same supplier (VAT number, else endpoint), kind and number under another message
id; a duplicate is confirmed too (the first is kept). A message that cannot be read as an invoice,
credit note or invoice response is neither stored nor confirmed: it stays in the inbox, reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..einvoice.ubl_reader import IncomingHeader, read_header
from ..peppol import AccessPoint, IncomingMessage, PeppolError
from ..persistence.models import IncomingDocument


class UnitOfWork(Protocol):
    """The book's database: `transaction()` commits one unit of work, `reading()` only reads."""

    def transaction(self) -> Any: ...

    def reading(self) -> Any: ...


@dataclass(frozen=True)
class Fetched:
    """What became of one message: new, duplicate, already_stored, unreadable or failed."""

    message_id: str
    outcome: str
    kind: str = ""
    supplier: str = ""
    number: str = ""
    valid: bool | None = None
    findings: int = 0
    incoming_id: int | None = None
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "outcome": self.outcome,
            "kind": self.kind,
            "supplier": self.supplier,
            "number": self.number,
            "valid": self.valid,
            "findings": self.findings,
            "id": self.incoming_id,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class FetchReport:
    items: tuple[Fetched, ...]

    def count(self, outcome: str) -> int:
        return sum(1 for i in self.items if i.outcome == outcome)


Validator = Callable[[bytes], Any]  # einvoice.validate.validate: a Report with .valid and .findings


def _default_validator(content: bytes) -> Any:
    from ..einvoice.validate import validate

    return validate(content)


def fetch_inbox(
    db: UnitOfWork,
    access_point: AccessPoint,
    *,
    now: datetime,
    validator: Validator = _default_validator,
    stored_hook: Callable[[Session, IncomingDocument, IncomingHeader], None] | None = None,
) -> FetchReport:
    """Fetch, validate, store and confirm every message of the access point's inbox, one at a time."""
    provider = access_point.name
    results: list[Fetched] = []
    seen: set[str] = set()
    for item in access_point.inbox():
        if item.message_id in seen:  # the provider listed it twice
            continue
        seen.add(item.message_id)
        try:
            results.append(_one(db, access_point, provider, item.message_id, now, validator, stored_hook))
        except PeppolError as exc:
            results.append(Fetched(item.message_id, "failed", detail=str(exc)))
    from .invoice_responses import record_tacit_acceptances

    with db.transaction() as session:  # a protest may just have arrived; silence may have lasted long enough
        record_tacit_acceptances(session, as_of=now.date())
    return FetchReport(tuple(results))


def _one(
    db: UnitOfWork,
    access_point: AccessPoint,
    provider: str,
    message_id: str,
    now: datetime,
    validator: Validator,
    stored_hook: Callable[[Session, IncomingDocument, IncomingHeader], None] | None,
) -> Fetched:
    with db.reading() as session:
        known = session.scalar(
            select(IncomingDocument).where(
                IncomingDocument.provider == provider, IncomingDocument.message_id == message_id
            )
        )
        if known is not None:
            stored = Fetched(
                message_id,
                "already_stored",
                known.kind,
                known.supplier_name,
                known.number,
                known.valid,
                incoming_id=known.id,
            )
        else:
            stored = None
    if stored is not None:
        access_point.confirm(message_id)  # stored by an earlier run that stopped before confirming
        return stored
    message = access_point.fetch(message_id)
    try:
        header = read_header(message.content)
    except ValueError as exc:
        return Fetched(message_id, "unreadable", detail=str(exc))
    valid, findings = _validated(header, message, validator)
    with db.transaction() as session:
        twin = session.scalar(
            select(IncomingDocument).where(
                IncomingDocument.supplier_key == header.supplier_key,
                IncomingDocument.kind == header.kind,
                IncomingDocument.number == header.number,
            )
        )
        if twin is not None:
            result = Fetched(
                message_id, "duplicate", header.kind, header.supplier_name, header.number, incoming_id=twin.id
            )
        else:
            from .invoice_responses import apply_received, reference_problem

            if header.kind == "invoice_response" and valid:
                wrong = reference_problem(session, header)  # it must answer an invoice of ours
                if wrong is not None:
                    valid, findings = False, [wrong.as_json()]
            row = _row(provider, message, header, now, valid, findings)
            session.add(row)
            session.flush()
            if valid is not False:  # a refused response is kept as it came, and changes nothing else
                apply_received(session, row, header)  # a response to one of our invoices: its history, a dispute
            if stored_hook is not None:
                stored_hook(session, row, header)
            result = Fetched(
                message_id, "new", header.kind, header.supplier_name, header.number, valid, len(findings), row.id
            )
    access_point.confirm(message_id)  # only now: what is confirmed is committed
    return result


def _validated(
    header: IncomingHeader, message: IncomingMessage, validator: Validator
) -> tuple[bool | None, list[dict[str, str]]]:
    if header.kind == "invoice_response":
        from ..einvoice import response_rules

        problems = response_rules.check(message.content)
        return not problems, [f.as_json() for f in problems]
    report = validator(message.content)
    return bool(report.valid), [f.as_json() for f in report.findings]


def _row(
    provider: str,
    message: IncomingMessage,
    header: IncomingHeader,
    now: datetime,
    valid: bool | None,
    findings: list[dict[str, str]],
) -> IncomingDocument:
    return IncomingDocument(
        provider=provider,
        message_id=message.message_id,
        kind=header.kind,
        supplier_key=header.supplier_key,
        supplier_name=header.supplier_name[:200],
        supplier_endpoint=header.supplier_endpoint[:80],
        number=header.number[:120],
        issue_date=header.issue_date,
        due_date=header.due_date,
        currency=header.currency[:3],
        payable_cents=header.payable_cents,
        response_code=header.response_code,
        refers_to=header.refers_to,
        content=message.content,
        sha256=hashlib.sha256(message.content).hexdigest(),
        size=len(message.content),
        received_at=now,
        valid=valid,
        findings=findings,
    )


@dataclass(frozen=True)
class IncomingRow:
    """One received document as the inbox lists it."""

    id: int
    received_at: datetime
    kind: str
    supplier: str
    number: str
    issue_date: date | None
    due_date: date | None
    currency: str
    payable_cents: int | None
    valid: bool | None
    findings: int
    response_code: str | None
    refers_to: str | None
    has_pdf: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "received_at": self.received_at.isoformat(timespec="seconds"),
            "kind": self.kind,
            "supplier": self.supplier,
            "number": self.number,
            "issue_date": self.issue_date.isoformat() if self.issue_date else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "currency": self.currency,
            "payable": _amount(self.payable_cents),
            "valid": self.valid,
            "findings": self.findings,
            "response_code": self.response_code,
            "refers_to": self.refers_to,
        }


def _amount(cents: int | None) -> str | None:
    if cents is None:
        return None
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def incoming_rows(
    session: Session, *, kinds: tuple[str, ...] = ("invoice", "credit_note", "invoice_response")
) -> list[IncomingRow]:
    """The received documents, newest first."""
    rows = session.scalars(
        select(IncomingDocument).where(IncomingDocument.kind.in_(kinds)).order_by(IncomingDocument.id.desc())
    )
    return [
        IncomingRow(
            r.id,
            r.received_at,
            r.kind,
            r.supplier_name,
            r.number,
            r.issue_date,
            r.due_date,
            r.currency,
            r.payable_cents,
            r.valid,
            len(r.findings),
            r.response_code,
            r.refers_to,
            b"application/pdf" in r.content,
        )
        for r in rows
    ]


@dataclass(frozen=True)
class StoredIncoming:
    """A received document: its original bytes (as the access point gave them) and its parsed header."""

    id: int
    content: bytes
    sha256: str
    header: IncomingHeader
    valid: bool | None
    findings: tuple[dict[str, str], ...]


def incoming_document(session: Session, incoming_id: int) -> StoredIncoming:
    """The stored bytes and header of one received document (for the readable view and for booking it)."""
    row = session.get(IncomingDocument, incoming_id)
    if row is None:
        raise DomainError(f"there is no received document {incoming_id}")  # msgid in peppol.po
    return StoredIncoming(row.id, row.content, row.sha256, read_header(row.content), row.valid, tuple(row.findings))


def readable_pdf(session: Session, incoming_id: int, language: str) -> bytes:
    """The supplier's own PDF embedded in the e-invoice when there is one, else a rendering of the UBL."""
    from ..reports.incoming_pdf import render_incoming

    stored = incoming_document(session, incoming_id)
    return stored.header.pdf or render_incoming(stored.header, language)


def problems_of(session: Session, incoming_id: int) -> tuple[dict[str, str], ...]:
    """Why a received document was refused (each finding: rule, message, location); empty when it was not."""
    row = session.get(IncomingDocument, incoming_id)
    return tuple(row.findings or ()) if row is not None and row.valid is False else ()
