"""Book-file section `articles`: the catalogue (code, names per language, unit, price, VAT case, category).

Lines never refer to an article (they hold their own copy), so the section stands alone; it is
absent from a book without articles. Each field is checked by the same domain rules as the app's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...domain import articles as rules
from ...domain.errors import ValidationError
from ...persistence.models import ArticleRow
from . import fields as f
from .links import Declared, Ids, Refs

KEY = "articles"


def _checked(value: Any, check: Callable[[Any], Any], path: str, problems: f.Problems) -> Any:
    try:
        return check(value)
    except ValidationError as exc:
        problems.add(path, str(exc))
        return None


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(f.items(root, KEY, "$", problems)):
        path = f"$.{KEY}[{i}]"
        item = f.obj(item, path, problems)
        before = len(problems.items)
        code = f.text(item, "code", path, problems)
        price = f.decimal(item, "unit_price", path, problems)
        vat = f.text(item, "vat", path, problems)
        unit = f.text(item, "unit", path, problems)
        row: dict[str, Any] = {
            "code": _checked(code, rules.check_code, f"{path}.code", problems) if code is not None else None,
            "unit": _checked(unit, rules.check_unit, f"{path}.unit", problems) if unit is not None else None,
            "unit_price": _checked(price, rules.check_price, f"{path}.unit_price", problems)
            if price is not None
            else None,
            "vat": _checked(vat, rules.vat_key, f"{path}.vat", problems) if vat is not None else None,
            "category": _checked(
                f.free_text(item, "category", path, problems), rules.check_category, f"{path}.category", problems
            ),
            "active": f.flag(item, "active", path, problems, default=True),
        }
        for language in rules.LANGUAGES:
            key = f"name_{language}"
            row[key] = _checked(f.free_text(item, key, path, problems), rules.check_name, f"{path}.{key}", problems)
        if not any(row[f"name_{language}"] for language in rules.LANGUAGES):
            problems.add(f"{path}.name_nl", "the article needs a name in at least one language")
        if len(problems.items) > before:
            continue
        if row["code"] in seen:
            problems.add(f"{path}.code", "'{value}' is used twice", value=row["code"])
            continue
        seen.add(row["code"])
        rows.append(row)
    return rows


def write(session: Session, rows: list[dict[str, Any]], ids: Ids, now: datetime) -> dict[str, int]:
    if rows:
        session.execute(insert(ArticleRow), [{**row, "created_at": now} for row in rows])
    return {KEY: len(rows)}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    items = []
    for row in session.scalars(select(ArticleRow).order_by(ArticleRow.id)):
        item: dict[str, Any] = {
            "code": row.code,
            "name_nl": row.name_nl,
            "name_fr": row.name_fr,
            "name_en": row.name_en,
            "unit": row.unit,
            "unit_price": rules.price_text(row.unit_price),
            "vat": row.vat,
        }
        if row.category:
            item["category"] = row.category
        if not row.active:
            item["active"] = False
        items.append(item)
    if items:  # absent in a book without articles
        doc[KEY] = items
