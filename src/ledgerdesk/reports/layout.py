"""Reusable building blocks for A4 business documents: fonts, styles, letterhead, window-envelope
address block, page numbering "1/3" and the payment block with its EPC QR code.

Invoices and credit notes (`invoice_pdf`) and reminder letters (`reminder_letter`) are built the same way:

    story = [...flowables..., payment_block(request, language, width=CONTENT_WIDTH)]
    build_document(target, story, LetterPages(seller=..., language=..., settings=...,
                   recipient=address_lines(buyer, language, seller.country),
                   title="Reminder", meta=[("Date", "23/11/2026"), ...]), title="...")

Envelope rule (bpost): the recipient's address stands alone in the window zone;
nothing else is drawn inside the zone or a safety margin around it, so nothing but
the address can show through the window whichever way the sheet shifts.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer, Table, TableStyle

from ..domain.document import Party, PaymentRequest
from ..domain.identifiers import format_iban, format_vat
from ..domain.references import format as format_ogm
from ..i18n import format_date, format_money, gettext
from ..paths import resources_dir
from .epc import EpcError, amount_encodable, payload_for_ogm
from .model import DocumentSettings
from .qr import QrFlowable

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FOOTER_HEIGHT = 22 * mm
FIRST_BODY_TOP = 102 * mm  # from the top edge: the body starts below the address zone
NEXT_BODY_TOP = 24 * mm
GREY = colors.Color(0.35, 0.35, 0.35)
LIGHT = colors.Color(0.93, 0.94, 0.96)
RULE = colors.Color(0.75, 0.77, 0.8)


@dataclass(frozen=True)
class Zone:
    """A rectangle given from the page's top-left corner, in points."""

    x: float
    top: float
    width: float
    height: float


# Where the address lands for each window. Right: Belgian DL/C5-6 window envelopes;
# left: DIN 5008 (form B). 85 x 40 mm fits inside a 90-100 x 45 mm window with play.
ADDRESS_ZONES = {
    "right": Zone(110 * mm, 50 * mm, 85 * mm, 40 * mm),
    "left": Zone(20 * mm, 50 * mm, 85 * mm, 40 * mm),
}
# The column beside the window for the title and the document's references.
META_ZONES = {
    "right": Zone(MARGIN_LEFT, 46 * mm, 80 * mm, 52 * mm),
    "left": Zone(115 * mm, 46 * mm, 80 * mm, 52 * mm),
}
WINDOW_CLEARANCE = 5 * mm  # nothing but the address within this distance of the zone


@functools.cache
def fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans shipped in resources/fonts (full Latin, €),
    falling back to Bitstream Vera bundled with reportlab."""
    folder = resources_dir() / "fonts"
    regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
    if regular.is_file() and bold.is_file():
        pdfmetrics.registerFont(TTFont("LD-Sans", str(regular)))
        pdfmetrics.registerFont(TTFont("LD-Sans-Bold", str(bold)))
    else:  # pragma: no cover - a broken install; Vera still has € and Western accents
        pdfmetrics.registerFont(TTFont("LD-Sans", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("LD-Sans-Bold", "VeraBd.ttf"))
    pdfmetrics.registerFontFamily(
        "LD-Sans", normal="LD-Sans", bold="LD-Sans-Bold", italic="LD-Sans", boldItalic="LD-Sans-Bold"
    )
    return "LD-Sans", "LD-Sans-Bold"


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles shared by every document."""
    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=11.5)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "cell_small": ParagraphStyle("cell_small", parent=body, fontSize=8, leading=9.5),
        "th": ParagraphStyle("th", parent=body, fontName=bold, fontSize=7.5, leading=9.5, textColor=GREY),
        "th_right": ParagraphStyle(
            "th_right", parent=body, fontName=bold, fontSize=7.5, leading=9.5, textColor=GREY, alignment=2
        ),
        "bold": ParagraphStyle("bold", parent=body, fontName=bold),
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=10, leading=13, spaceAfter=2),
    }


