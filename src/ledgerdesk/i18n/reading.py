"""Numbers and dates as a person writes them: 12.50, 12,50, 1.234,50 (nl), 1 234,50 (fr), 31/12/2026.

The command line shows amounts and dates the Belgian way in Dutch and French, so it must read them back
that way, whatever the language: a number written with a grouping sign is read as such, and the last of
'.' and ',' is the decimal sign when both appear. A number that could be read two ways (1,234 — a
thousand and more, or one and a bit) is refused rather than guessed, saying how to write either.
Refusals carry their English msgid and values, to be said in the user's language at the edge.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

# Spaces a grouped number may hold: babel writes fr thousands with a narrow no-break space.
SPACES = " \u00a0\u202f"
ASCII_DIGITS = frozenset("0123456789")
CURRENCY = re.compile(r"€|\bEUR\b", re.IGNORECASE)
DAY_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

NOT_A_NUMBER = "'{value}' is not a number; write it as 1234.56"
TWO_WAYS = "'{value}' can be read two ways: write {whole} for the whole number, or {decimal} for the decimal one"
NOT_A_DATE = "'{value}' is not a date (YYYY-MM-DD or DD/MM/YYYY)"


class Unreadable(ValueError):
    """What was typed cannot be read: the English msgid and its values."""

    def __init__(self, msgid: str, **values: str) -> None:
        super().__init__(msgid.format(**values))
        self.msgid = msgid
        self.values = values


def read_number(text: str) -> Decimal:
    """A decimal number as written in nl, fr or en, with or without thousands and a euro sign."""
    value = CURRENCY.sub("", text).strip(SPACES)
    sign = ""
    if value[:1] in ("+", "-"):
        sign, value = value[:1].replace("+", ""), value[1:].strip(SPACES)
    if not value or not all(c in ASCII_DIGITS or c in ".," + SPACES for c in value):
        raise Unreadable(NOT_A_NUMBER, value=text)
    marks = [c for c in value if c in ".,"]
    # The decimal sign: the last mark, unless the only kind of mark comes more than once (1.234.567).
    point = marks[-1] if marks and (len(set(marks)) == 2 or len(marks) == 1) else ""
    whole, fraction = value.rsplit(point, 1) if point else (value, "")
    if point and (marks.count(point) > 1 or not fraction.isdigit()):
        raise Unreadable(NOT_A_NUMBER, value=text)
    groups = re.split(r"[.,\s]", whole)
    if len(groups) > 1 and not _grouped_well(whole, groups):
        raise Unreadable(NOT_A_NUMBER, value=text)
    if len(groups) == 1 and not (whole.isdigit() or (whole == "" and point)):
        raise Unreadable(NOT_A_NUMBER, value=text)
    if len(groups) == 1 and len(fraction) == 3 and len(whole) <= 3 and whole[:1] not in ("", "0"):
        # '1,234' and '1.234': a thousands sign or a decimal one; neither reading is sure.
        raise Unreadable(
            TWO_WAYS, value=text, whole=f"{sign}{whole}{fraction}", decimal=f"{sign}{whole}{point}{fraction}0"
        )
    digits = "".join(groups) or "0"
    return Decimal(f"{sign}{digits}.{fraction}" if point else f"{sign}{digits}")


def _grouped_well(whole: str, groups: list[str]) -> bool:
    """1.234.567 or 1 234 567: one kind of sign, a first group of 1 to 3 digits, then groups of 3."""
    signs = {" " if c in SPACES else c for c in whole if not c.isdigit()}
    return (
        len(signs) == 1
        and 1 <= len(groups[0]) <= 3
        and all(g.isdigit() for g in groups)
        and all(len(g) == 3 for g in groups[1:])
    )


def read_date(text: str) -> date:
    """2026-12-31, or 31/12/2026 as the command line prints dates in Dutch and French."""
    value = text.strip()
    try:
        found = DAY_FIRST.fullmatch(value)
        if found:
            day, month, year = (int(g) for g in found.groups())
            return date(year, month, day)
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _refuse(text)
    except ValueError:
        raise Unreadable(NOT_A_DATE, value=text) from None


def _refuse(text: str) -> date:
    raise Unreadable(NOT_A_DATE, value=text)
