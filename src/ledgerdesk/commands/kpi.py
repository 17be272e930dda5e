"""KPI and recurring-invoice commands: `kpi`, `recurring run`, `recurring add`, `recurring list`."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from ..domain.money import fmt_cents
from . import parse_date
from .one_line import add_line_options, customer_of, line_of
from .text import amount, day, number, say, word


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kpi", help="every KPI as of a date (the same figures as the Overview tab)")
    p.add_argument("--as-of", type=parse_date, help="date of the figures (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON (amounts as decimal strings)")
    p.set_defaults(func=cmd_kpi)

    rec = sub.add_parser("recurring", help="recurring invoices: list, add, run")
    rsub = rec.add_subparsers(dest="recurring_command", metavar="ACTION", required=True, parser_class=type(rec))
    p = rsub.add_parser("run", help="list the periods now due; with --confirm, create their invoices")
    p.add_argument("--as-of", type=parse_date, help="date to generate up to (default: today)")
    p.add_argument("--confirm", action="store_true", help="create the invoices (otherwise only list them)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recurring_run)

    p = rsub.add_parser("list", help="list recurring invoice templates")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recurring_list)

    p = rsub.add_parser("add", help="add a recurring invoice with one line")
    add_line_options(p)
    p.add_argument("--frequency", choices=["monthly", "quarterly", "yearly"], default="monthly")
    p.add_argument("--start", type=parse_date, required=True, help="first period (the anchor date)")
    p.add_argument("--end", type=parse_date, help="last day a period may start")
    p.add_argument("--mode", choices=["draft", "issued"], default="draft", help="create drafts or issue at once")
    p.add_argument("--name", default="")
    p.set_defaults(func=cmd_recurring_add)


def _days(value: Decimal | None) -> float | None:
    # Day averages are not money: a JSON number with one decimal (exact in a float at that size).
    return None if value is None else float(value)  # float ok: days, not money


def snapshot_json(snap) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from ..services import kpis

    out: dict[str, object] = {
        "as_of": snap.as_of.isoformat(),
        "revenue_this_month": fmt_cents(snap.revenue_this_month),
        "revenue_same_days_last_month": fmt_cents(snap.revenue_same_days_last_month),
        "revenue_last_month": fmt_cents(snap.revenue_last_month),
        "revenue_same_month_last_year": fmt_cents(snap.revenue_same_month_last_year),
        "outstanding": fmt_cents(snap.outstanding),
        "overdue": fmt_cents(snap.overdue),
        "aging": {bucket: fmt_cents(cents) for bucket, cents in snap.aging.items()},
        "dso": _days(snap.dso),
        "avg_days_to_pay": _days(snap.avg_days_to_pay),
        "avg_days_late": _days(snap.avg_days_late),
        "mrr": fmt_cents(snap.mrr),
        "recurring_to_invoice": fmt_cents(snap.recurring_to_invoice),
        "forecast_month": fmt_cents(snap.forecast_month),
        "work_to_invoice": fmt_cents(snap.work_to_invoice),
        "quotes_to_invoice": fmt_cents(snap.quotes_to_invoice),
        "top_late_payers": [
            {
                "customer": p.customer,
                "invoices": p.invoices,
                "avg_days_late": _days(p.avg_days_late),
                "avg_days_to_pay": _days(p.avg_days_to_pay),
            }
            for p in snap.top_late_payers
        ],
        "recurring_due": snap.recurring_due,
        "per_customer": [
            {
                "customer": p.customer,
                "invoices": p.invoices,
                "avg_days_to_pay": _days(p.avg_days_to_pay),
                "avg_days_late": _days(p.avg_days_late),
            }
            for p in snap.payers
        ],
        "next_actions": [{"code": a.code, "text": kpis.action_text(a, "en")} for a in snap.actions],
        "withheld": {key: str(reason) for key, reason in snap.withheld.items()},  # figures null for now, and why
    }
    if snap.previous is not None:
        prev = snapshot_json(snap.previous)
        out["previous_month_end"] = {
            key: prev[key] for key in ("as_of", "outstanding", "overdue", "dso", "revenue_this_month")
        }
    return out


def cmd_kpi(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import kpis

    as_of = args.as_of or ctx.today()
    from ..services import purchase_kpis
    from ..services.franchise import franchise_status
    from .purchases import figures_json

    with ctx.book.db.reading() as session:
        snap = kpis.compute(session, as_of, per_customer=True)
        franchise = franchise_status(session, as_of)
        figures = purchase_kpis.compute(session, as_of)
    data = snapshot_json(snap)
    data.update(figures_json(figures))  # costs, result, VAT estimate, cash flow (domain.cash_flow)
    if franchise is not None:  # only under the small-business franchise: its threshold
        data["franchise"] = {
            "year": franchise.year,
            "turnover": fmt_cents(franchise.turnover_cents),
            "threshold": fmt_cents(franchise.threshold_cents),
            "approaching": franchise.approaching,
            "exceeded": franchise.exceeded,
        }
    if args.json:
        ctx.print_json(data)
        return 0
    _write_kpis(ctx, snap, data, franchise)
    return 0


# The text form's labels, in the order of `domain.kpis.DEFINITIONS` (the JSON keys stay as they are).
LABELS = {
    "revenue_this_month": "Revenue this month so far",
    "revenue_same_days_last_month": "Same days last month",
    "revenue_last_month": "Revenue last month",
    "revenue_same_month_last_year": "Same month last year",
    "outstanding": "Outstanding",
    "overdue": "Overdue",
    "dso": "DSO (days)",
    "avg_days_to_pay": "Days to pay",  # the KPI tab's name for the figure
    "avg_days_late": "Paid late (days)",
    "mrr": "MRR",
    "recurring_to_invoice": "Recurring still to invoice",
    "forecast_month": "Forecast for this month",
    "work_to_invoice": "Work to invoice",
    "quotes_to_invoice": "Accepted quotes to invoice",
    "costs_this_month": "Costs this month",
    "costs_same_month_last_year": "Costs, same month last year",
    "result_this_month": "Result this month",
    "result_ytd": "Result this year so far",
}
AGING = {
    "not_due": "not due",
    "1_30": "1–30 days",
    "31_60": "31–60 days",
    "61_90": "61–90 days",
    "over_90": "over 90 days",
}


def _write_kpis(ctx, snap, data, franchise) -> None:  # type: ignore[no-untyped-def]
    from ..domain.cash_flow import LONG_OVERDUE_DAYS
    from ..domain.kpis import DEFINITIONS
    from ..services.kpis import action_text
    from . import shown
    from .text import language

    def figure(key: str) -> str:
        value = data[key]
        if value is None:
            reason = snap.withheld.get(key)
            return f"— ({shown(reason)})" if reason is not None else "—"
        if isinstance(value, float):
            return format_days(value)
        return amount(str(value))

    width = max(len(word(label)) for label in (*LABELS.values(), "Aging", "VAT estimate"))

    def line(label: str, value: str) -> None:
        ctx.out.write(f"  {word(label):<{width}} {value}\n")

    ctx.out.write(say("KPIs as of {date}", date=day(snap.as_of)) + "\n")
    if franchise is not None:
        ctx.out.write(f"  {shown(franchise.message())}\n")
    for key in DEFINITIONS:
        if key in data and key != "aging":
            line(LABELS.get(key, key), figure(key))
    aging = data["aging"]
    line("Aging", ", ".join(f"{word(AGING.get(b, b))} {amount(str(v))}" for b, v in aging.items()))
    for key in ("costs_this_month", "costs_same_month_last_year", "result_this_month", "result_ytd"):
        line(LABELS[key], figure(key))
    vat = data["vat_estimate"]
    line("VAT estimate", f"{amount(vat['balance'])} ({day(vat['first'])} … {day(vat['last'])})")
    for week in data["cash_flow"]["weeks"]:
        low = "  ← " + word("lowest") if week["lowest"] else ""
        ctx.out.write(
            "  "
            + say(
                "Week of {date}  in {money_in}  out {money_out}  balance {balance}",
                date=day(week["start"]),
                money_in=f"{amount(week['in']):>12}",
                money_out=f"{amount(week['out']):>12}",
                balance=f"{amount(week['balance']):>12}",
            )
            + low
            + "\n"
        )
    if data["cash_flow"]["overdue_left_out_count"]:
        left_out = data["cash_flow"]
        ctx.out.write(
            "  "
            + say(
                "Not counted: {amount} overdue more than {days} days ({count} invoices).",
                amount=amount(left_out["overdue_left_out"]),
                days=LONG_OVERDUE_DAYS,
                count=left_out["overdue_left_out_count"],
            )
            + "\n"
        )
    for action in snap.actions:
        ctx.out.write(f"  → {action_text(action, language())}\n")


def format_days(value: float) -> str:
    """Days with one decimal, the decimal sign of the user's language."""
    return number(f"{value:.1f}")


