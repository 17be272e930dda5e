"""The order confirmation PDF: a pure function of an `OrderPrint`, in the customer's language.

The lines, VAT per rate and totals are the invoice's own table (`invoice_pdf.invoice_story`); the
confirmation names the quote it confirms, the terms agreed and how the work will be invoiced.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from ..domain.identifiers import format_vat
from ..i18n import format_date, gettext
from .invoice_pdf import invoice_story, terms_of
from .layout import LetterPages, address_lines, build_document, esc, styles
from .model import InvoicePrint, OrderPrint


def meta_of(printed: OrderPrint) -> list[tuple[str, str]]:
    doc = printed.document
    _ = gettext(doc.language)
    meta = [
        (_("Order number"), doc.number or "—"),
        (_("Date"), format_date(doc.issue_date, doc.language)),
        (_("Quote number"), printed.quote_number),
    ]
    if doc.buyer.vat:
        meta.append((_("Customer VAT"), format_vat(doc.buyer.vat)))
    return meta


def closing_of(printed: OrderPrint) -> list[Flowable]:
    doc = printed.document
    lang = doc.language
    _ = gettext(lang)
    st = styles()
    texts = [
        _("We confirm your order of the work above, following our quote {number} of {date}.").format(
            number=printed.quote_number, date=format_date(printed.quote_date, lang)
        )
    ]
    invoice_terms = terms_of(InvoicePrint(doc, open_cents=doc.total_cents, settings=printed.settings))
    texts += [_("Once the work is invoiced: {terms}").format(terms=t) for t in invoice_terms[:1]]
    out: list[Flowable] = [Paragraph(esc(t), st["small"]) for t in texts]
    if printed.terms:
        out += [Spacer(1, 1.5 * mm), Paragraph(esc(_("Terms")), st["bold"]), Paragraph(esc(printed.terms), st["body"])]
    return out


def render_order(printed: OrderPrint, target: str | Path | IO[bytes]) -> None:
    """Write the PDF of an order confirmation to a path or a binary file object."""
    doc = printed.document
    title = gettext(doc.language)("Order confirmation")
    pages = LetterPages(
        seller=doc.seller,
        language=doc.language,
        settings=printed.settings,
        recipient=address_lines(doc.buyer, doc.language, doc.seller.country or "BE"),
        title=title,
        meta=meta_of(printed),
        running_title=f"{title} {doc.number}",
    )
    story = invoice_story(
        InvoicePrint(doc, open_cents=doc.total_cents, settings=printed.settings), closing=closing_of(printed)
    )
    build_document(target, story, pages, title=f"{title} {doc.number}")
