"""Startup: process start -> usable main window with a 10-year book, against a bare PySide6 window.

Run: QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_startup.py [--runs 5] [--book DIR] [--open-tab TAB|all]
Prints medians over several runs and the ratio against the bare window; `--open-tab all` measures the three
tabs the window may reopen on with rows (InvoicesTab, ReceivablesTab, RemindersTab) and sums them up.
"usable" = book open, main window shown and painted with the invoices tab (the other tabs
are built once the domain layer has loaded in a worker, one per event-loop turn); "first rows
readable" = the tab the window opened on shows rows in a painted table (target: at most 2.5x the
bare window); "list filled" = the invoice list holds every row. "memory" = the process's resident
memory after every tab was visited and filled (target: at most 200 MiB), and the bare window's.
With --open-tab, the window opens on that tab (a tab that needs the domain layer shows "Loading…"
until it is built; the Reminders tab shows the letters its last run kept while the book is unchanged, and
the unmeasured first start of each case is that run).
The book is the lead's demo (`ledgerdesk demo --years 10 --customers 2000`) when available,
otherwise a synthetic one of the same size (benchmarks/bigbook.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAVY = ("reportlab", "pyqtgraph", "alembic")


def child_bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    tabs = QTabWidget()
    for name in ("Invoices", "Receivables", "Reminders", "KPIs"):
        tabs.addTab(QWidget(), name)
    window.setCentralWidget(tabs)
    window.resize(1200, 800)
    window.show()
    window.repaint()
    app.processEvents()
    print("READY", flush=True)
    print("ROWS", flush=True)
    print("LIST", flush=True)
    print("MEM", rss_mib(), flush=True)


def rss_mib() -> float:
    """Resident memory of this process now, in MiB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def rows_shown(window) -> int:  # type: ignore[no-untyped-def]
    """Rows in the first table of the tab on screen (0 while it is a 'Loading…' page or still empty)."""
    from PySide6.QtWidgets import QLabel, QTableView

    tab = window.tabs.currentWidget()
    if tab is None or isinstance(tab, QLabel):  # a "Loading…" page
        return 0
    views = tab.findChildren(QTableView)
    for view in views:
        if view.isVisible() and view.model() is not None and view.model().rowCount() > 0:
            return view.model().rowCount()
    if not views:  # a tab of figures (the overview): readable once its figures arrived
        return 1 if getattr(tab, "snapshot", None) is not None else 0
    return 0


def child_app(folder: str, prefs_file: str) -> None:
    from PySide6.QtWidgets import QApplication

    from ledgerdesk.app import Desk
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.ui.preferences import Preferences

    app = QApplication(sys.argv[:1])
    desk = Desk(Preferences.in_file(Path(prefs_file)) if prefs_file else Preferences())
    assert desk.start(BookPaths.in_dir(Path(folder)))
    desk.window.repaint()  # first paint: the book is open and the window drawn on its first tab
    print("READY", flush=True)
    while not rows_shown(desk.window):  # reopened on a tab whose rows come from a worker
        app.processEvents()
        time.sleep(0.002)
    desk.window.tabs.currentWidget().repaint()
    print("ROWS", rows_shown(desk.window), flush=True)
    print("AT_READY", ",".join(m for m in ("sqlalchemy", *HEAVY) if m in sys.modules) or "-", flush=True)
    # The longest the UI thread went without turning its event loop from here until the list is
    # filled (a 5 ms timer that notes the gaps between its ticks): what a user would feel as a freeze.
    from PySide6.QtCore import QTimer

    ticks = [time.perf_counter()]
    gaps = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        gaps[0] = max(gaps[0], now - ticks[0])
        ticks[0] = now

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    while desk.window._pending:  # the other tabs, built one per event-loop turn
        app.processEvents()
    print("TABS", flush=True)
    tab = desk.window.find_tab("new_invoice")
    while not getattr(tab, "complete", tab.model.rowCount() > 0):  # the first page is there at once
        app.processEvents()
        time.sleep(0.002)
    tab.view.viewport().repaint()
    tick()
    print("LIST", tab.model.rowCount(), flush=True)
    print("STALL", gaps[0], flush=True)
    for index in range(desk.window.tabs.count()):  # every tab visited and filled, then the memory
        desk.window.tabs.setCurrentIndex(index)
        quiet_since, deadline = None, time.perf_counter() + 30
        while time.perf_counter() < deadline:  # until its workers have been idle for 0.3 s
            app.processEvents()
            time.sleep(0.01)
            if desk.ctx._pool.activeThreadCount():
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.perf_counter()
            elif time.perf_counter() - quiet_since > 0.3:
                break
    print("MEM", rss_mib(), flush=True)
    desk.window.tabs.setCurrentIndex(0)  # the window remembers its tab: the next run opens where this one did
    print("HEAVY", ",".join(m for m in HEAVY if m in sys.modules) or "-", flush=True)
    desk.window.close()
    desk.close()


