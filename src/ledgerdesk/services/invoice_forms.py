"""What the invoice editor reads: one invoice as plain values, and suggestions from earlier lines."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.document import CommercialDocument, DocumentKind, DocumentStatus, document_of
from ..domain.errors import DomainError
from ..domain.invoicing import totals_of
from ..domain.issue_date import backdated_warning, out_of_order_warning
from ..domain.messages import Message
from ..domain.supply import late_issue_warning, supply_day
from ..persistence.models import Company, Customer, Invoice, InvoiceLine
from ..persistence.queries import open_cents
from . import direct_debit_collect
from .company import CustomerData, customer_data
from .documents import corrected_references
from .invoicing import DraftData, check_references, credited_cents, preview_numbering, vat_case_warnings


@dataclass(frozen=True)
class InvoiceView:
    """An invoice or credit note as the editor shows it: the stored document value (a draft's as
    typed, an issued one's as issued) and what the editor adds to it; detached from any session."""

    id: int
    status: str
    customer_id: int
    customer_name: str
    document: CommercialDocument
    line_ids: tuple[int, ...]
    open_cents: int
    credited_cents: int

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED


def load_invoice(session: Session, invoice_id: int, as_of: date | None = None) -> InvoiceView:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise DomainError(f"there is no invoice {invoice_id}")
    corrects = corrected_references(session, [invoice]).get(invoice.id)
    is_invoice = invoice.kind == DocumentKind.INVOICE
    return InvoiceView(
        id=invoice.id,
        status=invoice.status,
        customer_id=invoice.customer_id,
        customer_name=invoice.customer.name,
        document=replace(
            document_of(invoice, corrects=corrects), direct_debit=direct_debit_collect.terms_of(session, invoice.id)
        ),
        line_ids=tuple(line.id for line in invoice.lines),
        open_cents=open_cents(session, invoice.id, as_of) if is_invoice else 0,
        credited_cents=credited_cents(session, invoice.id) if is_invoice else 0,
    )


@dataclass(frozen=True)
class Suggestion:
    """A line typed before: its description with the last price and VAT used for it."""

    description: str
    unit_price: Decimal
    vat_rate: Decimal
    vat_exemption: str | None
    unit: str
    uses: int


def line_suggestions(session: Session, *, limit: int = 500) -> list[Suggestion]:
    """Distinct descriptions of earlier invoice lines, most used first, with their latest price and VAT."""
    latest = (
        select(
            InvoiceLine.description.label("description"),
            func.max(InvoiceLine.id).label("last_id"),
            func.count().label("uses"),
        )
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.kind == "invoice")
        .group_by(InvoiceLine.description)
        .subquery()
    )
    query = (
        select(
            InvoiceLine.description,
            InvoiceLine.unit_price,
            InvoiceLine.vat_rate,
            InvoiceLine.vat_exemption,
            InvoiceLine.unit,
            latest.c.uses,
        )
        .join(latest, latest.c.last_id == InvoiceLine.id)
        .order_by(latest.c.uses.desc(), InvoiceLine.description)
        .limit(limit)
    )
    return [Suggestion(*raw) for raw in session.execute(query)]


@dataclass(frozen=True)
class Defaults:
    """What a new invoice starts from: the company's terms and VAT regime, the customer's overrides."""

    vat_regime: str
    payment_terms_days: int
    language: str
    requires_buyer_reference: bool = False


def invoice_defaults(session: Session, customer_id: int | None = None) -> Defaults:
    company = session.get(Company, 1)
    if company is None:
        raise DomainError("the company is not set up yet")
    terms, language, requires = company.payment_terms_days, company.language, False
    if customer_id is not None:
        customer = session.get(Customer, customer_id)
        if customer is not None:
            language = customer.language
            requires = bool(customer.requires_buyer_reference)
            if customer.payment_terms_days is not None:
                terms = customer.payment_terms_days
    return Defaults(company.vat_regime, terms, language, requires)


def customer_form_data(session: Session, customer_id: int) -> CustomerData:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    return customer_data(customer)


@dataclass(frozen=True)
class CustomerChoice:
    id: int
    name: str
    city: str


