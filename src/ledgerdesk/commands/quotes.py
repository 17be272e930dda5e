"""Quote commands: `quotes list`, `quotes add`, `quotes send`, `quotes accept|refuse`, `quotes convert`, `quotes pdf`."""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path

from ..domain.money import fmt_cents
from ..domain.quotes import QuoteStatus
from . import CliError, parse_date, parse_number
from .one_line import add_line_options, customer_of, line_of
from .text import amount, day, say, word


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("quotes", help="quotes: list, add, mark-sent, accept, refuse, convert, pdf")
    qsub = top.add_subparsers(dest="quotes_command", metavar="ACTION", required=True, parser_class=type(top))

    p = qsub.add_parser("list", help="quotes, newest first, with their status as of a date")
    p.add_argument("--status", choices=[s.value for s in QuoteStatus], help="only quotes with this status")
    p.add_argument("--as-of", type=parse_date, help="date of the statuses (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON (amounts as decimal strings)")
    p.set_defaults(func=cmd_list)

    p = qsub.add_parser("add", help="add a draft quote with one line (and send it with --send)")
    add_line_options(p)
    p.add_argument("--date", type=parse_date, help="the quote's date (default: today)")
    p.add_argument("--valid-until", type=parse_date, help="last day the quote may be accepted (default: 30 days)")
    p.add_argument("--deposit", type=parse_number, help="deposit to pay before work starts (no VAT), e.g. 500.00")
    p.add_argument("--terms", default="", help="the quote's terms, printed on it")
    p.add_argument("--planned", help="the month the work is planned, e.g. 2026-12 (the month's forecast)")
    p.add_argument(
        "--send",
        action="store_true",
        help="number it at once (made final: ready to send with `outbox send`, or mark-sent once handed over)",
    )
    p.set_defaults(func=cmd_add)

    p = qsub.add_parser("mark-sent", help="the quote left another way than the outbox (handed over, own e-mail)")
    p.add_argument("number", metavar="NUMBER", help="the quote number, e.g. Q2026-0001")
    p.add_argument("--on", type=parse_date, help="the day it left (default: today)")
    p.add_argument("--how", default="", help="how it left, e.g. handed over (kept in the history)")
    p.set_defaults(func=cmd_mark_sent)

    for name, text in (("accept", "the customer accepted the quote"), ("refuse", "the customer refused the quote")):
        p = qsub.add_parser(name, help=text)
        p.add_argument("number", metavar="NUMBER", help="the quote number, e.g. Q2026-0001")
        p.add_argument("--on", type=parse_date, help="the day of the decision (default: today)")
        if name == "refuse":
            p.add_argument("--reason", default="", help="why, as the customer said it (kept in the history)")
        p.set_defaults(func=cmd_decide, accept=name == "accept")

    p = qsub.add_parser(
        "convert",
        help="make an order confirmation, a draft invoice or the advance invoice of an accepted quote "
        "(or a draft invoice of an order confirmation)",
    )
    p.add_argument("number", metavar="NUMBER", help="a quote number (Q2026-0001) or an order number (OC2026-0001)")
    p.add_argument(
        "--to",
        choices=["order", "invoice", "deposit"],
        default="invoice",
        help="order: an order confirmation; invoice: a draft invoice; deposit: the advance invoice of the "
        "deposit, issued before payment (decision E.T.126.003)",
    )
    p.add_argument(
        "--lines", help="lines to take now, from 1, each whole or with a quantity: 1,3:2.5 (default: all left)"
    )
    p.add_argument("--on", type=parse_date, help="the document's date (default: today)")
    p.set_defaults(func=cmd_convert)

    p = qsub.add_parser("pdf", help="write the PDF of a sent quote or of an order confirmation")
    p.add_argument("number", metavar="NUMBER", help="a quote number or an order confirmation's number")
    p.add_argument("-o", "--output", type=Path, help="PDF file to write (default: NUMBER.pdf here)")
    p.set_defaults(func=cmd_pdf)


def _row_json(row) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "number": row.number,
        "customer": row.customer,
        "customer_id": row.customer_id,
        "date": row.issue_date.isoformat(),
        "valid_until": row.valid_until.isoformat(),
        "status": row.status.value,
        "net": fmt_cents(row.net_cents),
        "total": fmt_cents(row.total_cents),
        "deposit": fmt_cents(row.deposit_cents) if row.deposit_cents else None,
        "invoice": row.invoice_number,
        "planned_month": row.planned_month,
    }


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quotes

    as_of = args.as_of or ctx.today()
    status = QuoteStatus(args.status) if args.status else None
    with ctx.book.db.reading() as session:
        rows = [_row_json(r) for r in quotes.list_quotes(session, as_of, status=status)]
    if args.json:
        ctx.print_json({"as_of": as_of.isoformat(), "quotes": rows})
        return 0
    for r in rows:
        until = say("valid until {date}", date=day(str(r["valid_until"])))
        ctx.out.write(
            f"{r['number'] or word('draft'):<12} {day(str(r['date']))}  {until}  {word(str(r['status'])):<9} "
            f"{amount(str(r['total'])):>10}  {r['customer']}\n"
        )
    ctx.out.write(say("{count} quote(s)", count=len(rows)) + "\n")
    return 0


