"""Book-file section `deliveries`: the outbox, each delivery with its state, attempts, the other side's
answers and the bytes that left (base64) with their SHA-256.

What left is proof, like the e-invoice archive: it travels in the book file as it is, and a copy
whose bytes do not match their SHA-256 is refused.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...domain import outbox as rules
from ...persistence.models import Delivery
from . import fields as f
from .links import Declared, Ids, Refs

KEY = "deliveries"
_MOMENTS = ("last_attempt_at", "handed_over_at", "sent_at", "delivered_at")


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    rows = []
    keys: set[str] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        kind = f.choice(item, "document_kind", path, problems, rules.DOCUMENT_KINDS)
        invoice = f.ref(item, "invoice", path, problems, declared.invoices, "invoice or credit note", required=False)
        letter = f.ref(item, "letter", path, problems, declared.letters, "reminder letter", required=False)
        customer = f.ref(item, "customer", path, problems, declared.customers, "customer", required=False)
        key = f.text(item, "message_key", path, problems)
        row: dict[str, Any] = {
            "document_kind": kind,
            "document_number": f.text(item, "document_number", path, problems),
            "invoice": invoice,
            "letter": letter,
            "customer": customer,
            "channel": f.choice(item, "channel", path, problems, rules.CHANNELS),
            "recipient": f.free_text(item, "recipient", path, problems),
            "state": f.choice(item, "state", path, problems, rules.STATES),
            "message_key": key,
            "attempts": f.integer(item, "attempts", path, problems, low=0),
            "queued_at": f.moment(item, "queued_at", path, problems),
            "answer": f.free_text(item, "answer", path, problems),
            "log": f.json_value(item, "log", path, problems, list, []),
        }
        for name in _MOMENTS:
            row[name] = f.moment(item, name, path, problems, required=False)
        message = None
        if item.get("message_base64") is not None:
            message = f.base64_bytes(item, "message_base64", path, problems)
            sha = f.text(item, "message_sha256", path, problems)
            if message is not None and sha is not None and hashlib.sha256(message).hexdigest() != sha:
                problems.add(f"{path}.message_sha256", "does not match the message: the file was changed")
        row["message"] = message
        row["message_sha256"] = hashlib.sha256(message).hexdigest() if message is not None else None
        if key is not None:
            if key in keys:
                problems.add(f"{path}.message_key", "'{value}' is used twice", value=key)
            keys.add(key)
        if kind in (rules.INVOICE, rules.CREDIT_NOTE) and invoice is None and "invoice" not in item:
            problems.add(f"{path}.invoice", "is missing")
        if invoice is not None and declared.invoices[invoice][1] != "issued":
            problems.add(f"{path}.invoice", "'{value}' is a draft; a draft is never sent", value=invoice)
        if None in (row["document_kind"], row["document_number"], row["channel"], row["state"], key):
            continue
        if row["attempts"] is None or row["queued_at"] is None:
            continue
        rows.append(row)
    return rows


def write(session: Session, rows: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    values = []
    for r in rows:
        values.append(
            {
                **{k: v for k, v in r.items() if k not in ("invoice", "letter", "customer")},
                "invoice_id": ids["invoices"][r["invoice"]] if r["invoice"] else None,
                "letter_id": ids["letters"].get(r["letter"]) if r["letter"] else None,
                "customer_id": ids["customers"][r["customer"]] if r["customer"] else None,
            }
        )
    if values:
        session.execute(insert(Delivery), values)
    return {KEY: len(values)}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    items = []
    for d in session.scalars(select(Delivery).order_by(Delivery.id)):
        item: dict[str, Any] = {
            "document_kind": d.document_kind,
            "document_number": d.document_number,
            "channel": d.channel,
            "recipient": d.recipient,
            "state": d.state,
            "message_key": d.message_key,
            "attempts": d.attempts,
            "queued_at": f.iso(d.queued_at),
            "answer": d.answer,
            "log": d.log or [],
        }
        if d.invoice_id is not None:
            item["invoice"] = refs["invoices"][d.invoice_id]
        if d.letter_id is not None:
            item["letter"] = refs["letters"][d.letter_id]
        if d.customer_id is not None:
            item["customer"] = refs["customers"][d.customer_id]
        for name in _MOMENTS:
            value = getattr(d, name)
            if value is not None:
                item[name] = f.iso(value)
        if d.message is not None:
            item["message_sha256"] = d.message_sha256
            item["message_base64"] = f.b64(d.message)
        items.append(item)
    doc[KEY] = items
