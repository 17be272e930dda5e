"""Book-file section `bank_imports`: each imported file with its statements and their lines.

A line keeps its status, its reason (text and data), the suggestions the matcher made
(invoices and customer by the file's ids) and the payment it booked, so review goes on
where it stopped and an import can still be undone after a round trip.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ...banking.model import statement_year
from ...persistence.models import BankLine, BankStatement, ImportBatch
from ...persistence.models.banking import LINE_STATUSES
from . import fields as f
from .links import Declared, Ids, Refs, table

KEY = "bank_imports"
LINE_TEXTS = (
    "bank_reference",
    "counterparty_name",
    "counterparty_iban",
    "counterparty_bic",
    "communication",
    "end_to_end",
    "transaction_code",
    "reason",
)


def _suggestions(item: dict[str, Any], path: str, problems: f.Problems, declared: Declared) -> list[Any]:
    result = []
    for k, s in enumerate(f.items(item, "suggestions", path, problems)):
        spath = f"{path}.suggestions[{k}]"
        s = dict(f.obj(s, spath, problems))
        f.ref(s, "customer", spath, problems, declared.customers, "customer", required=False)
        for a in f.items(s, "allocations", spath, problems):
            if not (
                isinstance(a, list)
                and len(a) == 2
                and isinstance(a[0], str)
                and isinstance(a[1], int)
                and not isinstance(a[1], bool)
                and 0 < a[1] <= f.MAX_CENTS
            ):
                problems.add(f"{spath}.allocations", "each allocation is [invoice id, cents]")
            elif not declared.issued_invoice(a[0]):
                problems.add(f"{spath}.allocations", f"no issued invoice with id '{a[0]}'")
        result.append(s)
    return result


def _line(item: Any, path: str, problems: f.Problems, declared: Declared) -> dict[str, Any] | None:
    item = f.obj(item, path, problems)
    row = {
        "sequence": f.text(item, "sequence", path, problems),
        "booking_date": f.day(item, "booking_date", path, problems),
        "amount_cents": f.amount(item, "amount", path, problems),
        "status": f.choice(item, "status", path, problems, LINE_STATUSES),
    }
    if None in row.values():
        return None
    return {
        **row,
        **{key: f.free_text(item, key, path, problems) for key in LINE_TEXTS},
        "value_date": f.day(item, "value_date", path, problems, required=False),
        "ogm": f.text(item, "ogm", path, problems, required=False),
        "rf_reference": f.text(item, "rf_reference", path, problems, required=False),
        "reason_data": f.json_value(item, "reason_data", path, problems, list, []),
        "suggestions": _suggestions(item, path, problems, declared),
        "payment": f.ref(item, "payment", path, problems, declared.payments, "payment", required=False),
    }


def _statement(
    st: Any, path: str, problems: f.Problems, declared: Declared, identities: set[tuple[Any, ...]]
) -> dict[str, Any] | None:
    st = f.obj(st, path, problems)
    values = {
        "account": f.text(st, "account", path, problems),
        "number": f.text(st, "number", path, problems),
        "opening_cents": f.amount(st, "opening", path, problems),
        "closing_cents": f.amount(st, "closing", path, problems),
    }
    lines = [
        _line(x, f"{path}.lines[{k}]", problems, declared) for k, x in enumerate(f.items(st, "lines", path, problems))
    ]
    if None in values.values() or None in lines:
        return None
    opening_date = f.day(st, "opening_date", path, problems, required=False)
    closing_date = f.day(st, "closing_date", path, problems, required=False)
    year = statement_year(closing_date, opening_date, (line["booking_date"] for line in lines))  # type: ignore[index]
    for k, line in enumerate(lines):
        # The database's own duplicate key (uq_bank_lines_identity), checked here to name the line.
        identity = (str(values["account"]), year, str(values["number"]), line["sequence"], line["bank_reference"])  # type: ignore[index]
        if identity in identities:
            problems.add(
                f"{path}.lines[{k}]", f"line {identity[3]} of statement {identity[2]} ({year}) is in the file twice"
            )
        identities.add(identity)
        line["statement_year"] = year  # type: ignore[index]
    return {
        **values,
        "lines": lines,
        "holder": f.free_text(st, "holder", path, problems),
        "currency": f.text(st, "currency", path, problems, required=False) or "EUR",
        "opening_date": opening_date,
        "closing_date": closing_date,
        "free_message": f.free_text(st, "free_message", path, problems),
    }


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    batches = []
    identities: set[tuple[Any, ...]] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, declared.batches)
        batch = {
            "file_name": f.free_text(item, "file_name", path, problems),
            "file_format": f.text(item, "file_format", path, problems),
            "file_sha256": f.free_text(item, "file_sha256", path, problems),
            "imported_on": f.day(item, "imported_on", path, problems),
            "imported_at": f.moment(item, "imported_at", path, problems),
            "new_lines": f.integer(item, "new_lines", path, problems, required=False, low=0) or 0,
            "duplicate_lines": f.integer(item, "duplicate_lines", path, problems, required=False, low=0) or 0,
        }
        statements = [
            _statement(st, f"{path}.statements[{j}]", problems, declared, identities)
            for j, st in enumerate(f.items(item, "statements", path, problems))
        ]
        if ref is not None and None not in batch.values():
            declared.batches.add(ref)
            batches.append({"ref": ref, "batch": batch, "statements": [x for x in statements if x is not None]})
    return batches


def write(session: Session, batches: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    inv, cust, pay = ids["invoices"], ids["customers"], ids["payments"]
    next_line = (session.scalar(select(func.max(BankLine.id))) or 0) + 1
    count = 0
    for b in batches:
        batch = ImportBatch(**b["batch"])
        session.add(batch)
        session.flush()
        ids["batches"][b["ref"]] = batch.id
        for st in b["statements"]:
            lines = st.pop("lines")
            statement = BankStatement(batch_id=batch.id, **st)
            session.add(statement)
            session.flush()
            rows = []
            for line in lines:
                suggestions = [
                    {
                        **{k: v for k, v in s.items() if k != "customer"},
                        "allocations": [[inv[a[0]], a[1]] for a in s.get("allocations", [])],
                        "customer_id": cust.get(s.get("customer") or ""),
                    }
                    for s in line.pop("suggestions")
                ]
                payment = line.pop("payment")
                rows.append(
                    {
                        **line,
                        "id": next_line,
                        "statement_id": statement.id,
                        "batch_id": batch.id,
                        "account": st["account"],
                        "statement_number": st["number"],
                        "suggestions": suggestions,
                        "payment_id": pay[payment] if payment else None,
                    }
                )
                next_line += 1
            if rows:
                session.execute(insert(table(BankLine)), rows)
            count += len(rows)
    return {"bank_imports": len(batches), "bank_lines": count}


def _suggestion_out(s: dict[str, Any], refs: Refs) -> dict[str, Any]:
    out = {k: v for k, v in s.items() if k != "customer_id"}
    out["allocations"] = [[refs["invoices"].get(a[0], a[0]), a[1]] for a in s.get("allocations", [])]
    if s.get("customer_id") is not None:
        out["customer"] = refs["customers"][s["customer_id"]]
    return out


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    lines_of: dict[int, list[dict[str, Any]]] = {}
    for line in session.execute(select(BankLine.__table__).order_by(BankLine.id)):
        item: dict[str, Any] = {
            "sequence": line.sequence,
            "booking_date": line.booking_date.isoformat(),
            "amount": f.money(line.amount_cents),
            "status": line.status,
        }
        item.update({key: getattr(line, key) for key in LINE_TEXTS if getattr(line, key)})
        for key in ("ogm", "rf_reference"):
            if getattr(line, key):
                item[key] = getattr(line, key)
        if line.value_date is not None:
            item["value_date"] = line.value_date.isoformat()
        item["reason_data"] = line.reason_data or []
        item["suggestions"] = [_suggestion_out(s, refs) for s in line.suggestions or []]
        if line.payment_id is not None:
            item["payment"] = refs["payments"][line.payment_id]
        lines_of.setdefault(line.statement_id, []).append(item)
    statements_of: dict[int, list[dict[str, Any]]] = {}
    for st in session.scalars(select(BankStatement).order_by(BankStatement.id)):
        item = {
            "account": st.account,
            "number": st.number,
            "currency": st.currency,
            "holder": st.holder,
            "opening": f.money(st.opening_cents),
            "closing": f.money(st.closing_cents),
            "lines": lines_of.get(st.id, []),
        }
        if st.free_message:
            item["free_message"] = st.free_message
        for key in ("opening_date", "closing_date"):
            if getattr(st, key) is not None:
                item[key] = getattr(st, key).isoformat()
        statements_of.setdefault(st.batch_id, []).append(item)
    batches = []
    for n, b in enumerate(session.scalars(select(ImportBatch).order_by(ImportBatch.id)), start=1):
        refs["batches"][b.id] = f"B{n}"  # by position: an import inserts in file order
        batches.append(
            {
                "id": f"B{n}",
                "file_name": b.file_name,
                "file_format": b.file_format,
                "file_sha256": b.file_sha256,
                "imported_on": b.imported_on.isoformat(),
                "imported_at": f.iso(b.imported_at),
                "new_lines": b.new_lines,
                "duplicate_lines": b.duplicate_lines,
                "statements": statements_of.get(b.id, []),
            }
        )
    doc[KEY] = batches
