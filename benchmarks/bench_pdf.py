"""Benchmark invoice PDFs: one invoice's render time, and pages per second for 1,000 demo invoices.

    uv run python benchmarks/bench_pdf.py [--count 1000] [--workers 2] [--keep DIR]

Target: >= 100 pages/s for 1,000 invoices on a 2-core machine. Documents are
gathered from the book once (one read transaction), then rendered on one core and in a
process pool; the QR encoder runs with a fixed mask (see reports/qr.py).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.reports.invoice_pdf import render_invoice
from ledgerdesk.reports.model import InvoicePrint
from ledgerdesk.services.demo import DemoSpec, generate
from ledgerdesk.services.documents import invoice_documents, write_invoice_pdf

AS_OF = date(2026, 11, 23)


def render_batch(docs: list[InvoicePrint]) -> tuple[int, float]:
    """Render documents in memory; returns (pages made, CPU seconds this process spent)."""
    pages = 0
    cpu = time.process_time()
    for doc in docs:
        buffer = io.BytesIO()
        render_invoice(doc, buffer)
        pages += _page_count(buffer.getvalue())
    return pages, time.process_time() - cpu


def _page_count(data: bytes) -> int:
    # reportlab writes one '/Type /Page' object per page (and '/Type /Pages' once).
    return data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page/")


def _warm(_: int) -> int:
    from ledgerdesk.reports.layout import fonts

    fonts()
    return os.getpid()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the demo book in this folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    book = open_book(BookPaths.in_dir(folder))
    with book.db.reading() as s:
        have = s.scalar(select(Invoice.id).limit(1))
    if have is None:
        t = time.perf_counter()
        with book.db.transaction() as s:
            summary = generate(s, DemoSpec(years=3, customers=150, seed=4, as_of=AS_OF))
        print(f"demo book: {summary} in {time.perf_counter() - t:.1f} s")

    with book.db.reading() as s:
        ids = list(s.scalars(select(Invoice.id).where(Invoice.status == "issued").order_by(Invoice.id)))
    ids = ids[: args.count]
    print(f"documents: {len(ids)} issued invoices and credit notes")

    # 1. One invoice, end to end (read from the book + render), warm.
    with book.db.reading() as s:
        write_invoice_pdf(s, ids[0], io.BytesIO(), as_of=AS_OF)
        times = []
        for _ in range(30):
            t = time.perf_counter()
            write_invoice_pdf(s, ids[len(times) % len(ids)], io.BytesIO(), as_of=AS_OF)
            times.append(time.perf_counter() - t)
    print(
        f"single invoice (book read + render): median {statistics.median(times) * 1000:.1f} ms, "
        f"best {min(times) * 1000:.1f} ms"
    )

    # 2. Gather all documents once.
    t = time.perf_counter()
    with book.db.reading() as s:
        docs = invoice_documents(s, ids, as_of=AS_OF)
    gather = time.perf_counter() - t
    print(f"gather {len(docs)} documents from the book (one batch read): {gather:.2f} s")

    # 3. Render on one core.
    t = time.perf_counter()
    pages, cpu = render_batch(docs)
    one = time.perf_counter() - t
    print(
        f"1 core:  {len(docs)} documents, {pages} pages in {one:.2f} s wall -> {pages / one:.0f} pages/s "
        f"({one / len(docs) * 1000:.1f} ms per document); CPU {cpu:.2f} s -> {pages / cpu:.0f} pages per CPU-second"
    )

    # 4. Render in a process pool (workers started and warmed before the clock starts).
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        list(pool.map(_warm, range(args.workers)))
        chunk = max(1, len(docs) // (args.workers * 8))
        batches = [docs[i : i + chunk] for i in range(0, len(docs), chunk)]
        t = time.perf_counter()
        results = list(pool.map(render_batch, batches))
        many = time.perf_counter() - t
    pages, cpu = sum(r[0] for r in results), sum(r[1] for r in results)
    print(
        f"{args.workers} workers: {pages} pages in {many:.2f} s wall -> {pages / many:.0f} pages/s "
        f"(with gathering: {pages / (many + gather):.0f} pages/s); workers' CPU {cpu:.2f} s"
    )
    print(
        f"machine load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
        "(other processes on the machine slow the wall-clock figures)"
    )
    book.close()


if __name__ == "__main__":
    main()
