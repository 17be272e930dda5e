"""The order confirmation PDF: a pure function of an `OrderPrint`, in the customer's language.

The lines, VAT per rate and totals are the invoice's own table (`agreement_pdf.agreement_story`); the
confirmation names the quote it confirms, the terms agreed and how the work will be invoiced.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable

from ..i18n import format_date, gettext
from .agreement_pdf import agreement_story, terms_agreed
from .invoice_pdf import customer_vat, render_letter
from .model import OrderPrint


def meta_of(printed: OrderPrint) -> list[tuple[str, str]]:
    doc = printed.document
    _ = gettext(doc.language)
    meta = [
        (_("Order number"), doc.number or "—"),
        (_("Date"), format_date(doc.issue_date, doc.language)),
        (_("Quote number"), printed.quote_number),
    ]
    return meta + customer_vat(doc)


def closing_of(printed: OrderPrint) -> list[Flowable]:
    """What the order confirms and follows, how it will be invoiced and the terms agreed."""
    doc = printed.document
    lang = doc.language
    _ = gettext(lang)
    confirm = _("We confirm your order of the work above, following our quote {number} of {date}.").format(
        number=printed.quote_number, date=format_date(printed.quote_date, lang)
    )
    return terms_agreed(doc, printed.settings, confirm, printed.terms)


def render_order(printed: OrderPrint, target: str | Path | IO[bytes]) -> None:
    """Write the PDF of an order confirmation to a path or a binary file object."""
    doc = printed.document
    title = gettext(doc.language)("Order confirmation")
    story = agreement_story(doc, printed.settings, closing_of(printed))
    render_letter(
        doc, printed.settings, title=title, number=str(doc.number), meta=meta_of(printed), story=story, target=target
    )
