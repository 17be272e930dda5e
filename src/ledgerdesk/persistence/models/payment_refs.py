"""Structured communications that stand for several invoices (a grouped reminder letter's OGM).

Contract shared with the bank import: when a payment carries one of these references,
it is allocated over the listed invoices, oldest first (`position` order).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class PaymentReference(Base):
    __tablename__ = "payment_references"
    reference: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40))


class PaymentReferenceItem(Base):
    __tablename__ = "payment_reference_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(ForeignKey("payment_references.reference"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_payment_reference_items_reference", "reference"),)
