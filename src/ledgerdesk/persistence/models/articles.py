"""The articles catalogue: templates for a line, copied into it when chosen (a document never points here)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ..types import DecimalText
from .base import Base


class ArticleRow(Base):
    """One article; archived ones stay (a book file and the history name them) but are not offered."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name_nl: Mapped[str] = mapped_column(String(200), default="")
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(3))
    unit_price: Mapped[Decimal] = mapped_column(DecimalText)
    vat: Mapped[str] = mapped_column(String(20))  # a line's VAT key: '21', '6/renovation', '0/eu_services' ...
    category: Mapped[str | None] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
