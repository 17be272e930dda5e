"""A book file's JSON text as plain values, refusing what JSON allows but a book can never hold.

JSON has no limits; a book does. Numbers stay bounded (no 5,000-digit integers, no NaN or Infinity,
no 1e400), nesting stays shallow, and text holds no lone surrogates or control characters (they
cannot be stored as UTF-8, or would rewrite a terminal or a PDF). Each problem names its JSON path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from .fields import BookFileError, JsonFraction, LazyItems, Problems

MAX_DEPTH = 32  # the deepest real path is about 10 (bank import > statement > line > suggestion > ...)
MAX_NUMBER_CHARS = 30  # a number in a book file is an amount, a count or a rate
MAX_TEXT = 100_000  # characters of one text (a note, a letter body)
LONG_TEXT_KEYS = {"xml_base64"}  # the archived e-invoice: bounded by the file's own size limit
MAX_KEY = 200
MAX_PROBLEMS = 100
# A real book has about 14 objects and lists and 70 values per invoice (with its lines, payment and
# history): these allow some 35,000 invoices, and keep any file's parsed form well under 500 MB.
MAX_CONTAINERS = 500_000
MAX_VALUES = 3_000_000
# Tab, line feed and carriage return are text; every other C0/C1 control, DEL and line/paragraph
# separators, and lone surrogates (which UTF-8 cannot encode) are not.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class BadNumber:
    """A JSON number a book cannot hold, kept as written so its place can be reported."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 40 else f"{self.text[:20]}…({len(self.text)} characters)"


def _int(text: str) -> int | BadNumber:
    return int(text) if len(text) <= MAX_NUMBER_CHARS else BadNumber(text)


def _fraction(text: str) -> JsonFraction | BadNumber:
    if len(text) > MAX_NUMBER_CHARS:
        return BadNumber(text)
    value = JsonFraction(text)
    return value if value.is_finite() and abs(value.adjusted()) < 400 else BadNumber(text)  # 1e400 is no number


