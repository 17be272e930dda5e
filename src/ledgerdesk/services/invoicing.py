"""Writing, issuing and crediting invoices: drafts change freely, issued documents never do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain.customer_refs import CustomerReferences, check_required
from ..domain.document import (
    CommercialDocument,
    DocumentKind,
    Numbering,
    Party,
    document_of,
    issue_step,
    line_columns,
    line_of,
)
from ..domain.errors import DomainError, ImmutableError
from ..domain.invoicing import LineInput, check_credit, format_number, totals_of
from ..domain.messages import Message
from ..domain.supply import ServicePeriod, check_line_periods
from ..domain.vat_cases import check_cases
from ..domain.vat_regime import check_lines, regime_of
from ..persistence.models import Company, Customer, Invoice, InvoiceLine, NumberSeries
from . import direct_debit_collect, history
from .closing import check_day_open
from .company import get_company


@dataclass
class DraftData:
    customer_id: int
    issue_date: date
    lines: Sequence[LineInput]
    payment_terms_days: int | None = None
    delivery_date: date | None = None
    notes: str = ""
    language: str | None = None
    ref: str | None = None
    service_period: ServicePeriod | None = None  # BT-73/74
    references: CustomerReferences = CustomerReferences()  # the customer's: BT-10, BT-13, BT-12


def _apply_references(invoice: Invoice, references: CustomerReferences) -> None:
    """Stored as given, checked again (a DraftData may be built without CustomerReferences.of)."""
    clean = CustomerReferences.of(references.buyer_reference, references.order_reference, references.contract_reference)
    invoice.buyer_reference = clean.buyer_reference
    invoice.order_reference = clean.order_reference
    invoice.contract_reference = clean.contract_reference


def check_references(customer: Customer, references: CustomerReferences) -> None:
    """A customer who requires a buyer reference gets no invoice without one (or its order number)."""
    check_required(references, required=bool(customer.requires_buyer_reference), customer=customer.name)


def _apply_period(invoice: Invoice, period: ServicePeriod | None, lines: Sequence[LineInput]) -> None:
    """The invoice's service period; each line's own period must lie inside it (Peppol R110/R111)."""
    check_line_periods(period, ((line.description, line.period) for line in lines))
    invoice.period_start = period.start if period else None
    invoice.period_end = period.end if period else None


def _get(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise DomainError(f"there is no invoice {invoice_id}")
    return invoice


def _apply_lines(invoice: Invoice, lines: Sequence[LineInput], credited_line_ids: Sequence[int | None] = ()) -> None:
    if not lines:
        raise DomainError("an invoice needs at least one line")
    ids = list(credited_line_ids) + [None] * (len(lines) - len(credited_line_ids))
    invoice.lines = [
        InvoiceLine(**line_columns(line, i), net_cents=line.net_cents, credited_line_id=ids[i])
        for i, line in enumerate(lines)
    ]
    totals = totals_of(lines)
    invoice.net_cents, invoice.vat_cents, invoice.total_cents = totals.net_cents, totals.vat_cents, totals.total_cents


def _check_regime(company: Company, lines: Sequence[LineInput]) -> None:
    """Under the franchise or art. 44 every line carries that regime's case (domain.vat_regime)."""
    check_lines(regime_of(company.vat_regime), ((line.description, line.vat) for line in lines))


def _check_cases(customer: Customer, lines: Sequence[LineInput], on: date) -> tuple[Message, ...]:
    """The VAT cases this customer may receive (refused with the reason), and the warnings."""
    return check_cases([line.vat for line in lines], buyer_vat=customer.vat, buyer_kind=customer.kind, on=on)


def vat_case_warnings(session: Session, data: DraftData) -> tuple[Message, ...]:
    """What the user should see before issuing these lines to this customer (reads only): raises
    VatCaseError for a case the customer cannot receive, returns the warnings."""
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    return _check_cases(customer, data.lines, data.issue_date)


def create_draft(session: Session, data: DraftData, *, now: datetime | None = None) -> int:
    company = get_company(session)
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    _check_regime(company, data.lines)
    invoice = Invoice(
        kind="invoice",
        status="draft",
        customer=customer,
        issue_date=data.issue_date,
        delivery_date=data.delivery_date,
        payment_terms_days=data.payment_terms_days,
        language=data.language or customer.language,
        notes=data.notes,
        ref=data.ref,
        created_at=now or datetime.now(),
    )
    _apply_period(invoice, data.service_period, data.lines)
    _apply_references(invoice, data.references)
    _apply_lines(invoice, data.lines)
    session.add(invoice)
    session.flush()
    history.record(session, invoice.id, "created", data.issue_date, at=now)
    return invoice.id


