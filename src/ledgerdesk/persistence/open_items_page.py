"""The first screenful of the receivables' open items, read with sqlite3 before SQLAlchemy and the domain layer load.

The Receivables tab lists the invoices open as of a date, oldest due date first. On a 10-year book the full
list waits for SQLAlchemy (~0.2 s to import, more on a busy machine) and the whole ledger; the user needs
the oldest 60 to read at once. This reads them with the same sums as queries.invoices_query(status="open")
(payments and issued credit notes dated up to as_of), makes the rows with invoice_rows.to_row (one status
and one open amount), and orders them as the tab orders the full list: due date (none last), then the
list's own order (issue date, number, id). A test checks it against the full model's first rows.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from .closing_triggers import TRIGGERS
from .inspect_book import read_only_uri
from .invoice_rows import InvoiceRow, to_row

# The invoices that may be open on as_of, in the order the tab shows them. Candidates: never closed, or
# closed after as_of (receivable_closings, kept by triggers); the unary + keeps SQLite from driving the query
# by an index over every invoice instead of the few candidates (~6 ms for 5,700 of 50,000 invoices).
_CANDIDATES = "i.id IN (SELECT invoice_id FROM receivable_closings WHERE closed_on IS NULL OR closed_on > :as_of) AND"
_ORDER_SQL = """
SELECT i.id FROM invoices i
WHERE {candidates} +i.kind = 'invoice' AND +i.status = 'issued' AND +i.issue_date <= :as_of
ORDER BY i.due_date IS NULL, i.due_date, i.issue_date, i.number, i.id
"""
# The rows of some of those ids, with the sums of queries.invoices_query.
_ROWS_SQL = """
SELECT i.id, i.kind, i.number, i.customer_id, c.name, i.issue_date, i.due_date, i.net_cents, i.total_cents,
       COALESCE((SELECT SUM(a.amount_cents) FROM allocations a
                 WHERE a.invoice_id = i.id AND a.date <= :as_of), 0),
       COALESCE((SELECT SUM(cn.total_cents) FROM invoices cn
                 WHERE cn.credited_invoice_id = i.id AND cn.kind = 'credit_note' AND cn.status = 'issued'
                   AND cn.issue_date <= :as_of), 0),
       i.structured_communication, i.status
FROM invoices i JOIN customers c ON c.id = i.customer_id
WHERE i.id IN (SELECT value FROM json_each(:ids))
"""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _closings_trusted(conn: sqlite3.Connection) -> bool:
    names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return set(TRIGGERS) <= names


def first_open_items(book: Path, as_of: date, limit: int = 60) -> list[InvoiceRow]:
    """The `limit` open invoices as of a date that the unfiltered Receivables list shows first; [] when the
    book cannot be read this way (the full list, read the usual way, then says what is wrong)."""
    try:
        conn = sqlite3.connect(read_only_uri(book), uri=True)  # a path with ? or # is not cut short
    except sqlite3.Error:
        return []
    try:
        found: list[InvoiceRow] = []
        try:
            candidates = _CANDIDATES if _closings_trusted(conn) else ""
            ordered = [
                i for (i,) in conn.execute(_ORDER_SQL.format(candidates=candidates), {"as_of": as_of.isoformat()})
            ]
            # The sums only for the ids in turn, a screenful at a time, until `limit` are open: most candidates
            # are, so this reads about one screenful instead of summing every candidate's payments.
            for start in range(0, len(ordered), limit):
                chunk = ordered[start : start + limit]
                raw = {r[0]: r for r in conn.execute(_ROWS_SQL, {"as_of": as_of.isoformat(), "ids": json.dumps(chunk)})}
                rows = (to_row((*r[:5], _day(r[5]), _day(r[6]), *r[7:]), as_of) for r in map(raw.__getitem__, chunk))
                found.extend(row for row in rows if row.open_cents > 0)  # the domain's open amount decides
                if len(found) >= limit:
                    break
        except sqlite3.Error:
            return []
    finally:
        conn.close()
    return found[:limit]
