"""The invoice and credit note PDF: a pure function of an `InvoicePrint`, in the customer's language.

Carries every mention Belgian VAT law asks of an invoice (KB/AR nr. 1 art. 5): dates,
unique number, both parties with VAT numbers, delivery date when it differs, lines with
quantity, unit price excl. VAT and discount, base/rate/VAT per rate, total VAT, total,
the legal wording of each exemption, and for a credit note the corrected invoice and the
VAT-refund mention. The line table, the totals and the payment block are one table, so
the header repeats on every page and the last lines, totals and payment block are kept
on one page (NOSPLIT) instead of the totals landing alone on a last page.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..domain.document import CommercialDocument
from ..domain.identifiers import format_iban, format_vat
from ..domain.supply import ServicePeriod
from ..domain.units import unit_name
from ..domain.vat import CREDIT_NOTE_MENTION, Exemption, exemption_mention
from ..i18n import format_amount, format_date, format_money, gettext
from ..i18n import format_decimal as i18n_decimal
from .layout import (
    CONTENT_WIDTH,
    GREY,
    LIGHT,
    RULE,
    LetterPages,
    address_lines,
    build_document,
    esc,
    fonts,
    payment_block,
    styles,
)
from .model import DocumentSettings, InvoicePrint

KEEP_LAST_LINES = 2  # lines that always stay on the page of the totals

EXEMPTION_LABELS = {
    Exemption.FRANCHISE: "exempt (franchise regime)",
    Exemption.REVERSE_CHARGE: "reverse charge",
    Exemption.INTRA_EU: "intra-EU supply",
    Exemption.EXPORT: "export",
    Exemption.EU_SERVICES: "reverse charge (EU services)",
    Exemption.ART44: "exempt (art. 44)",
    Exemption.OUTSIDE_SCOPE: "outside the scope of VAT",
    Exemption.RENOVATION: "renovation of a dwelling",
}


def _qty(value: Decimal, language: str) -> str:
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return i18n_decimal(value.normalize() if value != value.to_integral_value() else value, language)


def _price(value: Decimal, language: str) -> str:
    from babel.numbers import format_decimal

    from ..i18n import LOCALES

    return format_decimal(value, format="#,##0.00##", locale=LOCALES[language], decimal_quantization=False)


def _pct(value: Decimal, language: str) -> str:
    return f"{_qty(value, language)} %"


def period_text(period: ServicePeriod, language: str) -> str:
    """A service period as printed: 'from – to' in the document's date format."""
    return f"{format_date(period.start, language)} – {format_date(period.end, language)}"


def title_of(printed: InvoicePrint) -> str:
    doc = printed.document
    _ = gettext(doc.language)
    title = _("Credit note") if doc.is_credit_note else _("Invoice")
    return f"{title} – {_('Draft')}" if doc.draft else title


def meta_of(printed: InvoicePrint) -> list[tuple[str, str]]:
    """The references printed beside the address window."""
    doc = printed.document
    _ = gettext(doc.language)
    lang = doc.language
    meta = [
        (_("Credit note number") if doc.is_credit_note else _("Invoice number"), number_of(doc)),
        (_("Date"), format_date(doc.issue_date, lang)),
    ]
    if doc.delivery_date and doc.delivery_date != doc.issue_date:
        meta.append((_("Delivery date"), format_date(doc.delivery_date, lang)))
    if doc.service_period is not None:
        meta.append((_("Service period"), period_text(doc.service_period, lang)))
    if doc.is_credit_note and doc.corrects:
        when = format_date(doc.corrects.issue_date, lang) if doc.corrects.issue_date else ""
        meta.append((_("Corrects invoice"), f"{doc.corrects.number} ({when})" if when else doc.corrects.number))
    elif doc.due_date and printed.open_cents > 0:
        meta.append((_("Due date"), format_date(doc.due_date, lang)))
    return meta + customer_vat(doc)


def references_of(doc: CommercialDocument) -> list[tuple[str, str]]:
    """The customer's own references, under the names they gave them. Printed above the lines, not
    beside the window: the column there is full once a date of supply and a period are in it."""
    _ = gettext(doc.language)
    refs = doc.customer_references
    pairs = (
        (_("Your reference"), refs.buyer_reference),
        (_("Your order"), refs.order_reference),
        (_("Contract"), refs.contract_reference),
    )
    return [(label, value) for label, value in pairs if value]


