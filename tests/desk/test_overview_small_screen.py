"""The overview on a 1024×700 screen, and a forecast that is not read as a fall.

The cards' rows follow the width; their height used to be the window's minimum, so a window made narrow
grew taller than the screen and stayed so (840 pixels on a 700-pixel screen). The forecast counts only
what is known, so early in the month it was shown as "▼ 97,5 %" in red.
"""

from __future__ import annotations

import dataclasses

import pytest
from firsthour_walk import settle, show_tab, window_in

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.kpi_tab import KpiTab


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_overview_fits_a_1024_by_700_screen_whatever_width_it_had(qtbot, busy_book, today, prefs, language):
    with window_in(qtbot, busy_book, today, prefs, language) as (ctx, window):
        tab = show_tab(window, "KpiTab")
        assert isinstance(tab, KpiTab)
        qtbot.waitUntil(lambda: tab.snapshot is not None and tab.charts is not None, timeout=15_000)
        for width, height in ((1920, 1080), (1024, 700), (1920, 1080), (1024, 700)):
            window.resize(width, height)
            settle(qtbot, ctx, 60)
            assert window.size().toTuple() == (width, height), (width, height)
        # At 1024×700 every card is on screen (three a row, no scrolling) and the charts keep their least.
        assert tab.columns == 3
        assert tab.cards_scroll.verticalScrollBar().maximum() == 0
        for card in tab.cards.values():
            assert (
                tab.cards_scroll.viewport()
                .rect()
                .contains(card.geometry().translated(0, -tab.cards_scroll.verticalScrollBar().value()))
            ), card.key
        assert tab.chart_pages is not None
        assert tab.chart_pages.height() >= tab.chart_pages.minimumSizeHint().height()


def test_narrower_the_cards_scroll_rather_than_ask_for_more_height(qtbot, busy_book, today):
    tab = KpiTab(AppContext(busy_book, language="fr", today=lambda: today))
    qtbot.addWidget(tab)
    tab.resize(1024, 606)
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=10_000)
    settle(qtbot, tab.ctx, 60)
    assert tab.columns == 3
    least = tab.minimumSizeHint().height()
    tab.resize(700, 606)  # as in a window that starts narrow (two cards a row), before it is sized
    settle(qtbot, tab.ctx, 60)
    assert tab.columns == 2 and tab.cards_scroll.verticalScrollBar().maximum() > 0
    assert tab.minimumSizeHint().height() == least <= 606
    tab.ctx.wait_idle()


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_forecast_below_last_month_is_shown_as_what_is_known_not_as_a_fall(qtbot, busy_book, today, language):
    tab = KpiTab(AppContext(busy_book, language=language, today=lambda: today))
    qtbot.addWidget(tab)
    tab.resize(1024, 606)
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=10_000)
    snap = tab.snapshot
    assert snap is not None and snap.previous is not None
    last_month = snap.previous.revenue_this_month
    assert last_month > 0, "the book should have revenue last month"
    card = tab.cards["forecast_month"]

    tab._fill_cards(dataclasses.replace(snap, forecast_month=last_month // 40))  # 2.5 % of last month
    words = {
        "en": "2,5 % of last month known so far",  # en_BE: a decimal comma,
        "nl": "2,5 % van vorige maand al bekend",
        "fr": "2,5 % du mois passé déjà connu",
    }
    assert card.change.text() == words[language]
    assert "▼" not in card.change.text() and "#c53030" not in card.change.styleSheet()  # no red fall
    from ledgerdesk.ui.tabs.kpi_tab import FORECAST_SHORT

    assert card.toolTip().splitlines()[-1] == tab.tr_(FORECAST_SHORT)  # why it is low, under the definition

    tab._fill_cards(dataclasses.replace(snap, forecast_month=last_month * 2))  # ahead: that is news
    assert card.change.text().startswith("▲ 100")
    assert "#2f855a" in card.change.styleSheet()
    tab.ctx.wait_idle()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_costs_page_keeps_the_window_at_1024_by_700(qtbot, busy_book, today, prefs, language):
    """The costs-and-cash page's charts ask no more height than the sales page's: switching to it on a
    1024×700 screen made the window 780 pixels high."""
    with window_in(qtbot, busy_book, today, prefs, language) as (ctx, window):
        tab = show_tab(window, "KpiTab")
        assert isinstance(tab, KpiTab)
        qtbot.waitUntil(lambda: tab.snapshot is not None and tab.cost_charts is not None, timeout=15_000)
        qtbot.waitUntil(lambda: tab.cash_panel.figures is not None, timeout=15_000)
        window.resize(1024, 700)
        settle(qtbot, ctx, 60)
        tab.page_buttons.button(1).click()
        settle(qtbot, ctx, 60)
        assert tab.chart_pages is not None and tab.chart_pages.currentIndex() == 1
        for width, height in ((1024, 700), (1920, 1080), (1024, 700)):
            window.resize(width, height)
            settle(qtbot, ctx, 60)
            assert window.size().toTuple() == (width, height), (width, height)
        assert window.minimumSizeHint().height() <= 700
        assert tab.chart_pages.height() >= tab.chart_pages.minimumSizeHint().height()
