"""Quotes, their lines and their history: numbered in their own series, decided by the customer.

A quote is kept apart from `invoices` so that no query of invoices, receivables, reminders, VAT or
KPIs can ever count one; it shares the line columns (`LineColumns`) and the document value.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import DecimalText, JSONText
from .base import Base
from .invoicing import Customer, LineColumns


class Quote(Base):
    """A quote: a draft changes freely; once sent its lines and number never change, only its status."""

    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str | None] = mapped_column(String(40), unique=True)
    number_year: Mapped[int | None] = mapped_column(Integer)
    number_seq: Mapped[int | None] = mapped_column(Integer)
    issue_date: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    terms: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The deposit asked before work starts: a payment request without VAT (Belgian rule, art. 22bis).
    deposit_cents: Mapped[int | None] = mapped_column(Integer)
    # The month the work is planned to be done and invoiced ("2026-12"), for the month's forecast; a plan,
    # so it may change after the quote is sent.
    planned_month: Mapped[str | None] = mapped_column(String(7))
    structured_communication: Mapped[str | None] = mapped_column(String(12), unique=True)
    net_cents: Mapped[int] = mapped_column(Integer, default=0)
    vat_cents: Mapped[int] = mapped_column(Integer, default=0)
    total_cents: Mapped[int] = mapped_column(Integer, default=0)
    seller: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    buyer: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    decided_on: Mapped[date | None] = mapped_column(Date)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    # The invoice made from it; a draft invoice deleted again leaves the quote accepted (SET NULL).
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    customer: Mapped[Customer] = relationship(lazy="joined")
    lines: Mapped[list[QuoteLine]] = relationship(
        back_populates="quote", order_by="QuoteLine.position", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'sent', 'accepted', 'refused', 'converted')", name="status"),
        CheckConstraint("status = 'draft' OR number IS NOT NULL", name="sent_has_number"),
        CheckConstraint("deposit_cents IS NULL OR deposit_cents > 0", name="deposit_positive"),
        CheckConstraint("valid_until >= issue_date", name="valid_after_issue"),
        UniqueConstraint("number_year", "number_seq", name="uq_quotes_year_seq"),
        Index("ix_quotes_status_issue", "status", "issue_date"),
        Index("ix_quotes_customer", "customer_id"),
    )


class QuoteLine(LineColumns, Base):
    __tablename__ = "quote_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    net_cents: Mapped[int] = mapped_column(Integer)

    quote: Mapped[Quote] = relationship(back_populates="lines")

    __table_args__ = (Index("ix_quote_lines_quote", "quote_id"),)


class QuoteEvent(Base):
    """Append-only history of a quote: created, sent, accepted, refused (with the reason), converted."""

    __tablename__ = "quote_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    on_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)

    __table_args__ = (Index("ix_quote_events_quote", "quote_id", "at"),)


class QuoteConversion(Base):
    """How much of a quote line an invoice took: the remainder of each line is what is left to invoice.

    Deleting a draft invoice deletes its rows (CASCADE): what it took is to invoice again.
    """

    __tablename__ = "quote_conversions"
    id: Mapped[int] = mapped_column(primary_key=True)
    quote_line_id: Mapped[int] = mapped_column(ForeignKey("quote_lines.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    quantity: Mapped[Decimal] = mapped_column(DecimalText)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_quote_conversions_line", "quote_line_id"),
        Index("ix_quote_conversions_invoice", "invoice_id"),
    )


class QuoteAdvance(Base):
    """An advance invoice made for a deposit received on a quote, and the final invoice that deducts it."""

    __tablename__ = "quote_advances"
    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), unique=True)
    # The draft or issued invoice that deducts it; a deleted draft gives the advance back (SET NULL).
    deducted_in_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_quote_advances_quote", "quote_id"),)


class QuoteOrder(Base):
    """An order confirmation: what the customer ordered of an accepted quote, numbered in its own series.

    Numbered when made and never changed or deleted (triggers): the customer holds it. What an order
    takes of the quote is no longer left on the quote; the invoices made from the order take from it.
    """

    __tablename__ = "quote_orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    number_year: Mapped[int] = mapped_column(Integer)
    number_seq: Mapped[int] = mapped_column(Integer)
    issue_date: Mapped[date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2), default="nl")
    seller: Mapped[dict[str, Any]] = mapped_column(JSONText)
    buyer: Mapped[dict[str, Any]] = mapped_column(JSONText)
    net_cents: Mapped[int] = mapped_column(Integer)
    vat_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    quote: Mapped[Quote] = relationship(lazy="joined")
    lines: Mapped[list[QuoteOrderLine]] = relationship(
        back_populates="order", order_by="QuoteOrderLine.position", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("number_year", "number_seq", name="uq_quote_orders_year_seq"),
        Index("ix_quote_orders_quote", "quote_id"),
    )


class QuoteOrderLine(LineColumns, Base):
    """A line of an order confirmation: a quote line, whole or in part."""

    __tablename__ = "quote_order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("quote_orders.id"))
    quote_line_id: Mapped[int] = mapped_column(ForeignKey("quote_lines.id"))
    net_cents: Mapped[int] = mapped_column(Integer)

    order: Mapped[QuoteOrder] = relationship(back_populates="lines")

    __table_args__ = (
        Index("ix_quote_order_lines_order", "order_id"),
        Index("ix_quote_order_lines_quote_line", "quote_line_id"),
    )


class OrderConversion(Base):
    """How much of an order line an invoice took; deleting a draft invoice gives it back (CASCADE)."""

    __tablename__ = "order_conversions"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("quote_order_lines.id"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"))
    quantity: Mapped[Decimal] = mapped_column(DecimalText)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_order_conversions_line", "order_line_id"),
        Index("ix_order_conversions_invoice", "invoice_id"),
    )
