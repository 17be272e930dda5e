"""A customer's statement of account as a one-table PDF in the customer's language (reportlab).

A compact layout of its own: the shared letter layout (reports/layout.py) was being
built on another branch when this was written; switching to it changes only `render`.
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .. import i18n
from ..services.receivables import StatementOfAccount

KINDS = {"invoice": "Invoice", "credit_note": "Credit note", "payment": "Payment", "refund": "Refund"}


def render(statement: StatementOfAccount, company_name: str) -> bytes:
    lang = statement.language
    _ = i18n.gettext(lang)
    money = lambda cents: i18n.format_amount(cents, lang)  # noqa: E731
    day = lambda d: i18n.format_date(d, lang)  # noqa: E731
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=_("Statement of account"), author=company_name)
    story = [
        Paragraph(company_name, styles["Heading3"]),
        Paragraph(_("Statement of account"), styles["Title"]),
        Paragraph(f"{statement.customer_name}", styles["Heading2"]),
        Paragraph(_("Period {start} to {end}", start=day(statement.start), end=day(statement.end)), styles["Normal"]),
        Spacer(1, 6 * mm),
    ]
    rows = [[_("Date"), _("Document"), _("Reference"), _("Debit"), _("Credit"), _("Balance")],
            ["", _("Opening balance"), "", "", "", money(statement.opening_cents)]]
    for e in statement.entries:
        rows.append([day(e.day), _(KINDS[e.kind]), e.reference, money(e.debit_cents) if e.debit_cents else "",
                     money(e.credit_cents) if e.credit_cents else "", money(e.balance_cents)])
    rows.append(["", _("Closing balance"), "", "", "", money(statement.closing_cents)])
    table = Table(rows, colWidths=[22 * mm, 28 * mm, 50 * mm, 22 * mm, 22 * mm, 26 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
    ]))
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
