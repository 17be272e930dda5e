"""What a document renderer needs, as frozen values: parties, lines, payment request, settings.

`services.documents` builds these from the book; the renderers in `reports/` are
pure functions of them (no session, no clock), so a document can be rendered in a
worker process, in a test, or twice with the same bytes of content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..domain.invoicing import VatLine
from ..domain.vat import Exemption

WINDOW_SIDES = ("right", "left")


@dataclass(frozen=True)
class Party:
    """A seller or buyer as printed: address, VAT number and (for the seller) bank details."""

    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    vat: str | None = None
    kind: str = "business"
    email: str = ""
    phone: str = ""
    iban: str | None = None
    bic: str | None = None
    enterprise_number: str | None = None

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> "Party":
        """From an issued invoice's JSON snapshot (unknown keys ignored, missing ones default)."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: ("" if v is None and k in ("street", "postcode", "city", "email", "phone") else v)
                      for k, v in data.items() if k in known})


@dataclass(frozen=True)
class PaymentRequest:
    """What the payer needs: how much, by when, to which account, with which communication.

    `amount_cents` is what is left to pay; `ogm` the 12 bare digits. Reminder letters
    (issue 6) build one of these too and reuse `layout.payment_block`.
    """

    amount_cents: int
    due_date: date | None
    beneficiary: str
    iban: str | None
    bic: str | None
    ogm: str | None
    terms_days: int | None = None


@dataclass(frozen=True)
class DocumentSettings:
    """Per-book document preferences, stored under the 'documents.*' settings keys."""

    logo_path: str | None = None
    envelope_window: str = "right"
    late_terms: str | dict[str, str] | None = None

    def late_terms_for(self, language: str) -> str | None:
        """The user's own late-payment line in a language (a plain text applies to all)."""
        if isinstance(self.late_terms, dict):
            return self.late_terms.get(language) or None
        return self.late_terms or None


@dataclass(frozen=True)
class DocLine:
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: Decimal
    exemption: Exemption | None
    net_cents: int


@dataclass(frozen=True)
class InvoiceDocument:
    """An invoice or credit note ready to print, in the customer's language."""

    kind: str  # 'invoice' | 'credit_note'
    number: str
    language: str
    issue_date: date
    seller: Party
    buyer: Party
    lines: tuple[DocLine, ...]
    breakdown: tuple[VatLine, ...]
    net_cents: int
    vat_cents: int
    total_cents: int
    open_cents: int
    due_date: date | None = None
    delivery_date: date | None = None
    payment_terms_days: int | None = None
    structured_communication: str | None = None
    corrected_number: str | None = None
    corrected_date: date | None = None
    notes: str = ""
    late_payment_terms: bool = False
    draft: bool = False  # a preview of an unissued draft: no number, no structured communication
    settings: DocumentSettings = field(default_factory=DocumentSettings)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == "credit_note"

    @property
    def exemptions(self) -> tuple[Exemption, ...]:
        seen: list[Exemption] = []
        for line in self.lines:
            if line.exemption is not None and line.exemption not in seen:
                seen.append(line.exemption)
        return tuple(seen)

    @property
    def payment(self) -> PaymentRequest | None:
        """The payment request printed on an invoice; a credit note asks the customer for nothing."""
        if self.is_credit_note:
            return None
        return PaymentRequest(
            amount_cents=self.open_cents,
            due_date=self.due_date,
            beneficiary=self.seller.name,
            iban=self.seller.iban,
            bic=self.seller.bic,
            ogm=self.structured_communication,
            terms_days=self.payment_terms_days,
        )


@dataclass(frozen=True)
class LetterLine:
    number: str
    issue_date: str
    due_date: str
    level: int
    open_amount: str
    fee: str
    interest: str
    total: str


@dataclass(frozen=True)
class LetterDoc:
    """Everything a letter shows, as display strings in the customer's language."""

    number: str
    language: str
    title: str
    meta: tuple[tuple[str, str], ...]
    paragraphs: tuple[str, ...]
    seller: Party
    recipient: Party
    lines: tuple[LetterLine, ...]
    totals: LetterLine
    headers: tuple[str, ...]  # invoice, date, due date, open, fee, interest, total (the level is not printed)
    payment: PaymentRequest
    note: str = ""
    closing: tuple[str, ...] = ()
    settings: DocumentSettings = field(default_factory=DocumentSettings)
    claims: bool = True  # False: nothing but the open amounts is claimed, the fee and interest columns are left out
    notes: tuple[str, ...] = ()  # under the list: how each interest amount was reckoned, the legal basis of each claim

    def pages(self):  # type: ignore[no-untyped-def]  # -> layout.LetterPages
        from .layout import LetterPages, address_lines  # reportlab: only when a letter is drawn

        return LetterPages(
            seller=self.seller, language=self.language, settings=self.settings,
            recipient=address_lines(self.recipient, self.language, self.seller.country or "BE"),
            title=self.title, meta=self.meta, running_title=f"{self.title} {self.number}",
        )
