"""The names of the receivable_closings triggers (migration 0004), without SQLAlchemy.

The KPIs and the receivables' first page trust receivable_closings only when all of them are in place (a
table rebuild by a later migration would drop them); the first page reads with plain sqlite3 before
SQLAlchemy loads, so the names live here rather than beside the model.
"""

from __future__ import annotations

TRIGGERS = (
    "receivable_closings_invoice_insert",
    "receivable_closings_invoice_issue",
    "receivable_closings_allocation_insert",
    "receivable_closings_allocation_delete",
    "receivable_closings_allocation_update",
)
