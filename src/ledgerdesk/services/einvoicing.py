"""E-invoicing: the Peppol BIS 3.0 file of an invoice, validated before numbering and before export, archived.

- `check_before_issue` validates a draft as it would be issued (with the number it would take).
- `issue_with_einvoice` refuses to issue an invalid invoice for a customer who receives e-invoices
  unless overridden, issues it, and archives the e-invoice in the same transaction.
- `export_einvoice` returns the archived bytes; the first export of an issued document produces
  them from its frozen snapshots and archives them, later exports never regenerate them.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import references
from ..domain.errors import DomainError
from ..domain.invoicing import compute_totals, due_date, format_number
from ..domain.vat import CREDIT_NOTE_MENTION, Exemption, VatTreatment, exemption_mention
from ..einvoice.findings import Finding
from ..einvoice.ubl_writer import UblDocument, UblLine, UblParty, build_ubl
from ..einvoice.validate import Report, validate
from ..i18n import gettext
from ..persistence.models import EInvoiceArchive, Invoice, NumberSeries
from . import history
from .company import get_company
from .invoicing import DOC_TYPE, issue, party_snapshot_company, party_snapshot_customer

log = logging.getLogger(__name__)


def invoice_pdf(session: Session, invoice: Invoice) -> bytes | None:
    """The PDF of an issued document to embed, when the PDF renderer (services.documents) is installed.

    Rendered as of the issue date, so the embedded PDF is the document as issued. A renderer
    failure must not block the legal e-invoice: it is logged and the file goes without the PDF.
    """
    try:
        from .documents import write_invoice_pdf  # type: ignore[attr-defined]
    except ImportError:
        return None
    buffer = io.BytesIO()
    try:
        write_invoice_pdf(session, invoice.id, buffer, as_of=invoice.issue_date)
    except Exception:
        log.exception("the PDF of %s could not be rendered for its e-invoice", invoice.number)
        return None
    data = buffer.getvalue()
    return data if data.startswith(b"%PDF") else None


class EInvoiceInvalid(DomainError):
    """Issuing was refused because the e-invoice would break Peppol / EN 16931 rules."""

    def __init__(self, number: str, findings: list[Finding]) -> None:
        fatal = [f for f in findings if f.is_fatal]
        rules = "; ".join(f"{f.rule}: {f.message}" for f in fatal[:5])
        more = f" (and {len(fatal) - 5} more)" if len(fatal) > 5 else ""
        super().__init__(f"{number} cannot be issued as a valid e-invoice: {rules}{more}")
        self.findings = findings


@dataclass(frozen=True)
class EInvoiceStatus:
    """What the invoice screen shows: valid or not, the findings, whether it is archived."""

    invoice_id: int
    number: str
    issued: bool
    receives_einvoice: bool
    archived: bool
    findings: tuple[Finding, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not any(f.is_fatal for f in self.findings)


@dataclass(frozen=True)
class Exported:
    number: str
    xml: bytes
    report: Report
    archived_now: bool
    sha256: str


def _get(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise DomainError(f"there is no invoice {invoice_id}")
    return invoice


def _party(snapshot: dict[str, object] | None) -> UblParty:
    data = snapshot or {}
    return UblParty(
        name=str(data.get("name") or "").strip(),
        street=str(data.get("street") or "").strip(),
        postcode=str(data.get("postcode") or "").strip(),
        city=str(data.get("city") or "").strip(),
        country=str(data.get("country") or "BE").strip().upper(),
        vat=(str(data["vat"]) if data.get("vat") else None),
        email=str(data.get("email") or "").strip(),
        phone=str(data.get("phone") or "").strip(),
    )


def _preview_number(session: Session, invoice: Invoice, year: int) -> tuple[str, int]:
    """The number issuing would take now (write transactions are serial, so it is the one taken)."""
    company = get_company(session)
    series = session.get(NumberSeries, (invoice.kind, year))
    seq = (series.last_seq if series else 0) + 1
    fmt = company.invoice_number_format if invoice.kind == "invoice" else company.credit_note_number_format
    return format_number(fmt, year, seq), seq


def document_of(session: Session, invoice: Invoice, *, on: date | None = None, with_pdf: bool = True) -> UblDocument:
    """The UBL values of a document: from its frozen snapshots once issued, else as it would be issued."""
    if invoice.is_issued:
        number, issue_date = invoice.number or "", invoice.issue_date
        seller, buyer = _party(invoice.seller), _party(invoice.buyer)
        ogm, terms_days, due = invoice.structured_communication, invoice.payment_terms_days, invoice.due_date
    else:
        company = get_company(session)
        issue_date = on or invoice.issue_date
        number, seq = _preview_number(session, invoice, issue_date.year)
        seller = _party(party_snapshot_company(company))
        buyer = _party(party_snapshot_customer(invoice.customer))
        ogm = references.for_document(issue_date.year, DOC_TYPE[invoice.kind], seq)
        terms_days = invoice.payment_terms_days
        if terms_days is None:
            customer_terms = invoice.customer.payment_terms_days
            terms_days = customer_terms if customer_terms is not None else company.payment_terms_days
        due = invoice.due_date or (due_date(issue_date, terms_days) if invoice.kind == "invoice" else None)
    snapshot = invoice.seller if invoice.is_issued else party_snapshot_company(get_company(session))
    language = invoice.language if invoice.language in ("nl", "fr", "en") else "nl"
    _ = gettext(language)
    lines = [
        UblLine(
            description=line.description,
            quantity=line.quantity,
            unit=line.unit,
            unit_price=line.unit_price,
            net_cents=line.net_cents,
            vat=VatTreatment(line.vat_rate, Exemption(line.vat_exemption) if line.vat_exemption else None),
            discount_pct=line.discount_pct,
        )
        for line in invoice.lines
    ]
    totals = compute_totals((line.net_cents, line.vat) for line in lines)
    credit = invoice.kind == "credit_note"
    notes = [invoice.notes.strip()] if invoice.notes.strip() else []
    credited_number = credited_date = None
    if credit:
        notes.append(CREDIT_NOTE_MENTION[language])
        original = session.get(Invoice, invoice.credited_invoice_id)
        if original is not None:
            credited_number, credited_date = original.number, original.issue_date
        payment_terms = _("The amount is refunded or set off against open invoices.")
    elif terms_days:
        payment_terms = _("Payment within {days} days, by {due}.", days=terms_days,
                          due=due.strftime("%d/%m/%Y") if due else "")
    else:
        payment_terms = _("Payable on receipt.")
    exemptions = {v.exemption for v in totals.breakdown if v.exemption}
    pdf = invoice_pdf(session, invoice) if with_pdf and invoice.is_issued else None
    return UblDocument(
        kind=invoice.kind,
        number=number,
        issue_date=issue_date,
        seller=seller,
        buyer=buyer,
        lines=lines,
        breakdown=totals.breakdown,
        net_cents=totals.net_cents,
        vat_cents=totals.vat_cents,
        total_cents=totals.total_cents,
        language=language,
        currency=invoice.currency,
        due_date=due,
        delivery_date=invoice.delivery_date,
        payment_terms=payment_terms,
        structured_communication=references.format(ogm) if ogm else None,
        iban=str(snapshot.get("iban")) if snapshot and snapshot.get("iban") else None,
        bic=str(snapshot.get("bic")) if snapshot and snapshot.get("bic") else None,
        note=" ".join(notes),
        credited_number=credited_number,
        credited_issue_date=credited_date,
        exemption_texts={e: exemption_mention(e, language, issue_date) for e in exemptions},
        discount_text=_("Discount"),
        pdf=pdf,
    )


def check_before_issue(session: Session, invoice_id: int, *, on: date | None = None) -> list[Finding]:
    """Findings for a draft as it would be issued on `on` (or for an issued document as archived/built)."""
    invoice = _get(session, invoice_id)
    if invoice.is_issued:
        return list(status_of(session, invoice_id).findings)
    xml = build_ubl(document_of(session, invoice, on=on, with_pdf=False))
    return list(validate(xml).findings)


def _archive(session: Session, invoice: Invoice, xml: bytes, report: Report, *, on: date, overridden: bool,
             now: datetime | None) -> EInvoiceArchive:
    row = EInvoiceArchive(
        invoice_id=invoice.id, number=invoice.number or "", kind=invoice.kind, xml=xml,
        sha256=hashlib.sha256(xml).hexdigest(), size=len(xml), produced_on=on, created_at=now or datetime.now(),
        valid=report.valid, overridden=overridden, findings=[f.as_json() for f in report.findings],
    )
    session.add(row)
    session.flush()
    history.record(session, invoice.id, "einvoice_archived", on, sha256=row.sha256, valid=report.valid)
    return row


def archived(session: Session, invoice_id: int) -> EInvoiceArchive | None:
    return session.scalar(select(EInvoiceArchive).where(EInvoiceArchive.invoice_id == invoice_id))


def issue_with_einvoice(session: Session, invoice_id: int, *, on: date | None = None, override: bool = False,
                        now: datetime | None = None) -> str:
    """Issue a draft; for a customer who receives e-invoices, only when its e-invoice is valid
    (or `override`), and archive that e-invoice in the same transaction. Returns the number.

    `on` is the issue date as in `services.invoicing.issue` (None keeps the draft's date).
    """
    invoice = _get(session, invoice_id)
    on = on or invoice.issue_date
    peppol = bool(invoice.customer.receives_einvoice)
    findings = check_before_issue(session, invoice_id, on=on) if peppol else []  # others: no validator run
    if peppol and any(f.is_fatal for f in findings) and not override:
        raise EInvoiceInvalid(_preview_number(session, invoice, on.year)[0], findings)
    number = issue(session, invoice_id, on=on, now=now)
    if peppol:
        xml = build_ubl(document_of(session, invoice))
        report = validate(xml)
        _archive(session, invoice, xml, report, on=on, overridden=not report.valid, now=now)
    return number


def concerns_einvoicing(session: Session, invoice_id: int) -> bool:
    """Whether the editor should show an e-invoice status: the customer receives e-invoices, or one
    was archived. Cheap (no validation), so other customers' invoices open without the validators."""
    invoice = _get(session, invoice_id)
    return bool(invoice.customer.receives_einvoice) or archived(session, invoice_id) is not None


def find_by_number(session: Session, number: str) -> Invoice:
    found = list(session.scalars(select(Invoice).where(Invoice.number == number.strip())))
    if not found:
        raise DomainError(f"there is no issued invoice or credit note numbered {number}")
    if len(found) > 1:
        raise DomainError(f"{number} is both an invoice and a credit note number; rename one numbering format")
    return found[0]


def export_einvoice(session: Session, invoice_id: int, *, on: date, force: bool = False,
                    now: datetime | None = None) -> Exported:
    """The e-invoice of an issued document: the archived bytes, or produced now and archived.

    An invalid document is not archived (nothing leaves) unless `force`.
    """
    invoice = _get(session, invoice_id)
    if not invoice.is_issued:
        raise DomainError("a draft has no e-invoice yet; issue it first")
    row = archived(session, invoice_id)
    if row is not None:
        return Exported(invoice.number or "", row.xml, validate(row.xml), False, row.sha256)
    xml = build_ubl(document_of(session, invoice))
    report = validate(xml)
    if not report.valid and not force:
        return Exported(invoice.number or "", xml, report, False, hashlib.sha256(xml).hexdigest())
    row = _archive(session, invoice, xml, report, on=on, overridden=not report.valid, now=now)
    return Exported(invoice.number or "", xml, report, True, row.sha256)


def status_of(session: Session, invoice_id: int, *, on: date | None = None) -> EInvoiceStatus:
    """Read-only: the e-invoice status of a document (archived file, or as it would be produced)."""
    invoice = _get(session, invoice_id)
    row = archived(session, invoice_id) if invoice.is_issued else None
    if row is not None:
        report = validate(row.xml)
        number = invoice.number or ""
    else:
        doc = document_of(session, invoice, on=on, with_pdf=False)
        report, number = validate(build_ubl(doc)), doc.number
    return EInvoiceStatus(invoice_id, number, invoice.is_issued, bool(invoice.customer.receives_einvoice),
                          row is not None, report.findings)
