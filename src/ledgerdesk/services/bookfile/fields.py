"""Reading book-file fields: each helper checks one value and records a problem with its JSON path.

Every helper takes (object, key, path, problems) and returns the clean value or None;
problems are collected, never raised, so one import lists all of them at once.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ...domain.errors import DomainError
from ...domain.money import fmt_cents, to_cents

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?)?")
MAX_DECIMAL_CHARS = 40
MAX_DECIMAL_DIGITS = 12  # digits before the decimal point: amounts up to 999,999,999,999.99
MAX_DECIMAL_PLACES = 12
MAX_INTEGER = 10**9
MAX_CENTS = 10 ** (MAX_DECIMAL_DIGITS + 2)


class JsonFraction(Decimal):
    """A JSON number with a fraction or an exponent, held exactly (never as a float): a book writes amounts
    as decimal strings, so the readers refuse it by its type and show it as written."""

    def __repr__(self) -> str:
        return str(self)


class BookFileError(DomainError):
    """The book file has problems; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the book file")
        self.problems = problems


class Problem(str):
    """'$.path: message' as English text, which the command line can also say in the user's language:
    `message` is then an English msgid and `values` its fields."""

    path: str
    message: str
    values: dict[str, object]

    def __new__(cls, path: str, message: str, **values: object) -> Problem:  # noqa: PYI034
        self = super().__new__(cls, f"{path}: {message.format(**values) if values else message}")
        self.path, self.message, self.values = path, message, values
        return self

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        language = getattr(tr, "language", "en")
        colon = " : " if language == "fr" else ": "  # French puts a space before a colon
        if not self.values and language != "en":
            # a sentence the domain formatted itself ("the VAT case 'intra_eu' is for ..."): matched back
            from ...i18n.sentences import sentence

            return f"{self.path}{colon}{sentence(self.message, language, alone=False)}"
        return f"{self.path}{colon}{tr(self.message, **self.values)}"


class Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str, **values: object) -> None:
        self.items.append(Problem(path, message, **values))


def obj(value: Any, path: str, problems: Problems) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.add(path, "must be an object")
        return {}
    return value


class LazyItems:
    """A top-level list of a book file read item by item from its text each time it is iterated
    (json_text.loads): a ten-year book's invoices are never all held as parsed objects at once."""

    def __init__(self, produce: Callable[[], Iterator[Any]]) -> None:
        self._produce = produce

    def __iter__(self) -> Iterator[Any]:
        return self._produce()


def items(parent: dict[str, Any], key: str, path: str, problems: Problems) -> list[Any] | LazyItems:
    value = parent.get(key, [])
    if isinstance(value, LazyItems):
        return value
    if not isinstance(value, list):
        problems.add(f"{path}.{key}", "must be a list")
        return []
    return value


def text(o: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = True) -> str | None:
    value = o.get(key)
    if value is None or value == "":
        if required:
            problems.add(f"{path}.{key}", "is missing")
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        problems.add(f"{path}.{key}", "must be a string")
        return None
    return str(value)


def free_text(o: dict[str, Any], key: str, path: str, problems: Problems) -> str:
    """An optional text that defaults to empty (notes, names)."""
    return text(o, key, path, problems, required=False) or ""


def day(o: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = True) -> date | None:
    value = text(o, key, path, problems, required=required)
    if value is None:
        return None
    try:
        # Python also reads '20260101' and week dates ('2026-W01-1'); a book file writes one form only.
        if not _DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        problems.add(f"{path}.{key}", "'{value}' is not a date (YYYY-MM-DD)", value=value)
        return None


def moment(o: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = True) -> datetime | None:
    value = text(o, key, path, problems, required=required)
    if value is None:
        return None
    try:
        # Local times without an offset, as the book keeps them: '+02:00' would make an aware datetime
        # that cannot be compared with the book's own.
        if not _MOMENT.fullmatch(value):
            raise ValueError(value)
        return datetime.fromisoformat(value)
    except ValueError:
        problems.add(f"{path}.{key}", "'{value}' is not a date and time (YYYY-MM-DDTHH:MM:SS)", value=value)
        return None


