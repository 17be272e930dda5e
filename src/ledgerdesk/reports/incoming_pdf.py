"""A readable PDF of a received UBL document that carries no PDF of its own: who, what, lines and totals.

A pure function of the parsed header (einvoice.ubl_reader), in the reader's language; it says plainly
that it is LedgerDesk's rendering of the e-invoice, not the supplier's own document.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import i18n
from ..einvoice.ubl_reader import IncomingHeader
from .layout import CONTENT_WIDTH, RULE, esc, styles

TITLES = {"invoice": "Invoice", "credit_note": "Credit note", "invoice_response": "Invoice response"}


def render_incoming(header: IncomingHeader, language: str) -> bytes:
    _ = i18n.gettext(language)
    s = styles()
    money = lambda c: "" if c is None else f"{i18n.format_amount(c, language)} {header.currency}".strip()  # noqa: E731
    day = lambda d: i18n.format_date(d, language) if d else ""  # noqa: E731
    story: list = [  # type: ignore[type-arg]
        Paragraph(esc(f"{_(TITLES[header.kind])} {header.number}"), s["heading"]),
        Paragraph(esc(_("A rendering of the e-invoice received through Peppol, made by LedgerDesk.")), s["small"]),
        Spacer(1, 4 * mm),
    ]
    facts = [
        (_("From"), f"{header.supplier_name} ({header.supplier_vat or header.supplier_endpoint})"),
        (_("Issue date"), day(header.issue_date)),
        (_("Due date"), day(header.due_date)),
        (_("Pay to"), header.iban or ""),
        (_("Payment reference"), header.payment_reference or ""),
    ]
    for label, value in facts:
        if value:
            story.append(Paragraph(f"<b>{esc(label)}</b>: {esc(value)}", s["body"]))
    if header.kind == "invoice_response":
        story.append(Paragraph(f"<b>{esc(_('Answers'))}</b>: {esc(header.refers_to or '')}", s["body"]))
        story.append(Paragraph(f"<b>{esc(_('Status'))}</b>: {esc(header.response_code or '')}", s["body"]))
        for reason in header.reasons:
            story.append(Paragraph(esc(f"{reason.code} {reason.text}".strip()), s["body"]))
    if header.lines:
        story.append(Spacer(1, 4 * mm))
        rows = [[Paragraph(esc(_(h)), s["th"]) for h in ("Description", "Quantity", "VAT", "Amount")]]
        for line in header.lines:
            rows.append(
                [
                    Paragraph(esc(line.description), s["cell"]),
                    Paragraph(esc(f"{line.quantity or ''} {line.unit}".strip()), s["cell"]),
                    Paragraph(esc("" if line.vat_percent is None else f"{line.vat_percent} %"), s["cell"]),
                    Paragraph(esc(money(line.net_cents)), s["cell"]),
                ]
            )
        table = Table(rows, colWidths=[CONTENT_WIDTH * w for w in (0.55, 0.15, 0.1, 0.2)], repeatRows=1)
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    if header.payable_cents is not None:
        story.append(Spacer(1, 4 * mm))
        totals: tuple[tuple[str, int | None], ...] = (
            (_("Total excl. VAT"), header.net_cents),
            (_("VAT"), header.vat_cents),
            (_("To pay"), header.payable_cents),
        )
        for total_label, total in totals:
            if total is not None:
                story.append(Paragraph(f"<b>{esc(total_label)}</b>: {esc(money(total))}", s["body"]))
    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm, bottomMargin=20 * mm
    ).build(story)
    return out.getvalue()
