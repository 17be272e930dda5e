"""Suppliers, their bills (purchase invoices and credit notes) with lines, attached files and history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import DecimalText, JSONText
from .base import Base
from .invoicing import LineColumns


class Supplier(Base):
    __tablename__ = "suppliers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    vat: Mapped[str | None] = mapped_column(String(20), unique=True)
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")
    email: Mapped[str] = mapped_column(String(200), default="")
    default_category: Mapped[str] = mapped_column(String(30), default="other")
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    peppol_id: Mapped[str | None] = mapped_column(String(100))
    created_on: Mapped[date] = mapped_column(Date)


class Purchase(Base):
    """A supplier's invoice or credit note. Amounts are the bill's own (its currency, cents)."""

    __tablename__ = "purchases"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), default="purchase_invoice")
    status: Mapped[str] = mapped_column(String(10), default="received")
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"))
    number: Mapped[str] = mapped_column(String(60))
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    net_cents: Mapped[int] = mapped_column(Integer, default=0)
    vat_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer, default=0)
    payable_cents: Mapped[int] = mapped_column(Integer, default=0)
    deductible_vat_cents: Mapped[int] = mapped_column(Integer, default=0)
    # The buyer owes the VAT (domain.reverse_charge): the case, and the Belgian rate self-assessed.
    reverse_charge: Mapped[str | None] = mapped_column(String(20))
    reverse_charge_rate: Mapped[Decimal | None] = mapped_column(DecimalText)
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)
    structured_communication: Mapped[str | None] = mapped_column(String(12))
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    source: Mapped[str] = mapped_column(String(10), default="typed")
    peppol_message_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    approved_by: Mapped[str | None] = mapped_column(String(100))
    second_approver: Mapped[str | None] = mapped_column(String(100))
    approved_on: Mapped[date | None] = mapped_column(Date)
    rejected_reason: Mapped[str | None] = mapped_column(Text)
    paid_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    seller: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    buyer: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    supplier: Mapped[Supplier] = relationship(lazy="joined")
    lines: Mapped[list[PurchaseLine]] = relationship(
        back_populates="purchase", order_by="PurchaseLine.position", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("supplier_id", "kind", "number", name="uq_purchases_supplier_kind_number"),
        CheckConstraint("kind IN ('purchase_invoice', 'purchase_credit_note')", name="kind"),
        CheckConstraint("status IN ('received', 'approved', 'paid', 'rejected')", name="status"),
        CheckConstraint("source IN ('typed', 'ubl', 'peppol')", name="source"),
        CheckConstraint(
            "reverse_charge IN ('intra_eu_goods', 'intra_eu_services', 'co_contractor', 'import')",
            name="reverse_charge",
        ),
        Index("ix_purchases_status_due", "status", "due_date"),
        Index("ix_purchases_issue", "issue_date"),
        Index("ix_purchases_supplier", "supplier_id"),
    )


class PurchaseLine(LineColumns, Base):
    __tablename__ = "purchase_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id", ondelete="CASCADE"))
    net_cents: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(30), default="other")
    deductible_pct: Mapped[Decimal] = mapped_column(DecimalText, default=Decimal(100))
    vat_category: Mapped[str | None] = mapped_column(String(3))  # the UBL category code of an imported line

    purchase: Mapped[Purchase] = relationship(back_populates="lines")

    __table_args__ = (Index("ix_purchase_lines_purchase", "purchase_id"),)


class PurchaseFile(Base):
    """The supplier's document as received (UBL, PDF or photo), byte for byte with its SHA-256."""

    __tablename__ = "purchase_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(260))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_purchase_files_purchase", "purchase_id"),)


class PurchaseEvent(Base):
    """Append-only history of a bill: received, approved, rejected, paid."""

    __tablename__ = "purchase_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    on_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)

    __table_args__ = (Index("ix_purchase_events_purchase", "purchase_id", "at"),)
