"""At 1024 pixels wide nothing is cut: the overview's comparisons and late payers, the payment behaviour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel

from ledgerdesk.services.receivables import PaymentBehaviour
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.kpi_tab import KpiTab
from ledgerdesk.ui.tabs.receivables_tab import ReceivablesTab


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_overview_says_its_comparisons_and_payers_whole_at_1024_pixels(qtbot, busy_book, today, language):
    tab = KpiTab(AppContext(busy_book, language=language, today=lambda: today))
    qtbot.addWidget(tab)
    tab.resize(1024, 620)  # the tab's part of a 1024×700 window
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=10_000)
    qtbot.wait(50)
    changes = [card.change for card in tab.cards.values() if card.change.text()]
    assert changes, "the book should show some changes"
    for change in changes:
        assert change.shown_text() == change.text(), change.text()  # not cut with '…'
    payers = tab.payers_label
    assert payers.text()
    metrics = payers.fontMetrics()
    # one line a payer: the label is not taller than its heading and one line a row
    rows = payers.text().count("<tr>")
    assert payers.heightForWidth(payers.width()) <= (rows + 3) * (metrics.height() + 4)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_payment_behaviour_labels_do_not_overlap_at_1024_by_700(qtbot, busy_book, today, language, artifacts_dir):
    ctx = AppContext(busy_book, language=language, today=lambda: today)
    tab = ReceivablesTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1024, 590)  # the tab's part of a 1024×700 window with the demo banner
    with qtbot.waitSignal(tab.items_shown, timeout=10_000):
        tab.show()
    qtbot.waitUntil(lambda: tab.customer.count() > 1, timeout=10_000)
    tab.customer.setCurrentIndex(1)  # a customer: the panel fills with figures
    qtbot.waitUntil(lambda: tab.behaviour.open.text() not in ("–", ""), timeout=10_000)
    qtbot.wait(50)
    no_history = PaymentBehaviour(0, None, None, None, 1_234_567, 0)  # with the note under the figures
    for case, shown in (("customer", None), ("no-history", no_history)):
        if shown is not None:
            tab.behaviour.show_behaviour(shown)
            qtbot.wait(50)
        tab.grab().save(str(artifacts_dir / f"firsthour2-receivables-behaviour-{language}-1024-{case}.png"))
        labels = [w for w in tab.behaviour.findChildren(QLabel) if w.isVisible() and w.text()]
        boxes = [(w, w.geometry()) for w in labels]
        for i, (a, ra) in enumerate(boxes):
            assert tab.behaviour.rect().contains(ra), (case, a.text())
            assert a.height() >= a.heightForWidth(a.width()) if a.wordWrap() else True, (case, a.text())
            for b, rb in boxes[i + 1 :]:
                assert not ra.intersects(rb), (case, a.text(), b.text())
    ctx.wait_idle()


def test_on_a_large_screen_the_late_payers_are_all_shown_without_scrolling(qtbot, busy_book, today):
    tab = KpiTab(AppContext(busy_book, language="fr", today=lambda: today))
    qtbot.addWidget(tab)
    tab.resize(1920, 970)  # the tab's part of a 1920×1080 window
    tab.show()
    qtbot.waitUntil(lambda: tab.snapshot is not None and bool(tab.payers_label.text()), timeout=10_000)
    qtbot.wait(100)
    # The late payers are all within the first screenful (the costs-and-cash panel may follow below them).
    label = tab.payers_label
    top = label.mapTo(tab.side_scroll.widget(), QPoint(0, 0)).y()
    assert top + label.height() <= tab.side_scroll.viewport().height(), (top, label.height())
    assert tab.charts_box.height() >= tab.charts_box.minimumHeight() or tab.charts is not None


def test_the_structured_communication_is_never_broken_across_lines(qtbot, busy_book, today):
    from ledgerdesk.services.invoice_list import list_invoices
    from ledgerdesk.ui.dialogs.invoice_editor import InvoiceEditor

    ctx = AppContext(busy_book, language="fr", today=lambda: today)
    issued = next(r for r in ctx.read(list_invoices, today, status="open"))
    editor = InvoiceEditor(ctx, invoice_id=issued.id)
    qtbot.addWidget(editor)
    editor.resize(830, 700)
    shown = editor.state_label.text()
    assert '<div style="white-space: nowrap">Communication structurée : +++' in shown
    ctx.wait_idle()
