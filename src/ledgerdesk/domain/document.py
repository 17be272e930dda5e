"""The commercial document: one frozen value read by the editor's totals, the PDF, the UBL file and the JSON.

An invoice and a credit note are the same value with another `kind`; a quote, a deposit invoice
or a purchase invoice will be too. The value is built from what is stored by `document_of` (pure:
it reads attributes of a stored row, it never touches a session) and is numbered by `issue_step`,
the one place that decides a document's number, structured communication, payment terms, due date
and party snapshots. A preview (a draft's PDF, the e-invoice check before issuing) is the same step
with the number it would take, or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from . import references
from .customer_refs import CustomerReferences
from .direct_debit import DirectDebitTerms
from .invoicing import LineInput, Totals, VatLine, due_date, totals_of
from .supply import ServicePeriod
from .vat import Exemption, VatTreatment


class DocumentKind(StrEnum):
    """What a document is; the value is what the book stores in `invoices.kind`."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    QUOTE = "quote"  # stored in its own table (`quotes`), numbered in its own series
    ORDER = "order"  # an order confirmation of a quote (`quote_orders`), numbered in its own series
    # A supplier's bill to us: the same value with the supplier as seller and the company as buyer.
    # Stored in tables of its own (`purchases`), never numbered by our series (see domain.purchases).
    PURCHASE_INVOICE = "purchase_invoice"
    PURCHASE_CREDIT_NOTE = "purchase_credit_note"

    @property
    def requests_payment(self) -> bool:
        """Whether the document asks the buyer to pay (and so has a due date; ours also a QR code)."""
        return self in (DocumentKind.INVOICE, DocumentKind.PURCHASE_INVOICE)

    @property
    def is_purchase(self) -> bool:
        """Whether a supplier issued it (we are the buyer)."""
        return self in (DocumentKind.PURCHASE_INVOICE, DocumentKind.PURCHASE_CREDIT_NOTE)

    @property
    def reference_type(self) -> int:
        """The document-type digit inside its structured communication."""
        if self is DocumentKind.QUOTE:
            return references.QUOTE
        return references.INVOICE if self is DocumentKind.INVOICE else references.CREDIT_NOTE


class DocumentStatus(StrEnum):
    """Stored status of a document: a draft changes freely, an issued one never does."""

    DRAFT = "draft"
    ISSUED = "issued"


_TEXT_FIELDS = ("street", "postcode", "city", "email", "phone")


@dataclass(frozen=True)
class Party:
    """A seller or buyer as the document shows it: the snapshot taken when it was issued."""

    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    vat: str | None = None  # normal form, with country prefix
    kind: str = "business"
    email: str = ""
    phone: str = ""
    iban: str | None = None
    bic: str | None = None

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any] | None) -> Party:
        """From a stored JSON snapshot: unknown keys ignored, missing ones default, text trimmed."""
        data = data or {}
        values: dict[str, Any] = {"name": str(data.get("name") or "").strip()}
        for key in _TEXT_FIELDS:
            values[key] = str(data.get(key) or "").strip()
        values["country"] = str(data.get("country") or "BE").strip().upper()
        for key in ("vat", "iban", "bic"):
            values[key] = str(data[key]).strip() if data.get(key) else None
        if data.get("kind"):
            values["kind"] = str(data["kind"])
        return cls(**values)

    @property
    def enterprise_number(self) -> str | None:
        """The Belgian enterprise number (KBO/BCE) inside a Belgian VAT number."""
        return self.vat[2:] if self.vat and self.vat.startswith("BE") else None


@dataclass(frozen=True)
class Reference:
    """Another document this one refers to, e.g. the invoice a credit note corrects."""

    number: str
    issue_date: date | None = None


@dataclass(frozen=True)
class PaymentRequest:
    """What the payer needs: how much, by when, to which account, with which communication.

    `amount_cents` is what is left to pay; `ogm` the 12 bare digits of the structured communication.
    """

    amount_cents: int
    due_date: date | None
    beneficiary: str
    iban: str | None
    bic: str | None
    ogm: str | None
    payment_terms_days: int | None = None


@dataclass(frozen=True)
class CommercialDocument:
    """An invoice or credit note (and later quote, deposit or purchase invoice) as exact values.

    `totals` (net, VAT, total and the VAT breakdown) is derived from the lines by the one rule in
    `domain.invoicing.compute_totals`; `number` is None for a draft previewed without one.
    """

    kind: DocumentKind
    number: str | None
    language: str
    issue_date: date
    seller: Party
    buyer: Party
    lines: tuple[LineInput, ...]
    currency: str = "EUR"
    due_date: date | None = None
    delivery_date: date | None = None
    payment_terms_days: int | None = None
    structured_communication: str | None = None  # 12 bare digits
    corrects: Reference | None = None
    service_period: ServicePeriod | None = None  # BT-73/74: the services billed, first to last day
    customer_references: CustomerReferences = CustomerReferences()  # BT-10, BT-13, BT-12
    notes: str = ""
    draft: bool = False
    # Set on an invoice collected by SEPA direct debit: it then asks for no transfer (no QR code).
    direct_debit: DirectDebitTerms | None = None
    # BT-113 of a final invoice: money already received for it on no VAT invoice (advance invoices are
    # deducted by lines instead, so VAT is counted once); None on every other document.
    prepaid_cents: int | None = None
    totals: Totals = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "totals", totals_of(self.lines))

    @property
    def is_credit_note(self) -> bool:
        return self.kind is DocumentKind.CREDIT_NOTE

    @property
    def net_cents(self) -> int:
        return self.totals.net_cents

    @property
    def vat_cents(self) -> int:
        return self.totals.vat_cents

    @property
    def total_cents(self) -> int:
        return self.totals.total_cents

    @property
    def breakdown(self) -> tuple[VatLine, ...]:
        return self.totals.breakdown

    @property
    def exemptions(self) -> tuple[Exemption, ...]:
        """Each exemption the lines use, in line order (each needs its legal mention)."""
        seen: list[Exemption] = []
        for line in self.lines:
            if line.vat.exemption is not None and line.vat.exemption not in seen:
                seen.append(line.vat.exemption)
        return tuple(seen)

    def payment_request(self, open_cents: int) -> PaymentRequest | None:
        """What the document asks the payer for, given what is left to pay; None when it asks nothing."""
        if not self.kind.requests_payment or self.direct_debit is not None:
            return None
        return PaymentRequest(
            amount_cents=open_cents,
            due_date=self.due_date,
            beneficiary=self.seller.name,
            iban=self.seller.iban,
            bic=self.seller.bic,
            ogm=self.structured_communication,
            payment_terms_days=self.payment_terms_days,
        )


