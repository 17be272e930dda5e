"""When each issued invoice became fully settled: kept by database triggers so KPIs skip closed history.

Outstanding as of a date only concerns invoices still open then: those never closed
(closed_on NULL) or closed after that date. The triggers of migration 0004 keep
closed_on right on every allocation and every issued invoice or credit note, whatever
service (or import) wrote them; services.kpis checks the triggers exist before
trusting the table and falls back to the full as-of sums otherwise.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from ..closing_triggers import TRIGGERS
from .base import Base

__all__ = ["TRIGGERS", "ReceivableClosing"]


class ReceivableClosing(Base):
    """One row per issued invoice: the date its payments and credit notes covered the total (NULL: still open)."""

    __tablename__ = "receivable_closings"
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    closed_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_receivable_closings_closed_on", "closed_on"),)
