"""The quote PDF: a pure function of a `QuotePrint`, in the customer's language.

The lines, VAT per rate and totals are the invoice's own table (`agreement_pdf.agreement_story`); a
quote ends instead with its validity, its terms, the deposit asked (an amount without VAT, with the
structured communication and EPC QR code: VAT becomes due only when an advance is paid, art. 22bis
WBTW, and VAT shown on a document is owed, art. 51 §1 3°) and a block for the customer's signature.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from ..i18n import format_date, gettext
from .agreement_pdf import agreement_story, terms_agreed
from .invoice_pdf import customer_vat, number_of, render_letter
from .layout import CONTENT_WIDTH, GREY, RULE, fonts, payment_block
from .model import QuotePrint


def title_of(printed: QuotePrint) -> str:
    _ = gettext(printed.document.language)
    return f"{_('Quote')} – {_('Draft')}" if printed.document.draft else _("Quote")


def meta_of(printed: QuotePrint) -> list[tuple[str, str]]:
    doc = printed.document
    _ = gettext(doc.language)
    meta = [
        (_("Quote number"), number_of(doc)),
        (_("Date"), format_date(doc.issue_date, doc.language)),
        (_("Valid until"), format_date(printed.valid_until, doc.language)),
    ]
    return meta + customer_vat(doc)


def acceptance_block(language: str) -> Flowable:
    """Where the customer signs: 'for agreement', name, date and signature."""
    _ = gettext(language)
    regular, bold = fonts()
    rows = [
        [_("For agreement"), ""],
        [_("Name"), ""],
        [_("Date"), ""],
        [_("Signature"), ""],
    ]
    return Table(
        rows,
        colWidths=[40 * mm, 80 * mm],
        rowHeights=[6 * mm, 8 * mm, 8 * mm, 16 * mm],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9),
                ("FONT", (0, 0), (-1, 0), bold, 10),
                ("TEXTCOLOR", (0, 1), (0, -1), GREY),
                ("LINEBELOW", (1, 1), (1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def closing_of(printed: QuotePrint) -> list[Flowable]:
    """Validity, terms, the deposit to pay and the acceptance block, in that order."""
    doc = printed.document
    lang = doc.language
    _ = gettext(lang)
    valid = _("This quote is valid until {date}.").format(date=format_date(printed.valid_until, lang))
    out = terms_agreed(doc, printed.settings, valid, printed.terms)
    if printed.deposit is not None:
        extra = [
            _(
                "Deposit asked to confirm the order: this is not an invoice and carries no VAT. "
                "The advance invoice follows when the deposit is received."
            ),
            _("Paying the deposit with this structured communication accepts this quote."),
        ]
        out += [Spacer(1, 2 * mm), payment_block(printed.deposit, lang, width=CONTENT_WIDTH, extra=extra)]
    out += [Spacer(1, 5 * mm), acceptance_block(lang)]
    return out


def render_quote(printed: QuotePrint, target: str | Path | IO[bytes]) -> None:
    """Write the PDF of a quote to a path or a binary file object."""
    doc = printed.document
    story = agreement_story(doc, printed.settings, closing_of(printed))
    render_letter(
        doc,
        printed.settings,
        title=title_of(printed),
        number=number_of(doc),
        meta=meta_of(printed),
        story=story,
        target=target,
    )
