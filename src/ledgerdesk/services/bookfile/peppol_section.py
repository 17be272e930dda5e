"""Book-file section `peppol_registrations`: the Peppol registry's last answer per customer, with its day.

A cache, but a dated one the user reads on the customer page ("on Peppol for invoices, checked on …"),
so it travels with the book; absent when no customer was ever looked up.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...persistence.models import PeppolRegistration
from . import fields as f
from .links import Declared, Ids, Refs

KEY = "peppol_registrations"
SOURCES = ("sml", "peppyrus", "recommand")


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        row = {
            "customer": f.ref(item, "customer", path, problems, declared.customers, "customer"),
            "participant": f.text(item, "participant", path, problems, required=False),
            "invoices": f.flag(item, "invoices", path, problems),
            "credit_notes": f.flag(item, "credit_notes", path, problems),
            "document_types": f.json_value(item, "document_types", path, problems, list, []),
            "source": f.choice(item, "source", path, problems, SOURCES),
            "checked_on": f.day(item, "checked_on", path, problems),
        }
        if not all(isinstance(t, str) for t in row["document_types"]):
            problems.add(f"{path}.document_types", "must be a list of strings")
            continue
        if row["customer"] is None or row["source"] is None or row["checked_on"] is None:
            continue
        if row["customer"] in seen:
            problems.add(f"{path}.customer", f"'{row['customer']}' is looked up twice")
            continue
        seen.add(row["customer"])
        rows.append(row)
    return rows


def write(session: Session, rows: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    if rows:
        session.execute(
            insert(PeppolRegistration),
            [
                {**{k: v for k, v in r.items() if k != "customer"}, "customer_id": ids["customers"][r["customer"]]}
                for r in rows
            ],
        )
    return {KEY: len(rows)}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    rows = [
        {
            "customer": refs["customers"][r.customer_id],
            "participant": r.participant,
            "invoices": r.invoices,
            "credit_notes": r.credit_notes,
            "document_types": list(r.document_types),
            "source": r.source,
            "checked_on": r.checked_on.isoformat(),
        }
        for r in session.scalars(select(PeppolRegistration).order_by(PeppolRegistration.customer_id))
    ]
    if rows:  # absent in a book that never looked anyone up
        doc[KEY] = rows
