"""The customers as the UI reads them: the searchable list, one customer's row, and the names to pick from."""

from __future__ import annotations

from ..persistence.customer_queries import CustomerRow, customer_row, list_customers
from ..persistence.queries import customer_names

__all__ = ["CustomerRow", "customer_names", "customer_row", "list_customers"]
