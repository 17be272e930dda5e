"""Form parts that hold still while the user types: messages in reserved space, choices typing cannot change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QWidget


class MessageLine(QLabel):
    """One line under a field, always there (empty or not), so nothing below it moves as messages come
    and go; a message longer than the field is cut with '…' and shown whole in the tooltip."""

    def __init__(self, parent: QWidget | None = None, *, elide: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> None:
        super().__init__(parent)
        self._full = ""
        self._mode = elide
        self.setWordWrap(False)
        self.setFixedHeight(self.fontMetrics().height() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # never widens the form

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._full = text
        self.setToolTip(text if text else "")
        self._elide()

    def text(self) -> str:  # type: ignore[override]
        """The whole message (what is painted may be cut to the width)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def sizeHint(self):  # type: ignore[no-untyped-def]
        """As wide as the whole text when there is room; it gives way (cut, not hidden) when there is not."""
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self._full) + 8)
        return hint

    def _elide(self) -> None:
        width = max(self.width(), 40)
        shown = self.fontMetrics().elidedText(self._full, self._mode, width)
        super().setText(shown)


def reserve_lines(label: QLabel, lines: int) -> None:
    """Keep room for `lines` lines of text whether or not the label says anything now."""
    label.setMinimumHeight(lines * label.fontMetrics().lineSpacing() + 4)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)


class ChoiceBox(QComboBox):
    """A combo box that only the mouse, the arrow keys or F4/Alt+Down change.

    A plain QComboBox jumps to the item starting with a typed letter: typing meant for another field
    (an IBAN, after a click that landed here) silently switched the VAT regime. Letters and digits are
    passed on unused, and the wheel only turns it once it has focus (scrolling the form is not a choice).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text and text.isprintable() and not text.isspace():
            event.ignore()  # not a choice: no jump to a matching item
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        return  # no type-ahead in the drop-down either

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)