def _cents(text: str | None) -> int | None:
    from ..domain.errors import ValidationError
    from ..domain.money import to_cents

    if text is None:
        return None
    try:
        return to_cents(text)
    except (ValidationError, ArithmeticError, ValueError):
        raise CliError(f"'{text}' is not an amount (e.g. 500.00)") from None


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quotes

    day = args.date or ctx.today()
    with ctx.book.db.transaction() as session:
        line = line_of(args)
        quote_id = quotes.create_draft(
            session,
            quotes.QuoteData(
                customer_id=customer_of(session, args.customer),
                issue_date=day,
                lines=[line],
                valid_until=args.valid_until,
                terms=args.terms,
                deposit_cents=_cents(args.deposit),
                planned_month=args.planned,
            ),
        )
        number = quotes.send(session, quote_id) if args.send else None
    ctx.out.write(
        (
            say("quote {number} made final, ready to send", number=number)
            if number
            else say("draft quote {id} added", id=quote_id)
        )
        + "\n"
    )
    return 0


def cmd_mark_sent(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quotes

    on = args.on or ctx.today()
    with ctx.book.db.transaction() as session:
        number = quotes.mark_sent(session, quotes.find_quote(session, args.number), on=on, how=args.how)
    ctx.out.write(say("quote {number} marked sent on {date}", number=number, date=day(on)) + "\n")
    return 0


def cmd_decide(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quotes

    on = args.on or ctx.today()
    with ctx.book.db.transaction() as session:
        quote_id = quotes.find_quote(session, args.number)
        if args.accept:
            quotes.accept(session, quote_id, on=on)
        else:
            quotes.refuse(session, quote_id, on=on, reason=args.reason)
    done = "quote {number} accepted on {date}" if args.accept else "quote {number} refused on {date}"
    ctx.out.write(say(done, number=args.number.strip(), date=day(on)) + "\n")
    return 0


def parse_lines(text: str) -> dict[int, Decimal | None]:
    """'1,3:2.5' -> {0: None, 2: Decimal('2.5')}: line numbers from 1, each whole or with a quantity."""
    wanted: dict[int, Decimal | None] = {}
    try:
        for part in text.split(","):
            line, _, quantity = part.strip().partition(":")
            position = int(line) - 1
            if position < 0 or position in wanted:
                raise ValueError(part)
            wanted[position] = Decimal(quantity.strip()) if quantity.strip() else None
            if wanted[position] is not None and not wanted[position].is_finite():  # type: ignore[union-attr]
                raise ValueError(part)
    except (ValueError, ArithmeticError):
        raise CliError(f"'{text}' is not a list of lines (e.g. 1,3:2.5)") from None
    return wanted


def cmd_convert(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quote_deposits, quote_orders, quotes

    on = args.on or ctx.today()
    number = args.number.strip()
    lines = parse_lines(args.lines) if args.lines else None
    with ctx.book.db.transaction() as session:
        order_id = quote_orders.find_order(session, number)
        if order_id is not None:
            if args.to != "invoice":
                raise CliError(f"order confirmation {number} becomes an invoice only (--to invoice)")
            invoice_id = quote_orders.convert_order_to_invoice(session, order_id, on=on, lines=lines)
            message = say(
                "draft invoice {id} made from order confirmation {number}; review and issue it",
                id=invoice_id,
                number=number,
            )
        elif args.to == "order":
            _order_id, order_number = quote_orders.make_order(
                session, quotes.find_quote(session, number), on=on, lines=lines
            )
            message = say("order confirmation {order} made from quote {number}", order=order_number, number=number)
        elif args.to == "deposit":
            if lines is not None:
                raise CliError("the advance invoice is for the deposit asked; --lines does not apply")
            _invoice_id, invoice_number = quote_deposits.advance_before_payment(
                session, quotes.find_quote(session, number), on=on
            )
            message = say(
                "advance invoice {invoice} of quote {number} issued (VAT due on payment)",
                invoice=invoice_number,
                number=number,
            )
        else:
            invoice_id = quotes.convert_to_invoice(session, quotes.find_quote(session, number), on=on, lines=lines)
            message = say(
                "draft invoice {id} made from quote {number}; review and issue it", id=invoice_id, number=number
            )
    ctx.out.write(message + "\n")
    return 0


def cmd_pdf(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import quote_orders, quotes
    from ..user_files import check_output_file, file_in

    output: Path = args.output or file_in(Path("."), args.number.strip(), ".pdf")
    check_output_file(output)
    tmp = output.with_name(output.name + ".part")
    try:
        with ctx.book.db.reading() as session:
            order_id = quote_orders.find_order(session, args.number)
            if order_id is not None:
                document = quote_orders.write_order_pdf(session, order_id, tmp).document
            else:
                document = quotes.write_quote_pdf(
                    session, quotes.find_quote(session, args.number), tmp, as_of=ctx.today()
                ).document
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    template = (
        "order confirmation {number} ({language}) written to {path}"
        if document.kind.value == "order"
        else "quote {number} ({language}) written to {path}"
    )
    ctx.out.write(say(template, number=document.number, language=document.language, path=output) + "\n")
    return 0
