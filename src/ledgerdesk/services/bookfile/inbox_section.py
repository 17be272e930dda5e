"""Book-file section `incoming_documents`: what arrived through Peppol, byte for byte (base64) with its SHA-256,
and under each the Peppol responses we wrote to it (their XML likewise).

Like the e-invoice archive, it is evidence (what the supplier sent), so it travels as it is; the
header fields are read again from the bytes on import, never trusted from the file.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...einvoice.ubl_reader import read_header
from ...persistence.models import IncomingDocument, PeppolResponse
from . import fields as f
from .links import Declared, Ids, Refs

KEY = "incoming_documents"


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    messages: set[tuple[str, str]] = set()
    documents: set[tuple[str, str, str]] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        provider = f.text(item, "provider", path, problems)
        message_id = f.text(item, "message_id", path, problems)
        content = f.base64_bytes(item, "content_base64", path, problems)
        sha = f.text(item, "sha256", path, problems)
        received_at = f.moment(item, "received_at", path, problems)
        findings = f.json_value(item, "findings", path, problems, list, [])
        valid = item.get("valid")
        if valid is not None and not isinstance(valid, bool):
            problems.add(f"{path}.valid", "must be true, false or null")
            continue
        if None in (provider, message_id, content, sha, received_at):
            continue
        if hashlib.sha256(content).hexdigest() != sha:  # type: ignore[arg-type]
            problems.add(f"{path}.sha256", "does not match the content: the file was changed")
            continue
        try:
            header = read_header(content)  # type: ignore[arg-type]
        except ValueError as exc:
            problems.add(f"{path}.content_base64", str(exc))
            continue
        message = (str(provider), str(message_id))
        document = (header.supplier_key, header.kind, header.number)
        if message in messages or document in documents:
            problems.add(f"{path}.message_id", f"'{message_id}' is in the file twice")
            continue
        messages.add(message)
        documents.add(document)
        responses = _read_responses(item, path, problems)
        rows.append(
            {
                "provider": provider,
                "message_id": message_id,
                "kind": header.kind,
                "supplier_key": header.supplier_key,
                "supplier_name": header.supplier_name[:200],
                "supplier_endpoint": header.supplier_endpoint[:80],
                "number": header.number[:120],
                "issue_date": header.issue_date,
                "due_date": header.due_date,
                "currency": header.currency[:3],
                "payable_cents": header.payable_cents,
                "response_code": header.response_code,
                "refers_to": header.refers_to,
                "content": content,
                "sha256": sha,
                "size": len(content),  # type: ignore[arg-type]
                "received_at": received_at,
                "valid": valid,
                "findings": findings,
                "responses": responses,
            }
        )
    return rows


def _read_responses(item: dict[str, Any], path: str, problems: f.Problems) -> list[dict[str, Any]]:
    found = []
    for j, response in enumerate(f.items(item, "responses", path, problems)):
        where = f"{path}.responses[{j}]"
        response = f.obj(response, where, problems)
        xml = f.base64_bytes(response, "xml_base64", where, problems)
        row = {
            "number": f.text(response, "number", where, problems),
            "code": f.choice(response, "code", where, problems, ("AB", "IP", "UQ", "RE", "AP", "PD")),
            "reasons": f.json_value(response, "reasons", where, problems, list, []),
            "on_date": f.day(response, "on_date", where, problems),
            "xml": xml,
            "sha256": f.text(response, "sha256", where, problems),
            "created_at": f.moment(response, "created_at", where, problems),
            "message_id": f.text(response, "message_id", where, problems, required=False),
            "answer": f.free_text(response, "answer", where, problems),
            "sent_at": f.moment(response, "sent_at", where, problems, required=False),
        }
        if None in (row["number"], row["code"], row["on_date"], xml, row["sha256"], row["created_at"]):
            continue
        if hashlib.sha256(xml).hexdigest() != row["sha256"]:  # type: ignore[arg-type]
            problems.add(f"{where}.sha256", "does not match the XML: the file was changed")
            continue
        found.append(row)
    return found


def write(session: Session, rows: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    responses = 0
    for r in rows:
        document = IncomingDocument(**{k: v for k, v in r.items() if k != "responses"})
        session.add(document)
        session.flush()
        for response in r["responses"]:
            session.add(PeppolResponse(incoming_id=document.id, **response))
            responses += 1
    session.flush()
    return {KEY: len(rows), "peppol_responses": responses}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    answered: dict[int, list[dict[str, Any]]] = {}
    for p in session.scalars(select(PeppolResponse).order_by(PeppolResponse.id)):
        answered.setdefault(p.incoming_id, []).append(
            {
                "number": p.number,
                "code": p.code,
                "reasons": p.reasons,
                "on_date": p.on_date.isoformat(),
                "created_at": f.iso(p.created_at),
                "message_id": p.message_id,
                "answer": p.answer,
                "sent_at": f.iso(p.sent_at),
                "sha256": p.sha256,
                "xml_base64": f.b64(p.xml),
            }
        )
    rows = [
        {
            "provider": r.provider,
            "message_id": r.message_id,
            "received_at": f.iso(r.received_at),
            "valid": r.valid,
            "findings": r.findings,
            "sha256": r.sha256,
            "content_base64": f.b64(r.content),
            **({"responses": answered[r.id]} if r.id in answered else {}),
        }
        for r in session.scalars(select(IncomingDocument).order_by(IncomingDocument.id))
    ]
    if rows:  # absent in a book that never received anything
        doc[KEY] = rows
