"""Book-file section `invoice_events`: the append-only history of every invoice and credit note.

A file with this section (format 2) brings its own history and the import adds nothing to it;
without it (format 1) each document gets 'imported' and 'issued' events. Details that hold
database ids (payment, plan, bank import) carry the file's ids instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...persistence.models import InvoiceEvent
from . import fields as f
from .core_export import BATCH
from .links import Declared, Ids, Refs, detail_in, detail_out, table

KEY = "invoice_events"


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    events = []
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        row = {
            "invoice": f.ref(item, "invoice", path, problems, declared.invoices, "invoice or credit note"),
            "at": f.moment(item, "at", path, problems),
            "on_date": f.day(item, "on", path, problems),
            "kind": f.text(item, "kind", path, problems),
            "detail": f.json_value(item, "detail", path, problems, dict, {}),
        }
        if row["kind"] is not None and len(row["kind"]) > 30:
            problems.add(f"{path}.kind", "is at most 30 characters")
        elif None not in row.values():
            events.append(row)
    return events


def write(session: Session, events: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    rows = [
        {
            "invoice_id": ids["invoices"][e["invoice"]],
            "at": e["at"],
            "on_date": e["on_date"],
            "kind": e["kind"],
            "detail": detail_in(e["detail"], ids),
        }
        for e in events
    ]
    if rows:
        session.execute(insert(table(InvoiceEvent)), rows)
    return {"invoice_events": len(rows)}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    inv = refs["invoices"]
    doc[KEY] = (  # produced row by row as the file is written (json_out)
        {
            "invoice": inv[e.invoice_id],
            "at": f.iso(e.at),
            "on": e.on_date.isoformat(),
            "kind": e.kind,
            "detail": detail_out(dict(e.detail or {}), refs),
        }
        for e in session.execute(
            select(InvoiceEvent.__table__).order_by(InvoiceEvent.id).execution_options(yield_per=BATCH)
        )
    )