def measure(args: list[str]) -> tuple[float, float, list[str]]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")},
    )
    ready = filled = tabs = rows = 0.0
    extra = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            ready = time.perf_counter() - start
        elif line.startswith("ROWS"):
            rows = time.perf_counter() - start
        elif line.startswith("TABS"):
            tabs = time.perf_counter() - start
        elif line.startswith("LIST"):
            filled = time.perf_counter() - start
        else:
            extra.append(line.strip())
    proc.wait()
    if proc.returncode:
        raise SystemExit(f"child {args} failed with {proc.returncode}")
    return ready, filled, extra + [f"TABS {tabs or filled}", f"FIRSTROWS {rows}"]


def ensure_book(folder: Path) -> str:
    if (folder / "ledgerdesk.sqlite").exists():
        return "existing"
    import importlib.util

    if importlib.util.find_spec("ledgerdesk.services.demo") is not None:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ledgerdesk.cli",
                "--data-dir",
                str(folder),
                "demo",
                "--years",
                "10",
                "--customers",
                "2000",
            ],
            check=True,
        )
        return "demo --years 10 --customers 2000"
    sys.path.insert(0, str(HERE))
    from bigbook import make_big_book

    make_big_book(folder, invoices=50_000, customers=2_000, years=10)
    return "synthetic: 10 years, 2,000 customers, 50,000 invoices"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["bare", "app"])
    parser.add_argument("--book", default=str(Path(tempfile.gettempdir()) / "ledgerdesk-bench-startup"))
    parser.add_argument("--prefs", default="")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--open-tab",
        default="",
        help="the tab the last session ended on (e.g. ReceivablesTab); 'all': the invoices, Receivables and Reminders",
    )
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child == "app":
        return child_app(args.book, args.prefs)
    folder = Path(args.book)
    kind = ensure_book(folder)
    if sys.flags.dont_write_bytecode:
        # This environment sets PYTHONDONTWRITEBYTECODE, so every start would compile
        # SQLAlchemy from source (~1 s); an installed app has its bytecode. Compile once.
        import compileall
        import sysconfig

        for where in (sysconfig.get_paths()["purelib"], str(HERE.parent / "src")):
            compileall.compile_dir(where, quiet=1, workers=2)
        print("(bytecode compiled for site-packages and src: PYTHONDONTWRITEBYTECODE is set here)")
    cases = ("", "ReceivablesTab", "RemindersTab") if args.open_tab == "all" else (args.open_tab,)
    results = {}
    for case in cases:
        print(f"\n== reopened on {case or 'the invoices (InvoicesTab)'}")
        results[case] = run_case(folder, kind, case, args.runs)
    if len(results) > 1:
        print("\nsummary (medians)             first rows   x bare   memory after every tab   bare window")
        for case, got in results.items():
            print(
                f"  {case or 'InvoicesTab':26s} {got['rows'] * 1000:8.0f} ms  {got['rows'] / got['bare']:5.2f}x"
                f"   {got['memory']:6.0f} MiB (target 200)   {got['bare_memory']:4.0f} MiB, {got['bare'] * 1000:.0f} ms"
            )


