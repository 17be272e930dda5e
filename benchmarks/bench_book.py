"""Benchmark the book: build demo books of 1, 5 and 10 years, then time opening, listing, exporting and importing.

    uv run python benchmarks/bench_book.py [--years 1 5 10] [--keep DIR]

Target: opening a 10-year book and listing its open invoices in under 0.5 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.queries import list_invoices
from ledgerdesk.services.book_io import export_book, import_book
from ledgerdesk.services.demo import DemoSpec, generate

AS_OF = date(2026, 11, 23)
CUSTOMERS = {1: 200, 5: 1000, 10: 2000}


def _best(fn, repeat=5):
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), result


def open_and_list_in_a_fresh_process(folder: Path) -> float:
    """Cold path as a user meets it: a new interpreter opens the book and lists its open invoices."""
    code = (
        "import time,sys; t=time.perf_counter();"
        "from datetime import date; from pathlib import Path;"
        "from ledgerdesk.paths import BookPaths; from ledgerdesk.persistence.book import open_book;"
        "from ledgerdesk.persistence.queries import list_invoices;"
        f"b=open_book(BookPaths.in_dir(Path({str(folder)!r})));"
        "s=b.db._read(); rows=list_invoices(s, date(2026,11,23), status='open'); s.close(); b.close();"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def bench(years: int, root: Path) -> dict[str, object]:
    folder = root / f"book-{years}y"
    paths = BookPaths.in_dir(folder)
    t = time.perf_counter()
    with open_book(paths) as book:
        with book.db.transaction() as s:
            counts = generate(s, DemoSpec(years=years, customers=CUSTOMERS[years], seed=1, as_of=AS_OF))
    build = time.perf_counter() - t

    def do_open():
        book = open_book(paths)
        book.close()

    open_best, open_med, _ = _best(do_open)
    book = open_book(paths)

    def do_list():
        with book.db.reading() as s:
            return list_invoices(s, AS_OF, status="open")

    list_best, list_med, rows = _best(do_list)

    def do_export():
        with book.db.reading() as s:
            return json.dumps(export_book(s))

    export_best, _, text = _best(do_export, repeat=2)
    book.close()
    # Import the export into an empty book (parse + checks + writes, one transaction), then export again.
    copy_paths = BookPaths.in_dir(root / f"book-{years}y-copy")
    with open_book(copy_paths) as copy:
        t = time.perf_counter()
        data = json.loads(text)
        parsed = time.perf_counter() - t
        with copy.db.transaction() as s:
            import_book(s, data)
        imported = time.perf_counter() - t - parsed
        with copy.db.reading() as s:
            same = json.dumps(export_book(s)) == text
    cold = min(open_and_list_in_a_fresh_process(folder) for _ in range(3))
    return {
        "years": years,
        **counts,
        "open_invoices": len(rows),
        "build_s": round(build, 2),
        "open_ms": round(open_best * 1000, 1),
        "open_median_ms": round(open_med * 1000, 1),
        "list_open_ms": round(list_best * 1000, 1),
        "list_open_median_ms": round(list_med * 1000, 1),
        "open_plus_list_ms": round((open_best + list_best) * 1000, 1),
        "cold_process_open_plus_list_ms": round(cold * 1000, 1),
        "export_s": round(export_best, 2),
        "export_mb": round(len(text) / 1e6, 1),
        "import_json_parse_s": round(parsed, 2),
        "import_s": round(imported, 2),
        "round_trip_identical": same,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, nargs="+", default=[1, 5, 10])
    parser.add_argument("--keep", type=Path, help="keep the books in this folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="ledgerdesk-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    for years in args.years:
        result = bench(years, root)
        print(json.dumps(result))
        if years == 10:
            ok = result["open_plus_list_ms"] < 500
            print(
                f"target: open + list open invoices of a 10-year book < 500 ms: {result['open_plus_list_ms']} ms "
                f"(cold process incl. imports: {result['cold_process_open_plus_list_ms']} ms) -> {'OK' if ok else 'MISSED'}"
            )


if __name__ == "__main__":
    main()
