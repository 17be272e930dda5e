"""How the file's ids connect objects: what a file declares, the ids rows got, the refs rows are exported as."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table


@dataclass
class Declared:
    """What the file declares, by its own ids, for checking references between sections before writing.

    `customers`: id → kind; `invoices`: id → (kind, status, customer id, number); the others are sets
    or id → whatever the checks of later sections need.
    """

    today: date = date.min
    regime: str = "standard"
    customer_scenarios: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (code, JSON path)
    customers: dict[str, str] = field(default_factory=dict)
    invoices: dict[str, tuple[str, str, str, str | None]] = field(default_factory=dict)
    payments: set[str] = field(default_factory=set)
    scenarios: dict[str, str] = field(default_factory=dict)  # code → kind (shipped and the file's)
    letters: dict[str, str] = field(default_factory=dict)  # id → customer id
    plans: set[str] = field(default_factory=set)
    batches: set[str] = field(default_factory=set)

    def issued_invoice(self, ref: str) -> bool:
        found = self.invoices.get(ref)
        return found is not None and found[0] == "invoice" and found[1] == "issued"


@dataclass
class Ids:
    """File id → database id of every written row that others refer to, per kind."""

    by_kind: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def __getitem__(self, kind: str) -> dict[str, int]:
        return self.by_kind[kind]


@dataclass
class Refs:
    """Database id → file id of every exported row that others refer to, per kind."""

    by_kind: dict[str, dict[int, str]] = field(default_factory=lambda: defaultdict(dict))

    def __getitem__(self, kind: str) -> dict[int, str]:
        return self.by_kind[kind]


# History details and bank suggestions hold database ids; in the file they are the file's ids.
DETAIL_REFS = {"payment_id": "payments", "plan": "plans", "import": "batches"}


def detail_out(detail: dict[str, Any], refs: Refs) -> dict[str, Any]:
    result = dict(detail)
    for key, kind in DETAIL_REFS.items():
        value = result.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value in refs[kind]:
            result[key] = refs[kind][value]
    return result


def detail_in(detail: dict[str, Any], ids: Ids) -> dict[str, Any]:
    result = dict(detail)
    for key, kind in DETAIL_REFS.items():
        value = result.get(key)
        if isinstance(value, str) and value in ids[kind]:
            result[key] = ids[kind][value]
    return result


def table(model: Any) -> Table:
    """A model's table, typed as one (SQLAlchemy types `__table__` as any FromClause, which insert() refuses)."""
    return cast(Table, model.__table__)
