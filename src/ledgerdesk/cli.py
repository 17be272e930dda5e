"""The `ledgerdesk` command line: the same services as the GUI, scriptable and checkable.

Each capability registers its subcommands from a module in `ledgerdesk.commands` (listed in
`COMMANDS`); this file only parses, dispatches, and turns every failure into one clear sentence
on stderr with a non-zero exit code (never a traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from . import __version__
from .commands import (
    CliError,
    accountant,
    articles,
    backups,
    banking,
    book,
    company,
    customers,
    direct_debit,
    documents,
    einvoice,
    intervat,
    invoice,
    kpi,
    literal,
    outbox,
    parse_date,
    peppol,
    purchases,
    quotes,
    reminders,
    shown,
    work,
)
from .commands.parser import Parser, argparse_speaks
from .domain.errors import DomainError
from .i18n.user import cli_language
from .paths import BookPaths, resolve_data_dir

# The subcommands, in the order `ledgerdesk --help` lists them.
COMMANDS = (
    book,
    company,
    customers,
    invoice,
    reminders,
    banking,
    einvoice,
    documents,
    quotes,
    articles,
    work,
    outbox,
    kpi,
    direct_debit,
    purchases,
    backups,
    accountant,
    intervat,
    peppol,
)
__all__ = ["COMMANDS", "CliError", "Context", "literal", "main", "parse_date", "shown"]

EXIT_FAILED = 1
EXIT_INTERNAL = 3


class Context:
    """What a command needs: the book (opened lazily, closed at exit), the clock, the output."""

    def __init__(self, data_dir: Path, out: TextIO, err: TextIO) -> None:
        self.data_dir = data_dir
        self.paths = BookPaths.in_dir(data_dir)
        self.out = out
        self.err = err
        self._book = None

    @property
    def book(self):  # type: ignore[no-untyped-def]
        if self._book is None:
            from .persistence.book import open_book

            # Opened for reading: the writers' lock is taken by the first write transaction, so
            # read-only commands work while the app has the book open and on read-only media.
            self._book = open_book(self.paths, for_writing=False)
        return self._book

    def today(self) -> date:
        return date.today()

    def print_json(self, value: Any) -> None:
        json.dump(value, self.out, ensure_ascii=False, indent=2, default=_json_default)
        self.out.write("\n")

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="ledgerdesk", description="LedgerDesk bookkeeping. Without a command, opens the app.")
    parser.add_argument("--data-dir", help="folder of the book (default: $LEDGERDESK_DATA_DIR or the user data folder)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def _setup_logging() -> Path | None:
    """Warnings on stderr as before; INFO and up (and every traceback) in the rotating log file."""
    import logging.handlers

    from .logs import setup_logging

    logging.basicConfig(level=logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not isinstance(handler, logging.handlers.RotatingFileHandler) and handler.level == logging.NOTSET:
            handler.setLevel(logging.WARNING)
    return setup_logging()


def _run(args: argparse.Namespace, ctx: Context) -> int:
    """The command; a full disk, a read-only folder or a damaged book becomes the BookError that says so."""
    from .persistence.faults import explain

    try:
        return int(args.func(args, ctx) or 0)
    except Exception as exc:
        fault = explain(exc, ctx.paths.book)
        if fault is None:
            raise
        raise fault from exc


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    with argparse_speaks(cli_language()):
        args = build_parser().parse_args(argv)
    log_file = _setup_logging()
    data_dir = resolve_data_dir(args.data_dir)
    if args.command is None:
        from .app import run_app

        return run_app(data_dir)
    from .persistence.book import BookError

    ctx = Context(data_dir, out, err)
    try:
        return _run(args, ctx)
    except (CliError, DomainError, BookError) as exc:
        print(f"ledgerdesk: {shown(exc)}", file=err)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_FAILED
    except Exception as exc:  # the one boundary where anything unexpected is caught
        logging.getLogger("ledgerdesk.cli").exception("internal error in `%s`", args.command)
        where = f"; details in {log_file}" if log_file else ""
        print(f"ledgerdesk: internal error ({type(exc).__name__}: {exc}){where}", file=err)
        return EXIT_INTERNAL
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
