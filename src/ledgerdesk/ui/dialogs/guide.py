"""Help ▸ Guide: the user guide (resources/guide/<lang>.md) and the keyboard shortcuts, inside the app.

The shortcut list is read from the window's own actions, so it can never disagree with the menus.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...paths import resources_dir
from ..widgets.fit import fit_to_screen


def guide_text(language: str) -> str:
    """The guide in a language (markdown); English when that language has none."""
    folder = resources_dir() / "guide"
    path = folder / f"{language}.md"
    return (path if path.is_file() else folder / "en.md").read_text(encoding="utf-8")


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action of the window (menus included) that has a shortcut, in menu order."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.text().replace("&", "").rstrip("…").strip()
        if keys and text and (text, keys) not in found and keys not in seen:
            seen.add(keys)
            found.append((text, keys))
    return found


def shortcuts_html(tr, window: QWidget) -> str:  # type: ignore[no-untyped-def]
    rows = "".join(
        f"<tr><td style='padding:3px 18px 3px 0'><b>{html.escape(keys)}</b></td><td>{html.escape(text)}</td></tr>"
        for text, keys in shortcuts(window)
    )
    extra = "".join(
        f"<tr><td style='padding:3px 18px 3px 0'><b>{html.escape(keys)}</b></td><td>{html.escape(tr(text))}</td></tr>"
        for keys, text in (("Esc", "Close a window or dialog"),)
    )
    return f"<h2>{html.escape(tr('Keyboard shortcuts'))}</h2><table>{rows}{extra}</table>"


class GuideDialog(QDialog):
    """Two pages: the guide, and the keyboard shortcuts of this window."""

    def __init__(self, ctx, window: QWidget, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent or window)
        tr = ctx.tr
        self.setWindowTitle(tr("LedgerDesk guide"))
        fit_to_screen(self, 760, 640)
        self.guide = QTextBrowser()
        self.guide.setOpenExternalLinks(False)
        self.guide.setMarkdown(guide_text(ctx.language))
        self.keys = QTextBrowser()
        self.keys.setHtml(shortcuts_html(tr, window))
        self.pages = QTabWidget()
        self.pages.addTab(self.guide, tr("Guide"))
        self.pages.addTab(self.keys, tr("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)

    def show_shortcuts(self) -> None:
        self.pages.setCurrentWidget(self.keys)
