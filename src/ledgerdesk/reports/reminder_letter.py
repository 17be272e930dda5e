"""Reminder letters as PDF: A4 for a window envelope, the invoice list, claims, and one EPC QR for the total.

Input is plain data (`LetterDoc`), already translated and filled in by the service layer,
so this module only lays out. Many letters go into one PDF for batch printing; each one
starts on a new page, its head (sender, window address, date) drawn at fixed positions.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

PAGE_W, PAGE_H = A4
LEFT = 20 * mm
RIGHT = 20 * mm
# Window envelope (DL/C5-6, 110 × 220 mm): the address zone, measured from the page's top-left corner.
# Belgian envelopes have the window on the right; DIN 5008 ones on the left.
WINDOWS = {"right": (110 * mm, 50 * mm), "left": (22 * mm, 50 * mm)}
WINDOW_W, WINDOW_H = 85 * mm, 36 * mm
HEAD_H = 100 * mm  # the first page's fixed head: sender, window, date and reference


@dataclass(frozen=True)
class Party:
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    vat: str = ""
    iban: str = ""
    bic: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class LetterLine:
    number: str
    issue_date: str
    due_date: str
    level: int
    open_amount: str
    fee: str
    interest: str
    total: str


@dataclass(frozen=True)
class LetterDoc:
    """Everything a letter shows, as display strings in the customer's language."""

    number: str
    place_date: str
    title: str
    paragraphs: tuple[str, ...]
    creditor: Party
    recipient: Party
    lines: tuple[LetterLine, ...]
    totals: LetterLine
    labels: dict[str, str]
    payment_text: str
    qr_payload: str | None
    note: str = ""
    closing: tuple[str, ...] = ()
    window: str = "right"
    sent_on: date | None = None
    extra: dict[str, str] = field(default_factory=dict)


def address_lines(party: Party, *, home_country: str = "BE") -> list[str]:
    """bpost order: name; street and number; postcode and town; the country in capitals only abroad."""
    from babel import Locale

    lines = [party.name, party.street, f"{party.postcode} {party.city}".strip()]
    if party.country and party.country != home_country:
        lines.append(Locale("en").territories.get(party.country, party.country).upper())
    return [line for line in lines if line]


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules (with the 4-module quiet zone), error correction M as EPC069-12 requires.

    A fixed mask pattern skips qrcode's trial of all eight masks (any mask is a valid code);
    that trial was most of the time of a 1,000-letter batch.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=4, mask_pattern=2)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


class _Head(Flowable):
    """The fixed first-page head, drawn at absolute positions whatever the frame's origin."""

    def __init__(self, doc: LetterDoc, height: float) -> None:
        super().__init__()
        self.doc, self.height, self.width = doc, height, 0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return avail_w, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # type: ignore[no-untyped-def, override]
        self._origin = (x, y)
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        c = self.canv
        x0, y0 = self._origin
        c.saveState()
        c.translate(-x0, -y0)
        d = self.doc
        creditor = d.creditor
        c.setFont("Helvetica-Bold", 13)
        c.drawString(LEFT, PAGE_H - 20 * mm, creditor.name)
        c.setFont("Helvetica", 8.5)
        y = PAGE_H - 25 * mm
        for text in (creditor.street, f"{creditor.postcode} {creditor.city}".strip(), creditor.vat, creditor.email, creditor.phone):
            if text:
                c.drawString(LEFT, y, text)
                y -= 3.8 * mm
        wx, wtop = WINDOWS.get(d.window, WINDOWS["right"])
        # Sender line, small, just above the window so it never reads as the address.
        c.setFont("Helvetica", 6.5)
        c.setFillColor(colors.grey)
        sender = " · ".join(p for p in (creditor.name, creditor.street, f"{creditor.postcode} {creditor.city}".strip()) if p)
        c.drawString(wx, PAGE_H - wtop + 1.5 * mm, sender[:95])
        c.setFillColor(colors.black)
        c.setFont("Helvetica", 10.5)
        y = PAGE_H - wtop - 6 * mm
        for line in address_lines(d.recipient, home_country=creditor.country or "BE")[:6]:
            c.drawString(wx + 2 * mm, y, line[:48])
            y -= 5 * mm
        c.setFont("Helvetica", 9.5)
        c.drawRightString(PAGE_W - RIGHT, PAGE_H - 92 * mm, d.place_date)
        c.drawString(LEFT, PAGE_H - 92 * mm, d.labels["reference"].replace("{number}", d.number))
        c.restoreState()


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=8),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "num": ParagraphStyle("num", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT),
    }


