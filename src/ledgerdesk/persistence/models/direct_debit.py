"""SEPA direct debit: the creditor's setup, the mandate register with its history, and each collection made."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..types import JSONText
from .base import Base
from .recurring import RecurringOccurrence


class DirectDebitCreditor(Base):
    """The creditor agreement with the bank: one row (id 1) once direct debit is set up."""

    __tablename__ = "dd_creditor"
    id: Mapped[int] = mapped_column(primary_key=True)
    creditor_id: Mapped[str] = mapped_column(String(35))
    core: Mapped[bool] = mapped_column(Boolean, default=True)
    b2b: Mapped[bool] = mapped_column(Boolean, default=False)
    iban: Mapped[str] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    # The pain.008 version the bank takes: .08 by default, .02 for a bank that does not take .08 yet.
    pain_version: Mapped[str] = mapped_column(String(20), default="pain.008.001.08")
    pre_notification_days: Mapped[int] = mapped_column(Integer, default=14)

    __table_args__ = (
        CheckConstraint("core OR b2b", name="a_scheme"),
        CheckConstraint("pain_version IN ('pain.008.001.08', 'pain.008.001.02')", name="pain_version"),
        CheckConstraint("pre_notification_days BETWEEN 1 AND 60", name="pre_notification"),
    )


class Mandate(Base):
    """A debtor's signed authorisation; the reference (UMR) is unique for the creditor for ever."""

    __tablename__ = "mandates"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(35), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    scheme: Mapped[str] = mapped_column(String(4))
    recurrent: Mapped[bool] = mapped_column(Boolean, default=True)
    signed_on: Mapped[date] = mapped_column(Date)
    debtor_iban: Mapped[str] = mapped_column(String(34))
    debtor_bic: Mapped[str | None] = mapped_column(String(11))
    # FRST until a first collection went through (again after the first one is refused), then RCUR;
    # DONE once a one-off mandate was collected.
    next_sequence: Mapped[str] = mapped_column(String(4), default="FRST")
    # What changed since the last collection, sent once with the next one (pain.008 AmdmntInfDtls):
    # {"reference": old UMR, "iban": old IBAN, "other_bank": true when the debtor changed bank}.
    amendment: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revoked_reason: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[bytes | None] = mapped_column(LargeBinary)
    document_name: Mapped[str] = mapped_column(String(260), default="")
    document_sha256: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("scheme IN ('CORE', 'B2B')", name="scheme"),
        CheckConstraint("next_sequence IN ('FRST', 'RCUR', 'DONE')", name="next_sequence"),
        Index("ix_mandates_customer", "customer_id"),
    )


class MandateEvent(Base):
    """Append-only history of a mandate: signed, amended, revoked, collected, refused."""

    __tablename__ = "mandate_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    on_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)

    __table_args__ = (Index("ix_mandate_events_mandate", "mandate_id", "at"),)


class Collection(Base):
    """One invoice put in a collection file; its payment is reversed if the bank returns it."""

    __tablename__ = "dd_collections"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    mandate_id: Mapped[int] = mapped_column(ForeignKey("mandates.id"))
    collect_on: Mapped[date] = mapped_column(Date)
    scheme: Mapped[str] = mapped_column(String(4))
    sequence: Mapped[str] = mapped_column(String(4))
    end_to_end: Mapped[str] = mapped_column(String(35), unique=True)
    message_id: Mapped[str] = mapped_column(String(35))
    amount_cents: Mapped[int] = mapped_column(Integer)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="collected")
    reason: Mapped[str] = mapped_column(String(4), default="")
    returned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("status IN ('collected', 'returned')", name="status"),
        CheckConstraint("amount_cents > 0", name="positive"),
        Index("ix_dd_collections_invoice", "invoice_id"),
        Index("ix_dd_collections_mandate", "mandate_id"),
    )


class DirectDebitNotice(Base):
    """What an issued invoice says about its collection (frozen with it): mandate, creditor id, account, date."""

    __tablename__ = "dd_notices"
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    mandate_reference: Mapped[str] = mapped_column(String(35))
    creditor_id: Mapped[str] = mapped_column(String(35))
    debtor_iban: Mapped[str] = mapped_column(String(34))
    collect_on: Mapped[date] = mapped_column(Date)


# Issuing an invoice asks whether a recurring template made it (then it may be collected by direct debit):
# without this index that is a scan of every period ever generated, once per invoice issued.
Index("ix_recurring_occurrences_invoice", RecurringOccurrence.invoice_id)
