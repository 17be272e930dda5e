"""Book-file section `einvoices`: the e-invoice archive, each UBL file byte for byte (base64) with its SHA-256.

The archive is user data, not a cache: it is the legal copy of what was sent, and the app
never regenerates an issued document's e-invoice (a later change of templates or rules would
make a different file), so it travels in the book file as it is.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...persistence.models import EInvoiceArchive, Invoice
from . import fields as f
from .core_export import BATCH
from .links import Declared, Ids, Refs, table

KEY = "einvoices"


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    archive = []
    seen: set[str] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        invoice = f.ref(item, "invoice", path, problems, declared.invoices, "invoice or credit note")
        xml = f.base64_bytes(item, "xml_base64", path, problems)
        sha = f.text(item, "sha256", path, problems)
        row = {
            "invoice": invoice,
            "xml": xml,
            "sha256": sha,
            "produced_on": f.day(item, "produced_on", path, problems),
            "created_at": f.moment(item, "created_at", path, problems),
            "valid": f.flag(item, "valid", path, problems),
            "overridden": f.flag(item, "overridden", path, problems),
            "findings": f.json_value(item, "findings", path, problems, list, []),
        }
        if None in row.values():
            continue
        kind, status, _customer, number = declared.invoices[invoice]  # type: ignore[index]
        if status != "issued":
            problems.add(f"{path}.invoice", f"'{invoice}' is a draft; only issued documents have an e-invoice")
        elif invoice in seen:
            problems.add(f"{path}.invoice", f"'{invoice}' has two e-invoices")
        elif hashlib.sha256(xml).hexdigest() != sha:  # type: ignore[arg-type]
            problems.add(f"{path}.sha256", "does not match the XML: the file was changed")
        else:
            seen.add(invoice)  # type: ignore[arg-type]
            archive.append({**row, "kind": kind})
    return archive


def write(session: Session, archive: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    numbers = (
        dict(
            session.execute(
                select(Invoice.id, Invoice.number).where(
                    Invoice.id.in_([ids["invoices"][a["invoice"]] for a in archive])
                )
            ).all()
        )
        if archive
        else {}
    )
    rows = []
    for a in archive:
        invoice_id = ids["invoices"][a["invoice"]]
        rows.append(
            {
                "invoice_id": invoice_id,
                "number": numbers[invoice_id],
                "kind": a["kind"],
                "xml": a["xml"],
                "sha256": a["sha256"],
                "size": len(a["xml"]),
                "produced_on": a["produced_on"],
                "created_at": a["created_at"],
                "valid": a["valid"],
                "overridden": a["overridden"],
                "findings": a["findings"],
            }
        )
    if rows:
        session.execute(insert(table(EInvoiceArchive)), rows)
    return {"einvoices": len(rows)}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    doc[KEY] = (  # produced row by row as the file is written (json_out)
        {
            "invoice": refs["invoices"][a.invoice_id],
            "produced_on": a.produced_on.isoformat(),
            "created_at": f.iso(a.created_at),
            "valid": a.valid,
            "overridden": a.overridden,
            "sha256": a.sha256,
            "findings": a.findings,
            "xml_base64": f.b64(a.xml),
        }
        for a in session.scalars(
            select(EInvoiceArchive).order_by(EInvoiceArchive.id).execution_options(yield_per=BATCH)
        )
    )
