"""Renders ledgerdesk.svg into the PNG, .ico and .icns files the packages need (run after editing the SVG).

uv run python packaging/icons/render.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage painting needs it)
    renderer = QSvgRenderer(str(HERE / "ledgerdesk.svg"))
    if not renderer.isValid():
        print("render.py: ledgerdesk.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(HERE / f"ledgerdesk-{size}.png"))
    from PIL import Image

    big = Image.open(HERE / "ledgerdesk-512.png")
    big.save(HERE / "ledgerdesk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(HERE / "ledgerdesk.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
