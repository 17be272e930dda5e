"""Reading document lines (invoices, credit notes, recurring templates) and number sequences from a book file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ...domain.errors import DomainError
from ...domain.invoicing import LineInput
from ...domain.supply import ServicePeriod
from ...domain.vat import Exemption
from . import fields as f


def read_period(o: dict[str, Any], path: str, problems: f.Problems) -> ServicePeriod | None:
    """`period_start` and `period_end` (a document's or a line's service period): both or neither."""
    given = [key for key in ("period_start", "period_end") if o.get(key) not in (None, "")]
    if len(given) == 1:
        missing = "period_end" if given == ["period_start"] else "period_start"
        problems.add(f"{path}.{missing}", "a service period needs both its first and its last day")
        return None
    start = f.day(o, "period_start", path, problems, required=False)
    end = f.day(o, "period_end", path, problems, required=False)
    if start is None or end is None:
        return None  # none given, or a bad date already told
    try:
        return ServicePeriod(start, end)
    except DomainError as exc:
        problems.add(f"{path}.period_end", str(exc))
        return None


def read_lines(doc: dict[str, Any], path: str, problems: f.Problems, regime: str) -> list[LineInput]:
    lines: list[LineInput] = []
    raw = f.items(doc, "lines", path, problems)
    if not raw:
        problems.add(f"{path}.lines", "needs at least one line")
    for i, item in enumerate(raw):
        lpath = f"{path}.lines[{i}]"
        item = f.obj(item, lpath, problems)
        description = f.text(item, "description", lpath, problems)
        quantity = f.decimal(item, "quantity", lpath, problems)
        price = f.decimal(item, "unit_price", lpath, problems)
        rate = f.decimal(item, "vat_rate", lpath, problems)
        discount = f.decimal(item, "discount_pct", lpath, problems, required=False) or Decimal(0)
        exemption = f.text(item, "vat_exemption", lpath, problems, required=False)
        if exemption is not None and exemption not in {e.value for e in Exemption}:
            problems.add(
                f"{lpath}.vat_exemption", f"'{exemption}' is not one of {', '.join(e.value for e in Exemption)}"
            )
            continue
        if rate is not None and rate not in (Decimal(21), Decimal(12), Decimal(6), Decimal(0)):
            problems.add(f"{lpath}.vat_rate", f"{rate} % is not a Belgian VAT rate (21, 12, 6 or 0)")
            rate = None
        if regime == "franchise" and exemption is None and rate == 0:
            # Under the franchise regime every line is exempt by law: the regime decides the reason.
            exemption = Exemption.FRANCHISE.value
        if regime == "art44" and exemption is None and rate == 0:
            exemption = Exemption.ART44.value  # likewise for a business exempt under art. 44
        period = read_period(item, lpath, problems)
        if description is None or quantity is None or price is None or rate is None:
            continue
        try:
            line = LineInput.of(
                description,
                quantity,
                price,
                rate,
                discount_pct=discount,
                exemption=exemption,
                unit=str(item.get("unit") or ""),
                period=period,
            )
        except DomainError as exc:
            problems.add(lpath, str(exc))
            continue
        if regime == "franchise" and line.vat.exemption is not Exemption.FRANCHISE:
            problems.add(lpath, "under the franchise regime a line carries no VAT (vat_rate 0)")
            continue
        if regime == "art44" and line.vat.exemption is not Exemption.ART44:
            problems.add(lpath, "a business exempt under art. 44 charges no VAT on any line (vat_rate 0)")
            continue
        lines.append(line)
    return lines
