"""CODA 2.x fields and records: fixed-position digits, dates, amounts, account numbers, texts, and the line reader.

Each field reader raises `FieldError` naming the field and its positions; the record
reader (`record_lines`) yields lines of any length without holding a long one whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

RECORD_LENGTH = 128
LONG_LINE = 4096  # bytes of a line kept for its message; a record has 128


class FieldError(Exception):
    """A field that is not what its record says it is (the message names the field and positions)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")


def is_digits(value: str) -> bool:
    """ASCII digits only (str.isdigit also accepts '¹' and other Unicode digits)."""
    return bool(value) and value.isascii() and value.isdigit()


def digits(rec: str, a: int, b: int, name: str) -> str:
    value = rec[a:b]
    if not is_digits(value):
        raise FieldError(name, f"'{value}' at positions {a + 1}-{b} is not a number")
    return value


def field_date(rec: str, a: int, name: str, *, optional: bool = False) -> date | None:
    value = rec[a : a + 6]
    if optional and value.strip("0 ") == "":
        return None
    digits(rec, a, a + 6, name)
    try:
        return date(2000 + int(value[4:6]), int(value[2:4]), int(value[0:2]))
    except ValueError:
        raise FieldError(name, f"'{value}' at positions {a + 1}-{a + 6} is not a date (DDMMYY)") from None


def amount(rec: str, sign_at: int, a: int, b: int, name: str) -> int:
    """Signed cents from a 3-decimal amount; sign 0 = credit, 1 = debit."""
    sign = rec[sign_at]
    if sign not in "01":
        raise FieldError(name, f"sign '{sign}' at position {sign_at + 1} is neither 0 (credit) nor 1 (debit)")
    milli = int(digits(rec, a, b, name))
    if milli % 10:
        raise FieldError(name, f"'{rec[a:b]}' has a fraction of a cent")
    return -(milli // 10) if sign == "1" else milli // 10


def belgian_iban(bban: str) -> str:
    """Old 12-digit Belgian account number -> IBAN (ISO 13616 check digits)."""
    check = 98 - int(bban + "111400") % 97  # 'B' = 11, 'E' = 14, then '00'
    return f"BE{check:02d}{bban}"


def iban_or_raw(value: str) -> str:
    value = value.strip().replace(" ", "")
    if len(value) == 12 and is_digits(value) and value != "0" * 12:
        return belgian_iban(value)
    return "" if value.strip("0") == "" else value


CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def record_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes, int]]:
    """(line number, the line without its end — cut at LONG_LINE bytes —, its full length).

    A last line holding only spaces (or nothing) is not a record, as files often end that way.
    """
    line_no, held = 0, None
    while True:
        chunk = stream.readline(LONG_LINE)
        if not chunk:
            break
        data, length, last = chunk, len(chunk), chunk
        while not last.endswith(b"\n"):  # a line longer than any record: count it, keep its start only
            last = stream.readline(1 << 20)
            if not last:
                break
            length += len(last)
        ending = (2 if last.endswith(b"\r\n") else 1) if last.endswith(b"\n") else 0
        length -= ending
        data = data[:length]  # the whole line without its end, or the kept start of a long one
        line_no += 1
        if held is not None:
            yield held
        held = (line_no, data, length)
    if held is not None and not (held[1].strip() == b"" and held[2] < LONG_LINE):
        yield held


def join_texts(parts: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p.strip())).strip()


def structured(text: str, structure: str) -> str:
    """A structured communication made readable; types without a layout here stay as the bank wrote them.

    114 (card payment, one transaction): scheme 1, terminal 6, period 3, transaction 6,
    date DDMMYY, time HHMM, type 1, then the terminal's name 16 and place 10, and the
    transaction's reference 16 (continued in record 2.2). Printed without words so it
    reads the same in every language: 'ETS STEYLEMANS, BRUXELLES, 31/10/2006 11:01
    (POS 353047, 186/006835, 0507775191760001)'.
    """
    if structure != "114" or len(text) < 27 or not is_digits(text[:27]):
        return text
    day, hour = text[16:22], text[22:26]
    where = ", ".join(part for part in (" ".join(text[27:43].split()), " ".join(text[43:53].split())) if part)
    ref = text[53:69].strip()
    ids = ", ".join(p for p in (f"POS {text[1:7]}", f"{text[7:10]}/{text[10:16]}", ref) if p)
    when = f"{day[:2]}/{day[2:4]}/20{day[4:]} {hour[:2]}:{hour[2:]}"
    return f"{where}, {when} ({ids})" if where else f"{when} ({ids})"
