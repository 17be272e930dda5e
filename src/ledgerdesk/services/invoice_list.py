"""The invoice list as the UI reads it: its frozen row, the first screenful and the whole filtered list.

Importing this module costs no SQLAlchemy, so the invoices and receivables tabs can paint their first rows
before the domain layer has loaded (a test checks): `first_rows` (the newest documents) and
`first_open_items` (the oldest open items) read with plain sqlite3.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from ..persistence.first_page import first_rows
from ..persistence.invoice_rows import InvoiceRow
from ..persistence.open_items_page import first_open_items

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy.orm import Session

    from ..domain.document import CommercialDocument

__all__ = ["InvoiceRow", "first_open_items", "first_rows", "iter_invoices", "list_invoices", "with_documents"]

CHUNK = 500  # ids per query (SQLite allows some 32,000 bound values; small chunks keep memory flat)


def list_invoices(session: Session, as_of: date, **filters: object) -> list[InvoiceRow]:
    """The invoices and credit notes matching `filters` (status, kind, customer_id, text…), as of a date."""
    # Imported here, not above: persistence.queries brings SQLAlchemy (~0.2 s), which the first paint must not wait for.
    from ..persistence import queries

    return queries.list_invoices(session, as_of, **filters)


def iter_invoices(session: Session, as_of: date, **filters: object) -> Iterator[InvoiceRow]:
    """list_invoices one row at a time (for a caller that keeps them in another shape)."""
    from ..persistence import queries

    return queries.iter_invoices(session, as_of, **filters)


def with_documents(session: Session, rows: Sequence[InvoiceRow]) -> list[tuple[InvoiceRow, CommercialDocument]]:
    """Each listed row with its document value (`document_of`): what a listing shows of a document (number,
    dates, totals, structured communication) comes from the value the PDF and the UBL file read; the row
    adds what depends on the day and the book (customer, open amount, status)."""
    from collections import defaultdict

    from sqlalchemy import select

    from ..domain.document import document_of
    from ..persistence.invoice_rows import StoredRows
    from ..persistence.models import Invoice, InvoiceLine

    invoices, lines = Invoice.__table__, InvoiceLine.__table__
    values: dict[int, CommercialDocument] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        lines_of: dict[int, list[Any]] = defaultdict(list)
        for line in session.execute(
            select(lines).where(lines.c.invoice_id.in_(chunk)).order_by(lines.c.invoice_id, lines.c.position)
        ):
            lines_of[line.invoice_id].append(line)
        for invoice in session.execute(select(invoices).where(invoices.c.id.in_(chunk))):
            values[invoice.id] = document_of(StoredRows(invoice, lines_of[invoice.id]))
    return [(row, values[row.id]) for row in rows]
