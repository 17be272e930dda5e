"""Fixtures for the quote windows: a context over a real book dated 2 March 2026, message boxes recorded."""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 3, 2)


@pytest.fixture
def ctx(qapp, book, tmp_path):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.preferences import Preferences

    context = AppContext(book, language="en", today=lambda: TODAY, preferences=Preferences.in_file(tmp_path / "p.ini"))
    yield context
    context.wait_idle()


@pytest.fixture
def messages(monkeypatch):
    """Every warning a widget would show, instead of a blocking message box."""
    shown: list[str] = []
    from ledgerdesk.ui.widgets import feedback

    monkeypatch.setattr(feedback.QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown
