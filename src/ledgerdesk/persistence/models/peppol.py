"""Peppol: what the registry last said of each customer (cached with its date)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String
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
