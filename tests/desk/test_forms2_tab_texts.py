"""The tabs' own words at 1024×700: search hints that fit their box, footers and totals that read right."""

from __future__ import annotations

import pytest
from firsthour_walk import settle, window_in
from PySide6.QtWidgets import QLineEdit

from ledgerdesk.ui.context import AppContext


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_tabs_search_hint_fits_its_box_at_1024(qtbot, busy_book, today, prefs, language, artifacts_dir):
    with window_in(qtbot, busy_book, today, prefs, language) as (ctx, window):
        window.resize(1024, 700)
        checked = []
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            settle(qtbot, ctx)
            for box in window.tabs.widget(index).findChildren(QLineEdit):
                hint = box.placeholderText()
                if not hint or not box.isVisible():
                    continue
                # the text's room: the box less its frame, text margins and the clear button
                room = box.width() - 2 * 6 - (box.height() if box.isClearButtonEnabled() else 0)
                assert box.fontMetrics().horizontalAdvance(hint) <= room, (window.tab_key(index), hint, room)
                checked.append(window.tab_key(index))
            window.grab().save(str(artifacts_dir / f"forms2-tab-{window.tab_key(index)}-{language}-1024x700.png"))
        assert {"InvoicesTab", "PurchasesTab"} <= set(checked)


def test_one_document_in_the_footer_reads_right_in_french(qtbot, book):
    from builders import customer, invoice

    from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab

    invoice(book, customer(book))
    ctx = AppContext(book, language="fr")
    tab = InvoicesTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        tab.reload()
    assert tab.summary.text().startswith("Documents : 1 · en cours ")
    ctx.wait_idle()


def test_the_receivables_totals_put_a_space_before_each_colon_in_french(qtbot, busy_book, today):
    import re

    from ledgerdesk.ui.tabs.receivables_tab import ReceivablesTab

    ctx = AppContext(busy_book, language="fr", today=lambda: today)
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.items_shown, timeout=10_000):
        tab.show()
    for label in (tab.totals, tab.aging):
        text = label.text()
        assert text.count(":") >= 3, text
        assert not re.search(r"\S:", text), text  # "Total : 0,00 €", never "Total: 0,00 €"
    ctx.wait_idle()
