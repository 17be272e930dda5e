"""Help ▸ Guide: the user guide in the interface language, and the window's real keyboard shortcuts."""

from __future__ import annotations

import re

import pytest

from ledgerdesk.i18n import catalog
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.dialogs.guide import guide_text, shortcuts
from ledgerdesk.ui.main_window import MainWindow

TASKS = {
    "en": ["Customers", "Invoices", "Payments", "Reminders", "overview"],
    "nl": ["Klanten", "Facturen", "Betalingen", "Herinneringen", "overzicht"],
    "fr": ["Clients", "Factures", "Paiements", "Rappels", "aperçu"],
}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_the_guide_covers_the_daily_tasks_in_each_language(language):
    text = guide_text(language)
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert len(headings) >= 6
    for task in TASKS[language]:
        assert any(task.lower() in h.lower() for h in headings), task
    for keys in ("Ctrl+N", "Ctrl+K", "Ctrl+B"):
        assert keys in text


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_buttons_the_guide_names_are_the_ones_on_screen(language):
    """Bold names with an ellipsis are menu items or buttons: each is a real translation of an interface string."""
    labels = {t.replace("&", "") for t in catalog(language).values()}
    named = [n for n in re.findall(r"\*\*([^*]+…)\*\*", guide_text(language))]
    assert named
    for name in named:
        last = name.split(" ▸ ")[-1]
        assert last in labels, name


def test_help_guide_opens_in_the_users_language_with_the_shortcuts(qtbot, book, prefs):
    ctx = AppContext(book, language="fr", preferences=prefs)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "Ai&de")
    assert [a.text() for a in help_menu.actions()][:2] == ["&Guide", "&Raccourcis clavier"]
    dialog = window.show_guide()
    assert dialog.windowTitle() == "Guide de LedgerDesk"
    assert "Le premier démarrage" in dialog.guide.toPlainText()
    dialog.show_shortcuts()
    keys = dialog.keys.toPlainText()
    for what in ("Ctrl+N", "Ctrl+K", "Ctrl+F", "Ctrl+B", "Ctrl+1", "F1"):
        assert what in keys, what
    assert {k: t for t, k in shortcuts(window)}["Ctrl+K"] == "Clients"
    dialog.close()
    window.close()
    ctx.wait_idle()