def decimal(o: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = True) -> Decimal | None:
    value = o.get(key)
    if value is None:
        if required:
            problems.add(f"{path}.{key}", "is missing")
        return None
    if isinstance(value, JsonFraction | float):  # a JSON number (parsed here, or by a caller's json.loads)
        problems.add(
            f"{path}.{key}", '{value} must be a decimal string such as "{value}", not a JSON number', value=repr(value)
        )
        return None
    if isinstance(value, bool):
        problems.add(f"{path}.{key}", "{value} is not a number", value=repr(value))
        return None
    if isinstance(value, str) and len(value) > MAX_DECIMAL_CHARS:
        problems.add(
            f"{path}.{key}",
            "is {length} characters long; a number in a book file is at most {limit}",
            length=len(value),
            limit=MAX_DECIMAL_CHARS,
        )
        return None
    try:
        result = Decimal(str(value))
    except Exception:
        problems.add(f"{path}.{key}", "'{value}' is not a number", value=value)
        return None
    if not result.is_finite():
        problems.add(f"{path}.{key}", "'{value}' is not a finite number", value=value)
        return None
    # Bounded before any arithmetic: '1e30' or '1e999999999' would overflow cents, quantize or SQLite.
    if result and result.adjusted() >= MAX_DECIMAL_DIGITS:
        problems.add(
            f"{path}.{key}",
            "{value} is too large (at most {digits} digits before the decimal point)",
            value=str(value),
            digits=MAX_DECIMAL_DIGITS,
        )
        return None
    if result and result.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
        problems.add(
            f"{path}.{key}", "{value} has more than {places} decimals", value=str(value), places=MAX_DECIMAL_PLACES
        )
        return None
    return result


def amount(o: dict[str, Any], key: str, path: str, problems: Problems, *, required: bool = True) -> int | None:
    value = decimal(o, key, path, problems, required=required)
    if value is None:
        return None
    if value != value.quantize(Decimal("0.01")):
        problems.add(f"{path}.{key}", "'{value}' has more than two decimals", value=str(value))
        return None
    return to_cents(value)


def integer(
    o: dict[str, Any],
    key: str,
    path: str,
    problems: Problems,
    *,
    required: bool = True,
    low: int | None = None,
    high: int | None = None,
) -> int | None:
    value = o.get(key)
    if value is None:
        if required:
            problems.add(f"{path}.{key}", "is missing")
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        problems.add(f"{path}.{key}", "{value} must be a whole number", value=repr(value))
        return None
    # Every whole number of a book (days, levels, counts, positions) is small; SQLite holds 64 bits.
    low = -MAX_INTEGER if low is None else low
    high = MAX_INTEGER if high is None else high
    if (low is not None and value < low) or (high is not None and value > high):
        problems.add(f"{path}.{key}", "{value} is outside {low} … {high}", value=value, low=low, high=high)
        return None
    return value


def flag(o: dict[str, Any], key: str, path: str, problems: Problems, *, default: bool = False) -> bool:
    value = o.get(key, default)
    if not isinstance(value, bool):
        problems.add(f"{path}.{key}", "{value} must be true or false", value=repr(value))
        return default
    return value


def choice(
    o: dict[str, Any], key: str, path: str, problems: Problems, allowed: tuple[str, ...], *, default: str | None = None
) -> str | None:
    value = text(o, key, path, problems, required=default is None)
    if value is None:
        return default
    if value not in allowed:
        problems.add(f"{path}.{key}", "'{value}' is not one of {allowed}", value=value, allowed=", ".join(allowed))
        return None
    return value


def json_value(o: dict[str, Any], key: str, path: str, problems: Problems, kind: type, default: Any) -> Any:
    """A JSON object or list kept as it is (reasons, findings, details)."""
    value = o.get(key, default)
    if not isinstance(value, kind):
        problems.add(f"{path}.{key}", "must be a list" if kind is list else "must be an object")
        return default
    return value


def base64_bytes(o: dict[str, Any], key: str, path: str, problems: Problems) -> bytes | None:
    value = text(o, key, path, problems)
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        problems.add(f"{path}.{key}", "is not base64")
        return None


def ref(
    o: dict[str, Any],
    key: str,
    path: str,
    problems: Problems,
    known: dict[str, Any] | set[str],
    what: str,
    *,
    required: bool = True,
) -> str | None:
    """A reference to another object of the file by its id."""
    value = text(o, key, path, problems, required=required)
    if value is not None and value not in known:
        problems.add(f"{path}.{key}", f"no {what} with id '{value}'")
        return None
    return value


def unique_id(o: dict[str, Any], path: str, problems: Problems, seen: dict[str, Any] | set[str]) -> str | None:
    value = text(o, "id", path, problems)
    if value is not None and value in seen:
        problems.add(f"{path}.id", "'{value}' is used twice", value=value)
        return None
    return value


# --- writing ----------------------------------------------------------------------------


def money(cents: int) -> str:
    return fmt_cents(cents)


def dec(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != 0 else "0"


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