def _occurrence_json(occ, invoice_id=None, number=None) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "template_id": occ.template_id,
        "name": occ.name,
        "customer": occ.customer,
        "period_start": occ.period_start.isoformat(),
        "period_end": occ.period_end.isoformat(),
        "net": fmt_cents(occ.net_cents),
        "mode": occ.mode,
        "invoice_id": invoice_id,
        "number": number,
    }


def cmd_recurring_run(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import recurring

    as_of = args.as_of or ctx.today()
    if args.confirm:
        with ctx.book.db.transaction() as session:
            result = recurring.generate(session, as_of, confirm=True)
        rows = [_occurrence_json(o, i, n) for o, i, n in result.created]
    else:
        with ctx.book.db.reading() as session:
            result = recurring.generate(session, as_of, confirm=False)
        rows = [_occurrence_json(o) for o in result.due]
    if args.json:
        ctx.print_json({"as_of": as_of.isoformat(), "confirmed": args.confirm, "occurrences": rows})
        return 0
    for row in rows:
        made = ""
        if args.confirm:
            made = "  → " + say("{number} (invoice {id})", number=row["number"] or word("draft"), id=row["invoice_id"])
        ctx.out.write(
            f"{day(str(row['period_start']))} – {day(str(row['period_end']))}  {amount(str(row['net'])):>10}  "
            f"{row['customer']}: {row['name']}{made}\n"
        )
    if args.confirm:
        ctx.out.write(say("{count} invoice(s) created", count=len(rows)) + "\n")
    else:
        ctx.out.write(say("{count} period(s) due; run with --confirm to create them", count=len(rows)) + "\n")
    return 0


def cmd_recurring_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import recurring

    with ctx.book.db.reading() as session:
        rows = recurring.list_templates(session)
    data = [
        {
            "id": r.id,
            "name": r.name,
            "customer": r.customer,
            "frequency": r.frequency,
            "start": r.start_date.isoformat(),
            "end": r.end_date.isoformat() if r.end_date else None,
            "next": r.next_date.isoformat(),
            "mode": r.mode,
            "active": r.active,
            "net": fmt_cents(r.net_cents),
        }
        for r in rows
    ]
    if args.json:
        ctx.print_json(data)
        return 0
    for r in data:
        next_on = say("next {date}", date=day(str(r["next"])))
        ctx.out.write(
            f"{r['id']:>4}  {word(str(r['frequency'])):<11} {next_on}  {amount(str(r['net'])):>10}  "
            f"{r['customer']}: {r['name']}\n"
        )
    ctx.out.write(say("{count} recurring invoice(s)", count=len(data)) + "\n")
    return 0


def cmd_recurring_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import recurring

    with ctx.book.db.transaction() as session:
        customer_id = customer_of(session, args.customer)
        line = line_of(args)
        template_id = recurring.create_template(
            session,
            recurring.TemplateData(
                customer_id=customer_id,
                frequency=args.frequency,
                start_date=args.start,
                end_date=args.end,
                lines=[line],
                mode=args.mode,
                name=args.name,
            ),
        )
    added = say(
        "recurring invoice {id} added ({frequency} from {date})",
        id=template_id,
        frequency=word(args.frequency),
        date=day(args.start),
    )
    ctx.out.write(added + "\n")
    return 0
