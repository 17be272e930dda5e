"""A user who reads Dutch or French meets no English: every tab and dialog walked on a demo book.

Screenshots of every tab and dialog in nl, fr and en at 1024×700 and 1920×1080 go to
artifacts/firsthour/ for a person to look at.
"""

from __future__ import annotations

from datetime import date

import pytest
from firsthour_walk import dialogs, english_sources, left_in_english, make_demo, open_window, settle
from PySide6.QtWidgets import QApplication

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.qt_language import use_language

TODAY = date(2026, 12, 2)
SIZES = ((1024, 700), (1920, 1080))


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    return make_demo(tmp_path_factory.mktemp("walk") / "demo", TODAY)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_window_and_dialog_speaks_the_users_language(qtbot, demo_folder, prefs, artifacts_dir, language):
    shots = artifacts_dir / "firsthour"
    shots.mkdir(exist_ok=True)
    sources = english_sources()
    problems: list[str] = []
    use_language(language)
    book = open_book(BookPaths.in_dir(demo_folder))
    ctx = AppContext(book, language=language, today=lambda: TODAY, preferences=prefs)
    try:
        window = open_window(qtbot, ctx)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            settle(qtbot, ctx, 60)
            key = window.tab_key(index)
            for width, height in SIZES:
                window.resize(width, height)
                settle(qtbot, ctx, 40)
                assert window.grab().save(str(shots / f"{language}-{width}x{height}-tab-{key}.png"))
            if language != "en":
                problems += left_in_english(window, language, sources)
        for name, make in dialogs(window, ctx, demo_folder):
            dialog = make()
            qtbot.addWidget(dialog)
            dialog.show()
            settle(qtbot, ctx, 40)
            natural = dialog.size()
            for width, height in SIZES:
                # A dialog keeps its own size, within a screen of that size.
                dialog.resize(min(natural.width(), width), min(natural.height(), height))
                settle(qtbot, ctx, 10)
                assert dialog.grab().save(str(shots / f"{language}-{width}x{height}-dialog-{name}.png"))
            if language != "en":
                problems += left_in_english(dialog, language, sources)
            dialog.close()
            for top in QApplication.topLevelWidgets():  # dialogs opened by a dialog (the editor behind Payment)
                if top is not window and top.isVisible():
                    top.close()
        window.close()
    finally:
        ctx.wait_idle()
        book.close()
        use_language("en")
    assert problems == [], "\n".join(problems)
