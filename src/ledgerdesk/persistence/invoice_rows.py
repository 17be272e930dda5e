"""The invoice list's row and its status, without SQLAlchemy: shared by the queries and the first page.

The first screenful of the invoice list is read with the standard library's sqlite3 before the domain
layer has loaded (first_page.py); the full list comes from queries.py. Both make their rows here, so the
status and the open amount have one definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..domain.invoicing import invoice_status, open_amount


@dataclass(frozen=True, slots=True)  # 50,000 of them on a 10-year book: no __dict__ each
class InvoiceRow:
    id: int
    kind: str
    number: str | None
    customer_id: int
    customer: str
    issue_date: date
    due_date: date | None
    net_cents: int
    total_cents: int
    settled_cents: int
    credited_cents: int
    structured_communication: str | None
    status: str

    @property
    def open_cents(self) -> int:
        return open_amount(
            kind=self.kind,
            issued=self.status != "draft",
            total_cents=self.total_cents,
            settled_cents=self.settled_cents,
            credited_cents=self.credited_cents,
        )

    def days_overdue(self, as_of: date) -> int:
        if self.due_date is None or self.status not in ("open", "overdue"):
            return 0
        return max((as_of - self.due_date).days, 0)


def to_row(raw, as_of: date) -> InvoiceRow:  # type: ignore[no-untyped-def]
    (id_, kind, number, customer_id, customer, issue_date, due, net, total, settled, credited, ogm, state) = raw
    if kind == "credit_note":
        status = "credit_note" if state == "issued" else "draft"
        return InvoiceRow(
            id_, kind, number, customer_id, customer, issue_date, due, net, total, settled, credited, ogm, status
        )
    status = invoice_status(
        issued=state == "issued",
        total_cents=total,
        settled_cents=settled,
        credited_cents=credited,
        due=due,
        as_of=as_of,
    )
    return InvoiceRow(
        id_, kind, number, customer_id, customer, issue_date, due, net, total, settled, credited, ogm, status
    )


@dataclass(frozen=True)
class StoredRows:
    """A document's row and its line rows read as plain SQL rows (no ORM objects: 25,000 of them load in a
    fraction of the time), shaped as `domain.document.document_of` reads a stored document."""

    row: Any
    lines: list[Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)
