"""Benchmark backups: make (copy + check + facts), list, check again and restore, on demo books of 1 and 10 years.

    uv run python benchmarks/bench_backup.py [--years 1 10]

What a user waits for: the daily backup runs off the UI thread, the on-close one while the app quits.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.backups import (
    check,
    list_backups,
    make_backup,
    restore_book,
)
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services.demo import DemoSpec, generate

AS_OF = date(2026, 11, 23)
CUSTOMERS = {1: 200, 5: 1000, 10: 2000}


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()
    for years in args.years:
        with tempfile.TemporaryDirectory() as folder:
            paths = BookPaths.in_dir(Path(folder))
            with open_book(paths) as book, book.db.transaction() as session:
                generate(
                    session, DemoSpec(years=years, customers=CUSTOMERS.get(years, 200 * years), seed=1, as_of=AS_OF)
                )
            size = paths.book.stat().st_size / 1e6
            result, made = timed(lambda paths=paths: make_backup(paths, "manual", now=datetime(2026, 11, 23, 18)))
            facts = result.backup.facts
            for day in range(1, 60):  # two months of daily backups, rotated as they come
                make_backup(paths, "daily", now=datetime(2026, 11, 23, 18) + timedelta(days=day))
            listed, listing = timed(lambda paths=paths: list_backups(paths))
            _, checking = timed(lambda listed=listed: check(listed[0].path))
            _, restoring = timed(
                lambda paths=paths, listed=listed: restore_book(paths, listed[0].path, now=datetime(2027, 2, 1))
            )
            print(
                f"{years:>2} years: book {size:.1f} MB, {facts.invoices} documents, "
                f"{sum(facts.rows.values())} rows | backup {made * 1000:.0f} ms | "
                f"list {len(listed)} kept of 60 in {listing * 1000:.1f} ms | check {checking * 1000:.0f} ms | "
                f"restore {restoring * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
