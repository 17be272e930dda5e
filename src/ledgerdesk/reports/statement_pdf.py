"""A customer's statement of account as PDF in the customer's language, on the shared letter layout
(letterhead, window-envelope address, page numbers) of reports/layout.py."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from .. import i18n
from .layout import CONTENT_WIDTH, LIGHT, RULE, LetterPages, address_lines, build_document, esc, styles
from .model import StatementDocument

KINDS = {"invoice": "Invoice", "credit_note": "Credit note", "payment": "Payment", "refund": "Refund"}
METHODS = {"bank": "Bank transfer", "cash": "Cash", "other": "Other"}


def story(doc: StatementDocument) -> list:  # type: ignore[type-arg]
    st = doc.statement
    lang = st.language
    _ = i18n.gettext(lang)
    s = styles()
    money = lambda cents: i18n.format_amount(cents, lang)  # noqa: E731
    day = lambda d: i18n.format_date(d, lang)  # noqa: E731
    right = s["th_right"]

    def cell(text: str, style: str = "cell") -> Paragraph:
        return Paragraph(esc(text), s[style])

    def num(text: str, bold: bool = False) -> Paragraph:
        return Paragraph(
            f"<b>{esc(text)}</b>" if bold else esc(text), right if bold else s["cell"].clone("num", alignment=2)
        )

    rows = [
        [
            Paragraph(esc(_(h)), s["th"] if i < 3 else right)
            for i, h in enumerate(["Date", "Document", "Reference", "Debit", "Credit", "Balance"])
        ],
        [
            cell(day(st.start)),
            cell(_("Opening balance"), "bold"),
            cell(""),
            cell(""),
            cell(""),
            num(money(st.opening_cents), True),
        ],
    ]
    for e in st.entries:
        reference = " ".join(p for p in (_(METHODS[e.method]) if e.method in METHODS else "", e.reference) if p)
        rows.append(
            [
                cell(day(e.day)),
                cell(_(KINDS[e.kind])),
                cell(reference),
                num(money(e.debit_cents) if e.debit_cents else ""),
                num(money(e.credit_cents) if e.credit_cents else ""),
                num(money(e.balance_cents)),
            ]
        )
    rows.append(
        [
            cell(day(st.end)),
            cell(_("Closing balance"), "bold"),
            cell(""),
            cell(""),
            cell(""),
            num(money(st.closing_cents), True),
        ]
    )
    widths = [22 * mm, 28 * mm, CONTENT_WIDTH - 122 * mm, 24 * mm, 24 * mm, 24 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [
        Paragraph(esc(_("Period {start} to {end}", start=day(st.start), end=day(st.end))), s["body"]),
        Spacer(1, 4 * mm),
        table,
    ]


def render(doc: StatementDocument, target: str | Path | IO[bytes]) -> None:
    _ = i18n.gettext(doc.statement.language)
    title = _("Statement of account")
    pages = LetterPages(
        seller=doc.seller,
        language=doc.statement.language,
        settings=doc.settings,
        recipient=address_lines(doc.buyer, doc.statement.language, doc.seller.country or "BE"),
        title=title,
        meta=[(_("Date"), i18n.format_date(doc.statement.end, doc.statement.language))],
        running_title=f"{title} {doc.buyer.name}",
    )
    build_document(target, story(doc), pages, title=f"{title} {doc.buyer.name}", author=doc.seller.name)
