"""Purchases: a supplier's bill as the one document value, its approval flow, cost categories and deductible VAT.

A bill is a `CommercialDocument` of kind `purchase_invoice` or `purchase_credit_note` with the
supplier as seller and the company as buyer; what only a purchase has (a cost category and the
deductible share of the VAT per line, the flow status) lives beside it here. The flow is
received → approved → paid, or rejected with a reason; a book may require a second, different
person to approve. Everything here is pure: the service stores what these functions return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .document import CommercialDocument, DocumentKind, Party
from .errors import DomainError, ValidationError
from .invoicing import HUNDRED, LineInput, due_date, totals_of
from .vat import Exemption, VatTreatment


class PurchaseStatus(StrEnum):
    """Where a bill is in its flow; the value is what the book stores in `purchases.status`."""

    RECEIVED = "received"
    APPROVED = "approved"
    PAID = "paid"
    REJECTED = "rejected"


@dataclass(frozen=True)
class CostCategory:
    """A cost category ("kostenplaats"): its code, English name (a msgid) and the usual deductible VAT share."""

    code: str
    name: str
    deductible_pct: Decimal = HUNDRED


# Sensible Belgian defaults; the user can change the list (stored in the book's settings). The
# deductible shares are the usual ones of the VAT code (art. 45): cars and their fuel 50 % at most
# (art. 45 §2), restaurant and hotel costs and business gifts above 50 euro 0 % (art. 45 §3).
DEFAULT_CATEGORIES: tuple[CostCategory, ...] = (
    CostCategory("goods", "Goods for resale"),
    CostCategory("materials", "Materials and supplies"),
    CostCategory("subcontracting", "Subcontracting"),
    CostCategory("services", "Services and fees"),
    CostCategory("rent", "Rent and charges"),
    CostCategory("utilities", "Energy and water"),
    CostCategory("telecom", "Telephone and internet"),
    CostCategory("software", "Software and IT"),
    CostCategory("office", "Office supplies"),
    CostCategory("car", "Car costs", Decimal(50)),
    CostCategory("fuel", "Fuel", Decimal(50)),
    CostCategory("travel", "Travel"),
    CostCategory("restaurant", "Restaurant and hotel", Decimal(0)),
    CostCategory("marketing", "Advertising and marketing"),
    CostCategory("training", "Training and books"),
    CostCategory("insurance", "Insurance"),
    CostCategory("bank", "Bank costs"),
    CostCategory("equipment", "Equipment (investment)"),
    CostCategory("other", "Other costs"),
)
DEFAULT_CATEGORY = "other"


def check_categories(categories: Sequence[CostCategory]) -> tuple[CostCategory, ...]:
    """The list as the book keeps it: codes unique and short, names given, shares between 0 and 100 %."""
    seen: set[str] = set()
    for c in categories:
        if not c.code or len(c.code) > 30 or not c.code.replace("_", "").replace("-", "").isalnum():
            raise ValidationError(f"cost category code '{c.code}' is not valid (letters, digits, - and _)")
        if c.code in seen:
            raise ValidationError(f"cost category '{c.code}' is listed twice")
        if not c.name.strip():
            raise ValidationError(f"cost category '{c.code}' has no name")
        if not Decimal(0) <= c.deductible_pct <= HUNDRED:
            raise ValidationError(f"cost category '{c.code}': the deductible VAT share is between 0 and 100 %")
        seen.add(c.code)
    if not categories:
        raise ValidationError("the list of cost categories cannot be empty")
    return tuple(categories)


@dataclass(frozen=True)
class BillLine:
    """One line of a bill: the one line shape, its cost category and the deductible share of its VAT."""

    line: LineInput
    category: str = DEFAULT_CATEGORY
    deductible_pct: Decimal = HUNDRED

    def check(self, categories: Iterable[str]) -> None:
        self.line.check()
        if self.category not in set(categories):
            raise ValidationError(f"line '{self.line.description}': '{self.category}' is not a cost category")
        if not Decimal(0) <= self.deductible_pct <= HUNDRED:
            raise ValidationError(f"line '{self.line.description}': the deductible VAT share is between 0 and 100 %")


def per_rate_line(
    description: str, base: Decimal, rate: Decimal, *, exemption: Exemption | None = None, category: str = "other"
) -> BillLine:
    """A bill typed as totals per VAT rate: one line whose net is the rate's base."""
    return BillLine(LineInput(description, Decimal(1), base, VatTreatment(rate, exemption)), category=category)


