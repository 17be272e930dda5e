"""Finding English left in a command's text output, the way the window walk finds it in widgets.

A piece of output is 'left in English' when it is the English source of a message whose translation
in the user's language differs (the rule of tests/desk/firsthour_walk.py), when it is an English
message with its values filled in (the i18n.sentences patterns, read the other way), or when it holds
a word only English uses — that last rule catches a sentence that never became a message at all.
"""

from __future__ import annotations

import functools
import re
import string

from ledgerdesk.i18n import catalog

# Words no Dutch or French sentence of ours uses, and no name in the demo book holds.
ENGLISH_WORDS = frozenset(
    """the and not with bills bill invoices invoice quote quotes warning none next until written
    payments backups lines customers transfers approved received rejected mandate mandates collect
    supplier suppliers slip slips today overdue monthly quarterly yearly sent draft accepted refused
    checked copied restored automatic folder allocations unmatched outgoing review statement paid
    closed added recorded revoked nothing errors valid skipped letters level fee interest
    between from your already left made created periods archived""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z:-]*")
COMMANDS = re.compile(r"`[^`]*`|ledgerdesk [a-z-]+(?: [a-z-]+)?(?: \S+)?")
PATHS = re.compile(r"\S*/\S*")
SEGMENTS = re.compile(r"\s{2,}|; | \(|\) ")


def english_sources() -> set[str]:
    sources: set[str] = set()
    for language in ("en", "nl", "fr"):
        sources.update(catalog(language))
    return sources


def pieces_of(line: str) -> set[str]:
    found = {line.strip()}
    found.update(p.strip(" ()") for p in SEGMENTS.split(line))
    return {p for p in found if p}


@functools.cache
def english_templates(language: str) -> list[tuple[str, re.Pattern[str], str]]:
    """(longest literal part, regex over the English text, msgid) of every message with placeholders
    whose translation differs from its English source."""
    found = []
    for msgid, translation in catalog(language).items():
        if "{" not in msgid or translation == msgid:
            continue
        try:
            parts = list(string.Formatter().parse(msgid))
        except ValueError:
            continue
        regex = "".join(re.escape(text) + ("" if name is None else "(.+?)") for text, name, _, _ in parts)
        longest = max((text for text, _, _, _ in parts), key=len)
        if len(longest.strip()) >= 5:
            found.append((longest, re.compile(regex, re.DOTALL), msgid))
    return found


def english_left(output: str, language: str, sources: set[str], *, literal: frozenset[str] = frozenset()) -> list[str]:
    """The lines of `output` that still speak English, each with the reason; `literal` holds text that
    comes from the book or a file (names, descriptions) and is shown as it is."""
    ours = catalog(language)
    templates = english_templates(language)
    found = []
    for line in output.splitlines():
        text = line
        for name in sorted(literal, key=len, reverse=True):
            text = text.replace(name, "")
        text = PATHS.sub("", text)  # files and folders are named as they are
        text = COMMANDS.sub("", text)  # a command to type is the same in every language
        for piece in pieces_of(text):
            if piece in sources and ours.get(piece, piece + "\0") != piece:
                found.append(f"{line!r}: the message {piece!r}")
                break
            msgid = next((m for key, regex, m in templates if key in piece and regex.fullmatch(piece)), None)
            if msgid is not None:
                found.append(f"{line!r}: the message {msgid!r}")
                break
        else:
            words = [w for w in WORD.findall(text) if w.lower().rstrip(":") in ENGLISH_WORDS]
            if words:
                found.append(f"{line!r}: English words {words}")
    return found
