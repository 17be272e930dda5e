"""Sentences for the user as values: an English msgid with named values, translated at the edge.

The domain speaks English (what the command line and JSON show); a window shows the same
message in the user's language with `message.translated(_)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A sentence for the user: an English msgid with named values, translated at the edge."""

    template: str
    args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, template: str, **args: object) -> Message:
        return cls(template, tuple((k, str(v)) for k, v in args.items()))

    def __str__(self) -> str:
        return self.template.format(**dict(self.args))

    def translated(self, gettext: Callable[..., str]) -> str:
        return gettext(self.template, **dict(self.args))
