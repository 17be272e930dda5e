"""Subcommands of the `ledgerdesk` command line, one module per capability, and what they share.

Each module defines `register(subparsers)`, adding parsers whose `func(args, ctx)` returns an
exit code; `cli.COMMANDS` lists the modules (a plain import each). `CliError` is a problem the user
can fix, printed as one sentence; `parse_date` and `parse_number` are the argparse types for the
dates and numbers a user types.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..i18n.reading import Unreadable


class CliError(Exception):
    """A problem the user can fix; printed as is."""


def parse_date(value: str) -> date:
    """argparse type for a date: 2026-12-31, or 31/12/2026 as Dutch and French output writes it."""
    from ..i18n.reading import Unreadable, read_date

    try:
        return read_date(value)
    except Unreadable as refused:
        raise argparse.ArgumentTypeError(_said(refused)) from None


def parse_number(value: str) -> str:
    """argparse type for an amount, a quantity or a rate as the user writes it (12.50, 12,50, 1.234,50,
    1 234,50), handed on as '12.50', the form the services read; an ambiguous '1,234' is refused."""
    from ..i18n.reading import Unreadable, read_number

    try:
        return str(read_number(value))
    except Unreadable as refused:
        raise argparse.ArgumentTypeError(_said(refused)) from None


def parse_decimal(value: str) -> Decimal:
    """`parse_number` for options whose command takes a Decimal."""
    return Decimal(parse_number(value))


def _said(refused: Unreadable) -> str:
    from .text import say

    return say(refused.msgid, **refused.values)


def shown(exc: object) -> str:
    """A refusal as one line in the user's language: errors that carry their msgid say it in theirs,
    English sentences made elsewhere are matched back to their msgid (i18n.sentences), and text taken
    from files is shown literally (control characters escaped, very long values cut)."""
    from ..i18n.user import cli_language, cli_tr

    translated = getattr(exc, "translated", None)
    if callable(translated):
        text = str(translated(cli_tr()))
        return literal(text[:1].upper() + text[1:])
    text, language = str(exc), cli_language()
    if language != "en":
        from ..i18n.sentences import sentence

        text = sentence(text, language)
    return literal(text)


_UNSHOWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}  # controls, bidi overrides, surrogates, unassigned, breaks


def literal(text: str, limit: int = 2000) -> str:
    """Control characters, lone surrogates and line breaks escaped, so a message stays one line and a
    terminal never interprets what a file contained; cut at `limit` characters."""
    import unicodedata

    out = "".join(
        c.encode("unicode_escape", "backslashreplace").decode("ascii") if unicodedata.category(c) in _UNSHOWN else c
        for c in text[: limit + 1]
    )
    return out[:limit] + "…" if len(text) > limit or len(out) > limit else out
