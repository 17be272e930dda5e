"""Purchases: suppliers, recording a bill (typed or imported), approving, rejecting and marking it paid.

One function per user intent, each taking the caller's session (one transaction). The rules are
in `domain.purchases` and `domain.suppliers`; this module stores what they return, keeps the
supplier's document with its hash, and writes the bill's history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..domain import purchases as rules
from ..domain import references
from ..domain.document import DocumentKind, Party, line_columns
from ..domain.errors import DomainError, ValidationError
from ..domain.identifiers import validate_bic, validate_iban
from ..domain.money import fmt_cents
from ..domain.purchases import Bill, BillLine, CostCategory, PurchaseStatus
from ..domain.reverse_charge import check_rate, parse_case
from ..domain.suppliers import SupplierInput, check_supplier
from ..persistence.models import Purchase, PurchaseEvent, PurchaseFile, PurchaseLine, Setting, Supplier
from .closing import check_day_open
from .company import get_company
from .invoicing import party_snapshot_company

CATEGORIES_KEY = "purchase_categories"
APPROVALS_KEY = "purchase_approvals_required"
FILE_LIMIT = 20 * 1024 * 1024  # a scanned bill or photo; larger files are refused, not truncated
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".xml": "application/xml",
}


# --- settings ---------------------------------------------------------------------------------------


def categories(session: Session) -> tuple[CostCategory, ...]:
    """The book's cost categories (the Belgian defaults until the user changes them)."""
    row = session.get(Setting, CATEGORIES_KEY)
    if row is None or not isinstance(row.value, list):
        return rules.DEFAULT_CATEGORIES
    return categories_of(row.value)


def categories_of(value: list[object]) -> tuple[CostCategory, ...]:
    """The stored JSON list ({code, name, deductible_pct}) as checked categories."""
    out = []
    for item in value:
        if not isinstance(item, dict):
            raise ValidationError("a cost category is an object with code, name and deductible_pct")
        try:
            pct = Decimal(str(item.get("deductible_pct", "100")))
        except ArithmeticError:
            raise ValidationError(
                f"cost category '{item.get('code')}': the deductible VAT share is not a number"
            ) from None
        out.append(CostCategory(str(item.get("code", "")), str(item.get("name", "")), pct))
    return rules.check_categories(out)


def set_categories(session: Session, new: Sequence[CostCategory]) -> None:
    """Replace the list; a category still used by a supplier or a bill cannot be removed."""
    checked = rules.check_categories(new)
    codes = {c.code for c in checked}
    used = set(session.scalars(select(PurchaseLine.category).distinct())) | set(
        session.scalars(select(Supplier.default_category).distinct())
    )
    missing = sorted(used - codes)
    if missing:
        raise DomainError(f"cost category '{missing[0]}' is still used; it cannot be removed")
    value = [{"code": c.code, "name": c.name, "deductible_pct": format(c.deductible_pct, "f")} for c in checked]
    session.merge(Setting(key=CATEGORIES_KEY, value=value))


def approvals_required(session: Session) -> int:
    row = session.get(Setting, APPROVALS_KEY)
    return 2 if row is not None and row.value == 2 else 1


def set_approvals_required(session: Session, count: int) -> None:
    """1: one person approves; 2: a second, different person must approve too."""
    if count not in (1, 2):
        raise ValidationError("a bill is approved by one or two people")
    session.merge(Setting(key=APPROVALS_KEY, value=count))


# --- suppliers --------------------------------------------------------------------------------------


def _category_codes(session: Session) -> tuple[str, ...]:
    return tuple(c.code for c in categories(session))


