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
