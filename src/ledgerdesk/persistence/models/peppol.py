"""Peppol: what the registry last said of each customer (cached with its date), and the documents received."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..types import JSONText
from .base import Base


class PeppolRegistration(Base):
    """The last lookup of a customer: found under which participant id (None: not on Peppol), for which
    document types, by which source (the SML/SMP or an access point), on which day."""

    __tablename__ = "peppol_registrations"
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    participant: Mapped[str | None] = mapped_column(String(60))
    invoices: Mapped[bool] = mapped_column(Boolean, default=False)
    credit_notes: Mapped[bool] = mapped_column(Boolean, default=False)
    document_types: Mapped[list[str]] = mapped_column(JSONText, default=list)
    source: Mapped[str] = mapped_column(String(20))
    checked_on: Mapped[date] = mapped_column(Date)


class IncomingDocument(Base):
    """A document received through the access point, byte for byte with its SHA-256 (append-only: triggers).

    One row per Peppol message; a second message with the same supplier, kind and number is a duplicate
    and is not stored (the unique index says so even if a check were missed)."""

    __tablename__ = "incoming_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # invoice, credit_note, invoice_response
    supplier_key: Mapped[str] = mapped_column(String(80))  # VAT number, else the sender's endpoint
    supplier_name: Mapped[str] = mapped_column(String(200), default="")
    supplier_endpoint: Mapped[str] = mapped_column(String(80), default="")
    number: Mapped[str] = mapped_column(String(120))
    issue_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="")
    payable_cents: Mapped[int | None] = mapped_column(Integer)
    response_code: Mapped[str | None] = mapped_column(String(4))
    refers_to: Mapped[str | None] = mapped_column(String(120))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    valid: Mapped[bool | None] = mapped_column(Boolean)  # None: no validator for its kind
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)

    __table_args__ = (
        UniqueConstraint("provider", "message_id", name="uq_incoming_documents_message"),
        UniqueConstraint("supplier_key", "kind", "number", name="uq_incoming_documents_document"),
    )


class PeppolResponse(Base):
    """Our Peppol invoice response to a received invoice: its UBL as written (kept: the proof of what we said),
    and once the access point accepted it, its message id and answer."""

    __tablename__ = "peppol_responses"
    id: Mapped[int] = mapped_column(primary_key=True)
    incoming_id: Mapped[int] = mapped_column(ForeignKey("incoming_documents.id"), index=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(2))
    reasons: Mapped[list[list[str]]] = mapped_column(JSONText, default=list)
    on_date: Mapped[date] = mapped_column(Date)
    xml: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    message_id: Mapped[str | None] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
