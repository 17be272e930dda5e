"""What went to the accountant: one row per period pack made, append-only; a period in a row is closed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class AccountantPack(Base):
    """A pack made for the accountant: its period, when, the file and its SHA-256, and whether it was a
    re-send. Which documents it held is in each document's history (`sent_to_accountant` events)."""

    __tablename__ = "accountant_packs"
    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    made_on: Mapped[date] = mapped_column(Date)
    made_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64))
    documents: Mapped[int] = mapped_column(Integer)
    resent: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_accountant_packs_days", "first_day", "last_day"),)
