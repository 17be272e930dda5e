"""Imported bank statements and their lines, import batches, and grouped payment references."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..types import JSONText
from .base import Base

LINE_STATUSES = ("outgoing", "unmatched", "review", "matched", "ignored")


class ImportBatch(Base):
    """One imported file; undoing the import removes everything it added."""

    __tablename__ = "bank_import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(260))
    file_format: Mapped[str] = mapped_column(String(12))
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_on: Mapped[date] = mapped_column(Date)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    new_lines: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_lines: Mapped[int] = mapped_column(Integer, default=0)


class ImportedFile(Base):
    """The bytes of an imported statement file, kept as they came: the accountant's pack hands them on
    byte for byte. A table of its own, so listing imports never loads the files; imports made before
    revision 0007_accountant have no row here."""

    __tablename__ = "bank_import_files"
    batch_id: Mapped[int] = mapped_column(ForeignKey("bank_import_batches.id", ondelete="CASCADE"), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class BankStatement(Base):
    __tablename__ = "bank_statements"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("bank_import_batches.id", ondelete="CASCADE"))
    account: Mapped[str] = mapped_column(String(34))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    number: Mapped[str] = mapped_column(String(35))
    opening_date: Mapped[date | None] = mapped_column(Date)
    opening_cents: Mapped[int] = mapped_column(Integer)
    closing_date: Mapped[date | None] = mapped_column(Date)
    closing_cents: Mapped[int] = mapped_column(Integer)
    holder: Mapped[str] = mapped_column(String(200), default="")
    # A statement-level free message (CODA record 4): said by the bank about the statement, not about a line.
    free_message: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (Index("ix_bank_statements_account_number", "account", "number"),)


class BankLine(Base):
    """A booked movement. Incoming lines that were matched or accepted point to their Payment."""

    __tablename__ = "bank_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statements.id", ondelete="CASCADE"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("bank_import_batches.id", ondelete="CASCADE"))
    account: Mapped[str] = mapped_column(String(34))
    statement_number: Mapped[str] = mapped_column(String(35))
    # Statement numbers restart every January (CODA, camt LglSeqNb): the year tells statement 1 of 2026
    # from statement 1 of 2027 (banking.model.statement_year).
    statement_year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[str] = mapped_column(String(20))
    bank_reference: Mapped[str] = mapped_column(String(64), default="")
    booking_date: Mapped[date] = mapped_column(Date)
    value_date: Mapped[date | None] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    counterparty_name: Mapped[str] = mapped_column(String(200), default="")
    counterparty_iban: Mapped[str] = mapped_column(String(34), default="")
    counterparty_bic: Mapped[str] = mapped_column(String(11), default="")
    ogm: Mapped[str | None] = mapped_column(String(12))
    rf_reference: Mapped[str | None] = mapped_column(String(35))
    communication: Mapped[str] = mapped_column(Text, default="")
    end_to_end: Mapped[str] = mapped_column(String(35), default="")
    transaction_code: Mapped[str] = mapped_column(String(35), default="")
    status: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")  # in English, for logs and the command line
    reason_data: Mapped[list[Any]] = mapped_column(JSONText, default=list)  # the same as templates + values
    suggestions: Mapped[list[Any]] = mapped_column(JSONText, default=list)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id", ondelete="SET NULL"))

    __table_args__ = (
        UniqueConstraint(
            "account", "statement_year", "statement_number", "sequence", "bank_reference", name="uq_bank_lines_identity"
        ),
        CheckConstraint("status IN ('outgoing', 'unmatched', 'review', 'matched', 'ignored')", name="status"),
        Index("ix_bank_lines_status", "status"),
        Index("ix_bank_lines_batch", "batch_id"),
        Index("ix_bank_lines_reference", "account", "bank_reference"),
        Index("ix_bank_lines_booking", "account", "booking_date"),
        Index("ix_bank_lines_payment", "payment_id"),
    )


class PaymentReference(Base):
    """A structured communication standing for several invoices (a reminder letter's grouped total)."""

    __tablename__ = "payment_references"
    reference: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text, default="")


class PaymentReferenceItem(Base):
    __tablename__ = "payment_reference_items"
    reference: Mapped[str] = mapped_column(
        ForeignKey("payment_references.reference", ondelete="CASCADE"), primary_key=True
    )
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_payment_reference_items_invoice", "invoice_id"),)
