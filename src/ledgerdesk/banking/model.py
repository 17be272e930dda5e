"""What every statement reader produces: statements, bank lines and precise problems.

Readers are plug-ins behind one protocol (`identify(path)`, `extract(path)`); the
values here are plain frozen data so matching and import never see a file format.
Amounts are signed integer cents: positive money in, negative money out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import BinaryIO, Protocol

from ..domain.os_errors import reason as os_reason


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (line N or an XML path), which field, what."""

    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, {self.where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Note:
    """What a reader changed in a line, as a message template with values, so each reader gets their language."""

    template: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, translate: Callable[[str], str] = lambda s: s) -> str:
        return translate(self.template).format(**dict(self.values))

    def __str__(self) -> str:
        return self.text()


FIELD_CUT = "{field} cut to {limit} characters, what the standard allows (the file has {length})"
COMMUNICATION_CUT = "the communication cut to {limit} characters (the file has {length})"


def cut_note(template: str, limit: int, length: int, field: str = "") -> Note:
    values = {"limit": str(limit), "length": str(length)} | ({"field": field} if field else {})
    return Note(template, tuple(sorted(values.items())))


@dataclass(frozen=True, slots=True)  # slots: a 200 MB statement holds 300,000 of them
class BankLine:
    """One movement to book. `sequence` is unique within its statement ('0003' or '0007/0002')."""

    sequence: str
    bank_reference: str
    booking_date: date
    value_date: date | None
    amount_cents: int
    counterparty_name: str = ""
    counterparty_iban: str = ""
    counterparty_bic: str = ""
    ogm: str | None = None  # 12 bare digits of a Belgian structured communication
    rf_reference: str | None = None  # ISO 11649 creditor reference, compact
    communication: str = ""  # every piece of free text, joined
    end_to_end: str = ""
    transaction_code: str = ""
    source: str = ""  # 'line 12' or an XML path, for messages
    notes: tuple[Note, ...] = ()  # what the reader changed, said to the user ('RmtInf/Ustrd cut to 140 …')

    @property
    def incoming(self) -> bool:
        return self.amount_cents > 0


@dataclass(frozen=True)
class Statement:
    format: str  # 'coda' or 'camt.053'
    account: str  # IBAN (compact) or the Belgian account number of old CODA files
    currency: str
    number: str
    opening_date: date | None
    opening_balance_cents: int
    closing_date: date | None
    closing_balance_cents: int
    holder: str = ""
    lines: tuple[BankLine, ...] = field(default_factory=tuple)
    free_message: str = ""  # CODA record 4: the bank's message about the whole statement

    @property
    def movements_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @cached_property
    def year(self) -> int:
        return statement_year(self.closing_date, self.opening_date, (line.booking_date for line in self.lines))


def statement_year(closing: date | None, opening: date | None, booking_dates: Iterable[date] = ()) -> int:
    """The year a statement number belongs to: banks restart their numbering every January.

    The closing (new balance) date is the statement's own day; statement 1 of a year
    may open on 31 December, so the opening date only stands in when there is no
    closing date, then the first booking date. 0 for a statement with no date at all.
    The migration re-keying older books (0006_bankfiles) applies the same rule in SQL.
    """
    if closing is not None:
        return closing.year
    if opening is not None:
        return opening.year
    first = min(booking_dates, default=None)
    return first.year if first is not None else 0


class StatementReader(Protocol):
    """A statement file format: recognise a file cheaply, then read all of it or say what is wrong."""

    name: str

    def identify(self, path: Path) -> bool: ...

    def extract(self, path: Path) -> tuple[list[Statement], list[Problem]]: ...


class StreamReader:
    """A reader that reads a file as a stream (`read_stream`), so a huge file is never held whole; the same
    reading serves a file, bytes in memory and a member of a zip. `looks_like` tells its format from the
    file's first `head_size` bytes."""

    head_size = 4096

    @staticmethod
    def looks_like(head: bytes) -> bool:
        raise NotImplementedError

    def identify(self, path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                head = fh.read(self.head_size)
        except OSError:
            return False
        return self.looks_like(head)

    def extract(self, path: Path) -> tuple[list[Statement], list[Problem]]:
        name = Path(path).name
        try:
            with open(path, "rb") as fh:
                return self.read_stream(fh, name)
        except OSError as exc:
            return [], [Problem(name, "file", f"cannot be read ({os_reason(exc)})")]

    def parse(self, raw: bytes, name: str) -> tuple[list[Statement], list[Problem]]:
        return self.read_stream(io.BytesIO(raw), name)

    def read_stream(self, source: BinaryIO, name: str) -> tuple[list[Statement], list[Problem]]:
        raise NotImplementedError
