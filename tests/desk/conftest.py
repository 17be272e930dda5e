"""Fixtures for the desktop app's widgets: a context over a real book, message boxes recorded."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.preferences import Preferences

TODAY = date(2026, 3, 2)


@pytest.fixture
def prefs(tmp_path):
    return Preferences.in_file(tmp_path / "prefs.ini")


@pytest.fixture
def ctx(qapp, book, prefs):
    context = AppContext(book, language="en", today=lambda: TODAY, preferences=prefs)
    yield context
    context.wait_idle()


@pytest.fixture
def messages(monkeypatch):
    """Every warning a widget would show, instead of a blocking message box."""
    shown: list[str] = []
    from ledgerdesk.ui.widgets import feedback

    monkeypatch.setattr(feedback.QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def today():
    return TODAY
