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
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.document import CommercialDocument
from ..domain.document import document_of as stored_document
from ..domain.errors import DomainError
from ..einvoice import official_rules
from ..einvoice.findings import Finding
from ..einvoice.ubl_writer import build_ubl
from ..einvoice.validate import Report, forget_installed_rules, official_peppol_rules, validate
from ..persistence.models import EInvoiceArchive, Invoice
from . import direct_debit_collect, history, quote_deposits
from .documents import corrected_references, write_invoice_pdf
from .invoicing import as_issued, issue, preview_numbering

log = logging.getLogger(__name__)


def invoice_pdf(session: Session, invoice: Invoice) -> bytes | None:
    """The PDF of an issued document to embed in its e-invoice.

    Rendered as of the issue date, so the embedded PDF is the document as issued. A renderer
    failure must not block the legal e-invoice: it is logged and the file goes without the PDF.
    """
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
    peppol_rules: str | None = None  # the official Peppol rule set that ran; None: a partial Peppol check

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


def document_of(session: Session, invoice: Invoice, *, on: date | None = None) -> CommercialDocument:
    """The document a UBL file says: as issued, or for a draft as it would be issued on `on`
    (with the number it would take now)."""
    corrects = corrected_references(session, [invoice]).get(invoice.id)
    if invoice.is_issued:
        return replace(
            stored_document(invoice, corrects=corrects),
            direct_debit=direct_debit_collect.terms_of(session, invoice.id),
            prepaid_cents=quote_deposits.prepaid_on(session, invoice.id),
        )
    issue_date = on or invoice.issue_date
    numbering = preview_numbering(session, invoice.kind, issue_date.year)
    return replace(
        as_issued(session, invoice, numbering, on=issue_date),
        corrects=corrects,
        prepaid_cents=quote_deposits.prepaid_on(session, invoice.id),
    )


def check_before_issue(session: Session, invoice_id: int, *, on: date | None = None) -> list[Finding]:
    """Findings for a draft as it would be issued on `on` (or for an issued document as archived/built)."""
    invoice = _get(session, invoice_id)
    if invoice.is_issued:
        return list(status_of(session, invoice_id).findings)
    xml = build_ubl(document_of(session, invoice, on=on))
    return list(validate(xml).findings)


def _archive(
    session: Session, invoice: Invoice, xml: bytes, report: Report, *, on: date, overridden: bool, now: datetime | None
) -> EInvoiceArchive:
    row = EInvoiceArchive(
        invoice_id=invoice.id,
        number=invoice.number or "",
        kind=invoice.kind,
        xml=xml,
        sha256=hashlib.sha256(xml).hexdigest(),
        size=len(xml),
        produced_on=on,
        created_at=now or datetime.now(),
        valid=report.valid,
        overridden=overridden,
        findings=[f.as_json() for f in report.findings],
    )
    session.add(row)
    session.flush()
    history.record(session, invoice.id, "einvoice_archived", on, sha256=row.sha256, valid=report.valid)
    return row


def archived(session: Session, invoice_id: int) -> EInvoiceArchive | None:
    return session.scalar(select(EInvoiceArchive).where(EInvoiceArchive.invoice_id == invoice_id))


def issue_with_einvoice(
    session: Session, invoice_id: int, *, on: date | None = None, override: bool = False, now: datetime | None = None
) -> str:
    """Issue a draft; for a customer who receives e-invoices, only when its e-invoice is valid
    (or `override`), and archive that e-invoice in the same transaction. Returns the number.

    `on` is the issue date as in `services.invoicing.issue` (None keeps the draft's date).
    """
    invoice = _get(session, invoice_id)
    on = on or invoice.issue_date
    peppol = bool(invoice.customer.receives_einvoice)
    findings = check_before_issue(session, invoice_id, on=on) if peppol else []  # others: no validator run
    if peppol and any(f.is_fatal for f in findings) and not override:
        raise EInvoiceInvalid(preview_numbering(session, invoice.kind, on.year).number, findings)
    number = issue(session, invoice_id, on=on, now=now)
    if peppol:
        xml = build_ubl(document_of(session, invoice), pdf=invoice_pdf(session, invoice))
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


def export_einvoice(
    session: Session, invoice_id: int, *, on: date, force: bool = False, now: datetime | None = None
) -> Exported:
    """The e-invoice of an issued document: the archived bytes, or produced now and archived.

    An invalid document is not archived (nothing leaves) unless `force`.
    """
    invoice = _get(session, invoice_id)
    if not invoice.is_issued:
        raise DomainError("a draft has no e-invoice yet; issue it first")
    row = archived(session, invoice_id)
    if row is not None:
        return Exported(invoice.number or "", row.xml, validate(row.xml), False, row.sha256)
    xml = build_ubl(document_of(session, invoice), pdf=invoice_pdf(session, invoice))
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
        doc = document_of(session, invoice, on=on)
        report, number = validate(build_ubl(doc)), doc.number or ""
    return EInvoiceStatus(
        invoice_id,
        number,
        invoice.is_issued,
        bool(invoice.customer.receives_einvoice),
        row is not None,
        report.findings,
        report.peppol_rules,
    )


def peppol_rules_in_use() -> str | None:
    """The official Peppol rule set validation runs ('OpenPeppol BIS Billing 3.0 3.0.19'), or None when the
    Peppol check is LedgerDesk's partial subset because the official rules are not installed."""
    return official_peppol_rules()


def install_peppol_rules(source: Path | None = None) -> str | None:
    """Install OpenPeppol's pinned rules (download, or `source`); RulesRefused says why not. Touches no book,
    so it may run off the UI thread."""
    official_rules.install(source=source)
    forget_installed_rules()
    return peppol_rules_in_use()
