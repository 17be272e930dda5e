"""Receivables: open items with filters and totals, aging as of a date, statements of account,
and each customer's payment behaviour."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import aging as aging_rules
from ..domain.errors import DomainError
from ..persistence import queries
from ..persistence.models import Allocation, Customer, Invoice, Payment
from ..persistence.queries import InvoiceRow
from ..reports.model import AccountEntry, StatementDocument, StatementOfAccount


@dataclass(frozen=True)
class OpenItems:
    rows: list[InvoiceRow]
    total_cents: int
    open_cents: int
    overdue_cents: int
    buckets: dict[str, int]


def open_items(
    session: Session,
    as_of: date,
    *,
    customer_id: int | None = None,
    overdue_only: bool = False,
    bucket: str | None = None,
) -> OpenItems:
    """Open invoices as of a date (allocations and credit notes dated later are ignored)."""
    if bucket is not None and bucket not in aging_rules.BUCKETS:
        raise DomainError(f"unknown aging bucket '{bucket}'")
    rows = queries.list_invoices(session, as_of, status="overdue" if overdue_only else "open", customer_id=customer_id)
    if bucket is not None:
        rows = [r for r in rows if aging_rules.bucket_for(r.due_date, as_of) == bucket]
    buckets = aging_rules.empty()
    for r in rows:
        buckets[aging_rules.bucket_for(r.due_date, as_of)] += r.open_cents
    return OpenItems(
        rows=rows,
        total_cents=sum(r.total_cents for r in rows),
        open_cents=sum(r.open_cents for r in rows),
        overdue_cents=sum(r.open_cents for r in rows if r.due_date is not None and r.due_date < as_of),
        buckets=buckets,
    )


def aging(session: Session, as_of: date, *, customer_id: int | None = None) -> dict[str, int]:
    return queries.aging(session, as_of, customer_id=customer_id)


# --- statement of account ---------------------------------------------------------------
def _movements(session: Session, customer_id: int, end: date) -> list[tuple[date, int, str, str, int, str]]:
    """(day, order, kind, reference, signed cents: + owed by the customer, payment method) up to a date."""
    out: list[tuple[date, int, str, str, int, str]] = []
    for kind, number, day, total in session.execute(
        select(Invoice.kind, Invoice.number, Invoice.issue_date, Invoice.total_cents).where(
            Invoice.customer_id == customer_id, Invoice.status == "issued", Invoice.issue_date <= end
        )
    ):
        out.append((day, 0 if kind == "invoice" else 1, kind, number or "", total if kind == "invoice" else -total, ""))
    for _pid, day, cents, method, comm in session.execute(
        select(Payment.id, Payment.date, Payment.amount_cents, Payment.method, Payment.communication).where(
            Payment.customer_id == customer_id, Payment.date <= end
        )
    ):
        out.append((day, 2, "payment" if cents > 0 else "refund", comm.strip()[:60], -cents, method))
    out.sort(key=lambda m: (m[0], m[1], m[3]))
    return out


def balance(session: Session, customer_id: int, as_of: date) -> int:
    """What the customer owes (negative: what we owe them) at the end of a day."""
    return sum(m[4] for m in _movements(session, customer_id, as_of))


def statement_of_account(session: Session, customer_id: int, start: date, end: date) -> StatementOfAccount:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    if end < start:
        raise DomainError("the period ends before it starts")
    moves = _movements(session, customer_id, end)
    opening = sum(m[4] for m in moves if m[0] < start)
    running = opening
    entries = []
    for day, _, kind, ref, cents, method in moves:
        if day < start:
            continue
        running += cents
        entries.append(AccountEntry(day, kind, ref, max(cents, 0), max(-cents, 0), running, method))
    return StatementOfAccount(customer_id, customer.name, customer.language, start, end, opening, entries, running)


# --- payment behaviour --------------------------------------------------------------------
@dataclass(frozen=True)
class PaymentBehaviour:
    paid_invoices: int  # fully paid in the last 12 months
    avg_days_to_pay: float | None
    avg_days_late: float | None
    share_paid_late: float | None  # 0..1
    open_cents: int
    overdue_cents: int


def payment_behaviour(session: Session, customer_id: int, as_of: date) -> PaymentBehaviour:
    """Over invoices paid in full during the 12 months before as_of: days to pay, days late, share late."""
    since = as_of - timedelta(days=365)
    invoices = {
        i.id: i
        for i in session.execute(
            select(Invoice.id, Invoice.issue_date, Invoice.due_date, Invoice.total_cents).where(
                Invoice.customer_id == customer_id,
                Invoice.kind == "invoice",
                Invoice.status == "issued",
                Invoice.issue_date <= as_of,
            )
        )
    }
    paid: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for invoice_id, day, cents in session.execute(
        select(Allocation.invoice_id, Allocation.date, Allocation.amount_cents)
        .join(Invoice, Invoice.id == Allocation.invoice_id)
        .where(Invoice.customer_id == customer_id, Allocation.date <= as_of)
        .order_by(Allocation.date)
    ):
        paid[invoice_id].append((day, cents))
    credited: dict[int, int] = defaultdict(int)
    for target, cents in session.execute(
        select(Invoice.credited_invoice_id, Invoice.total_cents).where(
            Invoice.customer_id == customer_id,
            Invoice.kind == "credit_note",
            Invoice.status == "issued",
            Invoice.issue_date <= as_of,
        )
    ):
        if target is not None:  # a credit note always names its invoice
            credited[target] += cents
    to_pay, late, n_late = [], [], 0
    for invoice_id, allocations in paid.items():
        inv = invoices.get(invoice_id)
        if inv is None:
            continue
        running, settled_on = credited.get(invoice_id, 0), None
        for day, cents in allocations:
            running += cents
            if running >= inv.total_cents:
                settled_on = day
                break
        if settled_on is None or settled_on < since:
            continue
        to_pay.append((settled_on - inv.issue_date).days)
        days_late = max((settled_on - (inv.due_date or inv.issue_date)).days, 0)
        late.append(days_late)
        n_late += days_late > 0
    items = open_items(session, as_of, customer_id=customer_id)
    n = len(to_pay)
    return PaymentBehaviour(
        paid_invoices=n,
        avg_days_to_pay=sum(to_pay) / n if n else None,
        avg_days_late=sum(late) / n if n else None,
        share_paid_late=n_late / n if n else None,
        open_cents=items.open_cents,
        overdue_cents=items.overdue_cents,
    )


def statement_document(session: Session, customer_id: int, start: date, end: date) -> StatementDocument:
    from ..domain.document import Party
    from .company import get_company
    from .documents import document_settings
    from .invoicing import party_snapshot_company, party_snapshot_customer

    statement = statement_of_account(session, customer_id, start, end)
    customer = session.get_one(Customer, customer_id)  # the statement above already found the customer
    return StatementDocument(
        statement,
        Party.from_snapshot(party_snapshot_company(get_company(session))),
        Party.from_snapshot(party_snapshot_customer(customer)),
        document_settings(session),
    )


# --- allocations, to undo one ------------------------------------------------------------
@dataclass(frozen=True)
class AllocationRow:
    id: int
    day: date
    invoice: str
    customer: str
    method: str  # 'bank', 'cash' or 'other'
    amount_cents: int
    payment_id: int
    payment_cents: int


def allocation_rows(
    session: Session, *, customer_id: int | None = None, invoice_id: int | None = None, limit: int = 1000
) -> list[AllocationRow]:
    """Allocations newest first (a customer's, one invoice's, or everyone's), for the 'undo an allocation'
    list and an invoice's payment history."""
    query = (
        select(
            Allocation.id,
            Allocation.date,
            Invoice.number,
            Customer.name,
            Payment.method,
            Allocation.amount_cents,
            Payment.id,
            Payment.amount_cents,
        )
        .join(Invoice, Invoice.id == Allocation.invoice_id)
        .join(Customer, Customer.id == Invoice.customer_id)
        .join(Payment, Payment.id == Allocation.payment_id)
        .order_by(Allocation.date.desc(), Allocation.id.desc())
        .limit(limit)
    )
    if customer_id is not None:
        query = query.where(Invoice.customer_id == customer_id)
    if invoice_id is not None:
        query = query.where(Allocation.invoice_id == invoice_id)
    return [AllocationRow(a, d, n or "", c, m, cents, p, pc) for a, d, n, c, m, cents, p, pc in session.execute(query)]