def update_draft(session: Session, invoice_id: int, data: DraftData) -> None:
    invoice = _get(session, invoice_id)
    if invoice.is_issued:
        raise ImmutableError(f"{invoice.number} is issued; correct it with a credit note")
    company = get_company(session)
    _check_regime(company, data.lines)
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {data.customer_id}")
    invoice.customer = customer
    invoice.issue_date = data.issue_date
    invoice.delivery_date = data.delivery_date
    _apply_period(invoice, data.service_period, data.lines)
    _apply_references(invoice, data.references)
    invoice.payment_terms_days = data.payment_terms_days
    invoice.language = data.language or customer.language
    invoice.notes = data.notes
    _apply_lines(
        invoice, data.lines, [line.credited_line_id for line in invoice.lines] if invoice.kind == "credit_note" else ()
    )
    if invoice.kind == "credit_note":
        _check_credit_of(session, invoice)
    session.flush()


def draft_data_of(invoice: Invoice) -> DraftData:
    """What a stored draft says, as the editor would hold it (for the issue question outside the editor)."""
    period = (
        ServicePeriod(invoice.period_start, invoice.period_end) if invoice.period_start and invoice.period_end else None
    )
    return DraftData(
        customer_id=invoice.customer_id,
        issue_date=invoice.issue_date,
        lines=[line_of(line) for line in invoice.lines],
        payment_terms_days=invoice.payment_terms_days,
        delivery_date=invoice.delivery_date,
        notes=invoice.notes or "",
        language=invoice.language,
        service_period=period,
        references=CustomerReferences(
            invoice.buyer_reference or "", invoice.order_reference or "", invoice.contract_reference or ""
        ),
    )


def delete_draft(session: Session, invoice_id: int) -> None:
    invoice = _get(session, invoice_id)
    if invoice.is_issued:
        raise ImmutableError(f"{invoice.number} is issued and can never be deleted; credit it instead")
    from sqlalchemy import delete

    from ..persistence.models import InvoiceEvent

    session.execute(delete(InvoiceEvent).where(InvoiceEvent.invoice_id == invoice_id))
    session.delete(invoice)
    session.flush()


def _take_number(session: Session, kind: str, year: int, fmt: str) -> tuple[str, int]:
    """Bump the series inside the issuing transaction: gapless, and unique under concurrency
    because write transactions begin IMMEDIATE (one writer at a time)."""
    series = session.get(NumberSeries, (kind, year))
    if series is None:
        series = NumberSeries(kind=kind, year=year, last_seq=0)
        session.add(series)
        session.flush()
    session.execute(
        update(NumberSeries)
        .where(NumberSeries.kind == kind, NumberSeries.year == year)
        .values(last_seq=NumberSeries.last_seq + 1)
    )
    seq = session.scalar(select(NumberSeries.last_seq).where(NumberSeries.kind == kind, NumberSeries.year == year))
    assert seq is not None
    session.refresh(series)
    return format_number(fmt, year, seq), seq


def _number_format(company: Company, kind: str) -> str:
    return company.invoice_number_format if kind == DocumentKind.INVOICE else company.credit_note_number_format


def preview_numbering(session: Session, kind: str, year: int) -> Numbering:
    """The number issuing would take now (write transactions are serial, so it is the one taken)."""
    series = session.get(NumberSeries, (kind, year))
    seq = (series.last_seq if series else 0) + 1
    return Numbering(format_number(_number_format(get_company(session), kind), year, seq), year, seq)


def as_issued(
    session: Session, invoice: Invoice, numbering: Numbering | None, *, on: date | None = None
) -> CommercialDocument:
    """A draft through the issue step, with the company and customer as they are now: numbered with
    `numbering`, or a preview without a number; dated `on` (default: the draft's date).
    Reads only; `issue` stores what this returns."""
    company = get_company(session)
    draft = document_of(invoice)
    return issue_step(
        replace(draft, issue_date=on) if on else draft,
        numbering=numbering,
        seller=Party.from_snapshot(party_snapshot_company(company)),
        buyer=Party.from_snapshot(party_snapshot_customer(invoice.customer)),
        customer_terms=invoice.customer.payment_terms_days,
        company_terms=company.payment_terms_days,
    )


def party_snapshot_company(company: Company) -> dict[str, object]:
    return {
        "name": company.name,
        "street": company.street,
        "postcode": company.postcode,
        "city": company.city,
        "country": company.country,
        "vat": company.vat,
        "vat_regime": company.vat_regime,
        "iban": company.iban,
        "bic": company.bic,
        "email": company.email,
        "phone": company.phone,
    }


def party_snapshot_customer(customer: Customer) -> dict[str, object]:
    return {
        "name": customer.name,
        "kind": customer.kind,
        "street": customer.street,
        "postcode": customer.postcode,
        "city": customer.city,
        "country": customer.country,
        "vat": customer.vat,
        "email": customer.email,
    }


