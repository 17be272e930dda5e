"""The `ledgerdesk` command line: the same services as the GUI, scriptable and checkable.

Each capability registers its subcommands from a module in `ledgerdesk.commands`;
this file only parses, dispatches, and turns every failure into one clear sentence
on stderr with a non-zero exit code (never a traceback).
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import traceback
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from .commands import COMMAND_MODULES
from .domain.errors import DomainError
from .paths import BookPaths, resolve_data_dir

EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERNAL = 3


class CliError(Exception):
    """A problem the user can fix; printed as is."""


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

            self._book = open_book(self.paths)
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


def cli_language() -> str:
    """The language of the command line's messages: LEDGERDESK_LANG, else the locale's (LC_ALL, LC_MESSAGES,
    LANG), else English; scripts that read the messages can pin it with LEDGERDESK_LANG=en."""
    import os

    from .i18n import LANGUAGES

    for name in ("LEDGERDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def parse_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        language = cli_language()
        if language != "en":
            from .i18n.sentences import sentence

            message = sentence(message, language)
        print(f"ledgerdesk: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ledgerdesk", description="LedgerDesk bookkeeping. Without a command, opens the app.")
    parser.add_argument("--data-dir", help="folder of the book (default: $LEDGERDESK_DATA_DIR or the user data folder)")
    parser.add_argument("--version", action="version", version="%(prog)s 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(sub)
    return parser


def _log_internal(paths: BookPaths) -> Path | None:
    try:
        paths.logs.mkdir(parents=True, exist_ok=True)
        log_file = paths.logs / "ledgerdesk-cli.log"
        with open(log_file, "a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().isoformat()}\n{traceback.format_exc()}\n")
        return log_file
    except OSError:
        return None


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    logging.basicConfig(level=logging.WARNING)
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data_dir)
    if args.command is None:
        from .app import run_app

        return run_app(data_dir)
    from .persistence.book import BookError

    ctx = Context(data_dir, out, err)
    try:
        return int(args.func(args, ctx) or 0)
    except (CliError, DomainError, BookError) as exc:
        from .i18n.sentences import sentence

        text = str(exc)
        language = cli_language()
        print(f"ledgerdesk: {sentence(text, language) if language != 'en' else text}", file=err)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_FAILED
    except Exception as exc:  # the one boundary where anything unexpected is caught
        log_file = _log_internal(ctx.paths)
        where = f"; details in {log_file}" if log_file else ""
        print(f"ledgerdesk: internal error ({type(exc).__name__}: {exc}){where}", file=err)
        return EXIT_INTERNAL
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
