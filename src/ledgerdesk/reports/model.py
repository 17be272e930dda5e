"""What a document renderer needs, as frozen values: parties, lines, payment request, settings.

`services.documents` builds these from the book; the renderers in `reports/` are
pure functions of them (no session, no clock), so a document can be rendered in a
worker process, in a test, or twice with the same bytes of content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..domain.document import CommercialDocument, Party, PaymentRequest

WINDOW_SIDES = ("right", "left")


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
class InvoicePrint:
    """A commercial document as its PDF prints it: the document, what is left to pay on the date
    printed for, and the book's document preferences."""

    document: CommercialDocument
    open_cents: int = 0
    late_payment_terms: bool = False
    settings: DocumentSettings = field(default_factory=DocumentSettings)

    @property
    def payment(self) -> PaymentRequest | None:
        """The payment request printed on an invoice; a credit note asks the customer for nothing."""
        return self.document.payment_request(self.open_cents)


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


@dataclass(frozen=True)
class AccountEntry:
    """One movement on a customer's statement of account."""

    day: date
    kind: str  # 'invoice', 'credit_note', 'payment', 'refund'
    reference: str
    debit_cents: int
    credit_cents: int
    balance_cents: int
    method: str = ""  # payments: 'bank', 'cash' or 'other'


@dataclass(frozen=True)
class StatementOfAccount:
    """A customer's movements between two dates with the opening and closing balance."""

    customer_id: int
    customer_name: str
    language: str
    start: date
    end: date
    opening_cents: int
    entries: list[AccountEntry]
    closing_cents: int


@dataclass(frozen=True)
class StatementDocument:
    """Everything the statement-of-account PDF prints, read in one transaction."""

    statement: StatementOfAccount
    seller: Party
    buyer: Party
    settings: DocumentSettings


@dataclass(frozen=True)
class QuotePrint:
    """A quote as its PDF prints it: the document, its validity and terms, the deposit asked (no VAT)."""

    document: CommercialDocument
    valid_until: date
    terms: str = ""
    deposit: PaymentRequest | None = None
    settings: DocumentSettings = field(default_factory=DocumentSettings)


@dataclass(frozen=True)
class OrderPrint:
    """An order confirmation as its PDF prints it: the document and the quote it confirms."""

    document: CommercialDocument
    quote_number: str
    quote_date: date
    terms: str = ""
    settings: DocumentSettings = field(default_factory=DocumentSettings)
