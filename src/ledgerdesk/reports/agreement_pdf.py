"""What the PDF of a quote and of the order confirmation that follows it print alike: the invoice's own
table of lines and totals, with nothing yet paid, closed by the terms agreed and how the work will be
invoiced."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from ..domain.document import CommercialDocument
from ..i18n import gettext
from .invoice_pdf import invoice_story, terms_of
from .layout import esc, styles
from .model import DocumentSettings, InvoicePrint


def unpaid(doc: CommercialDocument, settings: DocumentSettings) -> InvoicePrint:
    """The document as the invoice table prints it; open = total, so no "already paid" line."""
    return InvoicePrint(doc, open_cents=doc.total_cents, settings=settings)


def agreement_story(doc: CommercialDocument, settings: DocumentSettings, closing: list[Flowable]) -> list[Flowable]:
    """The lines, VAT per rate and totals, then `closing`."""
    return invoice_story(unpaid(doc, settings), closing=closing)


def terms_agreed(doc: CommercialDocument, settings: DocumentSettings, opening: str, terms: str) -> list[Flowable]:
    """`opening`, the payment terms the invoice will carry, then the terms agreed (when there are any)."""
    _ = gettext(doc.language)
    st = styles()
    texts = [opening]
    texts += [_("Once the work is invoiced: {terms}").format(terms=t) for t in terms_of(unpaid(doc, settings))[:1]]
    out: list[Flowable] = [Paragraph(esc(t), st["small"]) for t in texts]
    if terms:
        out += [Spacer(1, 1.5 * mm), Paragraph(esc(_("Terms")), st["bold"]), Paragraph(esc(terms), st["body"])]
    return out
