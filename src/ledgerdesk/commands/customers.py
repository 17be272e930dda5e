"""Customer commands: `customers list [--search TEXT] [--json]` and `customers add --name NAME ...`.

A customer is added through the same service and checks as the app's customer form (a valid VAT
number, a two-letter country, an e-mail address, the company's invoice language by default, Peppol
e-invoices by default for a Belgian business with a valid VAT number); a refusal names the option.
"""

from __future__ import annotations

import argparse

from ..domain.money import fmt_cents
from . import CliError, parse_date
from .text import money, say


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("customers", help="customers: list, add")
    csub = top.add_subparsers(dest="customers_command", metavar="ACTION", required=True, parser_class=type(top))

    p = csub.add_parser("list", help="customers by name with their open amount, or those a search finds")
    p.add_argument("--search", metavar="TEXT", help="words of a name or a city, a VAT number or an e-mail address")
    p.add_argument("--as-of", type=parse_date, help="date for open amounts and status (default: today)")
    p.add_argument("--json", action="store_true", help="print JSON (amounts as decimal strings)")
    p.set_defaults(func=cmd_list)

    p = csub.add_parser("add", help="add a customer, checked as the app's customer form checks it")
    p.add_argument("--name", required=True, help="the customer's name")
    p.add_argument("--kind", choices=("business", "consumer"), default="business", help="default: business")
    p.add_argument("--vat", default="", help="VAT number, e.g. BE0123456749")
    p.add_argument("--email", default="", help="the address invoices and reminders are e-mailed to")
    p.add_argument("--phone", default="")
    p.add_argument("--street", default="", help="street and number")
    p.add_argument("--postcode", default="")
    p.add_argument("--city", default="")
    p.add_argument("--country", default="BE", help="two-letter country code (default BE)")
    p.add_argument(
        "--language", choices=("nl", "fr", "en"), help="language of the customer's documents (default: the company's)"
    )
    p.add_argument("--terms", type=int, help="payment terms in days (default: the company's)")
    p.add_argument(
        "--einvoice",
        action=argparse.BooleanOptionalAction,
        help="receives Peppol e-invoices (default: yes for a Belgian business with a valid VAT number)",
    )
    p.add_argument(
        "--requires-reference",
        action="store_true",
        help="every invoice must carry the customer's buyer reference or order number",
    )
    p.add_argument("--notes", default="")
    p.add_argument("--json", action="store_true", help="print JSON (the customer's id and any warning)")
    p.set_defaults(func=cmd_add)


def cmd_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import customers

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        rows = customers.list_customers(session, as_of, text=args.search)
    if args.json:
        ctx.print_json(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "kind": r.kind,
                    "city": r.city,
                    "country": r.country,
                    "vat": r.vat,
                    "email": r.email,
                    "language": r.language,
                    "invoices": r.invoices,
                    "open_amount": fmt_cents(r.open_cents),
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        ctx.out.write(f"{r.id:>5}  {r.name:<32} {r.city:<18} {r.vat or '':<14} {money(r.open_cents):>14}\n")
    ctx.out.write(say("{count} customer(s)", count=len(rows)) + "\n")
    return 0


def cmd_add(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.errors import ValidationError
    from ..services import company
    from . import shown

    with ctx.book.db.transaction() as session:
        data = company.CustomerData(
            name=args.name,
            kind=args.kind,
            street=args.street,
            postcode=args.postcode,
            city=args.city,
            country=args.country,
            vat=args.vat.strip() or None,
            language=args.language or company.invoice_language(session),
            email=args.email,
            phone=args.phone,
            payment_terms_days=args.terms,
            notes=args.notes,
            requires_buyer_reference=args.requires_reference,
        )
        data.receives_einvoice = company.expects_einvoice(data) if args.einvoice is None else args.einvoice
        try:
            saved = company.create_customer(session, data, today=ctx.today())
        except ValidationError as refused:
            raise CliError(_naming_the_option(str(refused), args)) from None
    if args.json:
        ctx.print_json({"id": saved.id, "name": data.name.strip(), "warnings": saved.warnings})
        return 0
    for warning in saved.warnings:
        if warning.endswith("is a Belgian business without a VAT number"):  # said as the form says it
            warning = "A Belgian business without a VAT number: its invoices need one."
        ctx.out.write(say("Warning: {text}", text=shown(warning)) + "\n")
    ctx.out.write(say("Customer {id} added: {name}", id=saved.id, name=data.name.strip()) + "\n")
    return 0


def _naming_the_option(problem: str, args: argparse.Namespace) -> str:
    """The form's refusal with the option it is about, as argparse names one ('argument --vat: …')."""
    given = {"--vat": args.vat.strip(), "--email": args.email.strip()}
    option = next((name for name, value in given.items() if value and f"'{value}'" in problem), None)
    if option is None:
        starts = {"a customer needs a name": "--name", "country ": "--country", "payment terms": "--terms"}
        option = next((name for start, name in starts.items() if problem.startswith(start)), None)
    return f"argument {option}: {problem}" if option else problem