class StoredLine(Protocol):
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: Decimal
    vat_exemption: str | None
    period_start: date | None
    period_end: date | None


class StoredDocument(Protocol):
    """The columns of a stored document the builder reads (an `Invoice` row has them)."""

    kind: str
    status: str
    number: str | None
    language: str
    issue_date: date
    currency: str
    due_date: date | None
    delivery_date: date | None
    period_start: date | None
    period_end: date | None
    buyer_reference: str
    order_reference: str
    contract_reference: str
    payment_terms_days: int | None
    structured_communication: str | None
    notes: str
    seller: Any
    buyer: Any

    @property
    def lines(self) -> Sequence[Any]: ...


def line_of(stored: StoredLine) -> LineInput:
    """A stored line (invoice or recurring template: same columns) as the one line shape."""
    return LineInput(
        description=stored.description,
        quantity=stored.quantity,
        unit_price=stored.unit_price,
        vat=VatTreatment(stored.vat_rate, Exemption(stored.vat_exemption) if stored.vat_exemption else None),
        discount_pct=stored.discount_pct,
        unit=stored.unit,
        period=ServicePeriod.of(stored.period_start, stored.period_end),
    )


def line_columns(line: LineInput, position: int) -> dict[str, object]:
    """The one line shape as the columns a stored line has (invoice lines and template lines alike)."""
    return {
        "position": position,
        "description": line.description,
        "quantity": line.quantity,
        "unit": line.unit,
        "unit_price": line.unit_price,
        "discount_pct": line.discount_pct,
        "vat_rate": line.vat.rate,
        "vat_exemption": line.vat.exemption.value if line.vat.exemption else None,
        "period_start": line.period.start if line.period else None,
        "period_end": line.period.end if line.period else None,
    }


def document_of(stored: StoredDocument, *, corrects: Reference | None = None) -> CommercialDocument:
    """The value of a stored document, exactly as stored (a draft keeps its empty number and snapshots)."""
    issued = stored.status == DocumentStatus.ISSUED
    return CommercialDocument(
        kind=DocumentKind(stored.kind),
        number=stored.number,
        language=stored.language if stored.language in ("nl", "fr", "en") else "nl",
        issue_date=stored.issue_date,
        seller=Party.from_snapshot(stored.seller),
        buyer=Party.from_snapshot(stored.buyer),
        lines=tuple(line_of(line) for line in stored.lines),
        currency=stored.currency or "EUR",
        due_date=stored.due_date,
        delivery_date=stored.delivery_date,
        service_period=ServicePeriod.of(stored.period_start, stored.period_end),
        customer_references=CustomerReferences(
            stored.buyer_reference or "", stored.order_reference or "", stored.contract_reference or ""
        ),
        payment_terms_days=stored.payment_terms_days,
        structured_communication=stored.structured_communication,
        corrects=corrects,
        notes=stored.notes or "",
        draft=not issued,
    )


@dataclass(frozen=True)
class Numbering:
    """The number a document takes (or would take): its text, year and place in the year's series."""

    number: str
    year: int
    seq: int


def payment_terms(document_terms: int | None, customer_terms: int | None, company_terms: int) -> int:
    """The payment terms in days: the document's own, else the customer's, else the company's."""
    if document_terms is not None:
        return document_terms
    return customer_terms if customer_terms is not None else company_terms


def issue_step(
    draft: CommercialDocument,
    *,
    numbering: Numbering | None,
    seller: Party,
    buyer: Party,
    customer_terms: int | None,
    company_terms: int,
) -> CommercialDocument:
    """A draft as issued: numbered (unless `numbering` is None: a preview), with its structured
    communication, payment terms, due date and the parties as they are now."""
    terms = payment_terms(draft.payment_terms_days, customer_terms, company_terms)
    due = draft.due_date
    if due is None and draft.kind.requests_payment:
        due = due_date(draft.issue_date, terms)
    ogm = None
    if numbering is not None:
        ogm = references.for_document(numbering.year, draft.kind.reference_type, numbering.seq)
    return replace(
        draft,
        number=numbering.number if numbering else None,
        seller=seller,
        buyer=buyer,
        payment_terms_days=terms,
        due_date=due,
        structured_communication=ogm,
        draft=numbering is None,
    )
