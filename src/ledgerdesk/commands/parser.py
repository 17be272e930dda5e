"""The argument parser of `ledgerdesk`, speaking the user's language: help, usage and refusals.

argparse writes its own words ("usage:", "options", "the following arguments are required: …")
through the `_`/`ngettext` it took from gettext at import; `argparse_speaks` lends it our catalog
while a command line is parsed, so one catalog holds every word (argparse's msgids are its own
%-format strings, listed in resources/i18n/*/cliwords.po). The commands' help texts stay English
literals where they are written; the formatter says them in the user's language when help is shown,
so English help stays word for word what it was.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .text import language, say

EXIT_USAGE = 2


@contextmanager
def argparse_speaks(lang: str) -> Iterator[None]:
    """argparse's own messages in `lang` while the block runs (English: untouched)."""
    if lang == "en":
        yield
        return
    from ..i18n import catalog

    messages = catalog(lang)
    saved = {name: getattr(argparse, name) for name in ("_", "ngettext") if hasattr(argparse, name)}

    def gettext(message: str) -> str:
        return messages.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(argparse, name, value)


class HelpFormatter(argparse.HelpFormatter):
    """Help texts, descriptions and section titles in the user's language, read when help is shown."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._headings: list[str] = []

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return say(action.help) if action.help else action.help

    def add_text(self, text: str | None) -> None:
        super().add_text(say(text) if text and text is not argparse.SUPPRESS else text)

    def start_section(self, heading: str | None) -> None:
        if heading and heading is not argparse.SUPPRESS:
            heading = say(heading)
            self._headings.append(heading)
        super().start_section(heading)

    def format_help(self) -> str:
        """French puts a space before the colon of a section title; argparse before 3.14 writes the
        colon itself, untranslatable (3.14 asks for '%(heading)s:', which the catalog answers)."""
        text = super().format_help()
        if language() == "fr":
            for heading in self._headings:
                text = text.replace(f"{heading}:\n", f"{heading} :\n")
        return text


class Parser(argparse.ArgumentParser):
    """Every `ledgerdesk` parser and subparser: our formatter, and a refusal as one line in the user's words."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        """argparse's words and our types' refusals are already in the user's language here."""
        self.print_usage(sys.stderr)
        if language() != "en":
            message = message[:1].upper() + message[1:]
        print(f"ledgerdesk: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
