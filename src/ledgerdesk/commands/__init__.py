"""Subcommands of the `ledgerdesk` command line, one module per capability, and what they share.

Each module defines `register(subparsers)`, adding parsers whose `func(args, ctx)` returns an
exit code; `cli.COMMANDS` lists the modules (a plain import each). `CliError` is a problem the user
can fix, printed as one sentence; `parse_date` is the argparse type for dates.
"""

from __future__ import annotations

import argparse
from datetime import date


class CliError(Exception):
    """A problem the user can fix; printed as is."""


def parse_date(value: str) -> date:
    """argparse type for YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None
