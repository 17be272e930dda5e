"""Bank commands: import-statement (CODA or camt.053, format detected)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.money import fmt_cents
from . import CliError, literal
from .text import amount, labelled, money, say, sentence


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-statement", help="import a CODA or camt.053 bank statement (or a zip of them) and apply certain matches"
    )
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument(
        "--accept-account",
        action="store_true",
        help="import even when the statement's account is not the company's IBAN",
    )
    p.set_defaults(func=cmd_import_statement)


def _status(p) -> str:  # type: ignore[no-untyped-def]
    return "duplicate" if p.duplicate else p.outcome.status


def summary_json(result) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    plan = result.plan
    return {
        "file": plan.file_name,
        "format": plan.file_format,
        "statements": [
            {
                "account": s.account,
                "number": s.number,
                "opening_balance": fmt_cents(s.opening_balance_cents),
                "closing_balance": fmt_cents(s.closing_balance_cents),
                "lines": len(s.lines),
                "free_message": s.free_message,
            }
            for s in plan.statements
        ],
        "new": plan.new,
        "duplicates": plan.duplicates,
        "matched": [
            {"line": m.sequence, "invoice": m.invoice, "amount": fmt_cents(m.amount_cents)} for m in result.matched
        ],
        # lines that paid a quote's deposit (counted above as unmatched: the plan is made before they are)
        "deposits": [
            {"quote": d.quote_number, "advance_invoice": d.advance_number, "amount": fmt_cents(d.amount_cents)}
            for d in getattr(result, "deposits", [])
        ],
        "to_review": plan.count("review"),
        "unmatched": plan.count("unmatched"),
        "outgoing": plan.count("outgoing"),
        "bills_paid": [{"bill": b.number, "amount": fmt_cents(b.amount_cents)} for b in result.bills_paid],
        "collection_credits": [
            {"line": c.sequence, "file": c.message_id, "invoices": c.invoices, "amount": fmt_cents(c.amount_cents)}
            for c in result.collection_credits
        ],
        # SEPA direct debits the bank sent back: their invoices are open again
        "direct_debits_returned": [
            {
                "invoice": r.number,
                "customer": r.customer,
                "amount": fmt_cents(r.amount_cents),
                "reason": r.reason,
                "reason_text": r.reason_text,
                "next_sequence": r.next_sequence,
            }
            for r in result.returned
        ],
        # every line counted above, in file order, with why it is where it is
        "lines": [
            {
                "statement": plan.statements[p.statement].number,
                "line": p.line.sequence,
                "date": p.line.booking_date.isoformat(),
                "amount": fmt_cents(p.line.amount_cents),
                "status": _status(p),
                "reason": "" if p.duplicate else p.outcome.reason,
                "notes": [str(note) for note in p.line.notes],
            }
            for p in plan.lines
        ],
    }


LINE_OUTCOMES = {
    "review": "to review: {reason}",
    "outgoing": "outgoing: {reason}",
    "unmatched": "unmatched: {reason}",
}


def describe(result) -> list[str]:  # type: ignore[no-untyped-def]
    """One sentence per line of the file, under its statement: nothing counted goes unexplained."""
    plan = result.plan
    paid: dict[int, list[str]] = {}  # by booked line id: sequences repeat across the statements of a file
    for m in result.matched:
        paid.setdefault(m.line_id, []).append(
            say("{total} to invoice {number}", total=money(m.amount_cents), number=m.invoice)
        )
    line_id = dict(zip((id(p) for p in plan.lines if not p.duplicate), result.line_ids, strict=False))
    out: list[str] = []
    for index, s in enumerate(plan.statements):
        out.append(
            say(
                "statement {number} of {account}: {opening} -> {closing}, {count} lines",
                number=s.number,
                account=s.account,
                opening=money(s.opening_balance_cents),
                closing=money(s.closing_balance_cents),
                count=len(s.lines),
            )
        )
        if s.free_message:
            out.append("  " + say("the bank's message: {text}", text=s.free_message))
        for p in (p for p in plan.lines if p.statement == index):
            head = "  " + say("line {sequence}: {total}", sequence=p.line.sequence, total=money(p.line.amount_cents))
            if p.duplicate:
                out.append(head + " " + say("already imported, left as it was"))
                out += ["    " + say("note: {note}", note=sentence(note)) for note in p.line.notes]
                continue
            reason = sentence(p.outcome.reason)
            if p.outcome.status == "matched":
                allocations = ", ".join(paid.get(line_id.get(id(p), 0), []))
                out.append(head + " " + say("paid {allocations} ({reason})", allocations=allocations, reason=reason))
            elif p.outcome.status in LINE_OUTCOMES:
                out.append(head + " " + say(LINE_OUTCOMES[p.outcome.status], reason=reason))
            else:
                out.append(head + " " + say(LINE_OUTCOMES["unmatched"], reason=reason))
            out += ["    " + say("note: {note}", note=sentence(note)) for note in p.line.notes]
    return out


def cmd_import_statement(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.bank_import import ForeignAccount, StatementRefused, import_file
    from ..user_files import STATEMENT_FILE_LIMIT, check_input

    check_input(args.file, limit=STATEMENT_FILE_LIMIT)  # a FIFO, a device or a folder: refused before reading
    try:
        with ctx.book.db.transaction() as session:
            result = import_file(session, args.file, today=ctx.today(), accept_account=args.accept_account)
    except StatementRefused as exc:
        from ..i18n.sentences import sentence
        from ..i18n.user import cli_language, cli_tr

        language = cli_language()
        for problem in exc.problems:  # the place as the reader wrote it, the problem in the user's language
            where = cli_tr()("file") if problem.where == "file" else problem.where
            said = literal(sentence(problem.message, language, alone=False))
            print(f"ledgerdesk: {labelled(f'{literal(problem.file)}, {where}', said)}", file=ctx.err)
        print(
            "ledgerdesk: " + cli_tr()("{count} problem(s); nothing was imported", count=len(exc.problems)), file=ctx.err
        )
        return 1
    except ForeignAccount as exc:
        raise CliError(f"{exc} (--accept-account); nothing was imported") from None
    data = summary_json(result)
    if args.json:
        ctx.print_json(data)
        return 0
    for text in describe(result):
        ctx.out.write(text + "\n")
    for d in data["deposits"]:  # type: ignore[attr-defined]
        deposit = say(
            "deposit of quote {quote} paid ({total}): advance invoice {invoice}",
            quote=d["quote"],
            total=amount(str(d["amount"])),
            invoice=d["advance_invoice"],
        )
        ctx.out.write(deposit + "\n")
    counts = say(
        "{new} new, {duplicates} already imported, {matched} allocations, {to_review} to review, "
        "{unmatched} unmatched, {outgoing} outgoing",
        new=data["new"],
        duplicates=data["duplicates"],
        matched=len(data["matched"]),
        to_review=data["to_review"],
        unmatched=data["unmatched"],
        outgoing=data["outgoing"],
    )
    ctx.out.write(counts + "\n")
    if result.bills_paid:
        paid = ", ".join(f"{b.number} {money(b.amount_cents)}" for b in result.bills_paid)
        ctx.out.write(say("supplier bills paid: {bills}", bills=paid) + "\n")
    from ..i18n import format_money
    from ..i18n.user import cli_language, cli_tr
    from ..services.direct_debit_returns import returned_sentence

    tr = cli_tr()
    for c in result.collection_credits:
        ctx.out.write(
            tr(
                "line {line}: the bank's credit for the direct debit collection file {file} ({count} invoices), "
                "set aside: each invoice was marked paid by its collection",
                line=c.sequence,
                file=c.message_id,
                count=c.invoices,
            )
            + "\n"
        )
    for r in result.returned:
        ctx.out.write(returned_sentence(tr, r, format_money(r.amount_cents, cli_language())) + "\n")
    return 0
