"""QR codes for documents: the `qrcode` encoder, error correction M, drawn as vector rectangles.

Speed: choosing the "best" mask makes the encoder build and score all eight
masked symbols, about 80 % of its time (5 ms of a 6 ms encode here). The EPC
guideline asks for level M, not for a particular mask, and every decoder reads
all eight, so the mask is fixed; an encode then takes about 1 ms. Matrices are
also cached per payload, so a document rendered twice (preview, then print)
encodes once. The matrix is drawn as one filled path of horizontal runs: crisp
at any zoom and printer resolution, and smaller than an embedded image.
"""

from __future__ import annotations

import functools

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

# Mask 2 (columns pattern): a fixed, valid choice; decoders handle any of the eight.
FIXED_MASK = 2
QUIET_ZONE = 4  # modules of white border the QR standard asks for


@functools.lru_cache(maxsize=256)
def qr_runs(payload: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side, dark runs as (row, first column, length)) for a payload, level M."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=FIXED_MASK)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    matrix = code.modules
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(matrix):
        c, n = 0, len(row)
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return len(matrix), tuple(runs)


def draw_qr(canv, payload: str, x: float, y: float, size: float) -> None:  # type: ignore[no-untyped-def]
    """Draw the symbol (without quiet zone) with its lower-left corner at (x, y), `size` points wide."""
    count, runs = qr_runs(payload)
    module = size / count
    path = canv.beginPath()
    top = y + size
    for r, c, length in runs:
        # Slight overlap between adjacent rows avoids hairline gaps in some viewers' anti-aliasing.
        path.rect(x + c * module, top - (r + 1) * module, length * module, module * 1.02)
    canv.saveState()
    canv.setFillColorRGB(0, 0, 0)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


class QrFlowable(Flowable):
    """A QR code as a platypus flowable: `size` is the symbol's side; a quiet zone is kept around it."""

    def __init__(
        self, payload: str, size: float = 32 * mm, *, caption: str = "", font: tuple[str, float] = ("Helvetica", 7)
    ) -> None:
        super().__init__()
        self.payload = payload
        self.size = size
        count, _ = qr_runs(payload)
        self.margin = size / count * QUIET_ZONE
        self.width = size + 2 * self.margin
        self.caption = caption
        self.font = font
        self.caption_height = font[1] * 1.6 if caption else 0
        self.height = self.width + self.caption_height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        # White under the symbol and its quiet zone, whatever the background of the block.
        self.canv.saveState()
        self.canv.setFillColorRGB(1, 1, 1)
        self.canv.rect(0, self.caption_height, self.width, self.width, stroke=0, fill=1)
        self.canv.restoreState()
        draw_qr(self.canv, self.payload, self.margin, self.caption_height + self.margin, self.size)
        if self.caption:
            # Drawn literally (no markup), centred under the symbol.
            self.canv.setFont(*self.font)
            self.canv.drawCentredString(self.width / 2, self.font[1] * 0.4, self.caption)
