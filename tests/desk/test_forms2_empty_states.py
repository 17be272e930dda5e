"""An empty book's lists say what will appear in them and the first step, until their first row."""

from __future__ import annotations

import pytest
from builders import customer, invoice
from firsthour_walk import open_window, settle

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.qt_language import use_language

TABS = ("InvoicesTab", "ReceivablesTab", "OutboxTab", "InboxTab")


def _tab(window, key):  # type: ignore[no-untyped-def]
    index = next(i for i in range(window.tabs.count()) if window.tab_key(i) == key)
    window.tabs.setCurrentIndex(index)
    return window.tabs.widget(index)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_each_empty_list_shows_its_first_use_line(qtbot, book, prefs, language, size, artifacts_dir):
    use_language(language)
    ctx = AppContext(book, language=language, preferences=prefs)
    try:
        window = open_window(qtbot, ctx)
        window.resize(*size)
        for key in TABS:
            tab = _tab(window, key)
            settle(qtbot, ctx, 60)
            hint = tab.empty_state
            assert hint.isVisible(), key
            assert hint.label.text() and hint.geometry().height() > hint.label.height(), key
            if hint.button is not None:
                assert hint.button.isVisible()
            width, height = size
            window.grab().save(str(artifacts_dir / f"forms2-empty-{key}-{language}-{width}x{height}.png"))
    finally:
        use_language("en")
        ctx.wait_idle()


def test_the_line_goes_once_there_are_rows_and_is_not_shown_for_a_filter(qtbot, book, prefs):
    invoice(book, customer(book))
    ctx = AppContext(book, language="fr", preferences=prefs)
    window = open_window(qtbot, ctx)
    for key in ("InvoicesTab", "ReceivablesTab"):
        tab = _tab(window, key)
        settle(qtbot, ctx, 60)
        assert not tab.empty_state.isVisible(), key
    invoices = _tab(window, "InvoicesTab")
    invoices.search.setText("nothing like this")
    qtbot.waitUntil(lambda: invoices.model.rowCount() == 0, timeout=5000)
    settle(qtbot, ctx, 60)
    assert not invoices.empty_state.isVisible()  # nothing matches: that is no first use
    ctx.wait_idle()


def test_the_first_step_button_opens_a_new_invoice(qtbot, book, prefs, monkeypatch):
    from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab

    opened = []
    monkeypatch.setattr(InvoicesTab, "new_invoice", lambda self, customer_id=None: opened.append(customer_id))
    ctx = AppContext(book, language="fr", preferences=prefs)
    window = open_window(qtbot, ctx)
    tab = _tab(window, "InvoicesTab")
    settle(qtbot, ctx, 60)
    assert tab.empty_state.button is not None and tab.empty_state.button.text() == "Nouvelle facture"
    tab.empty_state.button.click()
    assert opened == [None]
    ctx.wait_idle()