def add_supplier(session: Session, data: SupplierInput, *, on: date) -> tuple[int, tuple[str, ...]]:
    """A new supplier; (its id, warnings such as an IBAN of a bank not in the register)."""
    checked = check_supplier(data, _category_codes(session))
    if checked.vat and session.scalar(select(Supplier.id).where(Supplier.vat == checked.vat)) is not None:
        raise DomainError(f"a supplier with VAT number {checked.vat} already exists")
    values = {k: v for k, v in vars(checked).items() if k != "warnings"}
    supplier = Supplier(**values, created_on=on)
    session.add(supplier)
    session.flush()
    return supplier.id, checked.warnings


def update_supplier(session: Session, supplier_id: int, data: SupplierInput) -> tuple[str, ...]:
    supplier = _supplier(session, supplier_id)
    checked = check_supplier(data, _category_codes(session))
    other = session.scalar(select(Supplier.id).where(Supplier.vat == checked.vat, Supplier.id != supplier_id))
    if checked.vat and other is not None:
        raise DomainError(f"a supplier with VAT number {checked.vat} already exists")
    for key, value in vars(checked).items():
        if key != "warnings":
            setattr(supplier, key, value)
    return checked.warnings


def _supplier(session: Session, supplier_id: int) -> Supplier:
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise DomainError(f"there is no supplier {supplier_id}")
    return supplier


def find_supplier(session: Session, key: str) -> Supplier:
    """A supplier by id, VAT number or (unique) name, as the command line names one."""
    key = key.strip()
    if key.isdigit() and (s := session.get(Supplier, int(key))) is not None:
        return s
    compact = key.upper().replace(" ", "").replace(".", "")
    found = session.scalars(select(Supplier).where(Supplier.vat.in_([compact, "BE" + compact]))).first()
    if found is not None:
        return found
    named = list(session.scalars(select(Supplier).where(func.lower(Supplier.name) == key.lower())))
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise DomainError(f"more than one supplier is called '{key}'; give its VAT number")
    raise DomainError(f"there is no supplier '{key}'")


def supplier_party(supplier: Supplier) -> Party:
    return Party(
        name=supplier.name,
        street=supplier.street,
        postcode=supplier.postcode,
        city=supplier.city,
        country=supplier.country,
        vat=supplier.vat,
        email=supplier.email,
        iban=supplier.iban,
        bic=supplier.bic,
    )


def supplier_for_party(session: Session, party: Party, *, on: date) -> Supplier:
    """The supplier an incoming document names: by VAT number, else by exact name; else a new one."""
    if party.vat:
        found = session.scalars(select(Supplier).where(Supplier.vat == party.vat)).first()
        if found is not None:
            return found
    else:
        found = session.scalars(select(Supplier).where(Supplier.name == party.name, Supplier.vat.is_(None))).first()
        if found is not None:
            return found
    supplier = Supplier(
        name=party.name[:200] or "?",
        vat=party.vat,
        iban=party.iban,
        bic=party.bic,
        street=party.street[:200],
        postcode=party.postcode[:20],
        city=party.city[:100],
        country=party.country[:2] or "BE",
        email=party.email[:200],
        default_category=rules.DEFAULT_CATEGORY
        if rules.DEFAULT_CATEGORY in _category_codes(session)
        else _category_codes(session)[0],
        created_on=on,
    )
    session.add(supplier)
    session.flush()
    return supplier


# --- recording a bill -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attachment:
    """The supplier's document as received: its file name and bytes."""

    name: str
    content: bytes

    @property
    def media_type(self) -> str:
        suffix = "." + self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""
        return MEDIA_TYPES.get(suffix, "application/octet-stream")


@dataclass(frozen=True)
class BillDraft:
    """A bill as typed (or read from a file) for a supplier already in the book."""

    supplier_id: int
    number: str
    issue_date: date
    lines: tuple[BillLine, ...]
    kind: DocumentKind = DocumentKind.PURCHASE_INVOICE
    due_date: date | None = None
    structured_communication: str = ""
    iban: str = ""
    bic: str = ""
    currency: str = "EUR"
    payable_cents: int | None = None
    notes: str = ""
    reverse_charge: str | None = None  # the buyer owes the VAT: a domain.reverse_charge case
    reverse_charge_rate: Decimal | None = None  # the Belgian rate self-assessed (21 when not said)


