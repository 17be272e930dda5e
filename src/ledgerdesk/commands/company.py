"""The company: `company show [--json]` and `company set --name NAME ...`.

Without the app, a new book needs its company before anything can be invoiced; `company set` goes
through the same checks as the app's company setup (VAT and IBAN numbers, e-mail address, regime,
numbering formats), changes only the options given, and says the same warnings.
"""

from __future__ import annotations

import argparse
import dataclasses

from . import CliError
from .text import language, say, word

REGIMES = {
    "standard": "Standard VAT regime",
    "franchise": "Small business franchise (no VAT charged)",
    "art44": "Exempt under art. 44 (medical care, teaching, …: no VAT, no VAT return)",
}

# option -> the company's field, for the options that are plain text
TEXT_OPTIONS = {
    "name": "name",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "country": "country",
    "vat": "vat",
    "iban": "iban",
    "bic": "bic",
    "email": "email",
    "phone": "phone",
    "language": "language",
    "regime": "vat_regime",
    "invoice_numbers": "invoice_number_format",
    "credit_note_numbers": "credit_note_number_format",
}


def register(sub: argparse._SubParsersAction) -> None:
    top = sub.add_parser("company", help="your company: show it, or set it up and change it")
    csub = top.add_subparsers(dest="company_command", metavar="ACTION", required=True, parser_class=type(top))

    p = csub.add_parser("show", help="the company as invoices show it")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_show)

    p = csub.add_parser("set", help="set up the company (--name first), or change the options given")
    p.add_argument("--name", help="the name on every invoice")
    p.add_argument("--vat", help="enterprise (VAT) number, e.g. BE0123456749; '' for none")
    p.add_argument("--regime", choices=("standard", "franchise", "art44"), help="VAT regime (default: standard)")
    p.add_argument("--street", help="street and number")
    p.add_argument("--postcode")
    p.add_argument("--city")
    p.add_argument("--country", help="two-letter country code (default BE)")
    p.add_argument("--iban", help="the account customers pay into; '' for none")
    p.add_argument("--bic", help="only for a bank outside Belgium (a Belgian IBAN gives it)")
    p.add_argument("--email", help="the address on invoices and that e-mails are sent from")
    p.add_argument("--phone")
    p.add_argument("--language", choices=("nl", "fr", "en"), help="language of the documents (default nl)")
    p.add_argument("--terms", type=int, help="payment terms in days (default 30)")
    p.add_argument("--invoice-numbers", metavar="FORMAT", help="how invoices are numbered (default: 2026-0001)")
    p.add_argument(
        "--credit-note-numbers", metavar="FORMAT", help="how credit notes are numbered (default: CN2026-0001)"
    )
    p.add_argument(
        "--late-payment-terms",
        action=argparse.BooleanOptionalAction,
        help="print the late-payment terms (interest and fixed compensation) on invoices",
    )
    p.add_argument("--json", action="store_true", help="print JSON (the company and any warning)")
    p.set_defaults(func=cmd_set)


def cmd_show(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import company

    with ctx.book.db.reading() as session:
        data = company.company_data_of(company.get_company(session))
    _print(ctx, data, [], as_json=args.json)
    return 0


def cmd_set(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..domain.errors import DomainError
    from ..services import company

    with ctx.book.db.transaction() as session:
        try:
            data = company.company_data_of(company.get_company(session))
        except DomainError:  # a new book: its name first
            if not args.name:
                raise CliError("the company is not set up yet; give at least its name with --name") from None
            data = company.CompanyData(name=args.name)
        changes: dict[str, object] = {
            field: getattr(args, option) for option, field in TEXT_OPTIONS.items() if getattr(args, option) is not None
        }
        for field in ("vat", "iban", "bic"):  # '' takes it away
            if field in changes and not str(changes[field]).strip():
                changes[field] = None
        if args.terms is not None:
            changes["payment_terms_days"] = args.terms
        if args.late_payment_terms is not None:
            changes["late_payment_terms"] = args.late_payment_terms
        data = dataclasses.replace(data, **changes)  # type: ignore[arg-type]
        saved = company.save_company(session, data)
    _print(ctx, data, saved.warnings, as_json=args.json)
    return 0


def _print(ctx, data, warnings: list[str], *, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    from . import shown

    if as_json:
        ctx.print_json({"company": dataclasses.asdict(data), "warnings": warnings})
        return
    for warning in warnings:
        ctx.out.write(say("Warning: {text}", text=shown(warning)) + "\n")
    rows = (
        ("Name", data.name),
        ("Address", ", ".join(p for p in (data.street, f"{data.postcode} {data.city}".strip(), data.country) if p)),
        ("VAT number", data.vat or "—"),
        ("VAT regime", word(REGIMES.get(data.vat_regime, data.vat_regime))),
        ("IBAN", " ".join(filter(None, (data.iban, data.bic))) or "—"),
        ("E-mail", data.email or "—"),
        ("Phone", data.phone or "—"),
        ("Language", data.language),
        ("Payment terms", say("{days} days", days=data.payment_terms_days)),
        ("Invoice numbers", _numbers(data.invoice_number_format, ctx.today().year)),
        ("Credit note numbers", _numbers(data.credit_note_number_format, ctx.today().year)),
    )
    colon = " :" if language() == "fr" else ":"  # French puts a space before a colon
    width = max(len(word(label)) for label, _ in rows) + len(colon) + 1
    for label, value in rows:
        ctx.out.write(f"{word(label) + colon:<{width}}{value}\n")


def _numbers(fmt: str, year: int) -> str:
    """The format with the first number it gives this year: '2026-0001 ({year}-{seq:04d})'."""
    from ..domain.invoicing import format_number

    return f"{format_number(fmt, year, 1)} ({fmt})"
