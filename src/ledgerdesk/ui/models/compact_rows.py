"""The invoice list's rows held as columns of machine integers and joined text, made into rows when read.

A 10-year book lists 50,000 documents. As frozen row objects they take about 21 MiB (each row, its ints,
its number and its structured communication are Python objects of their own) and, read in a worker
beside longer-lived objects, leave the heap fragmented once freed; as columns filled while the rows are
read, a few at a time, they take about 5 MiB. The view reads a screenful of rows at a time; a sort reads
one or two fields of every row through a cursor, without making the rows.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from itertools import accumulate, islice, repeat
from operator import attrgetter
from typing import Any, overload

from ...services.invoice_list import InvoiceRow  # no SQLAlchemy: the first page is made before it loads

FIELDS = tuple(f.name for f in fields(InvoiceRow))
NUMBERS = frozenset({"id", "customer_id", "net_cents", "total_cents", "settled_cents", "credited_cents"})
TEXTS = frozenset({"number", "structured_communication"})  # one per row: joined
BATCH = 2_000  # rows turned into columns at a time (the query reads as many at once)
# the others (kind, customer, dates, status) repeat: each row keeps the place of its value


class _Texts:
    """Strings (or None) kept as one joined string and where each one ends."""

    __slots__ = ("_ends", "_missing", "_parts", "_text")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._ends, self._missing, self._text = array("I"), bytearray(), ""

    def extend(self, values: list[str | None]) -> None:
        """A batch of rows' values, in loops of the standard library's C code (the reading worker holds the
        GIL the UI thread waits for)."""
        self._missing.extend(map(operator.is_, values, repeat(None)))
        texts = [value or "" for value in values]
        self._parts.extend(texts)
        start = self._ends[-1] if self._ends else 0
        self._ends.extend(accumulate(map(len, texts), initial=start))
        del self._ends[-len(texts) - 1]  # the batch's start, already the previous batch's end

    def close(self) -> None:
        self._text, self._parts = "".join(self._parts), []

    def __getitem__(self, index: int) -> str | None:
        if self._missing[index]:
            return None
        return self._text[self._ends[index - 1] if index else 0 : self._ends[index]]


class _Shared:
    """A column with few distinct values: each row keeps the place of its value."""

    __slots__ = ("_codes", "_known", "_values")

    def __init__(self) -> None:
        self._known: dict[object, int] = {}
        self._values: list[object] = []
        self._codes = array("I")

    def extend(self, values: list[object]) -> None:
        """A batch of rows' values: only the values not seen before cost a Python step each."""
        known = self._known
        for value in dict.fromkeys(values).keys() - known.keys():
            known[value] = len(self._values)
            self._values.append(value)
        self._codes.extend(map(known.__getitem__, values))

    def close(self) -> None:
        self._known = {}

    def __getitem__(self, index: int) -> object:
        return self._values[self._codes[index]]


def _column(name: str) -> Any:
    if name in NUMBERS:
        return array("q")
    return _Texts() if name in TEXTS else _Shared()


def _reader(column: Any, cursor: list[int]) -> property:
    """A property reading `column` at the cursor's position (one call, no attribute lookups by name)."""
    if isinstance(column, _Shared):
        values, codes = column._values, column._codes
        return property(lambda _self: values[codes[cursor[0]]])
    return property(lambda _self: column[cursor[0]])


def _cursor(columns: dict[str, Any]) -> tuple[Any, list[int]]:
    """An object that reads like an InvoiceRow at one position of the columns (what sort keys read), and
    the position to move it: every row is read without being made."""
    at = [0]
    namespace: dict[str, Any] = {name: _reader(column, at) for name, column in columns.items()}
    namespace.update(__slots__=(), open_cents=InvoiceRow.open_cents, days_overdue=InvoiceRow.days_overdue)
    return type("InvoiceCursor", (), namespace)(), at


class CompactRows(Sequence[InvoiceRow]):
    """InvoiceRows as columns; `rows[i]` makes the row (the last one made is kept: a view asks for one
    row's cells one after another)."""

    __slots__ = ("_columns", "_last", "_length")

    def __init__(self, rows: Iterable[InvoiceRow]) -> None:
        self._columns = {name: _column(name) for name in FIELDS}
        getters = [(attrgetter(name), column.extend) for name, column in self._columns.items()]
        length, rows = 0, iter(rows)
        while batch := list(islice(rows, BATCH)):  # a batch of rows alive at a time, not all of them
            for get, extend in getters:
                extend(list(map(get, batch)))
            length += len(batch)
        for column in self._columns.values():
            if not isinstance(column, array):
                column.close()
        self._length = length
        self._last: tuple[int, InvoiceRow] | None = None

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> InvoiceRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[InvoiceRow]: ...

    def __getitem__(self, index: int | slice) -> InvoiceRow | list[InvoiceRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        last = self._last
        if last is not None and last[0] == index:
            return last[1]
        row = InvoiceRow(*(column[index] for column in self._columns.values()))
        self._last = (index, row)
        return row

    def __iter__(self) -> Iterator[InvoiceRow]:
        return map(self.__getitem__, range(self._length))

    def keys(self, key: Callable[[Any], Any]) -> list[Any]:
        """`key` of every row, in order; the rows are read through a cursor, not made."""
        cursor, at = _cursor(self._columns)
        keys = []
        for position in range(self._length):
            at[0] = position
            keys.append(key(cursor))
        return keys


class Reordered(Sequence[InvoiceRow]):
    """The rows of a CompactRows in another order (a sort): their positions, not a second list of rows."""

    __slots__ = ("_base", "_positions")

    def __init__(self, base: CompactRows, positions: Iterable[int]) -> None:
        self._base = base
        self._positions = array("I", positions)

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> InvoiceRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[InvoiceRow]: ...

    def __getitem__(self, index: int | slice) -> InvoiceRow | list[InvoiceRow]:
        if isinstance(index, slice):
            return [self._base[p] for p in self._positions[index]]
        return self._base[self._positions[index]]

    def __iter__(self) -> Iterator[InvoiceRow]:
        return map(self._base.__getitem__, self._positions)
