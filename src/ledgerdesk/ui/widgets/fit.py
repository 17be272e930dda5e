"""Windows sized for the screen they open on: a 1366×768 laptop or a 1024×700 screen shows every button."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 40  # room for the window's frame and title bar, which the available geometry does not subtract


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the wanted size, or to what the screen has room for when that is smaller."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, max(room.width() - MARGIN // 2, 320))
        height = min(height, max(room.height() - MARGIN, 240))
    widget.resize(width, height)