def credited_cents(session: Session, invoice_id: int, *, exclude: int | None = None) -> int:
    """What issued credit notes already credit on an invoice."""
    query = select(func.coalesce(func.sum(Invoice.total_cents), 0)).where(
        Invoice.credited_invoice_id == invoice_id, Invoice.kind == "credit_note", Invoice.status == "issued"
    )
    if exclude is not None:
        query = query.where(Invoice.id != exclude)
    return int(session.scalar(query) or 0)


def _check_credit_of(session: Session, credit_note: Invoice) -> None:
    assert credit_note.credited_invoice_id is not None
    original = _get(session, credit_note.credited_invoice_id)
    check_credit(
        original.total_cents, credited_cents(session, original.id, exclude=credit_note.id), credit_note.total_cents
    )


def issue(session: Session, invoice_id: int, *, on: date | None = None, now: datetime | None = None) -> str:
    """Issue a draft invoice or credit note: number, structured communication, due date, snapshots."""
    invoice = _get(session, invoice_id)
    if invoice.is_issued:
        raise ImmutableError(f"{invoice.number} is already issued")
    company = get_company(session)
    if on is not None:
        invoice.issue_date = on
    if invoice.total_cents < 0 or (invoice.kind == "credit_note" and invoice.total_cents == 0):
        raise DomainError("the total of an invoice cannot be negative")
    check_day_open(session, invoice.issue_date)  # a period sent to the accountant takes no new documents
    if invoice.kind == "credit_note":
        _check_credit_of(session, invoice)
        original = _get(session, invoice.credited_invoice_id)  # type: ignore[arg-type]
        if not original.is_issued:
            raise DomainError("only an issued invoice can be credited")
    else:  # a draft may hold a case its customer cannot receive (yet); an issued invoice may not
        _check_cases(invoice.customer, [line_of(line) for line in invoice.lines], invoice.issue_date)
        check_references(invoice.customer, document_of(invoice).customer_references)
    year = invoice.issue_date.year
    number, seq = _take_number(session, invoice.kind, year, _number_format(company, invoice.kind))
    issued = as_issued(session, invoice, Numbering(number, year, seq))
    invoice.payment_terms_days = issued.payment_terms_days
    invoice.due_date = issued.due_date
    invoice.number, invoice.number_year, invoice.number_seq = number, year, seq
    invoice.structured_communication = issued.structured_communication
    invoice.seller = party_snapshot_company(company)
    invoice.buyer = party_snapshot_customer(invoice.customer)
    invoice.issued_at = now or datetime.now()
    invoice.status = "issued"
    session.flush()
    history.record(
        session, invoice.id, "issued", invoice.issue_date, at=now, number=number, total=str(invoice.total_cents)
    )
    # A recurring invoice of a customer with a mandate announces its direct debit (frozen with it).
    direct_debit_collect.record_notice(session, invoice)
    if invoice.kind == "credit_note":
        history.record(
            session,
            invoice.credited_invoice_id,  # type: ignore[arg-type]
            "credited",
            invoice.issue_date,
            credit_note=number,
            amount_cents=invoice.total_cents,
        )
    return number


def create_credit_note(
    session: Session,
    invoice_id: int,
    *,
    issue_date: date,
    line_ids: Sequence[int] | None = None,
    lines: Sequence[LineInput] | None = None,
    notes: str = "",
    now: datetime | None = None,
) -> int:
    """A draft credit note for an issued invoice: the whole invoice, selected lines, or given lines."""
    original = _get(session, invoice_id)
    if original.kind != "invoice" or not original.is_issued:
        raise DomainError("only an issued invoice can be credited")
    credited_ids: list[int | None] = []
    if lines is None:
        chosen = [line for line in original.lines if line_ids is None or line.id in set(line_ids)]
        if not chosen:
            raise DomainError("choose at least one line to credit")
        lines = [line_of(line) for line in chosen]
        credited_ids = [line.id for line in chosen]
    note = Invoice(
        kind="credit_note",
        status="draft",
        customer_id=original.customer_id,
        issue_date=issue_date,
        language=original.language,
        notes=notes,
        credited_invoice_id=original.id,
        payment_terms_days=0,
        created_at=now or datetime.now(),
        # the credited services keep their period, so the credited lines' own periods stay inside it
        period_start=original.period_start,
        period_end=original.period_end,
        # and the customer's references, which route it to the same buyer's desk
        buyer_reference=original.buyer_reference,
        order_reference=original.order_reference,
        contract_reference=original.contract_reference,
    )
    _apply_lines(note, lines, credited_ids)
    check_credit(original.total_cents, credited_cents(session, original.id), note.total_cents)
    session.add(note)
    session.flush()
    history.record(session, note.id, "created", issue_date, credits=original.number)
    return note.id