def loads(raw: bytes) -> Any:
    """The document in a book file's bytes; BookFileError (with line and column) when it is not JSON.

    Python holds parsed JSON in about six times its size, and far more for a file of tiny objects
    ('[{},{},…]' is 3 bytes per dict of 64): the objects and values are counted first (braces and
    commas inside texts count too, which only errs on the safe side), so memory stays bounded.

    A document that is an object gets its top-level lists as `LazyItems`: each is read item by item
    from the text when iterated (the stdlib's own scanner, `raw_decode`, so numbers, errors with line
    and column, and every refusal are exactly those of `json.loads`). The whole text is scanned once
    here, so a file that is not JSON is refused before anything else is said about it."""
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > MAX_CONTAINERS:
        raise BookFileError(
            [
                _problem(
                    "$",
                    "has {count} objects and lists; a book file has at most {limit}",
                    count=containers,
                    limit=MAX_CONTAINERS,
                )
            ]
        )
    values = raw.count(b",")
    if values > MAX_VALUES:
        raise BookFileError(
            [_problem("$", "has {count} values; a book file has at most {limit}", count=values, limit=MAX_VALUES)]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BookFileError([_problem("$", "is not UTF-8 text (byte {offset})", offset=exc.start)]) from None
    del raw  # the caller's copy may go too: from here on only the text is read
    decoder = json.JSONDecoder(parse_int=_int, parse_float=_fraction, parse_constant=BadNumber)
    try:
        try:
            document = _lazy_document(text, decoder)
        except _NotPlain:
            # Not a plain object of members (another root, or broken JSON): the whole text through
            # json.loads, which says what is wrong with it, or gives the value the checks then refuse.
            document = decoder.decode(text)
    except json.JSONDecodeError as exc:
        said = JSON_REASONS.get(exc.msg, "is not valid JSON (line {line}, column {column})")
        raise BookFileError([_problem("$", said, line=exc.lineno, column=exc.colno)]) from None
    except RecursionError:
        raise BookFileError(
            [_problem("$", "is nested too deeply (a book file nests at most {depth} levels)", depth=MAX_DEPTH)]
        ) from None
    return document


# The json module's reasons, said in our words (and so in the user's language); any other: the position.
JSON_REASONS = {
    "Expecting value": "is not valid JSON (line {line}, column {column}: a value is expected there)",
    "Expecting ',' delimiter": "is not valid JSON (line {line}, column {column}: a comma is missing)",
    "Expecting ':' delimiter": "is not valid JSON (line {line}, column {column}: a colon is missing)",
    "Expecting property name enclosed in double quotes": "is not valid JSON (line {line}, column {column}: "
    "a name in double quotes is expected there)",
    "Unterminated string starting at": "is not valid JSON (line {line}, column {column}: a text is not closed)",
    "Extra data": "is not valid JSON (line {line}, column {column}: more follows the end of the document)",
}


class _NotPlain(Exception):
    """The text is not `{"key": value, ...}` as the lazy reader expects it."""


_SPACE = re.compile(r"[ \t\n\r]*")


def _lazy_document(text: str, decoder: json.JSONDecoder) -> dict[str, Any]:
    """The top-level object with each list member as LazyItems; every item is parsed once here (and dropped)."""
    at = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[at : at + 1] != "{":
        raise _NotPlain
    document: dict[str, Any] = {}
    at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    if text[at : at + 1] == "}":
        at += 1
    else:
        while True:
            if text[at : at + 1] != '"':
                raise _NotPlain
            key, at = decoder.raw_decode(text, at)
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            if text[at : at + 1] != ":":
                raise _NotPlain
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
            if text[at : at + 1] == "[":
                start, end = at, list[int]()
                for _item in _items(text, start, decoder, end):
                    pass  # checked for syntax only; read again, item by item, when the sections ask
                document[key] = LazyItems(partial(_items, text, start, decoder))
                at = end[0]
            else:
                document[key], at = decoder.raw_decode(text, at)
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            if text[at : at + 1] == "}":
                at += 1
                break
            if text[at : at + 1] != ",":
                raise _NotPlain
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    if _SPACE.match(text, at).end() != len(text):  # type: ignore[union-attr]
        raise _NotPlain
    return document


def _items(text: str, start: int, decoder: json.JSONDecoder, end: list[int] | None = None) -> Iterator[Any]:
    """The items of the list whose '[' is at `start`; `end` gets the offset just after its ']'."""
    at = _SPACE.match(text, start + 1).end()  # type: ignore[union-attr]
    if text[at : at + 1] != "]":
        while True:
            item, at = decoder.raw_decode(text, at)
            yield item
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            if text[at : at + 1] == "]":
                break
            if text[at : at + 1] != ",":
                raise _NotPlain
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    if end is not None:
        end.append(at + 1)


def _problem(path: str, message: str, **values: object) -> str:
    problems = Problems()
    problems.add(path, message, **values)
    return problems.items[0]


def _step(path: str, key: str) -> str:
    return f"{path}.{key}" if re.fullmatch(r"[A-Za-z_][\w.]*", key) else f"{path}[{json.dumps(key)}]"


def _text_problem(value: str, long_allowed: bool) -> tuple[str, dict[str, object]] | None:
    if len(value) > MAX_TEXT and not long_allowed:
        return "is {length} characters long; a text is at most {limit}", {"length": len(value), "limit": MAX_TEXT}
    bad = _BAD_CHAR.search(value)
    if bad:
        return (
            "holds the character {char} at position {position}, which a book text cannot hold",
            {"char": ascii(bad.group())[1:-1], "position": bad.start() + 1},
        )
    return None


def check_values(data: Any, problems: Problems) -> None:
    """Walk the whole document (without recursion) and add a problem for every value no book can hold.

    A top-level list read item by item (LazyItems) is walked one item at a time, in file order."""
    _walk([(data, "$", 1, False)], problems)


def _walk(stack: list[tuple[Any, str, int, bool]], problems: Problems) -> None:
    while stack and len(problems.items) < MAX_PROBLEMS:
        value, path, depth, long_allowed = stack.pop()
        if isinstance(value, LazyItems):
            for i, item in enumerate(value):
                _walk([(item, f"{path}[{i}]", depth + 1, False)], problems)
                if len(problems.items) >= MAX_PROBLEMS:
                    return
        elif isinstance(value, (dict, list)) and depth > MAX_DEPTH:
            problems.add(path, "is nested too deeply (a book file nests at most {depth} levels)", depth=MAX_DEPTH)
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if len(key) > MAX_KEY or _BAD_CHAR.search(key):
                    problems.add(path, "has a key that is not a name: {key}", key=ascii(key[:40]))
                    continue
                stack.append((item, _step(path, key), depth + 1, key in LONG_TEXT_KEYS))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]", depth + 1, False) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, BadNumber):
            problems.add(
                path,
                "the number {number} is not allowed in a book file (too large, or not a number)",
                number=repr(value),
            )
        elif isinstance(value, str):
            found = _text_problem(value, long_allowed)
            if found:
                problems.add(path, found[0], **found[1])