@dataclass(frozen=True)
class VatSplit:
    """The VAT of a bill split into what may be deducted and what stays a cost (cents, per rate and total)."""

    deductible_cents: int
    non_deductible_cents: int


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vat_split(lines: Sequence[BillLine]) -> VatSplit:
    """Deductible VAT: per rate, the rate's VAT (rounded once, as on the bill) times the net-weighted
    deductible share of its lines, rounded half up; the rest is not deductible (and is a cost)."""
    totals = totals_of([b.line for b in lines])
    deductible = 0
    for vat_line in totals.breakdown:
        group = [b for b in lines if b.line.vat == VatTreatment(vat_line.rate, vat_line.exemption)]
        base = sum(b.line.net_cents for b in group)
        if base == 0 or vat_line.vat_cents == 0:
            continue
        weighted = sum(Decimal(b.line.net_cents) * b.deductible_pct for b in group) / HUNDRED
        share = _half_up(Decimal(vat_line.vat_cents) * weighted / Decimal(base))
        # a share outside [0, VAT] only arises when nets of opposite signs cancel out: clamp it
        low, high = sorted((0, vat_line.vat_cents))
        deductible += min(max(share, low), high)
    return VatSplit(deductible, totals.vat_cents - deductible)


@dataclass(frozen=True)
class Bill:
    """A supplier's invoice or credit note as typed or imported, before the book stores it."""

    kind: DocumentKind
    number: str
    issue_date: date
    supplier: Party
    buyer: Party
    lines: tuple[BillLine, ...]
    currency: str = "EUR"
    due_date: date | None = None
    structured_communication: str | None = None  # 12 bare digits
    payable_cents: int | None = None  # what the supplier asks (prepaid amounts, rounding); None: the total
    notes: str = ""

    def document(self) -> CommercialDocument:
        """The one document value (the PDF, the UBL writer and the KPIs read it as they read ours)."""
        return CommercialDocument(
            kind=self.kind,
            number=self.number,
            language="en",
            issue_date=self.issue_date,
            seller=self.supplier,
            buyer=self.buyer,
            lines=tuple(b.line for b in self.lines),
            currency=self.currency,
            due_date=self.due_date,
            structured_communication=self.structured_communication,
            notes=self.notes,
        )

    @property
    def payable(self) -> int:
        return self.document().total_cents if self.payable_cents is None else self.payable_cents


def check_bill(bill: Bill, categories: Iterable[str]) -> None:
    """What every bill needs, however it arrived: a supplier's number, lines, a due date not before the date."""
    if not bill.kind.is_purchase:
        raise ValidationError(f"a bill is a purchase invoice or credit note, not a {bill.kind.value}")
    if not bill.number.strip():
        raise ValidationError("the supplier's invoice number is missing")
    if len(bill.number) > 60:
        raise ValidationError("the supplier's invoice number is longer than 60 characters")
    if not bill.lines:
        raise ValidationError("a bill needs at least one line or one total per VAT rate")
    codes = tuple(categories)
    for line in bill.lines:
        line.check(codes)
    if bill.due_date is not None and bill.due_date < bill.issue_date:
        raise ValidationError(f"the due date {bill.due_date} is before the invoice date {bill.issue_date}")


def bill_due_date(issue_date: date, stated: date | None, supplier_terms: int | None, default_terms: int) -> date:
    """The bill's due date: the one it states, else the supplier's payment terms, else the book's."""
    if stated is not None:
        return stated
    return due_date(issue_date, supplier_terms if supplier_terms is not None else default_terms)


# --- the flow ---------------------------------------------------------------------------------------


# Why a bill cannot be approved (or paid) in its status; whole sentences, so each is translated as one.
_NOT_NOW = {
    PurchaseStatus.APPROVED: "the bill is already approved",
    PurchaseStatus.PAID: "the bill is already paid",
    PurchaseStatus.REJECTED: "the bill was rejected; it cannot be approved or paid",
}


@dataclass(frozen=True)
class Approval:
    """Who approved and when: the new status, the approver's name and, once required, the second one."""

    status: PurchaseStatus
    approved_by: str
    second_approver: str | None


