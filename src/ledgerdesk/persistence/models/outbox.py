"""The outbox: one row per document going out by one channel, its state, its attempts and the remote side's words.

A sent message's bytes (the .eml, or the UBL handed to the access point) are kept with their
SHA-256 as proof of what left; database triggers keep them from being changed once written and
keep a sent delivery from being deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..types import JSONText
from .base import Base


class Delivery(Base):
    __tablename__ = "deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_kind: Mapped[str] = mapped_column(String(20))  # invoice, credit_note, reminder_letter, statement
    document_number: Mapped[str] = mapped_column(String(40))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_letters.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(10))  # peppol, email, post
    recipient: Mapped[str] = mapped_column(String(320), default="")
    state: Mapped[str] = mapped_column(String(10), default="queued")
    message_key: Mapped[str] = mapped_column(String(200), unique=True)  # Message-ID / Peppol message key
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime] = mapped_column(DateTime)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime)
    handed_over_at: Mapped[datetime | None] = mapped_column(DateTime)  # the attempt passed its point of no return
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer: Mapped[str] = mapped_column(Text, default="")  # the remote side's last answer, verbatim
    log: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)  # every attempt: at, state, answer
    message: Mapped[bytes | None] = mapped_column(LargeBinary)  # the exact bytes sent (and resent)
    message_sha256: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_deliveries_state", "state", "id"),)