@dataclass(frozen=True)
class Recorded:
    id: int
    number: str
    supplier: str
    total_cents: int
    warnings: tuple[str, ...] = field(default=())


def _known(session: Session, supplier_id: int, peppol_message_id: str | None) -> list[rules.KnownBill]:
    """The bills the duplicate check compares with: the supplier's, and any with the same Peppol message id."""
    condition = Purchase.supplier_id == supplier_id
    if peppol_message_id:
        condition = or_(condition, Purchase.peppol_message_id == peppol_message_id)
    query = select(
        Purchase.supplier_id,
        Purchase.kind,
        Purchase.number,
        Purchase.issue_date,
        Purchase.total_cents,
        Purchase.peppol_message_id,
    ).where(condition)
    return [rules.KnownBill(*row) for row in session.execute(query)]


def record_bill(
    session: Session,
    draft: BillDraft,
    *,
    on: date,
    attachments: Sequence[Attachment] = (),
    source: str = "typed",
    peppol_message_id: str | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Store a received bill (status received) with its files; a duplicate is refused, a look-alike warned."""
    supplier = _supplier(session, draft.supplier_id)
    company = get_company(session)
    ogm = references.validate(draft.structured_communication) if draft.structured_communication.strip() else None
    iban = validate_iban(draft.iban) if draft.iban.strip() else supplier.iban
    bic = validate_bic(draft.bic) if draft.bic.strip() else (supplier.bic if iban == supplier.iban else None)
    due = rules.bill_due_date(draft.issue_date, draft.due_date, supplier.payment_terms_days, company.payment_terms_days)
    bill = Bill(
        kind=draft.kind,
        number=" ".join(draft.number.split()),
        issue_date=draft.issue_date,
        supplier=supplier_party(supplier),
        buyer=Party.from_snapshot(party_snapshot_company(company)),
        lines=draft.lines,
        currency=draft.currency,
        due_date=due,
        structured_communication=ogm,
        payable_cents=draft.payable_cents,
        notes=draft.notes,
    )
    rules.check_bill(bill, _category_codes(session))
    case, rate = reverse_charge_of(draft.reverse_charge, draft.reverse_charge_rate)
    for a in attachments:
        if len(a.content) > FILE_LIMIT:
            raise ValidationError(f"the file {a.name} is larger than {FILE_LIMIT // (1024 * 1024)} MB")
    document = bill.document()
    refusal, warnings = rules.duplicates(
        supplier.id,
        bill.kind,
        bill.number,
        bill.issue_date,
        document.total_cents,
        peppol_message_id,
        _known(session, supplier.id, peppol_message_id),
    )
    if refusal:
        raise DomainError(refusal)
    now = now or datetime.now()
    split = rules.vat_split(bill.lines)
    purchase = Purchase(
        kind=bill.kind.value,
        status=PurchaseStatus.RECEIVED.value,
        supplier_id=supplier.id,
        number=bill.number,
        issue_date=bill.issue_date,
        due_date=due,
        received_on=on,
        currency=bill.currency,
        net_cents=document.net_cents,
        vat_cents=document.vat_cents,
        total_cents=document.total_cents,
        payable_cents=bill.payable,
        deductible_vat_cents=split.deductible_cents,
        reverse_charge=case,
        reverse_charge_rate=rate,
        paid_cents=0,
        structured_communication=ogm,
        iban=iban,
        bic=bic,
        source=source,
        peppol_message_id=peppol_message_id,
        notes=bill.notes,
        seller={**party_snapshot_supplier(supplier)},
        buyer=party_snapshot_company(company),
        created_at=now,
    )
    for position, b in enumerate(bill.lines, start=1):
        purchase.lines.append(
            PurchaseLine(
                **line_columns(b.line, position),
                net_cents=b.line.net_cents,
                category=b.category,
                deductible_pct=b.deductible_pct,
                vat_category=None,
            )
        )
    session.add(purchase)
    session.flush()
    for a in attachments:
        attach_file(session, purchase.id, a, now=now)
    _event(session, purchase.id, "received", on, now, {"source": source, "warnings": list(warnings)})
    return Recorded(purchase.id, purchase.number, supplier.name, purchase.total_cents, warnings)


def reverse_charge_of(case: str | None, rate: Decimal | None) -> tuple[str | None, Decimal | None]:
    """A case and rate as stored: both None when the supplier charged the VAT, the rate 21 % when not said."""
    found = parse_case(case)
    if found is None:
        return None, None
    return found.value, check_rate(Decimal(21) if rate is None else rate)


def set_reverse_charge(
    session: Session, purchase_id: int, case: str | None, rate: Decimal | None = None, *, on: date, now: datetime
) -> None:
    """Record who owes a bill's VAT: a reverse-charge case (the buyer) or none (the supplier charged it)."""
    bill = _bill(session, purchase_id)
    check_day_open(session, bill.issue_date)
    bill.reverse_charge, bill.reverse_charge_rate = reverse_charge_of(case, rate)
    detail: dict[str, object] = {
        "case": bill.reverse_charge,
        "rate": str(bill.reverse_charge_rate) if bill.reverse_charge_rate else None,
    }
    _event(session, purchase_id, "reverse_charge", on, now, detail)


def party_snapshot_supplier(supplier: Supplier) -> dict[str, object]:
    return {
        "name": supplier.name,
        "street": supplier.street,
        "postcode": supplier.postcode,
        "city": supplier.city,
        "country": supplier.country,
        "vat": supplier.vat,
        "email": supplier.email,
        "iban": supplier.iban,
        "bic": supplier.bic,
    }


def attach_file(session: Session, purchase_id: int, attachment: Attachment, *, now: datetime) -> str:
    """Keep the supplier's PDF or photo with the bill, byte for byte; returns its SHA-256."""
    if len(attachment.content) > FILE_LIMIT:
        raise ValidationError(f"the file {attachment.name} is larger than {FILE_LIMIT // (1024 * 1024)} MB")
    if not attachment.content:
        raise ValidationError(f"the file {attachment.name} is empty")
    sha = hashlib.sha256(attachment.content).hexdigest()
    session.add(
        PurchaseFile(
            purchase_id=purchase_id,
            name=attachment.name[-260:],
            media_type=attachment.media_type,
            content=attachment.content,
            sha256=sha,
            size=len(attachment.content),
            added_at=now,
        )
    )
    return sha


def _event(session: Session, purchase_id: int, kind: str, on: date, now: datetime, detail: dict[str, object]) -> None:
    session.add(PurchaseEvent(purchase_id=purchase_id, at=now, on_date=on, kind=kind, detail=detail))


# --- the flow ---------------------------------------------------------------------------------------


def find_bill(session: Session, number: str, supplier: str | None = None) -> Purchase:
    """A bill by the supplier's number (and the supplier when two suppliers used the same number)."""
    query = select(Purchase).where(Purchase.number == " ".join(number.split()))
    if supplier:
        query = query.where(Purchase.supplier_id == find_supplier(session, supplier).id)
    found = list(session.scalars(query))
    if not found:
        raise DomainError(f"there is no bill {number}")
    if len(found) > 1:
        raise DomainError(f"more than one supplier has a bill {number}; say which supplier")
    return found[0]


def _bill(session: Session, purchase_id: int) -> Purchase:
    purchase = session.get(Purchase, purchase_id)
    if purchase is None:
        raise DomainError(f"there is no bill {purchase_id}")
    return purchase


def approve_bill(session: Session, purchase_id: int, by: str, *, on: date, now: datetime | None = None) -> str:
    """Approve a received bill; returns its new status (still 'received' while a second approval is due)."""
    purchase = _bill(session, purchase_id)
    result = rules.approve(
        PurchaseStatus(purchase.status),
        purchase.approved_by,
        by,
        on=on,
        approvals_required=approvals_required(session),
    )
    purchase.status = result.status.value
    purchase.approved_by = result.approved_by
    purchase.second_approver = result.second_approver
    if result.status is PurchaseStatus.APPROVED:
        purchase.approved_on = on
    _event(session, purchase.id, "approved", on, now or datetime.now(), {"by": by.strip()})
    return purchase.status


@dataclass(frozen=True)
class BillLineRow:
    """One line of a recorded bill as its window shows it; the category is what may still change."""

    position: int  # from 0, in the bill's order (what `set_line_categories` takes)
    description: str
    net_cents: int
    vat_rate: Decimal
    category: str
    deductible_pct: Decimal


def bill_lines(session: Session, purchase_id: int) -> tuple[BillLineRow, ...]:
    return tuple(
        BillLineRow(i, line.description, line.net_cents, line.vat_rate, line.category, line.deductible_pct)
        for i, line in enumerate(_bill(session, purchase_id).lines)
    )


def set_line_categories(
    session: Session, purchase_id: int, chosen: dict[int, str], *, on: date, now: datetime | None = None
) -> int:
    """Change the cost category of a recorded bill's lines, typed or imported (by position from 0); returns
    how many changed. A category is the book's reading of a cost, not part of the supplier's document: an
    imported UBL stays in `purchase_files` byte for byte, and the deductible share stays as recorded (the
    VAT deduction is its own decision). A bill in a period sent to the accountant keeps its categories."""
    purchase = _bill(session, purchase_id)
    rules.check_line_categories(chosen, _category_codes(session), len(purchase.lines))
    changed = {
        i: (line.category, chosen[i])
        for i, line in enumerate(purchase.lines)
        if i in chosen and chosen[i] != line.category
    }
    if not changed:
        return 0
    check_day_open(session, purchase.issue_date)
    for i, line in enumerate(purchase.lines):
        if i in changed:
            line.category = changed[i][1]
    detail: dict[str, object] = {"lines": [[p + 1, old, new] for p, (old, new) in sorted(changed.items())]}
    _event(session, purchase.id, "categories_changed", on, now or datetime.now(), detail)
    session.flush()
    return len(changed)


def reject_bill(session: Session, purchase_id: int, reason: str, *, on: date, now: datetime | None = None) -> None:
    purchase = _bill(session, purchase_id)
    purchase.status = rules.reject(PurchaseStatus(purchase.status), reason).value
    purchase.rejected_reason = reason.strip()
    _event(session, purchase.id, "rejected", on, now or datetime.now(), {"reason": reason.strip()})


def mark_paid(
    session: Session,
    purchase_id: int,
    *,
    on: date,
    amount_cents: int | None = None,
    how: str = "by hand",
    now: datetime | None = None,
) -> str:
    """Record money paid on a bill (all that is left unless an amount is given); returns the new status."""
    purchase = _bill(session, purchase_id)
    status = PurchaseStatus(purchase.status)
    if status is PurchaseStatus.PAID:
        raise DomainError(f"bill {purchase.number} is already paid")
    left = purchase.payable_cents - purchase.paid_cents
    amount = left if amount_cents is None else amount_cents
    if amount <= 0:
        raise ValidationError("the amount paid must be more than 0")
    if amount > left:
        raise ValidationError(f"bill {purchase.number} has only {fmt_cents(left)} left to pay")
    new = rules.status_after_payment(status, purchase.payable_cents, purchase.paid_cents + amount)
    purchase.paid_cents += amount
    purchase.status = new.value
    if new is PurchaseStatus.PAID:
        purchase.paid_on = on
    _event(session, purchase.id, "paid", on, now or datetime.now(), {"amount_cents": amount, "how": how})
    return purchase.status
