"""Work delivered: dated work slips (hours and materials) per customer, locked once an invoice takes them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base
from .invoicing import Customer, LineColumns


class WorkSlip(Base):
    """Work delivered to a customer on a day; `invoice_id` set = invoiced (a deleted draft frees it)."""

    __tablename__ = "work_slips"
    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(60), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    quote_id: Mapped[int | None] = mapped_column(ForeignKey("quotes.id"))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    # Net of the lines, stored so the queue, the figure per customer and the forecast are SQL sums.
    net_cents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    customer: Mapped[Customer] = relationship(lazy="joined")
    lines: Mapped[list[WorkSlipLine]] = relationship(
        back_populates="slip", order_by="WorkSlipLine.position", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        Index("ix_work_slips_open", "invoice_id", "day", "customer_id", "net_cents"),
        Index("ix_work_slips_customer", "customer_id", "day"),
        Index("ix_work_slips_quote", "quote_id"),  # the work delivered on a quote (the forecast, per quote)
    )


class WorkSlipLine(LineColumns, Base):
    __tablename__ = "work_slip_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    slip_id: Mapped[int] = mapped_column(ForeignKey("work_slips.id", ondelete="CASCADE"))
    net_cents: Mapped[int] = mapped_column(Integer)
    # The quote line this work delivers: invoicing the slip takes that much of the quote (never twice).
    quote_line_id: Mapped[int | None] = mapped_column(ForeignKey("quote_lines.id"))

    slip: Mapped[WorkSlip] = relationship(back_populates="lines")

    __table_args__ = (Index("ix_work_slip_lines_slip", "slip_id"),)
