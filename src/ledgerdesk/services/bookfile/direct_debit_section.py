"""Book-file section `direct_debit`: the creditor setup, the mandate register with its history and signed
copies, the collections made, and the direct debit notices of issued invoices.

Every value is checked as when typed (creditor identifier, IBAN/BIC, mandate reference, scheme,
sequence); references go to the file's customers, invoices and payments. The signed copy travels
byte for byte (base64) with its SHA-256, checked on import.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import direct_debit as dd
from ...domain import identifiers
from ...domain.errors import ValidationError
from ...persistence.models import Collection, DirectDebitCreditor, DirectDebitNotice, Mandate, MandateEvent
from ...sepa import identifiers as sepa_ids
from .. import direct_debit as service
from . import fields as f
from .links import Declared, Ids, Refs

KEY = "direct_debit"
EVENT_KINDS = ("signed", "amended", "revoked", "attached", "collected", "returned")


def _checked(value: str | None, path: str, problems: f.Problems, check: Any) -> str | None:
    if value is None:
        return None
    try:
        return str(check(value))
    except ValidationError as exc:
        problems.add(path, str(exc))
        return None


def _creditor(raw: Any, path: str, problems: f.Problems) -> dict[str, Any] | None:
    if raw is None:
        return None
    item = f.obj(raw, path, problems)
    try:
        clean = service.clean_creditor(
            service.CreditorSetup(
                creditor_id=f.text(item, "creditor_id", path, problems) or "",
                iban=f.text(item, "iban", path, problems) or "",
                bic=f.text(item, "bic", path, problems, required=False),
                core=f.flag(item, "core", path, problems, default=True),
                b2b=f.flag(item, "b2b", path, problems),
                pain_version=f.choice(
                    item, "pain_version", path, problems, dd.PAIN_VERSIONS, default=dd.PAIN_VERSIONS[0]
                )
                or dd.PAIN_VERSIONS[0],
                pre_notification_days=f.integer(item, "pre_notification_days", path, problems, low=1, high=60) or 14,
            )
        )
    except ValidationError as exc:
        problems.add(path, str(exc))
        return None
    return {
        "creditor_id": clean.creditor_id,
        "iban": clean.iban,
        "bic": clean.bic,
        "core": clean.core,
        "b2b": clean.b2b,
        "pain_version": clean.pain_version,
        "pre_notification_days": clean.pre_notification_days,
    }


def _mandate(item: Any, path: str, declared: Declared, problems: f.Problems, seen: set[str]) -> dict[str, Any] | None:
    item = f.obj(item, path, problems)
    mandate_id = f.unique_id(item, path, problems, seen)
    reference = _checked(
        f.text(item, "reference", path, problems), f"{path}.reference", problems, sepa_ids.validate_mandate_reference
    )
    customer = f.ref(item, "customer", path, problems, declared.customers, "customer")
    iban = _checked(
        f.text(item, "debtor_iban", path, problems), f"{path}.debtor_iban", problems, identifiers.validate_iban
    )
    bic = _checked(
        f.text(item, "debtor_bic", path, problems, required=False),
        f"{path}.debtor_bic",
        problems,
        identifiers.validate_bic,
    )
    row: dict[str, Any] = {
        "id": mandate_id,
        "reference": reference,
        "customer": customer,
        "scheme": f.choice(item, "scheme", path, problems, dd.SCHEMES),
        "recurrent": f.flag(item, "recurrent", path, problems, default=True),
        "signed_on": f.day(item, "signed_on", path, problems),
        "debtor_iban": iban,
        "next_sequence": f.choice(item, "next_sequence", path, problems, ("FRST", "RCUR", "DONE")),
        "created_at": f.moment(item, "created_at", path, problems),
    }
    if None in row.values():
        return None
    if row["scheme"] == "B2B" and declared.customers.get(str(customer)) == "consumer":
        problems.add(f"{path}.scheme", "a consumer cannot sign a B2B mandate: use the Core scheme")
    row["debtor_bic"] = bic
    row["revoked_on"] = f.day(item, "revoked_on", path, problems, required=False)
    row["revoked_reason"] = f.free_text(item, "revoked_reason", path, problems)
    has_amendment = item.get("amendment") is not None
    row["amendment"] = f.json_value(item, "amendment", path, problems, dict, {}) if has_amendment else None
    document = None
    if item.get("document_base64") is not None:
        document = f.base64_bytes(item, "document_base64", path, problems)
        digest = f.text(item, "document_sha256", path, problems)
        if document is not None and digest is not None and hashlib.sha256(document).hexdigest() != digest:
            problems.add(f"{path}.document_sha256", "does not match the signed copy: the file was changed")
        row["document_sha256"] = digest or ""
    row["document"] = document
    row["document_name"] = f.free_text(item, "document_name", path, problems)
    events = []
    for j, ev in enumerate(f.items(item, "events", path, problems)):
        ev_path = f"{path}.events[{j}]"
        ev = f.obj(ev, ev_path, problems)
        events.append(
            {
                "on_date": f.day(ev, "on", ev_path, problems),
                "at": f.moment(ev, "at", ev_path, problems),
                "kind": f.choice(ev, "kind", ev_path, problems, EVENT_KINDS),
                "detail": f.json_value(ev, "detail", ev_path, problems, dict, {}),
            }
        )
    row["events"] = events
    return row


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, Any]:
    section = f.obj(root.get(KEY, {}), f"$.{KEY}", problems)
    base = f"$.{KEY}"
    creditor = _creditor(section.get("creditor"), f"{base}.creditor", problems)
    seen: set[str] = set()
    mandates = []
    references: set[str] = set()
    for i, item in enumerate(f.items(section, "mandates", base, problems)):
        path = f"{base}.mandates[{i}]"
        row = _mandate(item, path, declared, problems, seen)
        if row is None:
            continue
        if row["reference"] in references:
            problems.add(f"{path}.reference", f"'{row['reference']}' is used by two mandates")
        references.add(row["reference"])
        seen.add(row["id"])
        mandates.append(row)
    collections = []
    ends: set[str] = set()
    for i, item in enumerate(f.items(section, "collections", base, problems)):
        path = f"{base}.collections[{i}]"
        item = f.obj(item, path, problems)
        row = {
            "invoice": f.ref(
                item,
                "invoice",
                path,
                problems,
                {k for k in declared.invoices if declared.issued_invoice(k)},
                "issued invoice",
            ),
            "mandate": f.ref(item, "mandate", path, problems, seen, "mandate"),
            "collect_on": f.day(item, "collect_on", path, problems),
            "scheme": f.choice(item, "scheme", path, problems, dd.SCHEMES),
            "sequence": f.choice(item, "sequence", path, problems, dd.SEQUENCES),
            "end_to_end": f.text(item, "end_to_end", path, problems),
            "message_id": f.text(item, "message_id", path, problems),
            "amount_cents": f.amount(item, "amount", path, problems),
            "status": f.choice(item, "status", path, problems, ("collected", "returned")),
            "created_at": f.moment(item, "created_at", path, problems),
        }
        if None in row.values():
            continue
        if row["end_to_end"] in ends:
            problems.add(f"{path}.end_to_end", f"'{row['end_to_end']}' is used by two collections")
        ends.add(row["end_to_end"])
        if row["amount_cents"] <= 0:
            problems.add(f"{path}.amount", "must be more than 0.00")
        row["payment"] = f.ref(item, "payment", path, problems, declared.payments, "payment", required=False)
        row["reason"] = f.free_text(item, "reason", path, problems)[:4]
        row["returned_on"] = f.day(item, "returned_on", path, problems, required=False)
        collections.append(row)
    notices = []
    noticed: set[str] = set()
    for i, item in enumerate(f.items(section, "notices", base, problems)):
        path = f"{base}.notices[{i}]"
        item = f.obj(item, path, problems)
        row = {
            "invoice": f.ref(
                item,
                "invoice",
                path,
                problems,
                {k for k in declared.invoices if declared.issued_invoice(k)},
                "issued invoice",
            ),
            "mandate_reference": f.text(item, "mandate_reference", path, problems),
            "creditor_id": _checked(
                f.text(item, "creditor_id", path, problems), f"{path}.creditor_id", problems, sepa_ids.validate
            ),
            "debtor_iban": f.text(item, "debtor_iban", path, problems),
            "collect_on": f.day(item, "collect_on", path, problems),
        }
        if None in row.values():
            continue
        if row["invoice"] in noticed:
            problems.add(f"{path}.invoice", f"'{row['invoice']}' has two direct debit notices")
        noticed.add(str(row["invoice"]))
        notices.append(row)
    return {"creditor": creditor, "mandates": mandates, "collections": collections, "notices": notices}


def write(session: Session, clean: dict[str, Any], ids: Ids, now: datetime) -> dict[str, int]:
    if clean["creditor"] is not None:
        session.add(DirectDebitCreditor(id=1, **clean["creditor"]))
    for m in clean["mandates"]:
        values = {k: v for k, v in m.items() if k not in ("id", "customer", "events")}
        mandate = Mandate(customer_id=ids["customers"][m["customer"]], **values)
        session.add(mandate)
        session.flush()
        ids["mandates"][m["id"]] = mandate.id
        for ev in m["events"]:
            session.add(MandateEvent(mandate_id=mandate.id, **ev))
    for c in clean["collections"]:
        values = {k: v for k, v in c.items() if k not in ("invoice", "mandate", "payment")}
        session.add(
            Collection(
                invoice_id=ids["invoices"][c["invoice"]],
                mandate_id=ids["mandates"][c["mandate"]],
                payment_id=ids["payments"].get(c["payment"]) if c["payment"] else None,
                **values,
            )
        )
    for n in clean["notices"]:
        values = {k: v for k, v in n.items() if k != "invoice"}
        session.add(DirectDebitNotice(invoice_id=ids["invoices"][n["invoice"]], **values))
    session.flush()
    return {"mandates": len(clean["mandates"]), "direct_debit_collections": len(clean["collections"])}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    setup = service.get_creditor(session)
    events: dict[int, list[MandateEvent]] = {}
    for ev in session.scalars(select(MandateEvent).order_by(MandateEvent.at, MandateEvent.id)):
        events.setdefault(ev.mandate_id, []).append(ev)
    mandates = []
    for m in session.scalars(select(Mandate).order_by(Mandate.id)):
        ref = f"M{m.id}"
        refs["mandates"][m.id] = ref
        item: dict[str, Any] = {
            "id": ref,
            "reference": m.reference,
            "customer": refs["customers"][m.customer_id],
            "scheme": m.scheme,
            "recurrent": m.recurrent,
            "signed_on": m.signed_on.isoformat(),
            "debtor_iban": m.debtor_iban,
            "debtor_bic": m.debtor_bic,
            "next_sequence": m.next_sequence,
            "amendment": m.amendment,
            "revoked_on": _day(m.revoked_on),
            "revoked_reason": m.revoked_reason,
            "created_at": f.iso(m.created_at),
            "events": [
                {"on": ev.on_date.isoformat(), "at": f.iso(ev.at), "kind": ev.kind, "detail": ev.detail}
                for ev in events.get(m.id, [])
            ],
        }
        if m.document is not None:
            item |= {
                "document_name": m.document_name,
                "document_sha256": m.document_sha256,
                "document_base64": f.b64(m.document),
            }
        mandates.append(item)
    doc[KEY] = {
        "creditor": None
        if setup is None
        else {
            "creditor_id": setup.creditor_id,
            "iban": setup.iban,
            "bic": setup.bic,
            "core": setup.core,
            "b2b": setup.b2b,
            "pain_version": setup.pain_version,
            "pre_notification_days": setup.pre_notification_days,
        },
        "mandates": mandates,
        "collections": [
            {
                "invoice": refs["invoices"][c.invoice_id],
                "mandate": refs["mandates"][c.mandate_id],
                "collect_on": c.collect_on.isoformat(),
                "scheme": c.scheme,
                "sequence": c.sequence,
                "end_to_end": c.end_to_end,
                "message_id": c.message_id,
                "amount": f.money(c.amount_cents),
                "payment": refs["payments"].get(c.payment_id) if c.payment_id else None,
                "status": c.status,
                "reason": c.reason,
                "returned_on": _day(c.returned_on),
                "created_at": f.iso(c.created_at),
            }
            for c in session.scalars(select(Collection).order_by(Collection.id))
        ],
        "notices": [
            {
                "invoice": refs["invoices"][n.invoice_id],
                "mandate_reference": n.mandate_reference,
                "creditor_id": n.creditor_id,
                "debtor_iban": n.debtor_iban,
                "collect_on": n.collect_on.isoformat(),
            }
            for n in session.scalars(select(DirectDebitNotice).order_by(DirectDebitNotice.invoice_id))
        ],
    }
