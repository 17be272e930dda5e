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
