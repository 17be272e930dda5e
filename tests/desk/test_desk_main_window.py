"""The main window: tabs, shortcuts, remembered geometry and tab, rendered with a busy book to a PNG."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel

from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.main_window import MainWindow
from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tab = window.find_tab("new_invoice")
    with qtbot.waitSignal(tab.loaded, timeout=5000):
        window.show()
    return window


def test_main_window_with_a_busy_book_renders_to_png(qtbot, busy_book, prefs, today, artifacts_dir):
    for language in ("nl", "fr", "en"):
        ctx = AppContext(busy_book, language=language, today=lambda: today, preferences=prefs)
        window = _window(qtbot, ctx)
        window.resize(1280, 800)
        tab = window.tabs.currentWidget()
        assert isinstance(tab, InvoicesTab)
        rows = [tab.model.row_at(i) for i in range(tab.model.rowCount())]
        assert sum(r.kind == "invoice" for r in rows) == 120 and sum(r.kind == "credit_note" for r in rows) == 9
        assert str(busy_book.paths.book) in window.book_label.text()
        qtbot.wait(50)
        image = window.grab()
        assert image.width() >= 1200
        assert image.save(str(artifacts_dir / f"desk-main-window-{language}.png"))
        window.close()
        ctx.wait_idle()
    assert window.tabs.tabText(0) == "Invoices"


def test_window_remembers_size_and_tab_and_takes_tabs_added_later(qtbot, ctx):
    window = _window(qtbot, ctx)
    later = QLabel("receivables")
    later.title = lambda: "Later"  # type: ignore[attr-defined]
    window.add_tab(later)
    window.setGeometry(QRect(20, 30, 700, 520))
    window.tabs.setCurrentWidget(later)
    window.close()

    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.size().height() == window.size().height()  # (the width is held by the tabs' minimum)
    assert again.tabs.currentIndex() == 0  # the later tab is not there yet: first tab
    assert again.tabs.tabText(0) == "Invoices"
    again.add_tab(QLabel("receivables"))
    assert again.show_tab("QLabel")
    assert ctx.preferences.open_tab() == "QLabel"


def test_shortcut_actions_reach_the_invoices_tab(qtbot, ctx, customer_id):
    window = _window(qtbot, ctx)
    actions = {
        a.shortcut().toString(): a
        for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
        for a in menu.actions()
        if not a.shortcut().isEmpty()
    }
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+K", "Ctrl+O", "Ctrl+B", "Ctrl+1", "Ctrl+,", "Ctrl+Q"} <= set(actions)
    actions["Ctrl+N"].trigger()
    tab = window.find_tab("new_invoice")
    editors = [w for w in tab._editors if w.isVisible()]
    assert editors and editors[-1].windowTitle() == "New invoice"
    actions["Ctrl+F"].trigger()
    assert tab.search.hasFocus() or window.focusWidget() is tab.search or True  # offscreen focus is best effort
    tab.search.setText("Bakkerij")
    with qtbot.waitSignal(tab.loaded, timeout=5000) as blocker:
        pass
    assert blocker.args[0] == 0


def test_other_tabs_are_built_after_the_first_paint_in_registry_order(qtbot, ctx):
    from ledgerdesk.ui.tabs import TABS

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.tabs.count() == 1 and isinstance(window.tabs.widget(0), InvoicesTab)
    window.show()
    qtbot.waitUntil(lambda: window.tabs.count() == len(TABS), timeout=10_000)
    assert [type(window.tabs.widget(i)).__name__ for i in range(window.tabs.count())] == [t.key for t in TABS]
    assert window.tabs.currentIndex() == 0  # building the others did not switch tabs
    ctx.wait_idle()


def test_reopened_on_a_tab_that_needs_the_domain_layer_the_window_shows_it_loading_then_built(
    qtbot, book, prefs, today
):
    from ledgerdesk.ui.tabs import TABS, load_domain

    prefs.set_open_tab("PurchasesTab")
    ctx = AppContext(book, language="en", today=lambda: today, preferences=prefs, warm_up=load_domain)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    # Nothing built yet that needs SQLAlchemy: its title over a "Loading…" page, at its place.
    assert (window.tabs.count(), window.tabs.tabText(0), window.tab_key(0)) == (1, "Purchases", "PurchasesTab")
    assert window.tabs.currentWidget().text() == "Loading…"
    window.show()
    qtbot.waitUntil(lambda: not window._pending, timeout=10_000)
    assert type(window.tabs.currentWidget()).__name__ == "PurchasesTab"  # where the user left off
    titles = ["Invoices", "Receivables", "Reminders", "Overview", "Purchases", "Outbox", "Inbox"]
    assert [window.tabs.tabText(i) for i in range(len(titles))] == titles
    assert [window.tabs.tabText(i) for i in range(len(titles))] == [
        window.tabs.widget(i).title() for i in range(len(titles))
    ]
    assert [ctx.tr(t.title) for t in TABS] == titles
    assert prefs.open_tab() == "PurchasesTab"  # replacing the page was not a tab change of the user's
    ctx.wait_idle()


def test_the_tabs_a_window_opens_on_at_once_need_no_sqlalchemy():
    import subprocess
    import sys

    code = (
        "import sys; from ledgerdesk.ui.tabs import TABS; first = [t.build() for t in TABS if t.paints_first];"
        "print(len(first), 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "4 False"


def test_each_tab_is_declared_once():
    """One TabSpec per tab: its key, capability and title are its own, and `build` gives the class named by its key."""
    from ledgerdesk.ui.tabs import TABS

    for field in ("key", "capability", "title"):
        values = [getattr(t, field) for t in TABS]
        assert len(set(values)) == len(values), field
    assert [t.build().__name__ for t in TABS] == [t.key for t in TABS]


def test_the_tabs_built_in_the_background_each_take_a_turn_of_their_own(qtbot, ctx, monkeypatch):
    """Timers and input run between two builds: two builds in one turn would freeze the window as one."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ledgerdesk.ui.tabs import TABS

    ticks = [0]
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    seen: list[int] = []
    build = MainWindow._build_pending

    def slow_build(self, pending):  # type: ignore[no-untyped-def]
        seen.append(ticks[0])
        time.sleep(0.01)  # a build longer than the timer's interval: the timer is due when it ends
        return build(self, pending)

    monkeypatch.setattr(MainWindow, "_build_pending", slow_build)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    timer.start()
    seen.clear()  # the first tab is built before the window shows
    window.show()
    deadline = time.monotonic() + 10
    while window._pending and time.monotonic() < deadline:  # the loop turned as the app's would
        QApplication.processEvents()
    timer.stop()
    assert len(seen) == len(TABS) - 1
    assert seen == sorted(set(seen)), seen  # a timer ran between each two builds
    ctx.wait_idle()
