"""Invoice list with 50,000 invoices: SQL load (off the UI thread), first paint, re-sort per column.

Run: QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_invoice_list.py [folder]
Targets: first rows painted within 50 ms, a re-sort within 100 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bigbook import make_big_book  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ledgerdesk.persistence.book import open_book  # noqa: E402
from ledgerdesk.persistence.queries import list_invoices  # noqa: E402
from ledgerdesk.ui.context import AppContext  # noqa: E402
from ledgerdesk.ui.tabs.invoices_tab import InvoicesTab  # noqa: E402

AS_OF = date(2026, 11, 1)
RUNS = 5


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "ledgerdesk-bench-50k"
    t = time.perf_counter()
    paths = make_big_book(folder, invoices=50_000, customers=2_000)
    print(f"book ready ({paths.book}, {paths.book.stat().st_size // 1024} KiB) in {time.perf_counter() - t:.1f} s")
    app = QApplication.instance() or QApplication([])
    with open_book(paths) as book:
        ctx = AppContext(book, language="nl", today=lambda: AS_OF)
        t = time.perf_counter()
        rows = ctx.read(list_invoices, AS_OF)
        print(f"SQL list_invoices, {len(rows)} rows (worker thread in the app): {ms(time.perf_counter() - t)}")
        for status in ("overdue", "open"):
            t = time.perf_counter()
            n = len(ctx.read(list_invoices, AS_OF, status=status))
            print(f"SQL filter status={status} ({n} rows):{ms(time.perf_counter() - t)}")
        t = time.perf_counter()
        n = len(ctx.read(list_invoices, AS_OF, text="Customer 0123"))
        print(f"SQL free text 'Customer 0123' ({n} rows): {ms(time.perf_counter() - t)}")

        tab = InvoicesTab(ctx)
        tab.resize(1280, 760)
        tab.show()
        ctx.wait_idle()
        app.processEvents()
        prep, first = [], []
        for _run in range(RUNS):
            t = time.perf_counter()
            prepared = tab.model.prepare(rows)
            prep.append(time.perf_counter() - t)
            t = time.perf_counter()
            tab.model.set_prepared(prepared)
            tab.view.viewport().repaint()  # synchronous paint of the visible rows
            first.append(time.perf_counter() - t)
        print(f"worker: sort keys + sort by issue date:       {ms(statistics.median(prep))}")
        print(
            f"UI thread: rows in + first paint:             {ms(statistics.median(first))}  "
            f"(first time {ms(first[0]).strip()}; target 50 ms)"
        )
        worst = 0.0
        for column in range(tab.model.columnCount()):
            times = []
            for _run in range(RUNS):
                tab.model.set_prepared(tab.model.prepare(rows))  # a fresh row set: no cached keys
                for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                    t = time.perf_counter()
                    tab.view.sortByColumn(column, order)
                    tab.view.viewport().repaint()
                    times.append(time.perf_counter() - t)
            took = statistics.median(times)
            worst = max(worst, took)
            print(
                f"  sort by {tab.model.headerData(column, Qt.Orientation.Horizontal):<12} + paint: {ms(took)} "
                f"(slowest of {len(times)}: {ms(max(times)).strip()})"
            )
        print(f"worst median re-sort + paint:                 {ms(worst)}  (target 100 ms)")
        ctx.wait_idle()


if __name__ == "__main__":
    main()
