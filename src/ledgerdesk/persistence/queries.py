"""Read-side queries returning frozen rows: invoices with their open amount as of a date.

Everything is summed in SQL (one grouped subquery per side), so listing the open
items of a 50,000-invoice book never loads an ORM object.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from .invoice_rows import InvoiceRow, to_row
from .models import Allocation, Customer, Invoice, Payment

__all__ = ["InvoiceRow", "to_row"]  # kept here for the callers; defined without SQLAlchemy in invoice_rows

STATUSES = ("draft", "open", "overdue", "paid", "credited", "all")
KINDS = ("invoice", "credit_note", "all")


def settled_subquery(as_of: date | None):  # type: ignore[no-untyped-def]
    query = select(Allocation.invoice_id.label("invoice_id"), func.sum(Allocation.amount_cents).label("cents"))
    if as_of is not None:
        query = query.where(Allocation.date <= as_of)
    return query.group_by(Allocation.invoice_id).subquery("settled")


def credited_subquery(as_of: date | None):  # type: ignore[no-untyped-def]
    cn = aliased(Invoice)
    query = select(cn.credited_invoice_id.label("invoice_id"), func.sum(cn.total_cents).label("cents")).where(
        cn.kind == "credit_note", cn.status == "issued"
    )
    if as_of is not None:
        query = query.where(cn.issue_date <= as_of)
    return query.group_by(cn.credited_invoice_id).subquery("credited")


def invoices_query(
    as_of: date,
    *,
    status: str = "all",
    customer_id: int | None = None,
    text: str | None = None,
    period: tuple[date, date] | None = None,
    kind: str = "invoice",
) -> Select:
    """The document list with settled and credited cents as of a date, filtered in SQL.

    `kind` is "invoice", "credit_note" or "all"; the states of what is owed (open, overdue,
    paid, credited) are an invoice's only, so those filters list invoices whatever the kind."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    settled = settled_subquery(as_of)
    credited = credited_subquery(as_of)
    settled_c = func.coalesce(settled.c.cents, 0)
    credited_c = func.coalesce(credited.c.cents, 0)
    open_c = Invoice.total_cents - settled_c - credited_c
    query = (
        select(
            Invoice.id,
            Invoice.kind,
            Invoice.number,
            Invoice.customer_id,
            Customer.name,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.net_cents,
            Invoice.total_cents,
            settled_c.label("settled"),
            credited_c.label("credited"),
            Invoice.structured_communication,
            Invoice.status,
        )
        .join(Customer, Customer.id == Invoice.customer_id)
        .outerjoin(settled, settled.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.c.invoice_id == Invoice.id)
    )
    if kind != "all":
        query = query.where(Invoice.kind == kind)
    if status in ("open", "overdue", "paid", "credited"):
        query = query.where(Invoice.kind == "invoice")
    issued_by = and_(Invoice.status == "issued", Invoice.issue_date <= as_of)
    if status == "draft":
        query = query.where(Invoice.status == "draft")
    elif status == "open":
        query = query.where(issued_by, open_c > 0)
    elif status == "overdue":
        query = query.where(issued_by, open_c > 0, Invoice.due_date < as_of)
    elif status == "paid":
        query = query.where(issued_by, open_c <= 0, credited_c < Invoice.total_cents)
    elif status == "credited":
        query = query.where(issued_by, credited_c >= Invoice.total_cents, Invoice.total_cents > 0)
    else:
        query = query.where(or_(Invoice.status == "draft", issued_by))
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    if period is not None:
        query = query.where(Invoice.issue_date >= period[0], Invoice.issue_date <= period[1])
    if text:
        like = f"%{text.strip()}%"
        query = query.where(
            or_(
                Invoice.number.ilike(like),
                Customer.name.ilike(like),
                Invoice.structured_communication.like(like.replace("+", "").replace("/", "")),
            )
        )
    return query.order_by(Invoice.issue_date, Invoice.number, Invoice.id)


def list_invoices(session: Session, as_of: date, **filters: object) -> list[InvoiceRow]:
    """The rows of invoices_query. Read in batches, and the values rows repeat (kind, state, customer
    name, dates) shared: a 10-year book's 50,000 rows then take about half the memory."""
    return list(iter_invoices(session, as_of, **filters))


def iter_invoices(session: Session, as_of: date, **filters: object) -> Iterator[InvoiceRow]:
    """list_invoices one row at a time, read 2,000 at a time: a caller that keeps the rows in another
    shape (the invoice list's columns) never holds them all as rows."""
    query = invoices_query(as_of, **filters)  # type: ignore[arg-type]
    shared: dict[object, object] = {}
    one = shared.setdefault
    for raw in session.execute(query.execution_options(yield_per=2000)):
        (id_, kind, number, customer_id, customer, issue_date, due, net, total, settled, credited, ogm, state) = raw
        yield (
            to_row(
                (
                    id_,
                    one(kind, kind),
                    number,
                    one(customer_id, customer_id),  # 2,000 customers: one int each, not one per row
                    one(customer, customer),
                    one(issue_date, issue_date),
                    one(due, due),
                    net,
                    total,
                    total if settled == total else settled,  # paid in full (most rows): the same int object
                    credited,
                    ogm,
                    one(state, state),
                ),
                as_of,
            )
        )


