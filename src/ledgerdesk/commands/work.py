"""Work delivered commands: `work add`, `work list [--uninvoiced]`, `work invoice --customer`."""

from __future__ import annotations

import argparse

from ..domain.money import fmt_cents
from . import parse_date, parse_number
from .text import amount, day, say, word


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("work", help="work delivered: add a work slip, list the queue, invoice it")
    wsub = top.add_subparsers(dest="work_command", metavar="ACTION", required=True, parser_class=type(top))

    p = wsub.add_parser(
        "add", help="log work delivered (one line: hours or materials), or a quantity of an accepted quote's line"
    )
    p.add_argument("--customer", help="customer id or exact name (not with --quote)")
    p.add_argument("--description")
    p.add_argument("--quantity", default="1", type=parse_number, help="hours or pieces, e.g. 7.5")
    p.add_argument("--unit", default="", help="e.g. HUR for hours (UN/ECE Rec. 20)")
    p.add_argument("--price", type=parse_number, help="unit price excl. VAT, e.g. 55.00")
    p.add_argument(
        "--quote", help="an accepted quote's number: the slip takes --quantity of its --line (invoicing it takes that)"
    )
    p.add_argument("--line", type=int, default=1, help="the quote's line, from 1 (with --quote)")
    p.add_argument("--vat", default="21", help="VAT rate in %% (21, 12, 6, 0)")
    p.add_argument("--exemption", help="franchise, reverse_charge, intra_eu or export (with --vat 0)")
    p.add_argument("--date", type=parse_date, help="the day the work was delivered (default: today)")
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_add)

    p = wsub.add_parser("list", help="work slips, newest first, and the warning before the 15th")
    p.add_argument("--uninvoiced", action="store_true", help="only what is not invoiced yet (the queue)")
    p.add_argument("--as-of", type=parse_date, help="date of the warning (default: today)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = wsub.add_parser("invoice", help="one draft invoice of a customer's work not invoiced yet")
    p.add_argument("--customer", required=True, help="customer id or exact name")
    p.add_argument("--until", type=parse_date, help="last day of work to take (default: the invoice date)")
    p.add_argument("--on", type=parse_date, help="the invoice's date (default: today)")
    p.set_defaults(func=cmd_invoice)


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quotes, work
    from . import CliError
    from .one_line import customer_of, line_of

    if args.quote:
        if args.customer or args.description or args.price:
            raise CliError("with --quote the slip takes the quote's customer, description and price")
        with ctx.book.db.transaction() as session:
            slip_id = work.slip_from_quote(
                session,
                quotes.find_quote(session, args.quote),
                day=args.date or ctx.today(),
                quantities={args.line - 1: args.quantity},
                note=args.note,
            )
        ctx.out.write(f"work slip {slip_id} added\n")
        return 0
    if not (args.customer and args.description and args.price):
        raise CliError("a work slip needs --customer, --description and --price (or --quote)")
    with ctx.book.db.transaction() as session:
        line = line_of(args)
        slip_id = work.create_slip(
            session,
            work.SlipData(customer_of(session, args.customer), args.date or ctx.today(), [line], note=args.note),
        )
    ctx.out.write(say("work slip {id} added", id=slip_id) + "\n")
    return 0


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..i18n.sentences import sentence
    from ..i18n.user import cli_language
    from ..services import work

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        rows = work.list_slips(session, uninvoiced=args.uninvoiced)
        per_customer = work.uninvoiced_by_customer(session)
        warning = work.deadline_warning(session, as_of)
    data = {
        "as_of": as_of.isoformat(),
        "slips": [
            {
                "id": r.id,
                "date": r.day.isoformat(),
                "customer": r.customer,
                "customer_id": r.customer_id,
                "description": r.description,
                "net": fmt_cents(r.net_cents),
                "invoice": r.invoice_number or ("draft" if r.invoice_id else None),
                "quote": r.quote_number,
            }
            for r in rows
        ],
        "uninvoiced_per_customer": [
            {"customer": c.customer, "slips": c.slips, "net": fmt_cents(c.net_cents), "oldest": c.oldest.isoformat()}
            for c in per_customer
        ],
        "uninvoiced": fmt_cents(sum(c.net_cents for c in per_customer)),
        "warning": str(warning) if warning else None,
    }
    if args.json:
        ctx.print_json(data)
        return 0
    for r in data["slips"]:  # type: ignore[attr-defined]
        state = word("draft") if r["invoice"] == "draft" else (r["invoice"] or word("not invoiced"))
        ctx.out.write(f"{day(r['date'])}  {amount(r['net']):>10}  {r['customer']}: {r['description']}  ({state})\n")
    ctx.out.write(
        say("{count} work slip(s); not invoiced: {total}", count=len(rows), total=amount(str(data["uninvoiced"])))
        + "\n"
    )
    if warning is not None:  # in the user's language, dates and amounts in their format
        ctx.out.write(sentence(str(warning), cli_language()) + "\n")
    return 0


def cmd_invoice(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import work
    from .one_line import customer_of

    on = args.on or ctx.today()
    with ctx.book.db.transaction() as session:
        invoice_id = work.invoice_slips(session, customer_of(session, args.customer), on=on, until=args.until)
    ctx.out.write(say("draft invoice {id} made of the work delivered; review and issue it", id=invoice_id) + "\n")
    return 0