def approve(status: PurchaseStatus, first: str | None, by: str, *, on: date, approvals_required: int = 1) -> Approval:
    """Approve a received bill. With two approvals required, the second must come from someone else."""
    by = by.strip()
    if not by:
        raise ValidationError("say who approves the bill")
    if status is not PurchaseStatus.RECEIVED:
        raise DomainError(_NOT_NOW[status])
    if approvals_required <= 1:
        return Approval(PurchaseStatus.APPROVED, by, None)
    if first is None:
        return Approval(PurchaseStatus.RECEIVED, by, None)
    if first.casefold() == by.casefold():
        raise DomainError(f"{by} already approved this bill; a second person must approve it")
    return Approval(PurchaseStatus.APPROVED, first, by)


def reject(status: PurchaseStatus, reason: str) -> PurchaseStatus:
    """Reject a bill that is not paid; the reason is kept (and told to the supplier)."""
    if not reason.strip():
        raise ValidationError("say why the bill is rejected")
    if status is PurchaseStatus.PAID:
        raise DomainError("the bill is already paid; it cannot be rejected")
    if status is PurchaseStatus.REJECTED:
        raise DomainError("the bill is already rejected")
    return PurchaseStatus.REJECTED


def check_line_categories(chosen: dict[int, str], codes: Sequence[str], line_count: int) -> None:
    """New cost categories for a recorded bill's lines (by position from 0): each line exists, each code is
    one of the book's categories."""
    for position, category in chosen.items():
        line = position + 1
        if not 0 <= position < line_count:
            raise DomainError(f"the bill has no line {line}")
        if category not in codes:
            raise ValidationError(f"'{category}' is not a cost category")


def owed_cents(kind: str, open_cents: int) -> int:
    """What is still owed to the supplier, signed: the open amount of a supplier's credit note is money
    coming back (a refund), so it counts against what there is to pay, never as more to pay."""
    return -open_cents if kind == DocumentKind.PURCHASE_CREDIT_NOTE else open_cents


def status_after_payment(status: PurchaseStatus, payable_cents: int, paid_cents: int) -> PurchaseStatus:
    """A bill is paid once what was paid covers what it asks; a rejected bill cannot be paid."""
    if status is PurchaseStatus.REJECTED:
        raise DomainError("the bill was rejected; it cannot be paid")
    if paid_cents >= payable_cents:
        return PurchaseStatus.PAID
    return status


def check_paying(status: PurchaseStatus) -> None:
    """Only an approved bill goes into a payment file (a received one waits for its approval)."""
    if status is PurchaseStatus.RECEIVED:
        raise DomainError("the bill is not approved yet; only an approved bill can be paid")
    if status is not PurchaseStatus.APPROVED:
        raise DomainError(_NOT_NOW[status])


# --- duplicates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownBill:
    """What the duplicate check needs of a bill already in the book."""

    supplier_id: int
    kind: str
    number: str
    issue_date: date
    total_cents: int
    peppol_message_id: str | None = None


def _normal_number(number: str) -> str:
    return "".join(number.split()).casefold()


def duplicates(
    supplier_id: int,
    kind: DocumentKind,
    number: str,
    issue_date: date,
    total_cents: int,
    peppol_message_id: str | None,
    known: Iterable[KnownBill],
) -> tuple[str | None, tuple[str, ...]]:
    """(the refusal, warnings): the same supplier's number or Peppol message id again is refused; the
    same amount on the same day from the same supplier is only a warning (two real bills can match)."""
    warnings: list[str] = []
    for k in known:
        if peppol_message_id and k.peppol_message_id == peppol_message_id:
            return f"this Peppol message was already received (bill {k.number})", ()
        if k.supplier_id == supplier_id and k.kind == kind.value and _normal_number(k.number) == _normal_number(number):
            return f"the supplier's bill {k.number} is already in the book", ()
        if k.supplier_id == supplier_id and k.issue_date == issue_date and k.total_cents == total_cents:
            warnings.append(f"bill {k.number} of the same supplier has the same amount and date")
    return None, tuple(warnings)


def due_bucket(due: date | None, as_of: date) -> str | None:
    """'overdue', 'today' or 'week' (due within 7 days); None when later or without a due date."""
    if due is None:
        return None
    if due < as_of:
        return "overdue"
    if due == as_of:
        return "today"
    if (due - as_of).days <= 7:
        return "week"
    return None
