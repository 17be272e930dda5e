"""Invoice and credit note documents: gather what a PDF shows from the book, and document settings.

An issued document is printed from the snapshots taken when it was issued
(`invoice.seller` / `invoice.buyer`), so editing the company or the customer later
never changes an issued PDF. Only what is left to pay depends on the date asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.document import CommercialDocument, Reference, document_of
from ..domain.errors import DomainError, ValidationError
from ..domain.invoicing import open_amount
from ..persistence.models import Allocation, Invoice
from ..reports.model import WINDOW_SIDES, DocumentSettings, InvoicePrint
from . import direct_debit_collect
from .company import get_company, get_setting, set_setting
from .invoicing import as_issued

LOGO_KEY = "documents.logo_path"
WINDOW_KEY = "documents.envelope_window"
LATE_TERMS_KEY = "documents.late_terms"


def document_settings(session: Session) -> DocumentSettings:
    """The book's document preferences (defaults when never set)."""
    window = get_setting(session, WINDOW_KEY, "right")
    late = get_setting(session, LATE_TERMS_KEY, None)
    return DocumentSettings(
        logo_path=get_setting(session, LOGO_KEY, None) or None,  # type: ignore[arg-type]
        envelope_window=window if window in WINDOW_SIDES else "right",  # type: ignore[arg-type]
        late_terms=late if isinstance(late, (str, dict)) and late else None,
    )


def save_document_settings(session: Session, settings: DocumentSettings) -> None:
    """Store the document preferences; a logo must be a readable PNG or JPEG file."""
    if settings.envelope_window not in WINDOW_SIDES:
        raise ValidationError("the envelope window is on the 'right' or the 'left'")
    logo = (settings.logo_path or "").strip() or None
    if logo:
        path = Path(logo)
        if not path.is_file():
            raise ValidationError(f"the logo file {logo} does not exist")
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise ValidationError("the logo must be a PNG or JPEG image")
    late = settings.late_terms
    if isinstance(late, str):
        late = late.strip() or None
    if isinstance(late, str) and len(late) > 600:
        raise ValidationError("the late-payment terms line is longer than 600 characters")
    set_setting(session, LOGO_KEY, logo or "")
    set_setting(session, WINDOW_KEY, settings.envelope_window)
    set_setting(session, LATE_TERMS_KEY, late or "")


def find_document(session: Session, number: str) -> int:
    """The id of the issued invoice or credit note with this number; one clear error otherwise."""
    number = number.strip()
    found = session.execute(select(Invoice.id, Invoice.kind).where(Invoice.number == number)).all()
    if not found:
        raise DomainError(f"there is no invoice or credit note numbered {number} (drafts have no number yet)")
    if len(found) > 1:
        raise DomainError(f"both an invoice and a credit note are numbered {number}")
    return found[0][0]


def invoice_document(session: Session, invoice_id: int, *, as_of: date, allow_draft: bool = False) -> InvoicePrint:
    """Everything the PDF of one invoice or credit note shows, with the amount left to pay as of a date."""
    return invoice_documents(session, [invoice_id], as_of=as_of, allow_draft=allow_draft)[0]


def _settled_and_credited(session: Session, ids: Sequence[int], as_of: date) -> tuple[dict[int, int], dict[int, int]]:
    """Allocations and issued credit notes as of a date, for many invoices in two grouped queries."""
    settled = dict(
        session.execute(
            select(Allocation.invoice_id, func.sum(Allocation.amount_cents))
            .where(Allocation.invoice_id.in_(ids), Allocation.date <= as_of)
            .group_by(Allocation.invoice_id)
        ).all()
    )
    credited = dict(
        session.execute(
            select(Invoice.credited_invoice_id, func.sum(Invoice.total_cents))
            .where(
                Invoice.credited_invoice_id.in_(ids),
                Invoice.kind == "credit_note",
                Invoice.status == "issued",
                Invoice.issue_date <= as_of,
            )
            .group_by(Invoice.credited_invoice_id)
        ).all()
    )
    return (
        {i: int(c or 0) for i, c in settled.items() if i is not None},
        {i: int(c or 0) for i, c in credited.items() if i is not None},
    )


def corrected_references(session: Session, invoices: Sequence[Invoice]) -> dict[int, Reference]:
    """The invoice each credit note corrects, by credit note id, read in one query."""
    wanted = {inv.credited_invoice_id for inv in invoices if inv.credited_invoice_id}
    if not wanted:
        return {}
    found = {
        row.id: Reference(row.number or "", row.issue_date)
        for row in session.execute(select(Invoice.id, Invoice.number, Invoice.issue_date).where(Invoice.id.in_(wanted)))
    }
    return {
        inv.id: found[inv.credited_invoice_id]
        for inv in invoices
        if inv.credited_invoice_id in found and found[inv.credited_invoice_id].number
    }


def commercial_document(session: Session, invoice: Invoice, corrects: Reference | None) -> CommercialDocument:
    """The document value of a stored invoice: as issued, or for a draft the issue step's preview."""
    if invoice.is_issued:
        return replace(
            document_of(invoice, corrects=corrects), direct_debit=direct_debit_collect.terms_of(session, invoice.id)
        )
    return replace(as_issued(session, invoice, None), corrects=corrects)


def invoice_documents(
    session: Session, invoice_ids: Sequence[int], *, as_of: date, allow_draft: bool = False
) -> list[InvoicePrint]:
    """The documents of many invoices at once (batch printing): settings, company and amounts read once."""
    ids = list(invoice_ids)
    found = {inv.id: inv for inv in session.scalars(select(Invoice).where(Invoice.id.in_(ids)))}
    for invoice_id in ids:
        invoice = found.get(invoice_id)
        if invoice is None:
            raise DomainError(f"there is no invoice {invoice_id}")
        if not invoice.is_issued and not allow_draft:
            raise DomainError("a draft has no number yet; issue it before making its PDF")
    late_terms = bool(get_company(session).late_payment_terms)
    settings = document_settings(session)
    settled, credited = _settled_and_credited(session, ids, as_of)
    corrects = corrected_references(session, list(found.values()))
    printed = []
    for i in ids:
        invoice = found[i]
        doc = commercial_document(session, invoice, corrects.get(i))
        open_cents = open_amount(
            kind=doc.kind,
            issued=not doc.draft,
            total_cents=doc.total_cents,
            settled_cents=settled.get(i, 0),
            credited_cents=credited.get(i, 0),
        )
        printed.append(InvoicePrint(doc, open_cents, late_terms, settings))
    return printed


def write_invoice_pdf(
    session: Session,
    invoice_id: int,
    target: str | Path | IO[bytes],
    *,
    as_of: date,
    allow_draft: bool = False,
) -> InvoicePrint:
    """Render one invoice or credit note to a path or binary file; returns what was printed."""
    from ..reports.invoice_pdf import render_invoice

    printed = invoice_document(session, invoice_id, as_of=as_of, allow_draft=allow_draft)
    render_invoice(printed, target)
    return printed
