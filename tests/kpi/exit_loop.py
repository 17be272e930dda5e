"""Run as a script by test_exit_crash: the app's main window, the KPI tab opened and closed N times, then exit.

With PySide6 6.12.0 on Python 3.11 this aborted at interpreter exit (`none_dealloc` /
`bool_dealloc`) because those bindings drop a reference to None on every void call.
"""

from __future__ import annotations

import faulthandler
import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
faulthandler.enable()


def main(data_dir: Path, rounds: int) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book
    from ledgerdesk.services import company as company_service
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.main_window import MainWindow
    from ledgerdesk.ui.tabs.kpi_tab import KpiTab

    app = QApplication([])
    book = open_book(BookPaths.in_dir(data_dir))
    with book.db.transaction() as s:
        if not company_service.has_company(s):
            from ledgerdesk.services.demo import DemoSpec, generate

            generate(s, DemoSpec(years=2, customers=15, seed=3, as_of=date(2026, 11, 23)))
    ctx = AppContext(book, language="nl", today=lambda: date(2026, 11, 23))
    window = MainWindow(ctx)
    window.show()
    app.processEvents()
    for _ in range(rounds):
        tab = KpiTab(ctx)
        index = window.tabs.addTab(tab, tab.title())
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        tab.build_charts()
        ctx.book_changed.emit()  # a refresh redraws every chart
        for _ in range(3):
            tab.repaint()
            app.processEvents()
        window.tabs.removeTab(index)
        tab.deleteLater()
        app.processEvents()
        del tab
    QTimer.singleShot(0, window.close)
    QTimer.singleShot(10, app.quit)
    code = app.exec()
    book.close()
    print("clean exit", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
