"""Company, customers, invoices and credit notes, payments and their allocations, history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import DecimalText, JSONText
from .base import Base


class Setting(Base):
    """Free-form settings as JSON values (envelope window, reminder thresholds ...)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)


class Company(Base):
    """The user's own business; a single row with id 1."""

    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")
    vat: Mapped[str | None] = mapped_column(String(20))
    vat_regime: Mapped[str] = mapped_column(String(20), default="standard")
    iban: Mapped[str | None] = mapped_column(String(34))
    bic: Mapped[str | None] = mapped_column(String(11))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    language: Mapped[str] = mapped_column(String(2), default="nl")
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    invoice_number_format: Mapped[str] = mapped_column(String(60), default="{year}-{seq:04d}")
    credit_note_number_format: Mapped[str] = mapped_column(String(60), default="CN{year}-{seq:04d}")
    late_payment_terms: Mapped[bool] = mapped_column(Boolean, default=False)

    # art44 added by 0011_complete
    __table_args__ = (CheckConstraint("vat_regime IN ('standard', 'franchise', 'art44')", name="vat_regime"),)


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="business")
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="BE")
    vat: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    receives_einvoice: Mapped[bool] = mapped_column(Boolean, default=False)
    created_on: Mapped[date] = mapped_column(Date)
    # Reminder scenario code chosen for this customer (None = the one of its kind); added by 0003.
    dunning_scenario: Mapped[str | None] = mapped_column(String(40))
    # Issuing to this customer needs a buyer reference or order number (public and large buyers); 0010_complete.
    requires_buyer_reference: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (
        CheckConstraint("kind IN ('business', 'consumer')", name="kind"),
        CheckConstraint("language IN ('nl', 'fr', 'en')", name="language"),
    )


class NumberSeries(Base):
    """The last number taken per document kind and year; bumped inside the issuing transaction."""

    __tablename__ = "number_series"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(Base):
    """An invoice or a credit note. Issued rows are frozen (domain check + database trigger)."""

    __tablename__ = "invoices"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default="invoice")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str | None] = mapped_column(String(40))
    number_year: Mapped[int | None] = mapped_column(Integer)
    number_seq: Mapped[int | None] = mapped_column(Integer)
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    delivery_date: Mapped[date | None] = mapped_column(Date)
    # The service period (BT-73/74), both days or neither; added by 0009_complete.
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    # The customer's references (BT-10, BT-13, BT-12), "" when not given; added by 0010_complete.
    buyer_reference: Mapped[str] = mapped_column(String(200), default="", server_default="")
    order_reference: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contract_reference: Mapped[str] = mapped_column(String(200), default="", server_default="")
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    notes: Mapped[str] = mapped_column(Text, default="")
    credited_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    structured_communication: Mapped[str | None] = mapped_column(String(12), unique=True)
    net_cents: Mapped[int] = mapped_column(Integer, default=0)
    vat_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer, default=0)
    seller: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    buyer: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    issued_at: Mapped[datetime | None] = mapped_column(DateTime)

    customer: Mapped[Customer] = relationship(lazy="joined")
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice",
        order_by="InvoiceLine.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    credited_invoice: Mapped[Invoice | None] = relationship(remote_side=[id], lazy="raise_on_sql")

    __table_args__ = (
        UniqueConstraint("kind", "number", name="uq_invoices_kind_number"),
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
        CheckConstraint("status IN ('draft', 'issued')", name="status"),
        CheckConstraint("status = 'draft' OR number IS NOT NULL", name="issued_has_number"),
        CheckConstraint("kind = 'invoice' OR credited_invoice_id IS NOT NULL", name="credit_note_refers"),
        Index("ix_invoices_kind_status_issue", "kind", "status", "issue_date"),
        Index("ix_invoices_customer", "customer_id"),
        Index("ix_invoices_credited", "credited_invoice_id"),
        Index("ix_invoices_due", "due_date"),
    )

    @property
    def is_issued(self) -> bool:
        return self.status == "issued"


class LineColumns:
    """What an invoice line and a recurring template line both store (see domain.document.line_columns)."""

    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(DecimalText)
    unit: Mapped[str] = mapped_column(String(20), default="")
    unit_price: Mapped[Decimal] = mapped_column(DecimalText)
    discount_pct: Mapped[Decimal] = mapped_column(DecimalText, default=Decimal(0))
    vat_rate: Mapped[Decimal] = mapped_column(DecimalText)
    vat_exemption: Mapped[str | None] = mapped_column(String(20))
    # The line's own service period (BG-26) when it differs from the invoice's; added by 0009_complete.
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)


class InvoiceLine(LineColumns, Base):
    __tablename__ = "invoice_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    net_cents: Mapped[int] = mapped_column(Integer)
    credited_line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_lines.id"))

    invoice: Mapped[Invoice] = relationship(back_populates="lines")

    __table_args__ = (Index("ix_invoice_lines_invoice", "invoice_id"),)


class Payment(Base):
    """Money received (positive) or paid back (negative); what stays unallocated is customer credit."""

    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10), default="bank")
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    counterparty_name: Mapped[str] = mapped_column(String(200), default="")
    counterparty_iban: Mapped[str] = mapped_column(String(34), default="")
    communication: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    allocations: Mapped[list[Allocation]] = relationship(
        back_populates="payment", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("method IN ('cash', 'bank', 'other')", name="method"),
        Index("ix_payments_customer", "customer_id"),
        Index("ix_payments_date", "date"),
    )


class Allocation(Base):
    """Part of a payment settling part of one invoice; dated like the payment for as-of views."""

    __tablename__ = "allocations"
    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    payment: Mapped[Payment] = relationship(back_populates="allocations")

    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="positive"),
        Index("ix_allocations_invoice_date", "invoice_id", "date", "amount_cents"),
        Index("ix_allocations_payment", "payment_id"),
    )


class InvoiceEvent(Base):
    """Append-only history of an invoice: created, issued, paid, credited, reminded, disputed ..."""

    __tablename__ = "invoice_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    at: Mapped[datetime] = mapped_column(DateTime)
    on_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)

    __table_args__ = (Index("ix_invoice_events_invoice", "invoice_id", "at"),)
