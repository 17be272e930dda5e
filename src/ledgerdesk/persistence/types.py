"""Column types: exact decimals as text, JSON as text. Money itself is integer cents."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator


class DecimalText(TypeDecorator[Decimal]):
    """An exact Decimal stored as its canonical string (quantities, unit prices, rates).

    SQLite's NUMERIC affinity would turn these into floats; text keeps every digit.
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("floats are not stored as exact decimals")
        return format(Decimal(value).normalize(), "f") if Decimal(value) != 0 else "0"

    def process_result_value(self, value: str | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


class JSONText(TypeDecorator[Any]):
    """A JSON document stored as text (snapshots, event details)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else json.loads(value)
