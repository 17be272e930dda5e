"""Reminder text templates: `{name}` for a known placeholder, everything else printed literally.

Not `str.format`: a format string is a small program (`{customer:>1000000000}` asks for a
gigabyte of padding, `{customer.__class__}` reaches attributes). Here a text is only
scanned once for exact `{name}` tokens of a closed list; a format spec, an attribute,
an index or an unknown name is not a placeholder and comes out as written. `{{` and `}}`
stay a single brace, as they did in the format strings users may already have saved.
Time is linear in the text, and the output is capped, so a hostile text can neither
hang the app nor fill its memory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .errors import ValidationError

MAX_TEXT_CHARS = 20_000  # a letter text a person writes is a few hundred characters
MAX_PLACEHOLDERS = 60  # per text: with the cap on values, this bounds what a saved text can grow to
MAX_OUTPUT_CHARS = 50_000  # a filled-in text, whatever the values

# One pass: an escaped brace, or a brace group of at most 60 characters without braces or line breaks.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]{0,60})\}")
_NAME = re.compile(r"[a-z_]+")


def placeholders_in(text: str) -> list[str]:
    """The brace groups of a text, in order (`{pay_by}` -> 'pay_by', `{x:>9}` -> 'x:>9')."""
    return [m.group(1) for m in _TOKEN.finditer(text) if m.group(1) is not None]


def problems(text: str, known: Sequence[str]) -> list[str]:
    """What is wrong with a text a user wrote, as sentences (empty when it is fine)."""
    if len(text) > MAX_TEXT_CHARS:
        return [f"the text is longer than {MAX_TEXT_CHARS:,} characters"]
    names = placeholders_in(text)
    unknown = sorted({name for name in names if name not in known})
    found: list[str] = []
    if len(names) > MAX_PLACEHOLDERS:
        found.append(f"a text uses at most {MAX_PLACEHOLDERS} placeholders")
    if unknown:
        shown = ", ".join("{" + name[:30] + "}" for name in unknown[:5])
        found.append(f"unknown placeholder {shown} (known: " + " ".join("{" + n + "}" for n in known) + ")")
    rest = _TOKEN.sub("", text)
    if "{" in rest or "}" in rest:
        found.append("a brace { or } is not closed; placeholders are written like {pay_by}")
    return found


def render(text: str, values: Mapping[str, str], *, limit: int = MAX_OUTPUT_CHARS) -> str:
    """The text with each known `{name}` replaced by its value; anything else literally.

    Raises ValidationError when the result would exceed `limit` characters (checked while
    building, so nothing large is ever allocated)."""
    out: list[str] = []
    size = 0
    pos = 0

    def add(piece: str) -> None:
        nonlocal size
        size += len(piece)
        if size > limit:
            raise ValidationError(f"a reminder text is too long once filled in (more than {limit:,} characters)")
        out.append(piece)

    for match in _TOKEN.finditer(text):
        add(text[pos : match.start()])
        token, name = match.group(0), match.group(1)
        if token == "{{":
            add("{")
        elif token == "}}":
            add("}")
        elif name is not None and _NAME.fullmatch(name) and name in values:
            add(str(values[name]))
        else:
            add(token)
        pos = match.end()
    add(text[pos:])
    return "".join(out)
