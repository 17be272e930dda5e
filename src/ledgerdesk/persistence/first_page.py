"""The first screenful of the invoice list, read with sqlite3 before SQLAlchemy and the domain layer load.

On a 10-year book the full list needs SQLAlchemy (~0.2 s to import, more on a busy machine) and 50,000
rows; the user needs the newest 40 to read at once. This reads those, newest first (the list's default
order: issue date, then creation), with the same sums as queries.invoices_query (payments and issued
credit notes dated up to as_of) and the same rows and status (invoice_rows.to_row); a test checks that
it agrees with the full query row for row. The full list replaces it as soon as it has loaded.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from .inspect_book import read_only_uri
from .invoice_rows import InvoiceRow, to_row

# The unfiltered list ("all statuses", every document kind, every period): drafts, and documents issued
# on or before as_of. Ids first, each kind walked backwards along ix_invoices_kind_status_issue (no sort of
# the whole table), then the sums for those rows only.
FIRST_PAGE_SQL = """
WITH page AS (
    SELECT id, issue_date FROM (
        SELECT id, issue_date FROM invoices WHERE kind = 'invoice' AND status = 'issued' AND issue_date <= :as_of
        ORDER BY issue_date DESC, id DESC LIMIT :limit)
    UNION ALL SELECT id, issue_date FROM (
        SELECT id, issue_date FROM invoices WHERE kind = 'credit_note' AND status = 'issued' AND issue_date <= :as_of
        ORDER BY issue_date DESC, id DESC LIMIT :limit)
    UNION ALL SELECT id, issue_date FROM (
        SELECT id, issue_date FROM invoices WHERE kind IN ('invoice', 'credit_note') AND status = 'draft'
        ORDER BY issue_date DESC, id DESC LIMIT :limit)
    ORDER BY issue_date DESC, id DESC
    LIMIT :limit
)
SELECT i.id, i.kind, i.number, i.customer_id, c.name, i.issue_date, i.due_date, i.net_cents, i.total_cents,
       COALESCE((SELECT SUM(a.amount_cents) FROM allocations a
                 WHERE a.invoice_id = i.id AND a.date <= :as_of), 0),
       COALESCE((SELECT SUM(cn.total_cents) FROM invoices cn
                 WHERE cn.credited_invoice_id = i.id AND cn.kind = 'credit_note' AND cn.status = 'issued'
                   AND cn.issue_date <= :as_of), 0),
       i.structured_communication, i.status
FROM page JOIN invoices i ON i.id = page.id JOIN customers c ON c.id = i.customer_id
ORDER BY i.issue_date DESC, i.id DESC
"""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def first_rows(book: Path, as_of: date, limit: int = 60) -> list[InvoiceRow]:
    """The newest `limit` documents of the unfiltered list as of a date; [] when the book cannot be read
    this way (the full list, read the usual way, then says what is wrong)."""
    try:
        conn = sqlite3.connect(read_only_uri(book), uri=True)  # a path with ? or # is not cut short
    except sqlite3.Error:
        return []
    try:
        raw = conn.execute(FIRST_PAGE_SQL, {"as_of": as_of.isoformat(), "limit": limit}).fetchall()
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    return [to_row((r[0], r[1], r[2], r[3], r[4], _day(r[5]), _day(r[6]), *r[7:]), as_of) for r in raw]
