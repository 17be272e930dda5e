"""Peppol commands: `peppol setup` (the access point and its API key), `peppol lookup` (is a customer on Peppol),
and the inbox: `inbox fetch` (what arrived at the access point), `inbox list`, `inbox show ID`."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from . import CliError
from .text import day, say, word


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

    p = sub.add_parser("inbox", help="documents received through Peppol: fetch, list, show")
    inbox_sub = p.add_subparsers(dest="inbox_command", metavar="ACTION", required=True)
    s = inbox_sub.add_parser("fetch", help="fetch, validate and keep what arrived at the access point")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_inbox_fetch)
    s = inbox_sub.add_parser("list", help="the documents received")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_inbox_list)
    s = inbox_sub.add_parser("show", help="write a received document readably: its own PDF, else a rendering")
    s.add_argument("id", type=int)
    s.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")
    s.add_argument("--xml", action="store_true", help="write the original XML instead, byte for byte")
    s.set_defaults(func=cmd_inbox_show)
    s = inbox_sub.add_parser("respond", help="answer a received invoice through Peppol (Invoice Response)")
    s.add_argument("id", type=int)
    answer = s.add_mutually_exclusive_group(required=True)
    answer.add_argument("--accept", dest="code", action="store_const", const="AP")
    answer.add_argument("--reject", dest="code", action="store_const", const="RE")
    answer.add_argument("--query", dest="code", action="store_const", const="UQ", help="under query")
    answer.add_argument("--code", dest="code", choices=("AB", "IP", "UQ", "RE", "AP", "PD"))
    s.add_argument(
        "--reason",
        nargs=2,
        action="append",
        default=[],
        metavar=("CODE", "TEXT"),
        help="why (needed to reject or query): e.g. --reason PRI 'the price is not the agreed one'",
    )
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_inbox_respond)


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
    company = say(", company {id}", id=settings.company_id) if settings.company_id else ""
    where = f"{settings.title} ({word(settings.environment)}, {settings.base_url}{company})"
    template = (
        "{access_point} set up for {account}; the API key is in this computer's keyring"
        if account
        else "{access_point} set up (not checked); the API key is in this computer's keyring"
    )
    ctx.out.write(say(template, access_point=where, account=account) + "\n")
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
        ctx.out.write(
            say(
                "{query}: not on Peppol (asked {tried} via {source})",
                query=lookup.query,
                tried=", ".join(lookup.tried),
                source=word(source),
            )
            + "\n"
        )
    else:
        kinds = [word(k) for k, yes in (("invoices", lookup.invoices), ("credit notes", lookup.credit_notes)) if yes]
        receives = say(" and ").join(kinds) if kinds else word("none of LedgerDesk's documents")
        ctx.out.write(
            say(
                "{query}: on Peppol as {participant} via {source}; receives {receives}",
                query=lookup.query,
                participant=lookup.participant,
                source=word(source),
                receives=receives,
            )
            + "\n"
        )
    return 0


def cmd_inbox_fetch(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import inbox, peppol_setup

    with ctx.book.db.reading() as session:
        access_point = peppol_setup.open_access_point(session)
    report = inbox.fetch_inbox(ctx.book.db, access_point, now=datetime.now())
    if args.json:
        ctx.print_json([item.as_json() for item in report.items])
    else:
        from . import literal

        for item in report.items:
            what = (
                say("{kind} {number} from {supplier}", kind=word(item.kind), number=item.number, supplier=item.supplier)
                if item.kind
                else item.message_id
            )
            verdict = (
                ""
                if item.valid is None or item.outcome != "new"
                else " " + word("valid" if item.valid else "NOT valid")
            )
            detail = f": {literal(item.detail)}" if item.detail else ""
            ctx.out.write(f"{word(item.outcome):<14} {literal(what)}{verdict}{detail}\n")
        summary = say(
            "{new} new, {duplicates} duplicates dropped, {stored} already stored, {unreadable} unreadable, "
            "{failed} failed",
            new=report.count("new"),
            duplicates=report.count("duplicate"),
            stored=report.count("already_stored"),
            unreadable=report.count("unreadable"),
            failed=report.count("failed"),
        )
        ctx.out.write(summary + "\n")
    return 1 if report.count("failed") or report.count("unreadable") else 0


def cmd_inbox_list(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import inbox

    with ctx.book.db.reading() as session:
        rows = inbox.incoming_rows(session)
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
        return 0
    from . import literal

    for r in rows:
        amount = r.as_json()["payable"] or ""
        state = (
            word("not checked")
            if r.valid is None
            else word("valid")
            if r.valid
            else word("NOT valid") + f" ({r.findings})"
        )
        extra = (
            " " + say("{code} on {invoice}", code=r.response_code, invoice=r.refers_to)
            if r.kind == "invoice_response"
            else f" {amount} {r.currency}"
        )
        ctx.out.write(
            f"{r.id:>5} {day(r.received_at.date())} {word(r.kind):<16} {literal(r.supplier)} {literal(r.number)}"
            f"{extra} {state}\n"
        )
    return 0


def cmd_inbox_show(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..atomic import write_atomic
    from ..i18n.user import cli_language
    from ..services import inbox
    from ..user_files import check_output_file

    check_output_file(args.output)
    with ctx.book.db.reading() as session:
        data = (
            inbox.incoming_document(session, args.id).content
            if args.xml
            else inbox.readable_pdf(session, args.id, cli_language())
        )
    write_atomic(args.output, data)
    ctx.out.write(say("{path} ({size} bytes)", path=args.output, size=len(data)) + "\n")
    return 0


def cmd_inbox_respond(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import invoice_responses, peppol_setup

    with ctx.book.db.reading() as session:
        access_point = peppol_setup.open_access_point(session)
    with ctx.book.db.transaction() as session:
        prepared = invoice_responses.prepare_response(
            session,
            args.id,
            args.code,
            tuple((c.upper(), t) for c, t in args.reason),
            on=ctx.today(),
            now=datetime.now(),
        )
    results = invoice_responses.send_responses(ctx.book.db, access_point, now=datetime.now())
    mine = next((r for r in results if r.number == prepared.number), None)
    if args.json:
        ctx.print_json([{"number": r.number, "message_id": r.message_id, "error": r.error} for r in results])
    else:
        for r in results:
            told = (
                say("{number}: sent as {message_id}", number=r.number, message_id=r.message_id)
                if r.message_id
                else say("{number}: not sent: {error}", number=r.number, error=r.error)
            )
            ctx.out.write(told + "\n")
    return 0 if mine is not None and mine.message_id else 1