def esc(text: str) -> str:
    """User text made safe for Paragraph markup: &, <, > shown literally, line breaks kept."""
    return escape(text or "").replace("\n", "<br/>")


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of literal (escaped) text."""
    return Paragraph(esc(text), styles()[style])


def address_lines(party: Party, language: str, home_country: str = "BE") -> list[str]:
    """The recipient block the bpost way: name; street and number; postcode town; COUNTRY (abroad only)."""
    lines = [party.name]
    if party.street:
        lines.extend(part for part in party.street.splitlines() if part.strip())
    town = " ".join(p for p in (party.postcode, party.city) if p)
    if town:
        lines.append(town)
    if party.country and party.country.upper() != home_country.upper():
        from babel import Locale

        name = Locale.parse({"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}[language]).territories.get(
            party.country.upper(), party.country
        )
        lines.append(name.upper())
    return lines


def draw_address(canv: Canvas, lines: Sequence[str], side: str = "right") -> None:
    """The recipient's address alone in the window zone, wrapped and clipped to it."""
    zone = ADDRESS_ZONES[side if side in ADDRESS_ZONES else "right"]
    regular, bold = fonts()
    size, leading = 10, 12.5
    inset = 3 * mm  # keep every character away from the window's edge
    wrapped: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        font = bold if i == 0 else regular
        for part in simpleSplit(line, font, size, zone.width - 2 * inset) or [""]:
            wrapped.append((font, part))
    max_lines = int((zone.height - 2 * inset) // leading)
    y = PAGE_HEIGHT - zone.top - inset - size
    for font, text in wrapped[:max_lines]:
        canv.setFont(font, size)
        canv.drawString(zone.x + inset, y, text)
        y -= leading


def _logo(path: str | None) -> ImageReader | None:
    """The logo image, read once per file version (a batch of invoices shares it)."""
    if not path:
        return None
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return _read_logo(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4)
def _read_logo(path: str, mtime_ns: int, size: int) -> ImageReader | None:
    try:
        return ImageReader(path)
    except Exception:  # noqa: BLE001 - a broken logo file must not stop an invoice
        return None


@dataclass(frozen=True)
class LetterPages:
    """Everything drawn on the pages around the flowing body of a document."""

    seller: Party
    language: str
    settings: DocumentSettings = field(default_factory=DocumentSettings)
    recipient: tuple[str, ...] | list[str] = ()
    title: str = ""
    meta: Sequence[tuple[str, str]] = ()
    running_title: str = ""  # top of pages 2+: e.g. 'Invoice 2026-0001'

    @property
    def side(self) -> str:
        return self.settings.envelope_window if self.settings.envelope_window in ADDRESS_ZONES else "right"

    def first_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        self._letterhead(canv)
        draw_address(canv, self.recipient, self.side)
        self._meta(canv)
        canv.restoreState()

    def later_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        regular, bold = fonts()
        canv.saveState()
        canv.setFont(bold, 9)
        canv.drawString(MARGIN_LEFT, PAGE_HEIGHT - 14 * mm, self.seller.name[:80])
        canv.setFont(regular, 9)
        canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 14 * mm, self.running_title)
        canv.setStrokeColor(RULE)
        canv.line(MARGIN_LEFT, PAGE_HEIGHT - 16.5 * mm, PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - 16.5 * mm)
        canv.restoreState()

    def _letterhead(self, canv: Canvas) -> None:
        """Logo top left, the seller's identification top right (above the window zone)."""
        regular, bold = fonts()
        top = PAGE_HEIGHT - 14 * mm
        image = _logo(self.settings.logo_path)
        if image is not None:
            try:
                w, h = image.getSize()
                scale = min(60 * mm / w, 24 * mm / h)
                canv.drawImage(image, MARGIN_LEFT, top - h * scale, w * scale, h * scale, mask="auto")
            except Exception:  # noqa: BLE001 - a broken logo file must not stop an invoice
                pass
        _ = gettext(self.language)
        x = PAGE_WIDTH - MARGIN_RIGHT
        canv.setFont(bold, 11)
        canv.drawRightString(x, top - 3 * mm, self.seller.name[:70])
        canv.setFont(regular, 8)
        canv.setFillColor(GREY)
        y = top - 8 * mm
        details = address_lines(self.seller, self.language, self.seller.country or "BE")[1:]
        if self.seller.vat:
            details.append(f"{_('VAT')} {format_vat(self.seller.vat)}")
        details.extend(v for v in (self.seller.email, self.seller.phone) if v)
        for line in details[:6]:
            canv.drawRightString(x, y, line[:90])
            y -= 3.6 * mm
        canv.setFillColor(colors.black)

    def _meta(self, canv: Canvas) -> None:
        """The title and (label, value) pairs in the column beside the window, never in it."""
        zone = META_ZONES[self.side]
        regular, bold = fonts()
        y = PAGE_HEIGHT - zone.top - 6 * mm
        canv.setFont(bold, 16)
        canv.drawString(zone.x, y, self.title)
        y -= 8 * mm
        label_width = max([pdfmetrics.stringWidth(label, regular, 8.5) for label, _ in self.meta] + [0]) + 4 * mm
        for label, value in self.meta:
            canv.setFont(regular, 8.5)
            canv.setFillColor(GREY)
            canv.drawString(zone.x, y, label)
            canv.setFillColor(colors.black)
            canv.setFont(bold, 8.5)
            for part in simpleSplit(value, bold, 8.5, zone.width - label_width)[:2]:
                canv.drawString(zone.x + label_width, y, part)
                y -= 4.2 * mm

    def footer(self, canv: Canvas, page: int, total: int) -> None:
        """Seller identification and bank details on every page, and the page number 'n/N'."""
        regular, _bold = fonts()
        _ = gettext(self.language)
        seller = self.seller
        parts = [seller.name, ", ".join(address_lines(seller, self.language, seller.country or "BE")[1:])]
        if seller.vat:
            parts.append(f"{_('VAT')} {format_vat(seller.vat)}")
        bank = []
        if seller.iban:
            bank.append(f"IBAN {format_iban(seller.iban)}")
        if seller.bic:
            bank.append(f"BIC {seller.bic}")
        bank.extend(v for v in (seller.email, seller.phone) if v)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.line(MARGIN_LEFT, 17 * mm, PAGE_WIDTH - MARGIN_RIGHT, 17 * mm)
        canv.setFont(regular, 7)
        canv.setFillColor(GREY)
        canv.drawString(MARGIN_LEFT, 13 * mm, " · ".join(p for p in parts if p)[:150])
        canv.drawString(MARGIN_LEFT, 9.5 * mm, " · ".join(bank)[:150])
        canv.setFont(regular, 8)
        canv.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, 11 * mm, f"{page}/{total}")
        canv.restoreState()


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each footer can say 'page/total' ('1/3')."""

    def __init__(self, *args, pages: LetterPages, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._pages_info = pages
        self._held: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._pages_info.footer(self, number, total)
            Canvas.showPage(self)
        Canvas.save(self)


def build_document(
    target: str | Path | IO[bytes],
    story: list[Flowable],
    pages: LetterPages,
    *,
    title: str = "",
    author: str = "",
) -> None:
    """Lay the story out on A4 pages: letterhead, address and meta on page 1, running header
    after, footer with 'n/N' on all, and write the PDF to a path or binary file object."""
    fonts()
    target = str(target) if isinstance(target, Path) else target
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        title=title,
        author=author or pages.seller.name,
        creator="LedgerDesk",
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=NEXT_BODY_TOP,
        bottomMargin=FOOTER_HEIGHT,
        invariant=1,
    )
    first = Frame(
        MARGIN_LEFT,
        FOOTER_HEIGHT,
        CONTENT_WIDTH,
        PAGE_HEIGHT - FIRST_BODY_TOP - FOOTER_HEIGHT,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        MARGIN_LEFT,
        FOOTER_HEIGHT,
        CONTENT_WIDTH,
        PAGE_HEIGHT - NEXT_BODY_TOP - FOOTER_HEIGHT,
        id="later",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="First", frames=[first], onPage=pages.first_page, autoNextPageTemplate="Later"),
            PageTemplate(id="Later", frames=[later], onPage=pages.later_page),
        ]
    )
    doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, pages=pages))


def payment_block(
    request: PaymentRequest,
    language: str,
    *,
    width: float = CONTENT_WIDTH,
    with_qr: bool = True,
    extra: Sequence[str] = (),
) -> Flowable:
    """A framed block: amount to pay, pay-by date, IBAN, BIC, structured communication and,
    when the amount can be paid by transfer, the EPC QR code labelled 'Scan with your banking app'.

    No QR when nothing is left to pay, the amount is outside the EPC range, or the IBAN is
    missing; the block still renders. `extra` adds sentences (payment terms) below the details.
    """
    _ = gettext(language)
    st = styles()
    regular, bold = fonts()
    rows: list[list[object]] = []
    strong_rows: list[int] = []

    # Plain strings (drawn literally, no markup) keep this block cheap to lay out.
    def row(label: str, value: object, strong: bool = False) -> None:
        if strong:
            strong_rows.append(len(rows))
        rows.append([label, value])

    if request.amount_cents <= 0:
        row(_("Nothing is left to pay on this invoice. Thank you."), "", True)
    else:
        row(_("Amount to pay"), format_money(request.amount_cents, language), True)
        if request.due_date:
            row(_("To be paid by"), format_date(request.due_date, language), True)
        if request.iban:
            row(_("Beneficiary"), Paragraph(esc(request.beneficiary), st["body"]))
            row("IBAN", format_iban(request.iban))
            if request.bic:
                row("BIC", request.bic)
            if request.ogm:
                row(_("Structured communication"), format_ogm(request.ogm), True)
    details = Table(
        rows,
        colWidths=[50 * mm, None],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9),
                *[("FONT", (1, r), (1, r), bold, 9) for r in strong_rows],
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                *([("SPAN", (0, 0), (1, 0)), ("FONT", (0, 0), (0, 0), bold, 9)] if request.amount_cents <= 0 else []),
            ]
        ),
    )
    heading = Table(
        [[_("Payment")]],
        colWidths=[None],
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), bold, 10),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )
    left: list[Flowable] = [heading, details]
    if extra:
        left.append(Spacer(1, 1.5 * mm))
    left.extend(Paragraph(esc(text), st["small"]) for text in extra if text)
    qr_cell: list[Flowable] = []
    if with_qr and request.iban and request.ogm and amount_encodable(request.amount_cents):
        try:
            payload = payload_for_ogm(
                name=request.beneficiary,
                iban=request.iban,
                bic=request.bic,
                amount_cents=request.amount_cents,
                ogm=request.ogm,
            )
        except EpcError:  # e.g. a BIC or IBAN the EPC format refuses: the document goes out without a QR
            payload = None
        if payload:
            qr_cell = [QrFlowable(payload, 30 * mm, caption=_("Scan with your banking app"), font=(regular, 7))]
    qr_width = 42 * mm if qr_cell else 0.1 * mm
    block = Table(
        [[left, qr_cell]],
        colWidths=[width - qr_width, qr_width],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
                ("LEFTPADDING", (1, 0), (1, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 2 * mm),
            ]
        ),
    )
    return block
