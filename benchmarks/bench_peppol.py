"""Benchmark Peppol through the local stand-in access point: 1,000 invoices sent, an inbox of 1,000 fetched.

    uv run python benchmarks/bench_peppol.py [--documents 1000] [--provider peppyrus|recommand]

Sending: each document through the adapter as a first attempt (`earlier_attempt=False`), then its status;
and 20 sends as retries (the adapter first looks among what was sent to that receiver, which grows with
the book: the cost of "never twice"). Receiving: the stand-in's inbox of N real UBL invoices (with their
PDF) fetched into a fresh book: listed, fetched, validated with the official CEN and Peppol rules,
stored with its hash and confirmed, one transaction per document.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "peppol"))

from peppol_books import supplier_documents  # noqa: E402
from peppol_standin import StandIn  # noqa: E402

from ledgerdesk.einvoice.validate import warm_up  # noqa: E402
from ledgerdesk.paths import BookPaths  # noqa: E402
from ledgerdesk.peppol import AccessPointSettings, connect, document_key, document_type_of  # noqa: E402
from ledgerdesk.persistence.book import open_book  # noqa: E402
from ledgerdesk.services import company, inbox  # noqa: E402


def numbered(template: bytes, n: int) -> bytes:
    """The same invoice under another number (the first cbc:ID is the document's)."""
    return re.sub(rb"<cbc:ID>[^<]*</cbc:ID>", f"<cbc:ID>B-{n:05d}</cbc:ID>".encode(), template, count=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--provider", choices=("peppyrus", "recommand"), default="peppyrus")
    args = parser.parse_args()
    n = args.documents
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = supplier_documents(folder / "supplier", 1, credit_note=False)[0]
        docs = [numbered(template, i) for i in range(n)]
        warm_up()
        key = "bench-key" if args.provider == "peppyrus" else "key_b:secret_b"
        with StandIn(args.provider, api_key=key) as ap:
            adapter = connect(AccessPointSettings(args.provider, ap.base_url, "custom", ap.company_id), key, timeout=30)
            doctype = document_type_of(template)
            started = time.perf_counter()
            ids = [
                adapter.send(doc, "0208:0403170701", doctype, document_key(doc), earlier_attempt=False).message_id
                for doc in docs
            ]
            sent = time.perf_counter() - started
            started = time.perf_counter()
            states = {adapter.status(i).state for i in ids}
            status = time.perf_counter() - started
            retries = docs[:20]
            started = time.perf_counter()
            found = sum(adapter.send(d, "0208:0403170701", doctype, document_key(d)).earlier for d in retries)
            retried = time.perf_counter() - started
            assert len(ap.sent()) == n and states == {"sent"} and found == len(retries)
            print(
                f"send      {n} invoices ({len(template) / 1024:.0f} KB each): {sent:.2f} s, {sent / n * 1000:.1f} ms each"
            )
            print(f"status    {n} messages: {status:.2f} s, {status / n * 1000:.1f} ms each")
            print(
                f"retry     {len(retries)} sends found already sent among {n} (nothing sent twice): "
                f"{retried:.2f} s, {retried / len(retries) * 1000:.0f} ms each"
            )

        with StandIn(args.provider, api_key=key) as ap:
            for doc in docs:
                ap.deliver(doc)
            book = open_book(BookPaths.in_dir(folder / "ours"))
            with book.db.transaction() as s:
                company.save_company(s, company.CompanyData(name="Atelier Janssens", vat="BE0403170701"))
            adapter = connect(AccessPointSettings(args.provider, ap.base_url, "custom", ap.company_id), key, timeout=30)
            started = time.perf_counter()
            report = inbox.fetch_inbox(book.db, adapter, now=datetime.now())
            fetched = time.perf_counter() - started
            book.close()
            assert report.count("new") == n and not ap.unconfirmed(), report.items[:3]
            size = (folder / "ours" / "ledgerdesk.sqlite").stat().st_size
            print(
                f"inbox     {n} invoices fetched, validated, stored and confirmed: {fetched:.2f} s, "
                f"{fetched / n * 1000:.1f} ms each (book {size / 1e6:.0f} MB)"
            )


if __name__ == "__main__":
    main()
