"""Writing a book document as JSON text piece by piece, byte for byte what `json.dumps(doc, indent=1)` gives.

A ten-year book is some 50 MB of JSON; built whole as dicts, then as one string and then as bytes it
took 660 MB. Here the top-level object's members are written one at a time, and a member whose
value is an iterator (a list produced row by row) is written one item at a time: only one item is
ever held as text, whatever the size of the book.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class TextSink(Protocol):
    def write(self, text: str, /) -> Any: ...


def _dumps(value: Any, depth: int) -> str:
    # json.dumps escapes line breaks inside strings, so every '\n' in its text is one of its own.
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def write_document(out: TextSink, members: Iterable[tuple[str, Any]]) -> None:
    """Write `{key: value, ...}` followed by a line feed; an iterator value is written as a list, item by item.

    The members are pulled one by one and each value consumed before the next is asked for, so a
    member may be produced lazily from what the previous ones learned (the file ids they gave)."""
    out.write("{")
    first = True
    for key, value in members:
        out.write("\n " if first else ",\n ")
        first = False
        out.write(json.dumps(key, ensure_ascii=False) + ": ")
        if isinstance(value, Iterator):
            _write_list(out, value)
        else:
            out.write(_dumps(value, 1))
    out.write("\n}\n" if not first else "}\n")


def _write_list(out: TextSink, items: Iterator[Any]) -> None:
    empty = True
    for item in items:
        out.write("[\n  " if empty else ",\n  ")
        empty = False
        out.write(_dumps(item, 2))
    out.write("[]" if empty else "\n ]")


def materialize(members: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """The same document as one dict (lists for iterators), for callers that want the value itself."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in members}
