"""Outbox commands: mail setup, send NUMBER (by peppol, email or post), outbox (what left, how, the answers), outbox send."""

from __future__ import annotations

import argparse
import os
from datetime import datetime
from pathlib import Path

from . import parse_date
from .text import day, say, word


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("mail", help="e-mail settings")
    mail = p.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    s = mail.add_parser(
        "setup", help="the SMTP server documents are e-mailed through (the password stays outside the book)"
    )
    s.add_argument("--host", required=True)
    s.add_argument("--port", required=True, type=int)
    s.add_argument("--security", required=True, choices=("starttls", "tls", "none"))
    s.add_argument("--user", default="")
    s.add_argument("--password-env", default="", metavar="VAR", help="environment variable holding the password")
    s.add_argument("--from", dest="from_address", required=True, metavar="ADDRESS")
    s.add_argument(
        "--oauth", choices=("microsoft", "google"), help="sign in with OAuth2 (XOAUTH2) instead of a password"
    )
    s.add_argument("--client-id", default="", help="the OAuth2 client id of your app registration")
    s.set_defaults(func=cmd_mail_setup)
    s = mail.add_parser("sign-in", help="sign in with Microsoft 365 or Google in the browser (OAuth2, PKCE)")
    s.set_defaults(func=cmd_mail_sign_in)

    p = sub.add_parser("send", help="send an invoice, credit note, reminder letter or quote (queued, then sent)")
    p.add_argument("number")
    p.add_argument("--via", choices=("peppol", "email", "post"), help="the channel (default: the proposed one)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("statements", help="statements of account: send one to a customer through the outbox")
    statements = p.add_subparsers(dest="statements_command", metavar="ACTION", required=True)
    s = statements.add_parser("send", help="e-mail (or post) a customer's statement of account of a period")
    s.add_argument("--customer", required=True, metavar="ID|NAME", help="customer id or exact name")
    s.add_argument(
        "--via", choices=("email", "post"), help="the channel (default: e-mail when the customer has an address)"
    )
    s.add_argument(
        "--from", dest="start", type=parse_date, help="first day (default: 1 January of the last day's year)"
    )
    s.add_argument("--to", dest="end", type=parse_date, help="last day (default: today)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_statements_send)

    p = sub.add_parser("outbox", help="every delivery: state, channel, attempts, the other side's answer")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_outbox, outbox_command=None)
    actions = p.add_subparsers(dest="outbox_command", metavar="ACTION")
    q = actions.add_parser("send", help="send the queue")
    q.add_argument("--json", action="store_true")
    q.add_argument(
        "--until-empty",
        action="store_true",
        help="when a server cannot be reached, wait and try again (5 s, 10 s, … at most every 5 minutes)",
    )
    q.add_argument(
        "--give-up-after",
        type=float,
        default=60.0,
        metavar="MINUTES",
        help="with --until-empty: stop trying after this long (default 60); what is left stays queued",
    )
    q.set_defaults(func=cmd_outbox_send)
    m = actions.add_parser("reminders", help="queue and send the confirmed e-mail reminder letters of a date")
    m.add_argument("--date", type=parse_date, help="the reminders' date (default: today)")
    m.set_defaults(func=cmd_outbox_reminders)
    k = actions.add_parser("pack", help="e-mail a pack made by `pack` to the accountant")
    k.add_argument("file", type=Path)
    k.add_argument("--to", help="the accountant's e-mail address (default: the last one used)")
    k.set_defaults(func=cmd_outbox_pack)
    r = actions.add_parser("retry", help="queue a failed delivery again (same message, same Message-ID)")
    r.add_argument("id", type=int)
    r.set_defaults(func=cmd_outbox_retry)


def cmd_mail_setup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.mail import MailSettings, save_mail_settings

    settings = MailSettings(
        args.host,
        args.port,
        args.security,
        args.user,
        args.from_address,
        args.password_env,
        args.oauth or "",
        args.client_id,
    )
    with ctx.book.db.transaction() as session:
        saved = save_mail_settings(session, settings)
    where = say("; the password is read from ${variable}", variable=saved.password_env) if saved.password_env else ""
    told = say(
        "mail: {server} ({security}) as {sender}",
        server=f"{saved.host}:{saved.port}",
        security=saved.security,
        sender=saved.from_address,
    )
    ctx.out.write(f"{told}{where}\n")
    return 0


def cmd_mail_sign_in(args, ctx) -> int:  # type: ignore[no-untyped-def]
    import webbrowser

    from ..services.mail import mail_settings
    from ..services.oauth import provider_named, sign_in, store_refresh_token
    from . import CliError

    with ctx.book.db.reading() as session:
        settings = mail_settings(session)
    if settings is None or not settings.oauth_provider:
        raise CliError("set up the mail with --oauth microsoft|google and --client-id first")
    provider = provider_named(settings.oauth_provider)

    def show(url: str) -> None:
        ctx.err.write(say("Sign in in your browser; if it does not open, open this address:") + f"\n{url}\n")
        webbrowser.open(url)

    tokens = sign_in(provider, settings.oauth_client_id, show, login_hint=settings.user)
    store_refresh_token(provider, settings.user, tokens.refresh_token)
    ctx.out.write(
        say(
            "mail: signed in with {provider} as {user}; the token is in the keyring",
            provider=provider.name,
            user=settings.user,
        )
        + "\n"
    )
    return 0


def _sender(ctx) -> str:  # type: ignore[no-untyped-def]
    from ..services.outbox_channels import sender_address

    with ctx.book.db.reading() as session:
        return sender_address(session)


def _run_queue(ctx, only=None):  # type: ignore[no-untyped-def]
    from ..services.outbox import SendReport
    from ..services.outbox_channels import send
    from ..services.outbox_sender import SenderBusy

    try:
        return send(ctx.book.db, clock=datetime.now, only=only, environ=dict(os.environ))
    except SenderBusy as busy:  # what was queued stays queued: the other sender takes it
        return SendReport(stopped={"outbox": str(busy)}, lasting={"outbox"})


def _line(row) -> str:  # type: ignore[no-untyped-def]
    from . import literal

    when = row.sent_at or row.last_attempt_at or row.queued_at
    return (
        f"{row.id:>5}  {row.document_number:<14} {word(row.channel):<6} {word(row.state):<9} {row.attempts:>2}  "
        f"{day(when.date())} {when:%H:%M}  {literal(row.recipient, 60)}  {literal(row.answer, 300)}"
    )


def cmd_send(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.outbox import queue
    from ..services.outbox_channels import directory

    sender = _sender(ctx)
    with ctx.book.db.transaction() as session:
        row = queue(
            session, args.number, now=datetime.now(), via=args.via, directory=directory(session), from_address=sender
        )
    return _send_now(args, ctx, row)


def cmd_statements_send(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.outbox import queue_statement
    from .one_line import customer_of

    end = args.end or ctx.today()
    start = args.start or end.replace(month=1, day=1)
    sender = _sender(ctx)
    with ctx.book.db.transaction() as session:
        customer_id = customer_of(session, args.customer)
        row = queue_statement(session, customer_id, start, end, now=datetime.now(), via=args.via, from_address=sender)
    return _send_now(args, ctx, row)


def _send_now(args, ctx, row) -> int:  # type: ignore[no-untyped-def]
    """Send a delivery just queued, and say how it went (exit 0 once the other side accepted it)."""
    from . import literal

    report = _run_queue(ctx, only=[row.id])
    done = [r for r in (*report.sent, *report.failed, *report.queued) if r.id == row.id]
    final = done[0] if done else row
    if args.json:
        ctx.print_json({**final.as_json(), "stopped": report.stopped})
    else:
        ctx.out.write(_line(final) + "\n")
    if final.state in ("sent", "delivered"):
        return 0
    why = report.stopped.get(final.channel) or report.stopped.get("outbox") or final.answer
    if final.state == "queued":
        ctx.err.write(f"ledgerdesk: {final.document_number} is queued, not sent: {literal(why)}\n")
    else:
        ctx.err.write(f"ledgerdesk: {final.document_number} was not sent: {literal(why)}\n")
    return 1


def cmd_outbox(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.outbox import deliveries

    with ctx.book.db.reading() as session:
        rows = deliveries(session)
    if args.json:
        ctx.print_json([r.as_json() for r in rows])
    else:
        for row in rows:
            ctx.out.write(_line(row) + "\n")
    return 0


def cmd_outbox_send(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from . import literal

    if getattr(args, "until_empty", False):
        report = _until_empty(args, ctx)
    else:
        report = _run_queue(ctx)
    if args.json:
        ctx.print_json(report.as_json())
    else:
        for row in report.reconciled:
            ctx.out.write(f"{row.id:>5}  {row.document_number}: {word(row.state)}: {literal(row.answer)}\n")
        for row in (*report.sent, *report.failed, *report.queued):
            ctx.out.write(_line(row) + "\n")
        counts = say(
            "{sent} sent, {failed} failed, {queued} still queued",
            sent=len(report.sent),
            failed=len(report.failed),
            queued=len(report.queued),
        )
        ctx.out.write(counts + "\n")
    for channel, why in report.stopped.items():
        ctx.err.write(f"ledgerdesk: {channel} stopped: {literal(why)}\n")
    return 0 if not report.failed and not report.stopped else 1


def _until_empty(args, ctx):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from ..domain.outbox_retry import COMMAND_LINE
    from ..services.outbox_sender import send_until_empty
    from . import CliError, literal

    if not args.give_up_after > 0:
        raise CliError("--give-up-after must be a number of minutes above 0")

    def waiting(report, wait) -> None:  # type: ignore[no-untyped-def]
        count, seconds = len(report.queued), f"{wait.total_seconds():g}"
        why = "; ".join(f"{channel}: {literal(text)}" for channel, text in report.stopped.items())
        ctx.err.write(f"ledgerdesk: {count} still queued ({why}); trying again in {seconds} s\n")
        ctx.err.flush()

    return send_until_empty(
        lambda: _run_queue(ctx),
        backoff=COMMAND_LINE,
        give_up_after=timedelta(minutes=args.give_up_after),
        on_wait=waiting,
    )


def cmd_outbox_retry(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.outbox import retry

    with ctx.book.db.transaction() as session:
        row = retry(session, args.id, now=datetime.now())
    ctx.out.write(_line(row) + "\n")
    return 0


def cmd_outbox_reminders(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.outbox import queue_reminder_emails

    sender = _sender(ctx)
    with ctx.book.db.transaction() as session:
        rows = queue_reminder_emails(session, args.date or ctx.today(), now=datetime.now(), from_address=sender)
    ctx.out.write(say("{count} reminder e-mails queued", count=len(rows)) + "\n")
    return cmd_outbox_send(argparse.Namespace(json=False), ctx)


def cmd_outbox_pack(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.company import get_setting
    from ..services.outbox import ACCOUNTANT_KEY, queue_accountant_pack
    from ..user_files import read_input
    from . import CliError

    data = read_input(args.file, limit=PACK_LIMIT)
    sender = _sender(ctx)
    with ctx.book.db.transaction() as session:
        to = args.to or get_setting(session, ACCOUNTANT_KEY)
        if not to:
            raise CliError("give the accountant's e-mail address with --to")
        row = queue_accountant_pack(
            session, data, file_name=args.file.name, to=str(to), now=datetime.now(), from_address=sender
        )
    report = _run_queue(ctx, only=[row.id])
    final = next((r for r in (*report.sent, *report.failed, *report.queued) if r.id == row.id), row)
    ctx.out.write(_line(final) + "\n")
    if final.state in ("sent", "delivered"):
        return 0
    from . import literal

    ctx.err.write(
        f"ledgerdesk: the pack of {final.document_number} was not sent: {literal(report.stopped.get('email') or final.answer)}\n"
    )
    return 1


PACK_LIMIT = 100 * 1024 * 1024  # a quarter's pack with its PDFs; more is no e-mail attachment anyway