def customer_choices(session: Session) -> list[CustomerChoice]:
    """Every customer by name, for the editor's customer picker."""
    query = select(Customer.id, Customer.name, Customer.city).order_by(func.lower(Customer.name), Customer.id)
    return [CustomerChoice(*raw) for raw in session.execute(query)]


def save_draft(session: Session, invoice_id: int | None, data: DraftData) -> int:
    """Create or update a draft; the editor's 'Save draft'."""
    from .invoicing import create_draft, update_draft

    if invoice_id is None:
        return create_draft(session, data)
    update_draft(session, invoice_id, data)
    return invoice_id


def save_and_issue(
    session: Session, invoice_id: int | None, data: DraftData, *, override: bool = False
) -> tuple[int, str]:
    """The editor's 'Issue': save what is on screen and issue it, in one transaction.

    Issuing goes through the e-invoice check: for a customer who receives e-invoices an invalid
    one raises `einvoicing.EInvoiceInvalid` (nothing saved) unless the user chose `override`."""
    from .einvoicing import issue_with_einvoice  # imported late: the validators are heavy

    saved = save_draft(session, invoice_id, data)
    return saved, issue_with_einvoice(session, saved, override=override)


@dataclass(frozen=True)
class IssueQuestion:
    """What the editor asks once before issuing: the number the document takes, to whom, for how much,
    and the warnings of its VAT cases. A case the customer cannot receive raises instead (VatCaseError)."""

    kind: DocumentKind
    number: str
    customer: str
    total_cents: int
    warnings: tuple[Message, ...]
    # Its date before the latest issued document's, or well before today: asked, and forced on the command line.
    date_warnings: tuple[Message, ...] = ()

    def message(self, amount: str) -> Message:
        """The question, with the total as the user's language writes it."""
        if self.kind is DocumentKind.CREDIT_NOTE:
            return Message.of(
                "Issue credit note {number} to {customer} for {amount}? Issued credit notes cannot be changed.",
                number=self.number,
                customer=self.customer,
                amount=amount,
            )
        return Message.of(
            "Issue invoice {number} to {customer} for {amount}? Issued invoices cannot be changed; "
            "corrections go through a credit note.",
            number=self.number,
            customer=self.customer,
            amount=amount,
        )


def latest_issued(session: Session, kind: DocumentKind) -> tuple[str, date] | None:
    """The number and date of the latest issued document of a kind (by date, then number)."""
    row = session.execute(
        select(Invoice.number, Invoice.issue_date)
        .where(Invoice.kind == kind.value, Invoice.number.is_not(None))
        .order_by(Invoice.issue_date.desc(), Invoice.number_year.desc(), Invoice.number_seq.desc())
        .limit(1)
    ).first()
    return (row[0] or "", row[1]) if row is not None else None  # issued documents always have a number


def issue_question(
    session: Session, invoice_id: int | None, data: DraftData, *, today: date | None = None
) -> IssueQuestion:
    """Reads only: the question the editor's 'Issue' asks for what is on screen."""
    kind = DocumentKind.INVOICE
    if invoice_id is not None:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise DomainError(f"there is no invoice {invoice_id}")
        kind = DocumentKind(invoice.kind)
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    if kind is DocumentKind.INVOICE:
        check_references(customer, data.references)  # refused before the question, with the reason
    warnings = vat_case_warnings(session, data) if kind is DocumentKind.INVOICE else ()
    supplied = supply_day(data.delivery_date, data.service_period)  # a period is supplied when it ends
    late = late_issue_warning(supplied, data.issue_date) if kind is DocumentKind.INVOICE else None
    warnings = (*warnings, late) if late else warnings
    numbering = preview_numbering(session, kind, data.issue_date.year)
    dated = (
        out_of_order_warning(data.issue_date, latest_issued(session, kind)),
        backdated_warning(data.issue_date, today or date.today()),
    )
    return IssueQuestion(
        kind,
        numbering.number,
        customer.name,
        totals_of(data.lines).total_cents,
        warnings,
        tuple(w for w in dated if w is not None),
    )
