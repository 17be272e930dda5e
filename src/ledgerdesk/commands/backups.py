"""Backup commands: backup, backups, restore, backup-settings, move-book."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from . import shown
from .text import day, language, say, word


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup", help="back up the book now (checked; also copied to the second folder)")
    p.add_argument("--json", action="store_true", help="print what the backup holds as JSON")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("backups", help="list the book's backups and what each holds, newest first")
    p.add_argument("--json", action="store_true", help="print a JSON object with the list and any warning")
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", help="replace the book by a backup (the book as it is now is backed up first)")
    p.add_argument("file", type=Path, help="a backup file (from `ledgerdesk backups`, a USB disk, another computer)")
    p.add_argument("--json", action="store_true", help="print what was restored as JSON")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("backup-settings", help="automatic backups on/off and the second backup folder")
    p.add_argument("--automatic", choices=["on", "off"], help="daily and on-close backups (default: on)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--second-folder", type=Path, help="a folder on a USB disk or NAS for a copy of each backup")
    group.add_argument("--no-second-folder", action="store_true", help="stop copying backups to a second folder")
    p.set_defaults(func=cmd_backup_settings)

    p = sub.add_parser("move-book", help="copy the book to a folder on this computer (e.g. off a network drive)")
    p.add_argument("folder", type=Path)
    p.set_defaults(func=cmd_move_book)


# The backup's kind as the Backups window names it; English keeps the label of the file name.
KINDS = {
    "manual": "By hand",
    "daily": "Daily",
    "close": "On closing",
    "before-restore": "Before a restore",
    "damaged": "Damaged book kept",
}


def _kind(label: str) -> str:
    if language() == "en":
        return label
    if label in KINDS:
        return say(KINDS[label])
    if label.startswith("before-"):
        return say("Before update {revision}", revision=label.removeprefix("before-"))
    return label


def _facts_line(facts) -> str:  # type: ignore[no-untyped-def]
    return say(
        "{invoices} documents (last invoice {last}), {customers} customers, {einvoices} archived e-invoices, "
        "schema {revision}",
        invoices=facts.invoices,
        last=facts.last_invoice or "-",
        customers=facts.customers,
        einvoices=facts.archived_einvoices,
        revision=facts.revision,
    )


def cmd_backup(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.backups import back_up_now, describe

    result = back_up_now(ctx.paths, now=datetime.now())
    if args.json:
        ctx.print_json(
            {
                **describe(result.backup),
                "second_copy": str(result.second_copy) if result.second_copy else None,
                "problems": [str(m) for m in result.problems],
            }
        )
    else:
        from ..i18n.user import cli_tr

        tr = cli_tr()
        ctx.out.write(tr("backup checked and saved: {path}", path=result.backup.path) + "\n")
        ctx.out.write(f"  {_facts_line(result.backup.facts)}\n")
        if result.second_copy:
            ctx.out.write(tr("copied to {path}", path=result.second_copy) + "\n")
    for problem in result.problems:
        ctx.err.write(f"ledgerdesk: {shown(problem)}\n")
    return 1 if result.problems else 0


def cmd_backups(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.backups import describe, overview

    seen = overview(ctx.paths)
    if args.json:
        ctx.print_json(
            {
                "book": str(ctx.paths.book),
                "automatic": seen.settings.automatic,
                "second_folder": str(seen.settings.second_folder) if seen.settings.second_folder else None,
                "warning": str(seen.warning) if seen.warning else None,
                "backups": [describe(b) for b in seen.backups],
            }
        )
        return 0
    for b in seen.backups:
        where = " (" + word("second folder") + ")" if b.second_copy else ""
        facts = _facts_line(b.facts) if b.facts else word("not checked")
        ctx.out.write(f"{day(b.made_at.date())} {b.made_at:%H:%M}  {_kind(b.label):<14} {facts}{where}\n    {b.path}\n")
    ctx.out.write(say("{count} backups", count=len(seen.backups)) + "\n")
    if seen.warning:
        ctx.err.write(f"ledgerdesk: {shown(seen.warning)}\n")
    return 0


def cmd_restore(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.backups import restore

    facts = restore(ctx.paths, args.file, now=datetime.now())
    if args.json:
        ctx.print_json(
            {
                "book": str(ctx.paths.book),
                "restored_from": str(args.file),
                "schema": facts.revision,
                "invoices": facts.invoices,
                "last_invoice": facts.last_invoice,
                "last_credit_note": facts.last_credit_note,
                "rows": facts.rows,
            }
        )
    else:
        ctx.out.write(say("restored {book} from {file}", book=ctx.paths.book, file=args.file) + "\n")
        ctx.out.write(f"  {_facts_line(facts)}\n")
    return 0


def cmd_backup_settings(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services import backups

    settings = None
    if args.automatic:
        settings = backups.set_automatic(ctx.paths, args.automatic == "on")
    if args.second_folder or args.no_second_folder:
        settings = backups.set_second_folder(ctx.paths, None if args.no_second_folder else args.second_folder)
    settings = settings or backups.overview(ctx.paths).settings
    automatic = say("automatic backups: on") if settings.automatic else say("automatic backups: off")
    second = say("second folder: {folder}", folder=settings.second_folder or word("(none)"))
    ctx.out.write(f"{automatic}\n{second}\n")
    return 0


def cmd_move_book(args, ctx) -> int:  # type: ignore[no-untyped-def]
    from ..services.backups import move_book

    target = move_book(ctx.paths, args.folder)
    ctx.out.write(
        say(
            "copied to {book} and checked; open it with --data-dir {folder} (the original was left as it was)",
            book=target.book,
            folder=target.folder,
        )
        + "\n"
    )
    return 0
