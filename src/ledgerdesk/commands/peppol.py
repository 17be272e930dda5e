"""Peppol commands: `peppol setup` (the access point and its API key) and `peppol lookup` (is a customer on Peppol)."""

from __future__ import annotations

import argparse
import os

from . import CliError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("peppol", help="the Peppol access point: set it up, look a participant up")
    peppol_sub = p.add_subparsers(dest="peppol_command", metavar="ACTION", required=True)

    s = peppol_sub.add_parser("setup", help="choose the access point and store its API key in the keyring")
    s.add_argument("--provider", required=True, help="peppyrus or recommand")
    s.add_argument("--api-key-env", required=True, metavar="VAR", help="environment variable holding the API key")
    s.add_argument("--base-url", metavar="URL", help="another address (e.g. the local stand-in)")
    s.add_argument("--test", action="store_true", help="the provider's test environment")
    s.add_argument("--company-id", default="", help="Recommand: the company to send from (default: found by VAT)")
    s.add_argument("--no-check", action="store_true", help="store without asking the provider (offline)")
    s.set_defaults(func=cmd_setup)

    s = peppol_sub.add_parser("lookup", help="is a participant (0208:…, or a Belgian VAT number) on Peppol")
    s.add_argument("id", help="a participant id (0208:0202239951) or a VAT number (BE0202239951)")
    s.add_argument(
        "--via", choices=("sml", "access-point"), default="sml", help="the registry (default) or the access point"
    )
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_lookup)


def _api_key(variable: str) -> str:
    value = os.environ.get(variable, "")
    if not value.strip():
        raise CliError(f"the environment variable {variable} is not set (it should hold the API key)")
    return value


def cmd_setup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..peppol import settings_for
    from ..services import peppol_setup

    api_key = _api_key(args.api_key_env)
    settings = settings_for(args.provider, test=args.test, base_url=args.base_url, company_id=args.company_id)
    account = ""
    if not args.no_check:
        with ctx.book.db.reading() as session:
            vat = peppol_setup.own_vat(session)
        checked = peppol_setup.check_access_point(settings, api_key, vat)  # outside any transaction: the network
        settings, account = checked.settings, checked.account_name
    with ctx.book.db.transaction() as session:
        peppol_setup.save_access_point(session, settings, api_key)
    who = f" for {account}" if account else " (not checked)"
    company = f", company {settings.company_id}" if settings.company_id else ""
    ctx.out.write(
        f"{settings.title} ({settings.environment}, {settings.base_url}{company}) set up{who}; "
        "the API key is in this computer's keyring\n"
    )
    return 0


def cmd_lookup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import peppol_lookup

    has_book = ctx.paths.book.exists()
    if args.via == "access-point" and has_book:
        with ctx.book.db.reading() as session:
            ask, source = peppol_lookup.asker(session, args.via)
    else:
        ask, source = peppol_lookup.asker(None, args.via)
    lookup = peppol_lookup.look_up(args.id, ask, source)  # the network, outside any transaction
    customers: list[int] = []
    if has_book:
        with ctx.book.db.transaction() as session:
            customers = peppol_lookup.remember(session, lookup, on=ctx.today())
    if args.json:
        ctx.print_json({**lookup.as_json(), "checked_on": ctx.today(), "customers_updated": len(customers)})
        return 0
    if lookup.participant is None:
        ctx.out.write(f"{lookup.query}: not on Peppol (asked {', '.join(lookup.tried)} via {source})\n")
    else:
        kinds = [k for k, yes in (("invoices", lookup.invoices), ("credit notes", lookup.credit_notes)) if yes]
        receives = " and ".join(kinds) if kinds else "none of LedgerDesk's documents"
        ctx.out.write(f"{lookup.query}: on Peppol as {lookup.participant} via {source}; receives {receives}\n")
    return 0
