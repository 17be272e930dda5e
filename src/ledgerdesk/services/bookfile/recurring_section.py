"""Book-file section `recurring_invoices`: templates with their lines and the periods they generated."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...domain import recurring as schedule
from ...domain.document import line_columns
from ...domain.errors import DomainError
from ...domain.invoicing import totals_of
from ...persistence.models import RecurringLine, RecurringOccurrence, RecurringTemplate
from . import fields as f
from .core_export import export_line
from .lines import read_lines
from .links import Declared, Ids, Refs, table

KEY = "recurring_invoices"


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    templates: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        ref = f.unique_id(item, path, problems, seen)
        customer = f.ref(item, "customer", path, problems, declared.customers, "customer")
        frequency = f.choice(item, "frequency", path, problems, tuple(schedule.FREQUENCIES))
        mode = f.choice(item, "mode", path, problems, schedule.MODES, default="draft")
        start = f.day(item, "start_date", path, problems)
        end = f.day(item, "end_date", path, problems, required=False)
        next_date = f.day(item, "next_date", path, problems, required=False) or start
        lines = read_lines(item, path, problems, declared.regime)
        values = {
            "name": f.free_text(item, "name", path, problems),
            "active": f.flag(item, "active", path, problems, default=True),
            "payment_terms_days": f.integer(
                item, "payment_terms_days", path, problems, required=False, low=0, high=365
            ),
            "notes": f.free_text(item, "notes", path, problems),
            "created_at": f.moment(item, "created_at", path, problems, required=False),
        }
        if ref is None or customer is None or frequency is None or mode is None or start is None or not lines:
            continue
        seen.add(ref)
        try:
            schedule.Schedule(start, frequency, end)
        except DomainError as exc:
            problems.add(path, str(exc))
            continue
        if next_date is not None and next_date < start:
            problems.add(f"{path}.next_date", "is before the start date")
            continue
        if totals_of(lines).total_cents <= 0:
            problems.add(f"{path}.lines", "a recurring invoice must have a positive total")
            continue
        occurrences = []
        periods: set[object] = set()
        for j, occ in enumerate(f.items(item, "occurrences", path, problems)):
            opath = f"{path}.occurrences[{j}]"
            occ = f.obj(occ, opath, problems)
            period = f.day(occ, "period_start", opath, problems)
            invoice = f.ref(occ, "invoice", opath, problems, declared.invoices, "invoice", required=False)
            created = f.moment(occ, "created_at", opath, problems, required=False)
            if period is None:
                continue
            if period in periods:
                problems.add(f"{opath}.period_start", f"the period {period} is generated twice")
                continue
            periods.add(period)
            if invoice is not None and declared.invoices[invoice][0] != "invoice":
                problems.add(f"{opath}.invoice", f"'{invoice}' is a credit note, not an invoice")
                continue
            occurrences.append({"period_start": period, "invoice": invoice, "created_at": created})
        templates.append(
            {
                "ref": ref,
                "customer": customer,
                "frequency": frequency,
                "mode": mode,
                "start_date": start,
                "end_date": end,
                "next_date": next_date,
                "lines": lines,
                "occurrences": occurrences,
                **values,
            }
        )
    return templates


def write(session: Session, templates: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    occurrences = 0
    for t in templates:
        template = RecurringTemplate(
            customer_id=ids["customers"][t["customer"]],
            name=t["name"] or t["lines"][0].description,
            frequency=t["frequency"],
            start_date=t["start_date"],
            end_date=t["end_date"],
            next_date=t["next_date"],
            mode=t["mode"],
            active=t["active"],
            payment_terms_days=t["payment_terms_days"],
            notes=t["notes"],
            net_cents=totals_of(t["lines"]).net_cents,
            created_at=t["created_at"] or now,
            lines=[RecurringLine(**line_columns(line, n)) for n, line in enumerate(t["lines"])],
        )
        session.add(template)
        session.flush()
        ids["recurring"][t["ref"]] = template.id
        rows = [
            {
                "template_id": template.id,
                "period_start": o["period_start"],
                "invoice_id": ids["invoices"][o["invoice"]] if o["invoice"] else None,
                "created_at": o["created_at"] or now,
            }
            for o in t["occurrences"]
        ]
        if rows:
            session.execute(insert(table(RecurringOccurrence)), rows)
        occurrences += len(rows)
    return {"recurring": len(templates), "recurring_periods": occurrences}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    occurrences: dict[int, list[dict[str, Any]]] = {}
    for o in session.scalars(
        select(RecurringOccurrence).order_by(RecurringOccurrence.template_id, RecurringOccurrence.period_start)
    ):
        item: dict[str, Any] = {"period_start": o.period_start.isoformat(), "created_at": f.iso(o.created_at)}
        if o.invoice_id is not None:
            item["invoice"] = refs["invoices"][o.invoice_id]
        occurrences.setdefault(o.template_id, []).append(item)
    templates = []
    for n, t in enumerate(session.scalars(select(RecurringTemplate).order_by(RecurringTemplate.id)), start=1):
        ref = f"R{n}"  # by position: an import inserts in file order, so a second export gives the same ids
        refs["recurring"][t.id] = ref
        item = {
            "id": ref,
            "customer": refs["customers"][t.customer_id],
            "name": t.name,
            "frequency": t.frequency,
            "mode": t.mode,
            "active": t.active,
            "start_date": t.start_date.isoformat(),
            "next_date": t.next_date.isoformat(),
            "created_at": f.iso(t.created_at),
            "lines": [export_line(line) for line in t.lines],
            "occurrences": occurrences.get(t.id, []),
        }
        if t.end_date is not None:
            item["end_date"] = t.end_date.isoformat()
        if t.payment_terms_days is not None:
            item["payment_terms_days"] = t.payment_terms_days
        if t.notes:
            item["notes"] = t.notes
        templates.append(item)
    doc[KEY] = templates
