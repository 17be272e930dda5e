"""Reminder commands: `reminders propose`, `reminders confirm`, `reminders print`, `reminders emails`."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import CliError, parse_date, parse_number
from .text import day, language, money, number, word


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("reminders", help="propose, confirm and print payment reminders")
    rsub = parser.add_subparsers(dest="reminders_command", metavar="ACTION", required=True)

    p = rsub.add_parser("propose", help="who would be reminded on a date, and why others are not")
    p.add_argument("--as-of", type=parse_date, help="the run's date (default: today)")
    p.add_argument("--json", action="store_true", help="print a JSON object with letters and skipped invoices")
    p.add_argument("--ignore-bank-age", action="store_true", help="propose even when bank statements are old")
    p.set_defaults(func=cmd_propose)

    p = rsub.add_parser("confirm", help="record the proposed reminders of a date")
    p.add_argument("--as-of", type=parse_date, help="the run's date (default: today)")
    p.add_argument("--ignore-bank-age", action="store_true", help="confirm even when bank statements are old")
    p.set_defaults(func=cmd_confirm)

    p = rsub.add_parser("print", help="the confirmed letters of a date in one PDF")
    p.add_argument("--as-of", type=parse_date, help="the run's date (default: today)")
    p.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    p.set_defaults(func=cmd_print)

    p = rsub.add_parser("rates", help="late-payment interest rates per semester; add one with --semester and --rate")
    p.add_argument("--semester", help="e.g. 2026H2")
    p.add_argument("--rate", type=parse_number, help="percent per year, e.g. 10.0")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rates)

    p = rsub.add_parser("emails", help="an .eml file per e-mailed reminder of a date")
    p.add_argument("--as-of", type=parse_date, help="the run's date (default: today)")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write the .eml files to")
    p.set_defaults(func=cmd_emails)


def _edits(args):  # type: ignore[no-untyped-def]
    from ..services.reminders import Edits

    return Edits(override_bank_check=bool(getattr(args, "ignore_bank_age", False)))


def cmd_propose(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.reminders import propose

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        proposal = propose(session, as_of, _edits(args))
    if args.json:
        ctx.print_json(proposal.to_json())
        return 0
    from ..i18n.user import cli_tr

    tr = cli_tr()
    for warning in proposal.warnings:
        print("ledgerdesk: " + tr("warning: {text}", text=warning.translated(tr)), file=ctx.err)
    level, pay_by, open_, fee, interest, skipped_word = (
        tr(w) for w in ("level", "pay by", "open", "fee", "interest", "skipped")
    )
    for letter in proposal.letters:
        ctx.out.write(
            f"{letter.number}  {level} {letter.level} {word(letter.channel):<6} {money(letter.total_cents):>12}  "
            f"{pay_by} {day(letter.pay_by)}  {letter.customer}\n"
        )
        for item in letter.items:
            ctx.out.write(
                f"    {item.number:<14} {level} {item.level}  {open_} {money(item.open_cents):>10}  "
                f"{fee} {money(item.fee_cents):>7}  {interest} {money(item.interest_cents):>7}\n"
            )
    for skipped in proposal.skipped:
        ctx.out.write(f"{skipped_word} {skipped.number:<14} {skipped.customer}: {skipped.why.translated(tr)}\n")
    n_letters, n_skipped = len(proposal.letters), len(proposal.skipped)
    # Counted, not inflected: one sentence reads right for one and for many in every language.
    summary = "{letters} letter, {skipped} invoice skipped" if (n_letters, n_skipped) == (1, 1) else ""
    summary = summary or (
        ("{letters} letter" if n_letters == 1 else "{letters} letters")
        + (", {skipped} invoice skipped" if n_skipped == 1 else ", {skipped} invoices skipped")
    )
    ctx.out.write(tr(summary, letters=n_letters, skipped=n_skipped) + "\n")
    return 0


def cmd_confirm(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.dunning_setup import missing_rates
    from ..services.reminders import confirm

    as_of = args.as_of or ctx.today()
    with ctx.book.db.transaction() as session:
        done = confirm(session, as_of, _edits(args))
        missing = missing_rates(session, done.warnings) if done.letter_ids else []
    for gap in missing:  # never charged silently from another semester
        updated = gap.updated_on.isoformat() if gap.updated_on else "never"
        print(
            f"ledgerdesk: warning: the letters charge interest for {gap.semester} at {gap.used_rate} %, the rate of "
            f"{gap.used_semester}: no rate for {gap.semester} is in the table (last updated {updated}); add it with "
            f"`ledgerdesk reminders rates --semester {gap.semester} --rate R` before sending",
            file=ctx.err,
        )
    from ..i18n.user import cli_tr

    ctx.out.write(
        cli_tr()(
            "{letters} reminders confirmed on {day}, {calls} call tasks",
            letters=len(done.letter_ids),
            # a date object stays ISO in English (scripts read it); Dutch and French read their own format
            day=as_of if language() == "en" else day(as_of),
            calls=len(done.call_task_ids),
        )
        + "\n"
    )
    return 0


def cmd_print(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.reminder_documents import print_batch
    from ..user_files import check_output_file

    as_of = args.as_of or ctx.today()
    check_output_file(args.output)
    with ctx.book.db.reading() as session:
        count = print_batch(session, as_of, args.output)
    from ..i18n.user import cli_tr

    ctx.out.write(cli_tr()("{count} letters written to {path}", count=count, path=args.output) + "\n")
    return 0


def cmd_emails(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.reminder_documents import write_emails

    as_of = args.as_of or ctx.today()
    with ctx.book.db.reading() as session:
        paths = write_emails(session, as_of, args.output)
    from ..i18n.user import cli_tr

    ctx.out.write(cli_tr()("{count} e-mails written to {path}", count=len(paths), path=args.output) + "\n")
    return 0


def cmd_rates(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.dunning_setup import rate_table, set_interest_rate

    if bool(args.semester) != bool(args.rate):
        raise CliError("give both --semester and --rate to add a rate")
    if args.semester:
        with ctx.book.db.transaction() as session:
            set_interest_rate(session, args.semester, args.rate, today=ctx.today())
    with ctx.book.db.reading() as session:
        rates = dict(sorted(rate_table(session).rates.items()))
    if args.json:
        ctx.print_json({k: str(v) for k, v in rates.items()})
    else:
        for semester, rate in rates.items():
            ctx.out.write(f"{semester}  {number(rate)} %\n")
    return 0
