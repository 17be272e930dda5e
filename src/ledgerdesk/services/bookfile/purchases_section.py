"""Book-file sections `suppliers` and `purchases`: suppliers, their bills with lines, files (base64) and history.

A bill's net, VAT, total and deductible VAT are derived from its lines by the domain's rules, so a
file cannot make them disagree; the file states the total too, checked against the lines. The
supplier's documents travel byte for byte with their SHA-256, like the e-invoice archive.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...domain import purchases as rules
from ...domain.document import line_columns
from ...domain.errors import DomainError, ValidationError
from ...domain.invoicing import LineInput, totals_of
from ...domain.purchases import BillLine
from ...domain.reverse_charge import check_rate, parse_case
from ...domain.vat import Exemption, VatTreatment
from ...persistence.models import Purchase, PurchaseEvent, PurchaseFile, PurchaseLine, Supplier
from ..purchases import CATEGORIES_KEY, categories_of
from . import fields as f
from .core_export import export_line
from .links import Declared, Ids, Refs

SUPPLIERS = "suppliers"
PURCHASES = "purchases"
KINDS = ("purchase_invoice", "purchase_credit_note")
STATUSES = tuple(s.value for s in rules.PurchaseStatus)
SOURCES = ("typed", "ubl", "peppol")


def _codes(root: dict[str, Any], problems: f.Problems) -> tuple[str, ...]:
    stored = root.get("settings", {}).get(CATEGORIES_KEY) if isinstance(root.get("settings"), dict) else None
    if stored is None:
        return tuple(c.code for c in rules.DEFAULT_CATEGORIES)
    try:
        if not isinstance(stored, list):
            raise DomainError("a cost category is an object with code, name and deductible_pct")
        return tuple(c.code for c in categories_of(stored))
    except DomainError as exc:
        problems.add(f"$.settings.{CATEGORIES_KEY}", str(exc))
        return ()


def _lines(item: dict[str, Any], path: str, problems: f.Problems, codes: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    raw = f.items(item, "lines", path, problems)
    if not raw:
        problems.add(f"{path}.lines", "needs at least one line")
    for i, line in enumerate(raw):
        lpath = f"{path}.lines[{i}]"
        line = f.obj(line, lpath, problems)
        description = f.text(line, "description", lpath, problems)
        quantity = f.decimal(line, "quantity", lpath, problems)
        price = f.decimal(line, "unit_price", lpath, problems)
        rate = f.decimal(line, "vat_rate", lpath, problems)
        discount = f.decimal(line, "discount_pct", lpath, problems, required=False) or Decimal(0)
        pct = f.decimal(line, "deductible_pct", lpath, problems, required=False)
        exemption = f.choice(line, "vat_exemption", lpath, problems, tuple(e.value for e in Exemption), default="")
        category = f.text(line, "category", lpath, problems)
        vat_category = f.text(line, "vat_category", lpath, problems, required=False)
        if rate is not None and not Decimal(0) <= rate <= Decimal(100):
            problems.add(f"{lpath}.vat_rate", "a VAT rate is between 0 and 100 %")
            continue
        if None in (description, quantity, price, rate, category, exemption):
            continue
        bill_line = BillLine(
            LineInput(
                str(description),
                quantity,  # type: ignore[arg-type]
                price,  # type: ignore[arg-type]
                VatTreatment(rate, Exemption(exemption) if exemption else None),  # type: ignore[arg-type]
                discount_pct=discount,
                unit=str(line.get("unit") or ""),
            ),
            str(category),
            Decimal(100) if pct is None else pct,
        )
        try:
            bill_line.check(codes)
        except DomainError as exc:
            problems.add(lpath, str(exc))
            continue
        out.append({"line": bill_line, "vat_category": vat_category})
    return out


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, Any]:
    codes = _codes(root, problems)
    suppliers: dict[str, dict[str, Any]] = {}
    vats: set[str] = set()
    for i, item in enumerate(f.items(root, SUPPLIERS, "$", problems)):
        path = f"$.{SUPPLIERS}[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, suppliers)
        values = {
            "name": f.text(item, "name", path, problems),
            "vat": f.text(item, "vat", path, problems, required=False),
            "iban": f.text(item, "iban", path, problems, required=False),
            "bic": f.text(item, "bic", path, problems, required=False),
            "street": f.free_text(item, "street", path, problems),
            "postcode": f.free_text(item, "postcode", path, problems),
            "city": f.free_text(item, "city", path, problems),
            "country": f.text(item, "country", path, problems, required=False) or "BE",
            "email": f.free_text(item, "email", path, problems),
            "default_category": f.text(item, "default_category", path, problems, required=False) or "other",
            "payment_terms_days": f.integer(
                item, "payment_terms_days", path, problems, required=False, low=0, high=365
            ),
            "peppol_id": f.text(item, "peppol_id", path, problems, required=False),
            "created_on": f.day(item, "created_on", path, problems),
        }
        if values["default_category"] not in codes:
            problems.add(f"{path}.default_category", f"'{values['default_category']}' is not a cost category")
            continue
        if values["vat"] is not None:
            if len(str(values["vat"])) > 20:
                problems.add(f"{path}.vat", "is longer than 20 characters")
                continue
            if values["vat"] in vats:
                problems.add(f"{path}.vat", f"a supplier with VAT number {values['vat']} already exists")
                continue
            vats.add(str(values["vat"]))
        if values["iban"] is not None:
            from ...domain.identifiers import validate_iban

            try:
                values["iban"] = validate_iban(str(values["iban"]))
            except DomainError as exc:
                problems.add(f"{path}.iban", str(exc))
                continue
        if ref is None or values["name"] is None or values["created_on"] is None:
            continue
        suppliers[ref] = values

    bills: list[dict[str, Any]] = []
    seen: set[str] = set()
    numbers: set[tuple[str, str, str]] = set()
    messages: set[str] = set()
    for i, item in enumerate(f.items(root, PURCHASES, "$", problems)):
        path = f"$.{PURCHASES}[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, seen)
        supplier = f.ref(item, "supplier", path, problems, suppliers, "supplier")
        kind = f.choice(item, "kind", path, problems, KINDS)
        status = f.choice(item, "status", path, problems, STATUSES)
        source = f.choice(item, "source", path, problems, SOURCES, default="typed")
        number = f.text(item, "number", path, problems)
        values = {
            "issue_date": f.day(item, "issue_date", path, problems),
            "due_date": f.day(item, "due_date", path, problems, required=False),
            "received_on": f.day(item, "received_on", path, problems),
            "currency": f.text(item, "currency", path, problems, required=False) or "EUR",
            "payable_cents": f.amount(item, "payable", path, problems),
            "paid_cents": f.amount(item, "paid", path, problems, required=False) or 0,
            "structured_communication": f.text(item, "structured_communication", path, problems, required=False),
            "iban": f.text(item, "iban", path, problems, required=False),
            "bic": f.text(item, "bic", path, problems, required=False),
            "peppol_message_id": f.text(item, "peppol_message_id", path, problems, required=False),
            "approved_by": f.text(item, "approved_by", path, problems, required=False),
            "second_approver": f.text(item, "second_approver", path, problems, required=False),
            "approved_on": f.day(item, "approved_on", path, problems, required=False),
            "rejected_reason": f.text(item, "rejected_reason", path, problems, required=False),
            "paid_on": f.day(item, "paid_on", path, problems, required=False),
            "notes": f.free_text(item, "notes", path, problems),
            "seller": f.json_value(item, "seller", path, problems, dict, None),
            "buyer": f.json_value(item, "buyer", path, problems, dict, None),
            "created_at": f.moment(item, "created_at", path, problems),
        }
        case = f.text(item, "reverse_charge", path, problems, required=False)
        rate = f.decimal(item, "reverse_charge_rate", path, problems, required=False)
        try:
            found = parse_case(case)
            reverse = {
                "reverse_charge": found.value if found else None,
                "reverse_charge_rate": check_rate(rate if rate is not None else Decimal(21)) if found else None,
            }
        except ValidationError as exc:
            problems.add(f"{path}.reverse_charge", str(exc))
            continue
        total = f.amount(item, "total", path, problems)
        lines = _lines(item, path, problems, codes)
        files = _files(item, path, problems)
        events = _events(item, path, problems)
        if None in (ref, supplier, kind, status, source, number, total, files, events) or not lines:
            continue
        if None in (values["issue_date"], values["received_on"], values["payable_cents"], values["created_at"]):
            continue
        computed = totals_of([entry["line"].line for entry in lines]).total_cents
        if computed != total:
            problems.add(f"{path}.total", f"is {f.money(total)} but the lines add up to {f.money(computed)}")  # type: ignore[arg-type]
            continue
        key = (str(supplier), str(kind), "".join(str(number).split()).casefold())
        if key in numbers:
            problems.add(f"{path}.number", f"the supplier's bill {number} is already in the book")
            continue
        message = values["peppol_message_id"]
        if message is not None and message in messages:
            problems.add(f"{path}.peppol_message_id", f"this Peppol message was already received (bill {number})")
            continue
        numbers.add(key)
        if message is not None:
            messages.add(str(message))
        seen.add(str(ref))
        bills.append(
            {
                **values,
                **reverse,
                "supplier": supplier,
                "kind": kind,
                "status": status,
                "source": source,
                "number": number,
                "lines": lines,
                "files": files,
                "events": events,
            }
        )
    return {"suppliers": suppliers, "bills": bills}


def _files(item: dict[str, Any], path: str, problems: f.Problems) -> list[dict[str, Any]] | None:
    out = []
    ok = True
    for i, raw in enumerate(f.items(item, "files", path, problems)):
        fpath = f"{path}.files[{i}]"
        raw = f.obj(raw, fpath, problems)
        content = f.base64_bytes(raw, "content_base64", fpath, problems)
        sha = f.text(raw, "sha256", fpath, problems)
        values = {
            "name": f.text(raw, "name", fpath, problems),
            "media_type": f.text(raw, "media_type", fpath, problems),
            "added_at": f.moment(raw, "added_at", fpath, problems),
        }
        if content is None or sha is None or None in values.values():
            ok = False
            continue
        if hashlib.sha256(content).hexdigest() != sha:
            problems.add(f"{fpath}.sha256", "does not match the file: the file was changed")
            ok = False
            continue
        out.append({**values, "content": content, "sha256": sha, "size": len(content)})
    return out if ok else None


def _events(item: dict[str, Any], path: str, problems: f.Problems) -> list[dict[str, Any]] | None:
    out = []
    ok = True
    for i, raw in enumerate(f.items(item, "events", path, problems)):
        epath = f"{path}.events[{i}]"
        raw = f.obj(raw, epath, problems)
        values = {
            "at": f.moment(raw, "at", epath, problems),
            "on_date": f.day(raw, "on_date", epath, problems),
            "kind": f.text(raw, "kind", epath, problems),
            "detail": f.json_value(raw, "detail", epath, problems, dict, {}),
        }
        if None in values.values():
            ok = False
            continue
        out.append(values)
    return out if ok else None


def write(session: Session, clean: dict[str, Any], ids: Ids, now: datetime) -> dict[str, int]:
    for ref, values in clean["suppliers"].items():
        supplier = Supplier(**values)
        session.add(supplier)
        session.flush()
        ids["suppliers"][ref] = supplier.id
    for bill in clean["bills"]:
        bill_lines = [entry["line"] for entry in bill["lines"]]
        document = totals_of([b.line for b in bill_lines])
        purchase = Purchase(
            **{k: v for k, v in bill.items() if k not in ("supplier", "lines", "files", "events")},
            supplier_id=ids["suppliers"][bill["supplier"]],
            net_cents=document.net_cents,
            vat_cents=document.vat_cents,
            total_cents=document.total_cents,
            deductible_vat_cents=rules.vat_split(bill_lines).deductible_cents,
        )
        for position, entry in enumerate(bill["lines"], start=1):
            b = entry["line"]
            purchase.lines.append(
                PurchaseLine(
                    **line_columns(b.line, position),
                    net_cents=b.line.net_cents,
                    category=b.category,
                    deductible_pct=b.deductible_pct,
                    vat_category=entry["vat_category"],
                )
            )
        session.add(purchase)
        session.flush()
        if bill["files"]:
            session.execute(insert(PurchaseFile), [{**x, "purchase_id": purchase.id} for x in bill["files"]])
        if bill["events"]:
            session.execute(insert(PurchaseEvent), [{**x, "purchase_id": purchase.id} for x in bill["events"]])
    return {"suppliers": len(clean["suppliers"]), "purchases": len(clean["bills"])}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    suppliers = []
    for s in session.scalars(select(Supplier).order_by(Supplier.id)):
        ref = f"S{s.id}"
        refs["suppliers"][s.id] = ref
        item: dict[str, Any] = {
            "id": ref,
            "name": s.name,
            "street": s.street,
            "postcode": s.postcode,
            "city": s.city,
            "country": s.country,
            "email": s.email,
            "default_category": s.default_category,
            "created_on": s.created_on.isoformat(),
        }
        for key in ("vat", "iban", "bic", "payment_terms_days", "peppol_id"):
            if getattr(s, key) is not None:
                item[key] = getattr(s, key)
        suppliers.append(item)
    doc[SUPPLIERS] = suppliers
    files: dict[int, list[dict[str, Any]]] = {}
    for x in session.scalars(select(PurchaseFile).order_by(PurchaseFile.id)):
        files.setdefault(x.purchase_id, []).append(
            {
                "name": x.name,
                "media_type": x.media_type,
                "sha256": x.sha256,
                "added_at": f.iso(x.added_at),
                "content_base64": f.b64(x.content),
            }
        )
    events: dict[int, list[dict[str, Any]]] = {}
    for e in session.scalars(select(PurchaseEvent).order_by(PurchaseEvent.id)):
        events.setdefault(e.purchase_id, []).append(
            {"at": f.iso(e.at), "on_date": e.on_date.isoformat(), "kind": e.kind, "detail": e.detail}
        )
    bills = []
    for p in session.scalars(select(Purchase).order_by(Purchase.id)):
        item = {
            "id": f"P{p.id}",
            "supplier": refs["suppliers"][p.supplier_id],
            "kind": p.kind,
            "status": p.status,
            "source": p.source,
            "number": p.number,
            "issue_date": p.issue_date.isoformat(),
            "received_on": p.received_on.isoformat(),
            "currency": p.currency,
            "total": f.money(p.total_cents),
            "payable": f.money(p.payable_cents),
            "paid": f.money(p.paid_cents),
            "notes": p.notes,
            "created_at": f.iso(p.created_at),
            **(
                {"reverse_charge": p.reverse_charge, "reverse_charge_rate": f.dec(Decimal(p.reverse_charge_rate or 21))}
                if p.reverse_charge
                else {}
            ),
            "lines": [
                {
                    **export_line(line),
                    "category": line.category,
                    "deductible_pct": f.dec(Decimal(line.deductible_pct)),
                    **({"vat_category": line.vat_category} if line.vat_category else {}),
                }
                for line in p.lines
            ],
            "files": files.get(p.id, []),
            "events": events.get(p.id, []),
        }
        for key in (
            "due_date",
            "structured_communication",
            "iban",
            "bic",
            "peppol_message_id",
            "approved_by",
            "second_approver",
            "approved_on",
            "rejected_reason",
            "paid_on",
            "seller",
            "buyer",
        ):
            value = getattr(p, key)
            if value is not None:
                item[key] = value.isoformat() if hasattr(value, "isoformat") else value
        bills.append(item)
    doc[PURCHASES] = bills
