"""The KPI tab with real widgets offscreen: cards, a chart drawn, drill-down lists, next actions, a PNG."""

from __future__ import annotations

from datetime import date

import pytest
from builders import invoice
from PySide6.QtCore import QPointF, Qt

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.i18n import format_money
from ledgerdesk.services import company as company_service
from ledgerdesk.services import kpis, recurring
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.tabs.kpi_tab import KpiTab

from .test_kpis import AS_OF, small_book  # noqa: F401  (fixture)


def drawn(qtbot, widget: KpiTab) -> None:
    """The figures are read in a worker and the charts built after the first paint: wait for both."""
    qtbot.waitUntil(
        lambda: widget.charts is not None and widget.snapshot is not None and widget.series is not None, timeout=5000
    )


@pytest.fixture
def tab(qtbot, small_book):  # noqa: F811
    ctx = AppContext(small_book, language="en", today=lambda: AS_OF)
    widget = KpiTab(ctx)
    qtbot.addWidget(widget)
    assert widget.snapshot is None  # built hidden (after start-up): nothing read yet
    widget.resize(1400, 820)
    widget.show()  # read in a worker when shown
    drawn(qtbot, widget)
    yield widget
    widget.dispose()


def test_cards_show_the_figures_with_definitions_and_as_of_date(tab):
    assert tab.title() == "Overview"
    assert tab.cards["revenue_this_month"].value.text() == format_money(190000, "en")
    assert tab.cards["outstanding"].value.text() == format_money(282500, "en")
    assert tab.cards["dso"].value.text() in ("61.8", "61,8")
    assert (
        "▲" in tab.cards["outstanding"].change.text()
        and "vs the end of last month" in tab.cards["outstanding"].change.text()
    )
    tip = tab.cards["dso"].toolTip()
    assert "90 days" in tip and "15/03/2026" in tip
    assert "15/03/2026" in tab.heading.text()


def test_charts_are_drawn_from_the_same_figures(tab):
    import pyqtgraph as pg

    bars = [item for item in tab.charts.monthly.plotItem.items if isinstance(item, pg.BarGraphItem)]
    assert len(bars) == 2  # last year, this year
    this_year = list(bars[1].opts["height"])
    assert this_year[:3] == [1000.0, 500.0, 1900.0] and this_year[3:] == [0.0] * 9
    aging_bars = [item for item in tab.charts.aging.plotItem.items if isinstance(item, pg.BarGraphItem)][0]
    assert list(aging_bars.opts["height"]) == [2420.0, 284.0, 0.0, 0.0, 121.0]
    curves = tab.charts.cumulative.plotItem.listDataItems()
    assert [list(c.yData) for c in curves][1] == [1000.0, 1500.0, 3400.0]


def test_clicking_a_card_lists_the_invoices_behind_it(tab, qtbot, qtmodeltester):
    qtbot.mouseClick(tab.cards["overdue"], Qt.MouseButton.LeftButton)
    dialog = tab.drilldown
    assert dialog.isVisible() and dialog.windowTitle() == "Overdue"
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    assert sum(row.open_cents for row in dialog.model.rows()) == 40500


def test_clicking_an_aging_bar_lists_that_bucket(tab, qtbot, qtmodeltester):
    plot = tab.charts.aging
    scene_point = plot.plotItem.vb.mapViewToScene(QPointF(4, 50))  # the "> 90" bar, low down
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene_point))
    qtbot.waitUntil(lambda: getattr(tab, "drilldown", None) is not None)
    qtmodeltester.check(tab.drilldown.model)
    assert [row.open_cents for row in tab.drilldown.model.rows()] == [12100]


def test_clicking_a_month_bar_lists_that_month(tab):
    tab._month_clicked(2026, 3)
    rows = tab.drilldown.model.rows()
    assert sorted((r.kind, r.net_cents) for r in rows) == [("credit_note", 10000), ("invoice", 200000)]
    assert tab.drilldown.model.data(tab.drilldown.model.index(0, 4)) == format_money(200000, "en")


def test_overdue_above_the_threshold_offers_the_reminders_tab(tab, qtbot):
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.ctx.write(company_service.set_setting, kpis.OVERDUE_THRESHOLD_KEY, 10000)  # € 100
    assert "reminders" in tab.action_buttons
    with qtbot.waitSignal(tab.open_tab_requested) as blocker:
        qtbot.mouseClick(tab.action_buttons["reminders"], Qt.MouseButton.LeftButton)
    assert blocker.args == ["reminders"]


def test_the_tab_refreshes_when_the_book_changes(tab, qtbot):
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.ctx.write(lambda s: invoice(s, 1, date(2026, 3, 12), "100"))
    assert tab.cards["revenue_this_month"].value.text() == format_money(200000, "en")
    aging_bars = [i for i in tab.charts.aging.plotItem.items if hasattr(i, "bar_at")][0]
    assert list(aging_bars.opts["height"])[0] == 2420.0 + 121.0