def _vat_label(rate: Decimal, exemption: Exemption | None, language: str) -> str:
    _ = gettext(language)
    label = _pct(rate, language)
    return f"{label} – {_(EXEMPTION_LABELS[exemption])}" if exemption else label


def _summary(printed: InvoicePrint) -> Table:
    """VAT per rate (base, rate, VAT) on the left, the totals on the right."""
    doc = printed.document
    _ = gettext(doc.language)
    lang = doc.language
    regular, bold = fonts()
    vat_rows: list[list[object]] = [[_("VAT rate"), _("Taxable base"), _("VAT")]]
    label_width = 52 * mm
    for v in doc.breakdown:
        label: object = _vat_label(v.rate, v.exemption, lang)
        if pdfmetrics.stringWidth(str(label), regular, 8) > label_width - 8:
            label = Paragraph(esc(str(label)), styles()["cell_small"])
        vat_rows.append([label, format_amount(v.base_cents, lang), format_amount(v.vat_cents, lang)])
    vat_table = Table(
        vat_rows,
        colWidths=[label_width, 23 * mm, 20 * mm],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8),
                ("FONT", (0, 0), (-1, 0), bold, 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
    )
    total_label = _("Total credited") if doc.is_credit_note else _("Total")
    totals: list[list[str]] = [
        [_("Total excl. VAT"), format_money(doc.net_cents, lang)],
        [_("Total VAT"), format_money(doc.vat_cents, lang)],
        [total_label, format_money(doc.total_cents, lang)],
    ]
    paid = doc.total_cents - printed.open_cents
    if not doc.is_credit_note and paid:
        totals.append([_("Already paid or credited"), format_money(-paid, lang)])
        totals.append([_("Left to pay"), format_money(printed.open_cents, lang)])
    totals_table = Table(
        totals,
        colWidths=[44 * mm, 32 * mm],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9),
                ("FONT", (0, 2), (-1, 2), bold, 10),
                ("FONT", (0, -1), (-1, -1), bold, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, 2), (-1, 2), 0.8, RULE),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
    )
    return Table(
        [[vat_table, totals_table]],
        colWidths=[CONTENT_WIDTH - 76 * mm, 76 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


def mentions_of(doc: CommercialDocument) -> list[str]:
    """The legal sentences: corrected invoice and VAT refund (credit note), exemption wording."""
    _ = gettext(doc.language)
    texts: list[str] = []
    if doc.is_credit_note:
        if doc.corrects:
            when = format_date(doc.corrects.issue_date, doc.language) if doc.corrects.issue_date else ""
            texts.append(
                _("This credit note corrects invoice {number} of {date}.").format(number=doc.corrects.number, date=when)
            )
        texts.append(CREDIT_NOTE_MENTION[doc.language])
    for reason in doc.exemptions:
        texts.append(exemption_mention(reason, doc.language, doc.issue_date))
    return texts


def terms_of(printed: InvoicePrint) -> list[str]:
    """Payment terms sentence and the late-payment terms line in the customer's language."""
    doc = printed.document
    _ = gettext(doc.language)
    days = doc.payment_terms_days
    texts = []
    if days is not None:
        texts.append(
            _("Payable on receipt of the invoice.")
            if days == 0
            else _("Payable within {days} days of the invoice date.").format(days=days)
        )
    custom = printed.settings.late_terms_for(doc.language)
    if custom:
        texts.append(custom)
    elif printed.late_payment_terms and doc.buyer.kind != "consumer":
        # The law of 2 August 2002 covers commercial transactions only, not consumers.
        texts.append(
            _(
                "Any amount unpaid on the due date bears, by operation of law and without notice, "
                "late-payment interest at the rate of the law of 2 August 2002 and a fixed compensation "
                "of € 40."
            )
        )
    return texts


def direct_debit_block(printed: InvoicePrint, *, width: float) -> Flowable:
    """The pre-notification of a SEPA direct debit, printed instead of the payment block and QR code:
    the amount and the day it will be debited, from which account, under which mandate and creditor."""
    doc = printed.document
    debit = doc.direct_debit
    assert debit is not None
    _ = gettext(doc.language)
    regular, bold = fonts()
    amount = format_money(doc.total_cents, doc.language)
    rows: list[list[object]] = [
        [_("Paid by SEPA direct debit"), ""],
        [_("Amount to be debited"), amount],
        [_("Collection date"), format_date(debit.collect_on, doc.language)],
        [_("Account debited"), format_iban(debit.debtor_iban)],
        [_("Mandate reference"), debit.mandate_reference],
        [_("Creditor identifier"), debit.creditor_id],
    ]
    table = Table(
        rows,
        colWidths=[50 * mm, None],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9),
                ("FONT", (0, 0), (0, 0), bold, 9),
                ("FONT", (1, 1), (1, 2), bold, 9),
                ("SPAN", (0, 0), (1, 0)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        ),
    )
    note = _("The amount will be debited from your account on the collection date; you need not pay it yourself.")
    cell: list[Flowable] = [table, Spacer(1, 1 * mm), Paragraph(esc(note), styles()["small"])]
    late_terms = terms_of(printed)[0 if doc.payment_terms_days is None else 1 :]  # not "payable within"
    cell += [Paragraph(esc(t), styles()["small"]) for t in late_terms]
    return Table(
        [[cell]],
        colWidths=[width],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )


def _description(text: str, width: float) -> object:
    """A plain string when it fits on one line (cheap, drawn literally), else a wrapping paragraph."""
    regular, _bold = fonts()
    if "\n" not in text and pdfmetrics.stringWidth(text, regular, 8.5) <= width - 13:
        return text
    return Paragraph(esc(text), styles()["cell"])


def _numeric_widths(header: list[str], rows: list[list[str]], with_discount: bool) -> list[float]:
    """Column widths wide enough for every figure and for the longest word of each heading,
    so neither an amount nor a translated heading ('Quantité', 'Eenheidsprijs') is ever cut."""
    regular, bold = fonts()
    minimum = [17 * mm, 27 * mm] + ([15 * mm] if with_discount else []) + [13 * mm, 26 * mm]
    padding = 12  # 6 pt each side, the table default
    widths = []
    for j, base in enumerate(minimum):
        words = max(pdfmetrics.stringWidth(w, bold, 7.5) for w in header[j].split())
        figures = max((pdfmetrics.stringWidth(r[j], regular, 8.5) for r in rows), default=0)
        widths.append(max(base, words + padding, figures + padding))
    return widths


def _keep_from(doc: CommercialDocument, first_tail: int) -> int:
    """First table row kept on one page with the totals: the last lines, unless a line is so long
    that it must be allowed to split (a row taller than a page cannot be kept anywhere)."""
    keep = first_tail
    for line in reversed(doc.lines[-KEEP_LAST_LINES:]):
        if len(line.description) > 600 or line.description.count("\n") > 8:
            break
        keep -= 1
    return max(1, keep)


def invoice_story(printed: InvoicePrint, closing: list[Flowable] | None = None) -> list[Flowable]:
    """The flowing body: one table of header, lines, summary, mentions and payment block.

    `closing` replaces the payment block (a quote ends with its terms, deposit and acceptance block)."""
    doc = printed.document
    _ = gettext(doc.language)
    lang = doc.language
    st = styles()
    regular, bold = fonts()
    with_discount = any(line.discount_pct for line in doc.lines)
    header = (
        [_("Description"), _("Quantity"), _("Unit price")]
        + ([_("Discount")] if with_discount else [])
        + [_("VAT"), _("Amount excl. VAT")]
    )
    numeric_rows: list[list[str]] = []
    for line in doc.lines:
        unit = unit_name(line.unit, lang, line.quantity)  # 'uur' on a French invoice reads 'heures'
        qty = _qty(line.quantity, lang) + (f" {unit}" if unit else "")
        cells = [qty, _price(line.unit_price, lang)]
        if with_discount:
            cells.append(_pct(line.discount_pct, lang) if line.discount_pct else "")
        numeric_rows.append(cells + [_pct(line.vat.rate, lang), format_amount(line.net_cents, lang)])
    widths = [0.0] + _numeric_widths(header[1:], numeric_rows, with_discount)
    widths[0] = CONTENT_WIDTH - sum(widths[1:])
    rows: list[list[object]] = [
        [Paragraph(esc(header[0]), st["th"])] + [Paragraph(esc(h), st["th_right"]) for h in header[1:]]
    ]
    for line, cells in zip(doc.lines, numeric_rows, strict=True):
        text = line.description
        if line.period is not None:  # a line's own period, under its description
            text += "\n" + _("Period: {period}", period=period_text(line.period, lang))
        rows.append([_description(text, widths[0])] + cells)
    span = len(widths) - 1
    tail: list[list[object]] = [[[Spacer(1, 2 * mm), _summary(printed)]]]
    mentions = mentions_of(doc)
    if mentions:
        cell: list[Flowable] = [Spacer(1, 1 * mm)]
        cell += [Paragraph(esc(text), st["small"]) for text in mentions]
        tail.append([cell])
    notes_short = len(doc.notes) <= 400 and doc.notes.count("\n") < 6
    if doc.notes and notes_short:
        tail.append([[Spacer(1, 1.5 * mm), Paragraph(esc(doc.notes), st["body"])]])
    payment = printed.payment
    if closing is not None:
        tail.append([[Spacer(1, 2 * mm), *closing]])
    elif doc.direct_debit is not None and doc.kind.requests_payment:
        tail.append([[Spacer(1, 2 * mm), direct_debit_block(printed, width=CONTENT_WIDTH)]])
    elif payment is not None and (payment.iban or payment.amount_cents <= 0):
        tail.append([[Spacer(1, 2 * mm), payment_block(payment, lang, width=CONTENT_WIDTH, extra=terms_of(printed))]])
    else:
        sentences = (
            terms_of(printed)
            if payment is not None
            else [_("The credited amount will be refunded or set off against your open invoices.")]
        )
        tail.append([[Spacer(1, 2 * mm)] + [Paragraph(esc(t), st["small"]) for t in sentences]])
    first_tail = len(rows)
    for t in tail:
        rows.append(t + [""] * span)
    style = [
        ("FONT", (0, 0), (-1, -1), regular, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("ALIGN", (1, 0), (-1, first_tail - 1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, first_tail - 1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LEFTPADDING", (0, first_tail), (-1, -1), 0),
        ("RIGHTPADDING", (0, first_tail), (-1, -1), 0),
        ("NOSPLIT", (0, _keep_from(doc, first_tail)), (-1, -1)),
    ]
    style += [("SPAN", (0, r), (-1, r)) for r in range(first_tail, len(rows))]
    story: list[Flowable] = []
    references = references_of(doc)
    if references:
        text = "&nbsp;&nbsp;&nbsp; ".join(f"{esc(label)}&nbsp;&nbsp;<b>{esc(value)}</b>" for label, value in references)
        story += [Paragraph(text, st["cell"]), Spacer(1, 2 * mm)]
    story.append(Table(rows, colWidths=widths, repeatRows=1, splitInRow=1, style=TableStyle(style)))
    if doc.notes and not notes_short:
        # Long notes flow on after the payment block; they may split across pages.
        story += [Spacer(1, 3 * mm), Paragraph(esc(doc.notes), st["body"])]
    return story


def number_of(doc: CommercialDocument) -> str:
    """The number as printed; a draft previewed without one shows a dash."""
    return doc.number or "—"


def customer_vat(doc: CommercialDocument) -> list[tuple[str, str]]:
    """The customer's VAT number beside the address window, when they have one."""
    return [(gettext(doc.language)("Customer VAT"), format_vat(doc.buyer.vat))] if doc.buyer.vat else []


def render_letter(
    doc: CommercialDocument,
    settings: DocumentSettings,
    *,
    title: str,
    number: str,
    meta: list[tuple[str, str]],
    story: list[Flowable],
    target: str | Path | IO[bytes],
) -> None:
    """Write a commercial document as a letter to its buyer: the seller's letterhead, the address window
    with `meta` beside it, then `story`; later pages run under '`title` `number`'."""
    pages = LetterPages(
        seller=doc.seller,
        language=doc.language,
        settings=settings,
        recipient=address_lines(doc.buyer, doc.language, doc.seller.country or "BE"),
        title=title,
        meta=meta,
        running_title=f"{title} {number}",
    )
    build_document(target, story, pages, title=f"{title} {number}")


def render_invoice(printed: InvoicePrint, target: str | Path | IO[bytes]) -> None:
    """Write the PDF of an invoice or credit note to a path or a binary file object."""
    doc = printed.document
    story = invoice_story(printed)
    meta = meta_of(printed)
    render_letter(
        doc, printed.settings, title=title_of(printed), number=number_of(doc), meta=meta, story=story, target=target
    )