def invoice_row(session: Session, invoice_id: int, as_of: date) -> InvoiceRow | None:
    for kind in ("invoice", "credit_note"):
        query = invoices_query(as_of, kind=kind).where(Invoice.id == invoice_id)
        raw = session.execute(query).first()
        if raw is not None:
            return to_row(raw, as_of)
    return None


def open_cents(session: Session, invoice_id: int, as_of: date | None = None) -> int:
    """Total − allocations − issued credit notes (dated up to as_of when given)."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None or invoice.status != "issued":
        return 0
    alloc = select(func.coalesce(func.sum(Allocation.amount_cents), 0)).where(Allocation.invoice_id == invoice_id)
    cn = select(func.coalesce(func.sum(Invoice.total_cents), 0)).where(
        Invoice.credited_invoice_id == invoice_id, Invoice.kind == "credit_note", Invoice.status == "issued"
    )
    if as_of is not None:
        alloc = alloc.where(Allocation.date <= as_of)
        cn = cn.where(Invoice.issue_date <= as_of)
    return invoice.total_cents - int(session.scalar(alloc) or 0) - int(session.scalar(cn) or 0)


def unallocated_cents(session: Session, payment_id: int) -> int:
    payment = session.get(Payment, payment_id)
    if payment is None:
        return 0
    used = session.scalar(
        select(func.coalesce(func.sum(Allocation.amount_cents), 0)).where(Allocation.payment_id == payment_id)
    )
    return payment.amount_cents - int(used or 0)


def customer_credit_cents(session: Session, customer_id: int, as_of: date | None = None) -> int:
    """Unallocated money received from a customer (positive payments only)."""
    used = (
        select(Allocation.payment_id, func.sum(Allocation.amount_cents).label("cents"))
        .group_by(Allocation.payment_id)
        .subquery()
    )
    query = (
        select(func.coalesce(func.sum(Payment.amount_cents - func.coalesce(used.c.cents, 0)), 0))
        .outerjoin(used, used.c.payment_id == Payment.id)
        .where(Payment.customer_id == customer_id, Payment.amount_cents > 0)
    )
    if as_of is not None:
        query = query.where(Payment.date <= as_of)
    return int(session.scalar(query) or 0)


def aging(session: Session, as_of: date, *, customer_id: int | None = None) -> dict[str, int]:
    """Outstanding cents per aging bucket as of a date, summed in SQL."""
    from sqlalchemy import case

    from ..domain.aging import empty

    settled = settled_subquery(as_of)
    credited = credited_subquery(as_of)
    open_c = Invoice.total_cents - func.coalesce(settled.c.cents, 0) - func.coalesce(credited.c.cents, 0)
    days = func.julianday(as_of.isoformat()) - func.julianday(Invoice.due_date)
    bucket = case(
        (or_(Invoice.due_date.is_(None), days <= 0), "not_due"),
        (days <= 30, "1_30"),
        (days <= 60, "31_60"),
        (days <= 90, "61_90"),
        else_="over_90",
    )
    inner = (
        select(bucket.label("bucket"), open_c.label("open"))
        .outerjoin(settled, settled.c.invoice_id == Invoice.id)
        .outerjoin(credited, credited.c.invoice_id == Invoice.id)
        .where(Invoice.kind == "invoice", Invoice.status == "issued", Invoice.issue_date <= as_of, open_c > 0)
    )
    if customer_id is not None:
        inner = inner.where(Invoice.customer_id == customer_id)
    sub = inner.subquery()
    result = empty()
    for name, cents in session.execute(select(sub.c.bucket, func.sum(sub.c.open)).group_by(sub.c.bucket)):
        result[name] = int(cents)
    return result


def customer_names(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every customer, by name then id: the choice lists of filters and forms."""
    query = select(Customer.id, Customer.name).order_by(Customer.name, Customer.id)
    return [(int(i), n) for i, n in session.execute(query)]


def cash_allocated_cents(session: Session, invoice_id: int) -> int:
    """The cash an invoice has received so far (allocations of cash payments), for the cash limit."""
    query = (
        select(func.coalesce(func.sum(Allocation.amount_cents), 0))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Allocation.invoice_id == invoice_id, Payment.method == "cash")
    )
    return int(session.scalar(query) or 0)