def test_recurring_dialog_adds_and_generates(tab, qtbot, qtmodeltester):
    from ledgerdesk.ui.dialogs.recurring_dialog import RecurringDialog

    dialog = RecurringDialog(tab.ctx, as_of=AS_OF)
    qtbot.addWidget(dialog)
    dialog.description.setText("Maintenance")
    dialog.price.setText("150,00")
    dialog.start.setDate(dialog.start.date().addMonths(-1))
    dialog.add_button.click()
    assert dialog.model.rowCount() == 1 and "added" in dialog.message.text()
    qtmodeltester.check(dialog.model)
    assert dialog.generate_button.isEnabled() and "2" in dialog.generate_button.text()
    dialog.generate(confirm=False)
    assert dialog.message.text() == "2 invoice(s) created."
    qtbot.waitUntil(lambda: tab.cards["mrr"].value.text() == format_money(15000, "en"), timeout=5000)
    dialog.price.setText("abc")
    dialog.add_button.click()
    assert "not a number" in dialog.message.text()


def test_offscreen_png_of_the_kpi_tab_on_a_demo_book(qtbot, book, artifacts_dir):
    from sqlalchemy import select

    from ledgerdesk.persistence.models import Customer
    from ledgerdesk.services.demo import DemoSpec, generate

    today = date(2026, 11, 23)
    with book.db.transaction() as s:
        generate(s, DemoSpec(years=3, customers=40, seed=1, as_of=today))
        ids = s.scalars(select(Customer.id).limit(3)).all()
        for cid, price, freq in zip(ids, ("450", "1200", "95"), ("monthly", "quarterly", "monthly"), strict=False):
            recurring.create_template(
                s, recurring.TemplateData(cid, freq, date(2026, 1, 28), [LineInput.of("Maintenance", 1, price, "21")])
            )
    ctx = AppContext(book, language="nl", today=lambda: today)
    widget = KpiTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 820)
    widget.show()
    drawn(qtbot, widget)
    qtbot.wait(50)
    path = artifacts_dir / "kpi_tab.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 20_000
    widget.dispose()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_kpi_text_is_translated(language):
    from ledgerdesk.domain.kpis import DEFINITIONS
    from ledgerdesk.i18n import catalog
    from ledgerdesk.ui.tabs.kpi_tab import CARDS, COMPARED, MONTHS

    messages = catalog(language)
    needed = (
        [title for _, title, _ in CARDS]
        + list(MONTHS)
        + list(DEFINITIONS.values())
        + [
            "Overview",
            "Next actions",
            "Open reminders",
            "Nothing needs your attention.",
            "{amount} is overdue: reminders are waiting.",
            "Revenue is heading below last month ({amount}): focus on sales.",
            "{amount} outstanding is not due yet: that is fine.",
        ]
    )
    needed += list(COMPARED.values())
    assert [m for m in needed if m not in messages] == []


def test_due_recurring_invoices_are_offered_on_opening(tab, qtbot):
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.ctx.write(
            recurring.create_template,
            recurring.TemplateData(1, "monthly", date(2026, 2, 1), [LineInput.of("Licence", 1, "80", "21")]),
        )
    assert tab.snapshot.recurring_due == 2  # 1 February and 1 March
    qtbot.mouseClick(tab.action_buttons["recurring"], Qt.MouseButton.LeftButton)
    dialog = tab.recurring_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible() and dialog.generate_button.isEnabled()
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        dialog.generate(confirm=False)
    assert tab.snapshot.recurring_due == 0 and "recurring" not in tab.action_buttons


def test_the_figures_are_read_off_the_ui_thread_and_the_newest_read_wins(tab, qtbot, monkeypatch):
    import threading

    from ledgerdesk.ui.tabs import kpi_tab

    threads, real = [], kpi_tab._figures

    def spy(session, as_of):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(session, as_of)

    monkeypatch.setattr(kpi_tab, "_figures", spy)
    shown = []
    tab.refreshed.connect(lambda: shown.append(tab.snapshot))
    tab.refresh()
    tab._fixed_as_of = date(2026, 2, 28)
    tab.refresh()  # asked again before the first answer: only this one is shown
    qtbot.waitUntil(lambda: len(threads) == 2 and tab.ctx.wait_idle() and len(shown) >= 1, timeout=5000)
    qtbot.wait(50)
    assert threading.main_thread() not in threads
    assert [snap.as_of for snap in shown] == [date(2026, 2, 28)]


def test_recurring_dialog_closes_with_its_close_button(tab, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from ledgerdesk.ui.dialogs.recurring_dialog import RecurringDialog

    dialog = RecurringDialog(tab.ctx, as_of=AS_OF)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.close_buttons.button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()
