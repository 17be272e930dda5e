"""The invoice list as the UI reads it: its frozen row, the first screenful and the whole filtered list.

Importing this module costs no SQLAlchemy, so the invoices and receivables tabs can paint their first rows
before the domain layer has loaded (a test checks): `first_rows` (the newest documents) and
`first_open_items` (the oldest open items) read with plain sqlite3.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..persistence.first_page import first_rows
from ..persistence.invoice_rows import InvoiceRow
from ..persistence.open_items_page import first_open_items

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = ["InvoiceRow", "first_open_items", "first_rows", "list_invoices"]


def list_invoices(session: Session, as_of: date, **filters: object) -> list[InvoiceRow]:
    """The invoices and credit notes matching `filters` (status, kind, customer_id, text…), as of a date."""
    # Imported here, not above: persistence.queries brings SQLAlchemy (~0.2 s), which the first paint must not wait for.
    from ..persistence import queries

    return queries.list_invoices(session, as_of, **filters)
