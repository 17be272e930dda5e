"""Reminder letters as PDF, built from the shared document layout (`reports.layout`).

Each letter looks like the invoices: letterhead, the recipient alone in the window zone,
title and references beside it, then the text, the list of invoices with what is claimed,
and the payment block with ONE EPC QR code carrying the letter's own structured
communication for the total. Many letters go into one PDF for batch printing: each letter
starts on a new page with its own head, running header and "n/N" page numbers, which the
shared single-document builder cannot do, hence the batch template here.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .layout import (
    CONTENT_WIDTH,
    FIRST_BODY_TOP,
    FOOTER_HEIGHT,
    GREY,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    NEXT_BODY_TOP,
    PAGE_HEIGHT,
    RULE,
    LetterPages,
    address_lines,
    fonts,
    para,
    payment_block,
)
from .model import LetterDoc


class _Head(Flowable):
    """Page 1 of a letter: draws the shared letterhead, window address and meta at their absolute
    places, and takes the space above the body, so one page template serves a whole batch."""

    def __init__(self, pages: LetterPages) -> None:
        super().__init__()
        self.pages = pages
        self.width, self.height = CONTENT_WIDTH, FIRST_BODY_TOP - NEXT_BODY_TOP

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):  # type: ignore[no-untyped-def, override]
        self._origin = (x, y)
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.translate(-self._origin[0], -self._origin[1])
        self.pages.first_page(c, None)  # type: ignore[arg-type]
        c.restoreState()
        c._letter_starts.append((c.getPageNumber(), self.pages))  # type: ignore[attr-defined]


class _BatchCanvas(Canvas):
    """Holds pages until the end, then gives each letter its running header and 'n/N' footer."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._held: list[dict] = []
        self._letter_starts: list[tuple[int, LetterPages]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        starts = sorted(self._letter_starts, key=lambda s: s[0])
        bounds = [s[0] for s in starts] + [len(self._held) + 1]
        for number, state in enumerate(self._held, start=1):
            index = max(i for i, (first, _) in enumerate(starts) if first <= number) if starts else None
            self.__dict__.update(state)
            if index is not None:
                first, pages = starts[index]
                if number != first:
                    pages.later_page(self, None)  # type: ignore[arg-type]
                pages.footer(self, number - first + 1, bounds[index + 1] - first)
            Canvas.showPage(self)
        Canvas.save(self)


def letter_pages(d: LetterDoc) -> LetterPages:
    """The letterhead, window address and references of a letter's first page."""
    return LetterPages(
        seller=d.seller,
        language=d.language,
        settings=d.settings,
        recipient=address_lines(d.recipient, d.language, d.seller.country or "BE"),
        title=d.title,
        meta=d.meta,
        running_title=f"{d.title} {d.number}",
    )


def _table(d: LetterDoc) -> Table:
    regular, bold = fonts()
    # Invoice, date, due date, open, compensation, interest, total; a letter that claims nothing but the
    # open amounts leaves out the two empty columns.
    keep = [0, 1, 2, 3, 4, 5, 6] if d.claims else [0, 1, 2, 3]
    rows = [[d.headers[i] for i in keep]]
    for line in (*d.lines, d.totals):
        cells = [line.number, line.issue_date, line.due_date, line.open_amount, line.fee, line.interest, line.total]
        rows.append([cells[i] for i in keep])
    # French headings fit ("Date d'échéance", "Indemnité forfaitaire").
    widths = [24 * mm, 22 * mm, 28 * mm, 26 * mm, 26 * mm, 22 * mm] if d.claims else [30 * mm, 30 * mm, 40 * mm]
    widths.append(CONTENT_WIDTH - sum(widths))
    return Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8.5),
                ("FONT", (0, 0), (-1, 0), bold, 7.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
                ("FONT", (0, -1), (-1, -1), bold, 8.5),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
                ("LINEABOVE", (0, -1), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        ),
    )


def letter_story(d: LetterDoc) -> list[Flowable]:
    story: list[Flowable] = [_Head(letter_pages(d))]
    for paragraph in d.paragraphs:
        story += [para(paragraph), Spacer(1, 2.5 * mm)]
    story += [Spacer(1, 1.5 * mm), _table(d)]
    if d.notes:
        story.append(Spacer(1, 2 * mm))
        story.extend(para(text, "small") for text in d.notes)
    if d.note:
        story += [Spacer(1, 3 * mm), para(d.note)]
    story.append(KeepTogether([Spacer(1, 5 * mm), payment_block(d.payment, d.language, width=CONTENT_WIDTH)]))
    story.append(Spacer(1, 6 * mm))
    story.extend(para(line) for line in d.closing)
    return story


@functools.cache
def _accelerate() -> None:
    from reportlab import rl_config

    rl_config.useA85 = 0  # binary streams: smaller files and no ASCII85 pass over a 1,000-page batch


def render(docs: Sequence[LetterDoc], target: Path | IO[bytes] | None = None) -> bytes:
    """One PDF with every letter, each starting on a new page; returns the bytes (and writes `target`)."""
    if not docs:
        raise ValueError("no letters to render")
    fonts()
    _accelerate()
    buffer = io.BytesIO()
    pdf = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=NEXT_BODY_TOP,
        bottomMargin=FOOTER_HEIGHT,
        title=docs[0].title if len(docs) == 1 else "Reminders",
        author=docs[0].seller.name,
        creator="LedgerDesk",
        invariant=1,
    )
    frame = Frame(
        MARGIN_LEFT,
        FOOTER_HEIGHT,
        CONTENT_WIDTH,
        PAGE_HEIGHT - NEXT_BODY_TOP - FOOTER_HEIGHT,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    pdf.addPageTemplates([PageTemplate(id="letter", frames=[frame])])
    story: list[Flowable] = []
    for n, d in enumerate(docs):
        if n:
            story.append(PageBreak())
        story += letter_story(d)
    pdf.build(story, canvasmaker=_BatchCanvas)
    data = buffer.getvalue()
    if isinstance(target, Path):
        from ..atomic import write_atomic

        write_atomic(target, data)
    elif target is not None:
        target.write(data)
    return data
