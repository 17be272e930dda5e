"""Reminders: editable scenarios and levels, confirmed runs and letters, call tasks, promises, plans, disputes."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..types import DecimalText, JSONText
from .base import Base


class DunningScenario(Base):
    """A scenario the user edited or added; the shipped ones apply until a row with their code exists."""

    __tablename__ = "dunning_scenarios"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    claim_compensation: Mapped[bool] = mapped_column(Boolean, default=True)
    claim_interest: Mapped[bool] = mapped_column(Boolean, default=True)
    interest_rate: Mapped[Decimal | None] = mapped_column(DecimalText)
    consumer_damages_cents: Mapped[int | None] = mapped_column(Integer)

    levels: Mapped[list[DunningLevel]] = relationship(
        back_populates="scenario", order_by="DunningLevel.number", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (CheckConstraint("kind IN ('business', 'consumer')", name="kind"),)


class DunningLevel(Base):
    __tablename__ = "dunning_levels"
    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("dunning_scenarios.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)
    min_gap_days: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    fees: Mapped[bool] = mapped_column(Boolean, default=False)
    interest: Mapped[bool] = mapped_column(Boolean, default=False)
    call_task: Mapped[bool] = mapped_column(Boolean, default=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    pay_within_days: Mapped[int] = mapped_column(Integer, default=14)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)

    scenario: Mapped[DunningScenario] = relationship(back_populates="levels")

    __table_args__ = (
        UniqueConstraint("scenario_id", "number", name="uq_dunning_levels_scenario_number"),
        CheckConstraint("channel IN ('letter', 'email', 'call')", name="channel"),
    )


class ReminderRun(Base):
    """One confirmation of the proposals of a date."""

    __tablename__ = "reminder_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_date: Mapped[date] = mapped_column(Date, index=True)
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)


class ReminderLetter(Base):
    """A grouped reminder to one customer, with its own number and structured communication."""

    __tablename__ = "reminder_letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("reminder_runs.id"))
    letter_date: Mapped[date] = mapped_column(Date)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    scenario_code: Mapped[str] = mapped_column(String(40))
    level: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(2))
    structured_communication: Mapped[str] = mapped_column(String(12), unique=True)
    open_cents: Mapped[int] = mapped_column(Integer)
    fee_cents: Mapped[int] = mapped_column(Integer)
    interest_cents: Mapped[int] = mapped_column(Integer)
    total_cents: Mapped[int] = mapped_column(Integer)
    pay_by: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)

    items: Mapped[list[ReminderLetterItem]] = relationship(
        back_populates="letter", order_by="ReminderLetterItem.position", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        Index("ix_reminder_letters_date", "letter_date"),
        Index("ix_reminder_letters_customer", "customer_id"),
    )


class ReminderLetterItem(Base):
    """One invoice on a letter: the level it reached and the amounts claimed that day."""

    __tablename__ = "reminder_letter_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("reminder_letters.id", ondelete="CASCADE"))
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    open_cents: Mapped[int] = mapped_column(Integer)
    fee_cents: Mapped[int] = mapped_column(Integer)
    interest_cents: Mapped[int] = mapped_column(Integer)

    letter: Mapped[ReminderLetter] = relationship(back_populates="items")

    __table_args__ = (Index("ix_reminder_letter_items_invoice", "invoice_id"),)


class CallTask(Base):
    __tablename__ = "call_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("reminder_letters.id"))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_on: Mapped[date] = mapped_column(Date)


class PaymentPromise(Base):
    """A customer's promise to pay an amount by a date; holds reminders of the invoice until then."""

    __tablename__ = "payment_promises"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    made_on: Mapped[date] = mapped_column(Date)
    promised_date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")
    settled_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint("status IN ('open', 'kept', 'broken', 'cancelled')", name="status"),
        CheckConstraint("amount_cents > 0", name="positive"),
    )


class PaymentPlan(Base):
    """Instalments agreed for one or more invoices; holds their reminders while every instalment is met."""

    __tablename__ = "payment_plans"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    made_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    settled_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    instalments: Mapped[list[PlanInstalment]] = relationship(
        order_by="PlanInstalment.due_date", cascade="all, delete-orphan", lazy="selectin"
    )
    invoices: Mapped[list[PlanInvoice]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __table_args__ = (CheckConstraint("status IN ('open', 'kept', 'broken', 'cancelled')", name="status"),)


class PlanInstalment(Base):
    __tablename__ = "plan_instalments"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"), index=True)
    due_date: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)


class PlanInvoice(Base):
    __tablename__ = "plan_invoices"
    plan_id: Mapped[int] = mapped_column(ForeignKey("payment_plans.id", ondelete="CASCADE"), primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)


class Dispute(Base):
    """The customer contests an invoice; no reminder until it is resolved."""

    __tablename__ = "disputes"
    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    opened_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    resolution: Mapped[str] = mapped_column(Text, default="")