def run_case(folder: Path, kind: str, open_tab: str, runs: int) -> dict[str, float]:
    """Start the app `runs` times on the book (reopening on `open_tab`), each after a bare window; print the medians."""
    prefs = Path(tempfile.mkdtemp()) / "prefs.ini"

    def reopen_on_tab() -> None:  # before every run: a run's window remembers the tab it closed on
        if open_tab:
            from ledgerdesk.ui.preferences import Preferences

            saved = Preferences.in_file(prefs)
            saved.set_open_tab(open_tab)
            saved.sync()

    bare, app_ready, app_filled, app_tabs, heavy, at_ready, stalls = [], [], [], [], set(), set(), []
    app_rows, app_mem, bare_mem = [], [], []
    measure(["--child", "bare"])  # warm the file cache once for both
    reopen_on_tab()
    measure(["--child", "app", "--book", str(folder), "--prefs", str(prefs)])
    for _ in range(runs):
        bare_ready, _, bare_extra = measure(["--child", "bare"])
        bare.append(bare_ready)
        bare_mem.append(float(next(e for e in bare_extra if e.startswith("MEM")).split()[1]))
        reopen_on_tab()
        ready, filled, extra = measure(["--child", "app", "--book", str(folder), "--prefs", str(prefs)])
        app_rows.append(float(next(e for e in extra if e.startswith("FIRSTROWS")).split()[1]))
        app_mem.append(float(next(e for e in extra if e.startswith("MEM")).split()[1]))
        app_ready.append(ready)
        app_filled.append(filled)
        app_tabs.append(float(next(e for e in extra if e.startswith("TABS")).split()[1]))
        heavy.update(e.split()[1] for e in extra if e.startswith("HEAVY"))
        at_ready.update(e.split()[1] for e in extra if e.startswith("AT_READY"))
        stalls.append(float(next(e for e in extra if e.startswith("STALL")).split()[1]))
    b, r, f = (statistics.median(x) for x in (bare, app_ready, app_filled))
    print(f"book: {kind} ({(folder / 'ledgerdesk.sqlite').stat().st_size // 1024} KiB)")
    print(f"bare PySide6 window, 4 empty tabs:      {b * 1000:6.0f} ms (median of {runs})")
    t = statistics.median(app_tabs)
    opened_on = f" (opened on {open_tab})" if open_tab else ""
    print(f"LedgerDesk main window usable{opened_on}:          {r * 1000:6.0f} ms  ratio {r / b:4.2f}x")
    print(f"  + the other tabs built (deferred):    {t * 1000:6.0f} ms  ratio {t / b:4.2f}x")
    fr = statistics.median(app_rows)
    print(f"LedgerDesk first rows readable{opened_on}:   {fr * 1000:6.0f} ms  ratio {fr / b:4.2f}x (target <= 2.5x)")
    print(f"LedgerDesk invoice list filled (all rows): {f * 1000:6.0f} ms  ratio {f / b:4.2f}x")
    print(
        f"memory after visiting every tab: {statistics.median(app_mem):.0f} MiB (target <= 200 MiB); "
        f"bare window {statistics.median(bare_mem):.0f} MiB"
    )
    print(
        f"longest UI-thread stall from first paint to list filled: {statistics.median(stalls) * 1000:.0f} ms median, "
        f"{max(stalls) * 1000:.0f} ms worst (target: none over 100 ms)"
    )
    print(f"loaded when the window first painted: {', '.join(sorted(at_ready))}")
    print(f"heavy libraries loaded once every tab was built and the list filled: {', '.join(sorted(heavy))}")
    return {
        "bare": b,
        "rows": fr,
        "ready": r,
        "memory": statistics.median(app_mem),
        "bare_memory": statistics.median(bare_mem),
    }


if __name__ == "__main__":
    main()
