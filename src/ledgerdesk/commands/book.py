"""Book commands: import-book, export-book, demo, invoices."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.money import fmt_cents
from ..domain.references import format as format_ogm
from . import CliError, parse_date
from .text import day, labelled, money, say, word

if TYPE_CHECKING:
    from ..domain.document import CommercialDocument
    from ..persistence.invoice_rows import InvoiceRow

SHOWN_PROBLEMS = 50  # a file with a million bad lines should not print a million lines


def _tr():  # type: ignore[no-untyped-def]
    from ..i18n.user import cli_tr

    return cli_tr()


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("invoices", help="list invoices and credit notes with their open amount as of a date")
    p.add_argument(
        "--status",
        choices=["draft", "open", "overdue", "paid", "credited", "all"],
        default="all",
        help="open, overdue, paid and credited list invoices only",
    )
    p.add_argument(
        "--kind",
        choices=["invoice", "credit_note", "all"],
        default="all",
        help="which documents (default: both, as in the app's list)",
    )
    p.add_argument("--as-of", type=parse_date, help="date for open amounts and status (default: today)")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(func=cmd_invoices)

    p = sub.add_parser("import-book", help="load a book file (JSON) into an empty book, all or nothing")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_import_book)

    p = sub.add_parser("export-book", help="write the whole book as JSON")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export_book)

    p = sub.add_parser("demo", help="fill an empty book with a realistic Belgian demo business")
    p.add_argument("--years", type=int, default=2)
    p.add_argument("--customers", type=int, default=40)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", type=parse_date, help="the demo's 'today' (default: today)")
    p.set_defaults(func=cmd_demo)


def invoice_json(row: InvoiceRow, document: CommercialDocument, as_of: date) -> dict[str, object]:
    """One listed document: what it says from its value, what it is as of the day from the row."""
    return {
        "id": row.id,
        "number": document.number,
        "kind": document.kind.value,
        "customer": row.customer,
        "issue_date": document.issue_date.isoformat(),
        "due_date": document.due_date.isoformat() if document.due_date else None,
        "net": fmt_cents(document.totals.net_cents),
        "total": fmt_cents(document.totals.total_cents),
        "open_amount": fmt_cents(row.open_cents),
        "structured_communication": (
            format_ogm(document.structured_communication) if document.structured_communication else None
        ),
        "status": row.status,
        "days_overdue": row.days_overdue(as_of),
    }


def cmd_invoices(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..persistence.queries import list_invoices

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        rows = list_invoices(session, as_of, status=args.status, kind=args.kind)
        if args.json:  # in the same read: the rows and their documents are one moment of the book
            from ..services.invoice_list import with_documents

            listed = with_documents(session, rows)
    if args.json:
        ctx.print_json([invoice_json(row, document, as_of) for row, document in listed])
        return 0
    from ..domain.invoicing import STATUS_WORDS

    tr = _tr()
    words = {status: tr(word) for status, word in STATUS_WORDS.items()}  # the list's words, in the user's language
    width = max(11, *(len(w) for w in words.values()))
    for r in rows:  # a draft by its id, as `invoice issue ID` takes it
        ctx.out.write(
            f"{(r.number or tr('(draft {id})', id=r.id)):<14} {day(r.issue_date)} {day(r.due_date):<10} "
            f"{money(-r.total_cents if r.kind == 'credit_note' else r.total_cents):>12} "
            f"{money(r.open_cents):>12} {words.get(r.status, r.status):<{width}} {r.customer}\n"
        )
    ctx.out.write(tr("Documents: {count}", count=len(rows)) + "\n")  # no plural to get wrong for one
    return 0


def cmd_import_book(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.book_io import BookFileError, import_book
    from ..services.bookfile import json_text
    from ..user_files import BOOK_FILE_LIMIT, read_input
    from . import shown

    raw = read_input(args.file, limit=BOOK_FILE_LIMIT)
    try:
        data = json_text.loads(raw)
        del raw  # the text and its lists read item by item are all that is kept (bounded memory)
        with ctx.book.db.transaction() as session:
            summary = import_book(session, data)
    except BookFileError as exc:
        for problem in exc.problems[:SHOWN_PROBLEMS]:
            print(f"ledgerdesk: {labelled(str(args.file), shown(problem))}", file=ctx.err)
        more = len(exc.problems) - SHOWN_PROBLEMS
        if more > 0:
            print(
                f"ledgerdesk: {labelled(str(args.file), _tr()('… and {count} more problems', count=more))}",
                file=ctx.err,
            )
        print("ledgerdesk: " + _tr()("{count} problem(s); nothing was imported", count=len(exc.problems)), file=ctx.err)
        return 1
    ctx.out.write(
        _tr()(
            "imported {customers} customers, {invoices} invoices, {credit_notes} credit notes, {payments} payments, "
            "{recurring} recurring invoices",
            customers=summary["customers"],
            invoices=summary["invoices"],
            credit_notes=summary["credit_notes"],
            payments=summary["payments"],
            recurring=summary.get("recurring", 0),
        )
        + "\n"
    )
    core = ("customers", "invoices", "credit_notes", "payments", "recurring")
    others = [f"{n} {word(key.replace('_', ' '))}" for key, n in summary.items() if key not in core and n]
    if others:
        ctx.out.write(say("and {sections}", sections=", ".join(others)) + "\n")
    return 0


def cmd_export_book(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.book_io import write_book
    from ..user_files import check_output_file

    if args.output:
        check_output_file(args.output)
    # Written row by row as it is read (the file of a ten-year book is never held whole in memory).
    with ctx.book.db.reading() as session:
        if args.output:
            from ..atomic import write_atomic_text

            write_atomic_text(args.output, lambda out: write_book(session, out))
        else:
            write_book(session, sys.stdout if ctx.out is sys.stdout else ctx.out)
    return 0


def cmd_demo(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.demo import DemoSpec, generate, holds_data, sample_statement

    if not 1 <= args.years <= 30 or not 1 <= args.customers <= 100_000:
        raise CliError("--years is 1 to 30 and --customers 1 to 100000")
    spec = DemoSpec(
        years=args.years, customers=args.customers, seed=args.seed, as_of=args.as_of or ctx.today(), quotes=True
    )
    with ctx.book.db.reading() as session:
        if holds_data(session):
            raise CliError(
                "This book already holds customers or invoices; the demo is made in an empty book: "
                "choose a new folder with --data-dir."
            )
    with ctx.book.db.transaction() as session:
        summary = generate(session, spec)
    with ctx.book.db.reading() as session:  # a bank statement to try import-statement on
        statement = ctx.book.paths.folder / "demo-statement.cod"
        statement_bytes = sample_statement(session, spec.as_of)
    from ..atomic import write_atomic

    write_atomic(statement, statement_bytes)
    tr = _tr()
    ctx.out.write(
        tr(
            "demo book: {customers} customers, {invoices} invoices, {credit_notes} credit notes, {payments} payments, "
            "{recurring} recurring invoices",
            customers=summary["customers"],
            invoices=summary["invoices"],
            credit_notes=summary["credit_notes"],
            payments=summary["payments"],
            recurring=summary.get("recurring", 0),
        )
        + "\n"
        + tr("{bills} suppliers' bills (Purchases)", bills=summary.get("bills", 0))
        + "\n"
        + tr("a bank statement to try: {command}", command=f"ledgerdesk import-statement {statement}")
        + "\n"
    )
    return 0
