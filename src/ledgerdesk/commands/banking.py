"""Bank commands: import-statement (CODA or camt.053, format detected)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..domain.money import fmt_cents
from . import CliError

SHOWN = 20  # review lines listed in the plain summary; --json lists nothing but counts


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-statement", help="import a CODA or camt.053 bank statement and apply certain matches")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--accept-account", action="store_true",
                   help="import even when the statement's account is not the company's IBAN")
    p.set_defaults(func=cmd_import_statement)


def summary_json(result) -> dict[str, object]:  # type: ignore[no-untyped-def]
    plan = result.plan
    return {
        "file": plan.file_name,
        "format": plan.file_format,
        "statements": [
            {"account": s.account, "number": s.number, "opening_balance": fmt_cents(s.opening_balance_cents),
             "closing_balance": fmt_cents(s.closing_balance_cents), "lines": len(s.lines)}
            for s in plan.statements
        ],
        "new": plan.new,
        "duplicates": plan.duplicates,
        "matched": [{"line": m.sequence, "invoice": m.invoice, "amount": fmt_cents(m.amount_cents)} for m in result.matched],
        "to_review": plan.count("review"),
        "unmatched": plan.count("unmatched"),
        "outgoing": plan.count("outgoing"),
    }


def cmd_import_statement(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.bank_import import ForeignAccount, StatementRefused, import_file

    try:
        with ctx.book.db.transaction() as session:
            result = import_file(session, args.file, today=ctx.today(), accept_account=args.accept_account)
    except StatementRefused as exc:
        for problem in exc.problems:
            print(f"ledgerdesk: {problem}", file=ctx.err)
        print(f"ledgerdesk: {len(exc.problems)} problem(s); nothing was imported", file=ctx.err)
        return 1
    except ForeignAccount as exc:
        raise CliError(f"{exc} (--accept-account); nothing was imported") from None
    data = summary_json(result)
    if args.json:
        ctx.print_json(data)
        return 0
    for s in data["statements"]:  # type: ignore[union-attr]
        ctx.out.write(f"statement {s['number']} of {s['account']}: {s['opening_balance']} -> {s['closing_balance']}, "
                      f"{s['lines']} lines\n")
    reasons = {p.line.sequence: p.outcome.reason for p in result.plan.lines if p.outcome is not None}
    for m in data["matched"]:  # type: ignore[union-attr]
        ctx.out.write(f"  line {m['line']}: {m['amount']} paid invoice {m['invoice']} ({reasons.get(m['line'], '')})\n")
    review = [p for p in result.plan.lines if p.outcome is not None and p.outcome.status == "review"]
    for p in review[:SHOWN]:
        ctx.out.write(f"  line {p.line.sequence}: {fmt_cents(p.line.amount_cents)} to review: {p.outcome.reason}\n")
    if len(review) > SHOWN:
        ctx.out.write(f"  … and {len(review) - SHOWN} more lines to review\n")
    ctx.out.write(f"{data['new']} new, {data['duplicates']} already imported, {len(data['matched'])} allocations, "
                  f"{data['to_review']} to review, {data['unmatched']} unmatched, {data['outgoing']} outgoing\n")
    return 0
