"""The bills and suppliers as the UI and the command line read them: frozen rows, filters, totals, bills due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from ..domain.document import DocumentKind
from ..domain.errors import ValidationError
from ..domain.purchases import due_bucket, owed_cents
from ..persistence.models import Purchase, PurchaseFile, Supplier

# What `--status` and the tab's filter accept: a stored status, or 'open' (received or approved, not
# yet paid), 'overdue' (open and past its due date) and 'all'.
STATUS_FILTERS = ("open", "received", "approved", "overdue", "paid", "rejected", "all")


@dataclass(frozen=True)
class PurchaseRow:
    id: int
    kind: str
    number: str
    supplier_id: int
    supplier: str
    supplier_vat: str | None
    issue_date: date
    due_date: date | None
    status: str
    currency: str
    net_cents: int
    vat_cents: int
    total_cents: int
    payable_cents: int
    paid_cents: int
    deductible_vat_cents: int
    structured_communication: str | None
    iban: str | None
    source: str
    approved_by: str | None
    files: int

    @property
    def open_cents(self) -> int:
        return 0 if self.status in ("paid", "rejected") else self.payable_cents - self.paid_cents

    @property
    def owed_cents(self) -> int:
        """Open, signed: a credit note's open amount is a refund to come, negative (money in)."""
        return owed_cents(self.kind, self.open_cents)

    @property
    def refund(self) -> bool:
        return self.kind == DocumentKind.PURCHASE_CREDIT_NOTE

    def due(self, as_of: date) -> str | None:
        """'overdue', 'today' or 'week' for an open bill (see domain.purchases.due_bucket)."""
        return due_bucket(self.due_date, as_of) if self.open_cents else None

    def as_json(self, as_of: date) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "number": self.number,
            "supplier": self.supplier,
            "supplier_vat": self.supplier_vat,
            "issue_date": self.issue_date.isoformat(),
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "status": self.status,
            "due": self.due(as_of),
            "currency": self.currency,
            "net": _amount(self.net_cents),
            "vat": _amount(self.vat_cents),
            "deductible_vat": _amount(self.deductible_vat_cents),
            "total": _amount(self.total_cents),
            "payable": _amount(self.payable_cents),
            "paid": _amount(self.paid_cents),
            "open": _amount(self.open_cents),
            "owed": _amount(self.owed_cents),
            "structured_communication": self.structured_communication,
            "iban": self.iban,
            "source": self.source,
            "approved_by": self.approved_by,
            "files": self.files,
        }


def _amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _query() -> Select:  # type: ignore[type-arg]
    files = select(func.count(PurchaseFile.id)).where(PurchaseFile.purchase_id == Purchase.id).scalar_subquery()
    return select(
        Purchase.id,
        Purchase.kind,
        Purchase.number,
        Purchase.supplier_id,
        Supplier.name,
        Supplier.vat,
        Purchase.issue_date,
        Purchase.due_date,
        Purchase.status,
        Purchase.currency,
        Purchase.net_cents,
        Purchase.vat_cents,
        Purchase.total_cents,
        Purchase.payable_cents,
        Purchase.paid_cents,
        Purchase.deductible_vat_cents,
        Purchase.structured_communication,
        Purchase.iban,
        Purchase.source,
        Purchase.approved_by,
        files,
    ).join(Supplier, Supplier.id == Purchase.supplier_id)


def list_bills(
    session: Session,
    as_of: date,
    *,
    status: str = "all",
    text: str = "",
    supplier_id: int | None = None,
    due_by: date | None = None,
) -> list[PurchaseRow]:
    """The bills matching the filters, newest first (search: supplier, number, VAT number, OGM)."""
    if status not in STATUS_FILTERS:
        raise ValidationError(f"'{status}' is not a bill status ({', '.join(STATUS_FILTERS)})")
    query = _query()
    if status == "open":
        query = query.where(Purchase.status.in_(("received", "approved")))
    elif status == "overdue":
        query = query.where(Purchase.status.in_(("received", "approved")), Purchase.due_date < as_of)
    elif status != "all":
        query = query.where(Purchase.status == status)
    if supplier_id is not None:
        query = query.where(Purchase.supplier_id == supplier_id)
    if due_by is not None:
        query = query.where(Purchase.due_date <= due_by)
    words = text.strip()
    if words:
        like = f"%{words}%"
        digits = "".join(c for c in words if c.isdigit())
        conditions = [Supplier.name.ilike(like), Purchase.number.ilike(like), Supplier.vat.ilike(like)]
        if len(digits) >= 3:
            conditions.append(Purchase.structured_communication.like(f"%{digits}%"))
        query = query.where(or_(*conditions))
    query = query.order_by(Purchase.issue_date.desc(), Purchase.id.desc())
    return [PurchaseRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class BillsDue:
    """Open bills to pay: overdue, due today, due within a week (what the KPI tab's next steps mention)."""

    overdue: tuple[PurchaseRow, ...]
    today: tuple[PurchaseRow, ...]
    week: tuple[PurchaseRow, ...]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.week)

    def cents(self, bucket: str) -> int:
        rows: tuple[PurchaseRow, ...] = getattr(self, bucket)
        return sum(r.open_cents for r in rows if r.kind == "purchase_invoice")


def bills_due(session: Session, as_of: date) -> BillsDue:
    rows = [r for r in list_bills(session, as_of, status="open") if r.kind == "purchase_invoice"]
    rows.sort(key=lambda r: (r.due_date or as_of, r.id))
    buckets: dict[str, list[PurchaseRow]] = {"overdue": [], "today": [], "week": []}
    for r in rows:
        bucket = r.due(as_of)
        if bucket:
            buckets[bucket].append(r)
    return BillsDue(tuple(buckets["overdue"]), tuple(buckets["today"]), tuple(buckets["week"]))


@dataclass(frozen=True)
class SupplierRow:
    id: int
    name: str
    vat: str | None
    iban: str | None
    bic: str | None
    street: str
    postcode: str
    city: str
    country: str
    default_category: str
    payment_terms_days: int | None
    bills: int
    open_cents: int


def list_suppliers(session: Session, text: str = "") -> list[SupplierRow]:
    # A credit note's open amount is coming back: it lowers what is owed to the supplier.
    sign = case((Purchase.kind == DocumentKind.PURCHASE_CREDIT_NOTE.value, -1), else_=1)
    open_ = func.coalesce(
        func.sum(sign * (Purchase.payable_cents - Purchase.paid_cents)).filter(
            Purchase.status.in_(("received", "approved"))
        ),
        0,
    )
    query = (
        select(
            Supplier.id,
            Supplier.name,
            Supplier.vat,
            Supplier.iban,
            Supplier.bic,
            Supplier.street,
            Supplier.postcode,
            Supplier.city,
            Supplier.country,
            Supplier.default_category,
            Supplier.payment_terms_days,
            func.count(Purchase.id),
            open_,
        )
        .outerjoin(Purchase, Purchase.supplier_id == Supplier.id)
        .group_by(Supplier.id)
        .order_by(func.lower(Supplier.name))
    )
    if text.strip():
        like = f"%{text.strip()}%"
        query = query.where(or_(Supplier.name.ilike(like), Supplier.vat.ilike(like)))
    rows: list[Any] = list(session.execute(query))  # 13 columns: past SQLAlchemy's typed overloads
    return [SupplierRow(*row) for row in rows]
