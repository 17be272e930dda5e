"""Read-side customer rows: the list with search, and each customer's open amount as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from .models import Customer, Invoice
from .queries import credited_subquery, settled_subquery


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    kind: str
    city: str
    country: str
    vat: str | None
    email: str
    language: str
    invoices: int
    open_cents: int


def list_customers(
    session: Session, as_of: date, *, text: str | None = None, limit: int | None = None, customer_id: int | None = None
) -> list[CustomerRow]:
    """Customers (searched by name, city, VAT number or e-mail) with their issued invoices and open amount."""
    settled = settled_subquery(as_of)
    credited = credited_subquery(as_of)
    only = [Invoice.customer_id == customer_id] if customer_id is not None else []
    open_c = Invoice.total_cents - func.coalesce(settled.c.cents, 0) - func.coalesce(credited.c.cents, 0)
    per_customer = (
        select(
            Invoice.customer_id.label("customer_id"),
            func.count().label("n"),
            func.sum(func.max(open_c, 0)).label("open"),
        )
        .outerjoin(settled, settled.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.c.invoice_id == Invoice.id)
        .where(and_(Invoice.kind == "invoice", Invoice.status == "issued", Invoice.issue_date <= as_of, *only))
        .group_by(Invoice.customer_id)
        .subquery("per_customer")
    )
    query = (
        select(
            Customer.id,
            Customer.name,
            Customer.kind,
            Customer.city,
            Customer.country,
            Customer.vat,
            Customer.email,
            Customer.language,
            func.coalesce(per_customer.c.n, 0),
            func.coalesce(per_customer.c.open, 0),
        )
        .outerjoin(per_customer, per_customer.c.customer_id == Customer.id)
        .order_by(func.lower(Customer.name), Customer.id)
    )
    if text and text.strip():
        like = f"%{text.strip()}%"
        compact = text.strip().upper().replace(" ", "").replace(".", "")
        query = query.where(
            or_(
                Customer.name.ilike(like),
                Customer.city.ilike(like),
                Customer.email.ilike(like),
                Customer.vat.like(f"%{compact}%"),
            )
        )
    if customer_id is not None:
        query = query.where(Customer.id == customer_id)
    if limit is not None:
        query = query.limit(limit)
    return [CustomerRow(*raw) for raw in session.execute(query)]


def customer_row(session: Session, customer_id: int, as_of: date) -> CustomerRow | None:
    rows = list_customers(session, as_of, customer_id=customer_id)
    return rows[0] if rows else None