def _table(d: LetterDoc, st: dict[str, ParagraphStyle]) -> Table:
    lab = d.labels
    header = [lab["invoice"], lab["invoice_date"], lab["due_date"], lab["level"], lab["open"], lab["fee"], lab["interest"], lab["total"]]
    rows = [header]
    for line in (*d.lines, d.totals):
        rows.append([line.number, line.issue_date, line.due_date, str(line.level or ""), line.open_amount, line.fee, line.interest, line.total])
    widths = [25 * mm, 19 * mm, 19 * mm, 11 * mm, 24 * mm, 26 * mm, 21 * mm, 25 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5),
        ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f3f3f3")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def _payment_block(d: LetterDoc, st: dict[str, ParagraphStyle]) -> Flowable:
    text = Paragraph(d.payment_text, st["body"])
    if not d.qr_payload:
        return KeepTogether([Spacer(1, 4 * mm), text])
    image = _QR(qr_matrix(d.qr_payload), 34 * mm)
    caption = Paragraph(escape(d.labels["scan"]), st["small"])
    table = Table([[text, [image, caption]]], colWidths=[PAGE_W - LEFT - RIGHT - 40 * mm, 40 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOX", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 6)]))
    return KeepTogether([Spacer(1, 5 * mm), table])


class _QR(Flowable):
    """A QR code drawn as vector rectangles (one per horizontal run): sharp in print, no image to encode."""

    def __init__(self, matrix: list[list[bool]], size: float) -> None:
        super().__init__()
        self.matrix, self.size = matrix, size

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        c = self.canv
        n = len(self.matrix)
        ops = []
        for row, modules in enumerate(self.matrix):
            y = n - row - 1
            col = 0
            while col < n:
                if modules[col]:
                    start = col
                    while col < n and modules[col]:
                        col += 1
                    ops.append(f"{start} {y} {col - start} 1 re")
                else:
                    col += 1
        c.saveState()
        c.scale(self.size / n, self.size / n)  # one unit = one module: integer operators, no float formatting
        c.setFillColor(colors.black)
        # Raw path operators through the public addLiteral: thousands of rect() calls cost more than the letter.
        c.addLiteral("\n".join(ops) + "\nf")
        c.restoreState()


def _story(d: LetterDoc, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_Head(d, HEAD_H - 15 * mm), Paragraph(escape(d.title), st["title"])]
    for paragraph in d.paragraphs:
        story.append(Paragraph(escape(paragraph).replace("\n", "<br/>"), st["body"]))
    story += [Spacer(1, 2 * mm), _table(d, st)]
    if d.note:
        story += [Spacer(1, 3 * mm), Paragraph(escape(d.note).replace("\n", "<br/>"), st["body"])]
    story.append(_payment_block(d, st))
    story += [Spacer(1, 6 * mm)] + [Paragraph(escape(line), st["body"]) for line in d.closing]
    return story


def _footer(creditor: Party):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.grey)
        parts = [creditor.name, creditor.vat, f"IBAN {creditor.iban}" if creditor.iban else "", f"BIC {creditor.bic}" if creditor.bic else ""]
        canvas.drawCentredString(PAGE_W / 2, 10 * mm, " · ".join(p for p in parts if p))
        canvas.restoreState()

    return draw


def render(docs: Sequence[LetterDoc], target: Path | io.BytesIO | None = None) -> bytes:
    """One PDF with every letter, each starting on a new page; returns the bytes (and writes `target`)."""
    if not docs:
        raise ValueError("no letters to render")
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: smaller files, and no pure-Python ASCII85 pass over every page
    buffer = io.BytesIO()
    pdf = BaseDocTemplate(buffer, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=15 * mm, bottomMargin=18 * mm,
                          title=docs[0].title if len(docs) == 1 else "Reminders", author=docs[0].creditor.name)
    frame = Frame(LEFT, 18 * mm, PAGE_W - LEFT - RIGHT, PAGE_H - 33 * mm, id="body", leftPadding=0, rightPadding=0)
    pdf.addPageTemplates([PageTemplate(id="letter", frames=[frame], onPage=_footer(docs[0].creditor))])
    st = _styles()
    story: list[Flowable] = []
    for n, d in enumerate(docs):
        if n:
            story.append(PageBreak())
        story += _story(d, st)
    pdf.build(story)
    data = buffer.getvalue()
    if isinstance(target, Path):
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    elif target is not None:
        target.write(data)
    return data
