"""Book-file sections of collection work: reminder runs with their letters and items, grouped payment
references, call tasks, payment promises, payment plans (instalments, invoices) and disputes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from ...domain import references
from ...domain.dunning import CHANNELS
from ...domain.errors import DomainError
from ...persistence.models import (
    CallTask,
    Dispute,
    NumberSeries,
    PaymentPlan,
    PaymentPromise,
    PaymentReference,
    PaymentReferenceItem,
    PlanInstalment,
    PlanInvoice,
    ReminderLetter,
    ReminderLetterItem,
    ReminderRun,
)
from ..reminders import SERIES
from . import fields as f
from .links import Declared, Ids, Refs

STATUSES = ("open", "kept", "broken", "cancelled")
LETTER_AMOUNTS = ("open", "fee", "interest", "total")
LETTER_NUMBER = re.compile(r"R([0-9]{4})-([0-9]{4,9})")  # reminders.letter_number's form


def _issued(
    o: dict[str, Any], key: str, path: str, problems: f.Problems, declared: Declared, *, required: bool = True
) -> str | None:
    ref = f.text(o, key, path, problems, required=required)
    if ref is not None and not declared.issued_invoice(ref):
        problems.add(f"{path}.{key}", f"no issued invoice with id '{ref}'")
        return None
    return ref


def _ogm(o: dict[str, Any], key: str, path: str, problems: f.Problems, seen: set[str]) -> str | None:
    value = f.text(o, key, path, problems)
    if value is None:
        return None
    try:
        digits = references.validate(value)
    except DomainError as exc:
        problems.add(f"{path}.{key}", str(exc))
        return None
    if digits in seen:
        problems.add(f"{path}.{key}", f"{references.format(digits)} is used twice")
        return None
    seen.add(digits)
    return digits


def _letter(item: Any, path: str, problems: f.Problems, declared: Declared, ogms: set[str]) -> dict[str, Any] | None:
    item = f.obj(item, path, problems)
    number = f.text(item, "number", path, problems)
    if number is not None and number in declared.letters:
        problems.add(f"{path}.number", f"'{number}' is used twice")
        number = None
    customer = f.ref(item, "customer", path, problems, declared.customers, "customer")
    values: dict[str, Any] = {
        "letter_date": f.day(item, "date", path, problems),
        "scenario_code": f.text(item, "scenario", path, problems),
        "level": f.integer(item, "level", path, problems, low=0, high=20),
        "channel": f.choice(item, "channel", path, problems, CHANNELS),
        "language": f.choice(item, "language", path, problems, ("nl", "fr", "en")),
        "structured_communication": _ogm(item, "structured_communication", path, problems, ogms),
        "pay_by": f.day(item, "pay_by", path, problems),
        "note": f.free_text(item, "note", path, problems),
        "created_at": f.moment(item, "created_at", path, problems),
        **{f"{k}_cents": f.amount(item, k, path, problems) for k in LETTER_AMOUNTS},
    }
    items = []
    for j, entry in enumerate(f.items(item, "items", path, problems)):
        ipath = f"{path}.items[{j}]"
        entry = f.obj(entry, ipath, problems)
        row: dict[str, Any] = {
            "invoice": _issued(entry, "invoice", ipath, problems, declared),
            "position": j,
            "level": f.integer(entry, "level", ipath, problems, low=0, high=20),
            **{f"{k}_cents": f.amount(entry, k, ipath, problems) for k in LETTER_AMOUNTS[:3]},
        }
        if None in row.values():
            return None
        if declared.invoices[row["invoice"]][2] != customer:
            problems.add(f"{ipath}.invoice", f"invoice '{row['invoice']}' belongs to another customer")
            return None
        items.append(row)
    if number is None or customer is None or None in values.values():
        return None
    # Letter numbers are the app's own (R2026-0001): anything else, such as '../../x' or '12,50', is
    # refused here rather than becoming a file name or a sequence later.
    found = LETTER_NUMBER.fullmatch(number)
    if found is None or int(found.group(2)) == 0:
        problems.add(f"{path}.number", "'{number}' is not a reminder letter number such as R2026-0001", number=number)
        return None
    seq = int(found.group(2))
    declared.letters[number] = customer
    return {
        "number": number,
        "customer": customer,
        "year": values["letter_date"].year,
        "seq": seq,
        "items": items,
        **values,
    }


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, Any]:
    ogms: set[str] = set()
    runs = []
    for i, run in enumerate(f.items(root, "reminder_runs", "$", problems)):
        path = f"$.reminder_runs[{i}]"
        run = f.obj(run, path, problems)
        day, at = f.day(run, "date", path, problems), f.moment(run, "confirmed_at", path, problems)
        letters = [
            _letter(x, f"{path}.letters[{j}]", problems, declared, ogms)
            for j, x in enumerate(f.items(run, "letters", path, problems))
        ]
        if day is not None and at is not None and None not in letters:
            runs.append({"run_date": day, "confirmed_at": at, "letters": letters})
    groups = []
    grouped: set[str] = set()
    for i, item in enumerate(f.items(root, "payment_references", "$", problems)):
        path = f"$.payment_references[{i}]"
        item = f.obj(item, path, problems)
        reference = _ogm(item, "reference", path, problems, grouped)  # a letter's own OGM is registered here too
        created = f.day(item, "created_on", path, problems)
        invoices = [
            _issued({"invoice": x}, "invoice", f"{path}.invoices[{j}]", problems, declared)
            for j, x in enumerate(f.items(item, "invoices", path, problems))
        ]
        if not invoices:
            problems.add(f"{path}.invoices", "a grouped reference needs at least one invoice")
        elif None not in invoices and len({declared.invoices[x][2] for x in invoices}) != 1:  # type: ignore[index]
            problems.add(f"{path}.invoices", "a grouped reference covers invoices of one customer")
        elif reference is not None and created is not None and None not in invoices:
            groups.append(
                {
                    "reference": reference,
                    "created_on": created,
                    "invoices": invoices,
                    "source": f.free_text(item, "source", path, problems),
                }
            )
    return {"runs": runs, "groups": groups, **_holds(root, declared, problems)}


def _holds(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, list[dict[str, Any]]]:
    tasks, promises, plans, disputes = [], [], [], []
    for i, item in enumerate(f.items(root, "call_tasks", "$", problems)):
        path = f"$.call_tasks[{i}]"
        item = f.obj(item, path, problems)
        row: dict[str, Any] = {
            "customer": f.ref(item, "customer", path, problems, declared.customers, "customer"),
            "invoice": _issued(item, "invoice", path, problems, declared, required=False),
            "letter": f.ref(item, "letter", path, problems, declared.letters, "reminder letter", required=False),
            "due_date": f.day(item, "due_date", path, problems),
            "done": f.flag(item, "done", path, problems),
            "done_on": f.day(item, "done_on", path, problems, required=False),
            "note": f.free_text(item, "note", path, problems),
            "created_on": f.day(item, "created_on", path, problems),
        }
        if None not in (row["customer"], row["due_date"], row["created_on"]):
            tasks.append(row)
    for i, item in enumerate(f.items(root, "payment_promises", "$", problems)):
        path = f"$.payment_promises[{i}]"
        item = f.obj(item, path, problems)
        row = {
            "invoice": _issued(item, "invoice", path, problems, declared),
            "made_on": f.day(item, "made_on", path, problems),
            "promised_date": f.day(item, "promised_date", path, problems),
            "amount_cents": f.amount(item, "amount", path, problems),
            "status": f.choice(item, "status", path, problems, STATUSES, default="open"),
            "settled_on": f.day(item, "settled_on", path, problems, required=False),
            "note": f.free_text(item, "note", path, problems),
        }
        if row["amount_cents"] is not None and row["amount_cents"] <= 0:
            problems.add(f"{path}.amount", "must be positive")
        elif None not in (row["invoice"], row["made_on"], row["promised_date"], row["amount_cents"], row["status"]):
            promises.append(row)
    for i, item in enumerate(f.items(root, "payment_plans", "$", problems)):
        path = f"$.payment_plans[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, declared.plans)
        row = {
            "customer": f.ref(item, "customer", path, problems, declared.customers, "customer"),
            "made_on": f.day(item, "made_on", path, problems),
            "status": f.choice(item, "status", path, problems, STATUSES, default="open"),
            "settled_on": f.day(item, "settled_on", path, problems, required=False),
            "note": f.free_text(item, "note", path, problems),
        }
        invoices = [
            _issued({"invoice": x}, "invoice", f"{path}.invoices[{j}]", problems, declared)
            for j, x in enumerate(f.items(item, "invoices", path, problems))
        ]
        instalments = []
        for j, inst in enumerate(f.items(item, "instalments", path, problems)):
            ipath = f"{path}.instalments[{j}]"
            inst = f.obj(inst, ipath, problems)
            due, cents = f.day(inst, "due_date", ipath, problems), f.amount(inst, "amount", ipath, problems)
            if cents is not None and cents <= 0:
                problems.add(f"{ipath}.amount", "must be positive")
            instalments.append((due, cents))
        if not invoices or not instalments:
            problems.add(path, "a payment plan needs invoices and at least one instalment")
        elif any(x is None for x in invoices) or any(d is None or c is None or c <= 0 for d, c in instalments):
            continue
        elif any(declared.invoices[x][2] != row["customer"] for x in invoices):  # type: ignore[index]
            problems.add(f"{path}.invoices", "a payment plan covers invoices of the plan's customer only")
        elif ref is not None and None not in (row["customer"], row["made_on"], row["status"]):
            declared.plans.add(ref)
            plans.append({"ref": ref, "invoices": invoices, "instalments": instalments, **row})
    for i, item in enumerate(f.items(root, "disputes", "$", problems)):
        path = f"$.disputes[{i}]"
        item = f.obj(item, path, problems)
        row = {
            "invoice": _issued(item, "invoice", path, problems, declared),
            "opened_on": f.day(item, "opened_on", path, problems),
            "reason": f.text(item, "reason", path, problems),
            "resolved_on": f.day(item, "resolved_on", path, problems, required=False),
            "resolution": f.free_text(item, "resolution", path, problems),
        }
        if None not in (row["invoice"], row["opened_on"], row["reason"]):
            disputes.append(row)
    return {"tasks": tasks, "promises": promises, "plans": plans, "disputes": disputes}


def write(session: Session, clean: dict[str, Any], ids: Ids, now: datetime) -> dict[str, int]:
    inv, cust = ids["invoices"], ids["customers"]
    letters = 0
    series: dict[int, int] = {}
    for run in clean["runs"]:
        row = ReminderRun(run_date=run["run_date"], confirmed_at=run["confirmed_at"])
        session.add(row)
        session.flush()
        for letter in run["letters"]:
            items = letter.pop("items")
            customer = letter.pop("customer")
            obj = ReminderLetter(run_id=row.id, customer_id=cust[customer], **letter)
            obj.items = [ReminderLetterItem(invoice_id=inv[i.pop("invoice")], **i) for i in items]
            session.add(obj)
            session.flush()
            ids["letters"][letter["number"]] = obj.id
            series[letter["year"]] = max(series.get(letter["year"], 0), letter["seq"])
            letters += 1
    for year, seq in series.items():  # the next letter continues the numbering
        found = session.get(NumberSeries, (SERIES, year))
        if found is None:
            session.add(NumberSeries(kind=SERIES, year=year, last_seq=seq))
        else:
            found.last_seq = max(found.last_seq, seq)
    for g in clean["groups"]:
        session.add(PaymentReference(reference=g["reference"], created_on=g["created_on"], source=g["source"]))
    session.flush()
    item_rows = [
        {"reference": g["reference"], "invoice_id": inv[x], "position": n}
        for g in clean["groups"]
        for n, x in enumerate(g["invoices"])
    ]
    if item_rows:
        session.execute(insert(cast(Table, PaymentReferenceItem.__table__)), item_rows)  # a model's table
    for t in clean["tasks"]:
        session.add(
            CallTask(
                customer_id=cust[t["customer"]],
                invoice_id=inv.get(t["invoice"] or ""),
                letter_id=ids["letters"].get(t["letter"] or ""),
                due_date=t["due_date"],
                done=t["done"],
                done_on=t["done_on"],
                note=t["note"],
                created_on=t["created_on"],
            )
        )
    for p in clean["promises"]:
        session.add(
            PaymentPromise(
                invoice_id=inv[p["invoice"]],
                made_on=p["made_on"],
                promised_date=p["promised_date"],
                amount_cents=p["amount_cents"],
                status=p["status"],
                settled_on=p["settled_on"],
                note=p["note"],
            )
        )
    for p in clean["plans"]:
        plan = PaymentPlan(
            customer_id=cust[p["customer"]],
            made_on=p["made_on"],
            status=p["status"],
            settled_on=p["settled_on"],
            note=p["note"],
            instalments=[PlanInstalment(due_date=d, amount_cents=c) for d, c in p["instalments"]],
            invoices=[PlanInvoice(invoice_id=inv[x]) for x in p["invoices"]],
        )
        session.add(plan)
        session.flush()
        ids["plans"][p["ref"]] = plan.id
    for d in clean["disputes"]:
        session.add(
            Dispute(
                invoice_id=inv[d["invoice"]],
                opened_on=d["opened_on"],
                reason=d["reason"],
                resolved_on=d["resolved_on"],
                resolution=d["resolution"],
            )
        )
    session.flush()
    return {
        "reminder_letters": letters,
        "payment_references": len(clean["groups"]),
        "call_tasks": len(clean["tasks"]),
        "payment_promises": len(clean["promises"]),
        "payment_plans": len(clean["plans"]),
        "disputes": len(clean["disputes"]),
    }


def _cents(row: Any, names: tuple[str, ...]) -> dict[str, str]:
    return {name: f.money(getattr(row, f"{name}_cents")) for name in names}


def _optional_day(item: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        item[key] = value.isoformat()


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    inv, cust = refs["invoices"], refs["customers"]
    letters_of: dict[int, list[dict[str, Any]]] = {}
    for letter in session.scalars(select(ReminderLetter).order_by(ReminderLetter.id)):
        refs["letters"][letter.id] = letter.number
        letters_of.setdefault(letter.run_id, []).append(
            {
                "number": letter.number,
                "customer": cust[letter.customer_id],
                "date": letter.letter_date.isoformat(),
                "scenario": letter.scenario_code,
                "level": letter.level,
                "channel": letter.channel,
                "language": letter.language,
                "structured_communication": letter.structured_communication,
                **_cents(letter, LETTER_AMOUNTS),
                "pay_by": letter.pay_by.isoformat(),
                "note": letter.note,
                "created_at": f.iso(letter.created_at),
                "items": [
                    {"invoice": inv[i.invoice_id], "level": i.level, **_cents(i, LETTER_AMOUNTS[:3])}
                    for i in letter.items
                ],
            }
        )
    doc["reminder_runs"] = [
        {
            "date": run.run_date.isoformat(),
            "confirmed_at": f.iso(run.confirmed_at),
            "letters": letters_of.get(run.id, []),
        }
        for run in session.scalars(select(ReminderRun).order_by(ReminderRun.id))
    ]
    items: dict[str, list[str]] = {}
    for link in session.scalars(
        select(PaymentReferenceItem).order_by(PaymentReferenceItem.reference, PaymentReferenceItem.position)
    ):
        items.setdefault(link.reference, []).append(inv[link.invoice_id])
    doc["payment_references"] = [
        {
            "reference": g.reference,
            "created_on": g.created_on.isoformat(),
            "source": g.source,
            "invoices": items.get(g.reference, []),
        }
        for g in session.scalars(
            select(PaymentReference).order_by(PaymentReference.created_on, PaymentReference.reference)
        )
    ]
    tasks = []
    for t in session.scalars(select(CallTask).order_by(CallTask.id)):
        item: dict[str, Any] = {
            "customer": cust[t.customer_id],
            "due_date": t.due_date.isoformat(),
            "done": t.done,
            "note": t.note,
            "created_on": t.created_on.isoformat(),
        }
        if t.invoice_id is not None:
            item["invoice"] = inv[t.invoice_id]
        if t.letter_id is not None:
            item["letter"] = refs["letters"][t.letter_id]
        _optional_day(item, "done_on", t.done_on)
        tasks.append(item)
    doc["call_tasks"] = tasks
    promises = []
    for p in session.scalars(select(PaymentPromise).order_by(PaymentPromise.id)):
        item = {
            "invoice": inv[p.invoice_id],
            "made_on": p.made_on.isoformat(),
            "promised_date": p.promised_date.isoformat(),
            "amount": f.money(p.amount_cents),
            "status": p.status,
            "note": p.note,
        }
        _optional_day(item, "settled_on", p.settled_on)
        promises.append(item)
    doc["payment_promises"] = promises
    plans = []
    for n, plan in enumerate(session.scalars(select(PaymentPlan).order_by(PaymentPlan.id)), start=1):
        refs["plans"][plan.id] = f"PL{n}"  # by position: an import inserts in file order
        item = {
            "id": f"PL{n}",
            "customer": cust[plan.customer_id],
            "made_on": plan.made_on.isoformat(),
            "status": plan.status,
            "note": plan.note,
            "invoices": sorted(inv[x.invoice_id] for x in plan.invoices),
            "instalments": [
                {"due_date": i.due_date.isoformat(), "amount": f.money(i.amount_cents)}
                for i in sorted(plan.instalments, key=lambda i: (i.due_date, i.id))
            ],
        }
        _optional_day(item, "settled_on", plan.settled_on)
        plans.append(item)
    doc["payment_plans"] = plans
    disputes = []
    for d in session.scalars(select(Dispute).order_by(Dispute.id)):
        item = {
            "invoice": inv[d.invoice_id],
            "opened_on": d.opened_on.isoformat(),
            "reason": d.reason,
            "resolution": d.resolution,
        }
        _optional_day(item, "resolved_on", d.resolved_on)
        disputes.append(item)
    doc["disputes"] = disputes
