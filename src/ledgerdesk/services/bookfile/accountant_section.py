"""Book-file sections `accountant_packs` and `bank_statement_files`: what went to the accountant, and the
statement files as the bank sent them.

A pack sent closes its period (`services.closing`), so a book exported and imported again must still
know which: each pack keeps its period, days, when it was made, its file's name and SHA-256, how many
documents it held and whether it was a re-send, in the order made (the documents' `sent_to_accountant`
events name a pack by that order). The original CODA / camt files of the imports (base64, with the
import they belong to) let the re-imported book build a period's pack again with the same bank files;
each must be the file its import names (the same SHA-256), and an import has one original at most.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...persistence.models import AccountantPack, ImportBatch, ImportedFile
from . import fields as f
from .links import Declared, Ids, Refs, table

PACKS = "accountant_packs"
FILES = "bank_statement_files"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _pack(item: Any, path: str, problems: f.Problems) -> dict[str, Any] | None:
    item = f.obj(item, path, problems)
    period, sha = f.text(item, "period", path, problems), f.text(item, "sha256", path, problems)
    first, last = f.day(item, "first_day", path, problems), f.day(item, "last_day", path, problems)
    row = {
        "made_on": f.day(item, "made_on", path, problems),
        "made_at": f.moment(item, "made_at", path, problems),
        "file_name": f.text(item, "file_name", path, problems),
        "documents": f.integer(item, "documents", path, problems, low=0),
    }
    if period is not None and len(period) > 10:
        problems.add(f"{path}.period", "is at most {count} characters", count=10)
        return None
    if sha is not None and not _SHA256.fullmatch(sha):
        problems.add(f"{path}.sha256", "is not a SHA-256 (64 lower-case hexadecimal digits)")
        return None
    if period is None or sha is None or first is None or last is None or None in row.values():
        return None
    if last < first:
        problems.add(f"{path}.last_day", "is before first_day")
        return None
    resent = f.flag(item, "resent", path, problems)
    return {**row, "period": period, "sha256": sha, "first_day": first, "last_day": last, "resent": resent}


def _file(item: Any, path: str, problems: f.Problems, declared: Declared, sha_of: dict[str, str]) -> Any:
    item = f.obj(item, path, problems)
    batch = f.ref(item, "import", path, problems, declared.batches, "bank import")
    content = f.base64_bytes(item, "content", path, problems)
    if batch is None or content is None:
        return None
    if hashlib.sha256(content).hexdigest() != sha_of.get(batch, ""):
        problems.add(f"{path}.content", "is not the file of import '{batch}' (its SHA-256 differs)", batch=batch)
        return None
    return {"import": batch, "content": content}


def _batch_hashes(root: dict[str, Any], problems: f.Problems) -> dict[str, str]:
    """Import id -> the SHA-256 its file had, as the `bank_imports` section states it."""
    out: dict[str, str] = {}
    for item in f.items(root, "bank_imports", "$", problems):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out[item["id"]] = str(item.get("file_sha256") or "").lower()
    return out


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, list[dict[str, Any]]]:
    packs = [_pack(x, f"$.{PACKS}[{i}]", problems) for i, x in enumerate(f.items(root, PACKS, "$", problems))]
    sha_of = _batch_hashes(root, problems) if FILES in root else {}
    files, seen = [], set()
    for i, x in enumerate(f.items(root, FILES, "$", problems)):
        path = f"$.{FILES}[{i}]"
        found = _file(x, path, problems, declared, sha_of)
        if found is None:
            continue
        if found["import"] in seen:
            problems.add(f"{path}.import", "import '{batch}' has one original file only", batch=found["import"])
            continue
        seen.add(found["import"])
        files.append(found)
    return {"packs": [p for p in packs if p is not None], "files": files}


def write(session: Session, parsed: dict[str, list[dict[str, Any]]], ids: Ids, now: datetime) -> dict[str, int]:
    if parsed["packs"]:
        session.execute(insert(table(AccountantPack)), parsed["packs"])
    for item in parsed["files"]:
        session.add(ImportedFile(batch_id=ids["batches"][item["import"]], content=item["content"]))
    return {PACKS: len(parsed["packs"]), FILES: len(parsed["files"])}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    doc[PACKS] = [
        {
            "period": p.period,
            "first_day": p.first_day.isoformat(),
            "last_day": p.last_day.isoformat(),
            "made_on": p.made_on.isoformat(),
            "made_at": f.iso(p.made_at),
            "file_name": p.file_name,
            "sha256": p.sha256,
            "documents": p.documents,
            "resent": p.resent,
        }
        for p in session.scalars(select(AccountantPack).order_by(AccountantPack.id))
    ]
    batches = refs["batches"]
    ids = [
        batch_id
        for batch_id in session.scalars(
            select(ImportedFile.batch_id)
            .join(ImportBatch, ImportBatch.id == ImportedFile.batch_id)
            .order_by(ImportBatch.id)
        )
    ]
    # One file at a time as the book is written (json_out): statement files can be large.
    doc[FILES] = ({"import": batches[batch_id], "content": f.b64(_content(session, batch_id))} for batch_id in ids)


def _content(session: Session, batch_id: int) -> bytes:
    content = session.scalar(select(ImportedFile.content).where(ImportedFile.batch_id == batch_id))
    assert content is not None  # listed just before, in the same transaction
    return content
