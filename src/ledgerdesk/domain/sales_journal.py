"""The sales journal the accountant reads: one row per issued document, its bases and VAT per rate and grid.

Each VAT line of a document goes to the grids of the Belgian periodic VAT return it belongs to, from
the seller's side: the base of a 6, 12 or 21 % line to grid 01, 02 or 03 and its VAT to grid 54; a 0 %
line to 00; domestic reverse charge (art. 20 KB nr. 1) to 45; an intra-Community supply of goods
(art. 39bis) to 46; an export (art. 39) to 47; services to a business in another member state
(art. 21 §2) to 44; an art. 44 exempt operation of a mixed taxpayer to 00 (Intervat's help for grid 00);
a 6 % renovation line like any 6 % line to 01 and 54. A credit note puts its base in 48 when it corrects
an intra-Community operation (44/46) and in 49 otherwise, and its VAT in 64. A franchise (art. 56bis) line
and an operation outside the scope of VAT go to no grid.

The book keeps no revenue accounts yet, so a row's revenue category is the VAT case of its lines
(what an accountant maps to a revenue account); purchases will add their own journal beside this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .document import CommercialDocument
from .invoicing import VatLine
from .money import fmt_cents
from .vat import Exemption

RATE_COLUMNS = (Decimal(21), Decimal(12), Decimal(6))
# The exempt cases in column order; "zero" is a 0 % line without an exemption reason.
EXEMPT_COLUMNS = (
    "zero",
    Exemption.REVERSE_CHARGE.value,
    Exemption.INTRA_EU.value,
    Exemption.EXPORT.value,
    Exemption.EU_SERVICES.value,
    Exemption.ART44.value,
    Exemption.OUTSIDE_SCOPE.value,
    Exemption.FRANCHISE.value,
)
_BASE_GRID = {Decimal(6): "01", Decimal(12): "02", Decimal(21): "03"}
_EXEMPT_GRID = {
    None: "00",
    Exemption.ART44: "00",
    Exemption.EU_SERVICES: "44",
    Exemption.REVERSE_CHARGE: "45",
    Exemption.INTRA_EU: "46",
    Exemption.EXPORT: "47",
}
_NO_GRID = (Exemption.FRANCHISE, Exemption.OUTSIDE_SCOPE)
_TAXED = (None, Exemption.RENOVATION)  # cases that charge Belgian VAT at the line's rate
_CATEGORY = {
    Exemption.REVERSE_CHARGE: "reverse_charge",
    Exemption.INTRA_EU: "intra_eu_goods",
    Exemption.EXPORT: "export",
    Exemption.EU_SERVICES: "intra_eu_services",
    Exemption.ART44: "exempt_art44",
    Exemption.OUTSIDE_SCOPE: "outside_scope",
    Exemption.FRANCHISE: "franchise",
    Exemption.RENOVATION: "domestic_6_renovation",
}


def grids_of(line: VatLine, *, credit_note: bool) -> dict[str, int]:
    """The return grids one VAT line of a sales document fills, with the cents it puts in each (positive)."""
    if line.exemption in _NO_GRID:
        return {}
    if credit_note:
        out = {"48" if line.exemption in (Exemption.INTRA_EU, Exemption.EU_SERVICES) else "49": line.base_cents}
        if line.vat_cents:
            out["64"] = line.vat_cents
        return out
    if line.exemption in _TAXED and line.rate:
        return {_BASE_GRID[line.rate]: line.base_cents, "54": line.vat_cents}
    return {_EXEMPT_GRID[line.exemption]: line.base_cents}


def category_of(line: VatLine) -> str:
    """The revenue category of a VAT line: its VAT case (`domestic_21`, `intra_eu_goods`, ...)."""
    if line.exemption is not None:
        return _CATEGORY[line.exemption]
    return f"domestic_{format(line.rate.normalize(), 'f')}"


def _column(line: VatLine) -> str:
    if line.exemption not in _TAXED:
        return line.exemption.value
    return format(line.rate.normalize(), "f") if line.rate else "zero"


@dataclass(frozen=True)
class JournalRow:
    """One document of the journal. Amounts are signed cents: a credit note's are negative, so a column
    adds up to the period's net figure; `grids` holds the return grids with their (positive) cents."""

    issue_date: date
    kind: str
    number: str
    counterparty: str
    vat_number: str
    country: str
    bases: dict[str, int]  # by column: "21", "12", "6", "zero", "reverse_charge", ...
    vats: dict[str, int]  # by rate column: "21", "12", "6"
    net_cents: int
    vat_cents: int
    total_cents: int
    grids: dict[str, int]
    categories: tuple[str, ...]
    corrects: str


def journal_row(doc: CommercialDocument) -> JournalRow:
    """The journal row of an issued sales document."""
    sign = -1 if doc.is_credit_note else 1
    bases: dict[str, int] = {}
    vats: dict[str, int] = {}
    grids: dict[str, int] = {}
    categories: list[str] = []
    for line in doc.breakdown:
        column = _column(line)
        bases[column] = bases.get(column, 0) + sign * line.base_cents
        if line.rate:
            vats[column] = vats.get(column, 0) + sign * line.vat_cents
        for grid, cents in grids_of(line, credit_note=doc.is_credit_note).items():
            grids[grid] = grids.get(grid, 0) + cents
        if (category := category_of(line)) not in categories:
            categories.append(category)
    return JournalRow(
        issue_date=doc.issue_date,
        kind=doc.kind.value,
        number=doc.number or "",
        counterparty=doc.buyer.name,
        vat_number=doc.buyer.vat or "",
        country=doc.buyer.country,
        bases=bases,
        vats=vats,
        net_cents=sign * doc.net_cents,
        vat_cents=sign * doc.vat_cents,
        total_cents=sign * doc.total_cents,
        grids=dict(sorted(grids.items())),
        categories=tuple(categories),
        corrects=doc.corrects.number if doc.corrects else "",
    )


HEADER = (
    ("date", "type", "number", "counterparty", "vat_number", "country")
    + tuple(f"base_{format(r, 'f')}" for r in RATE_COLUMNS)
    + tuple(f"vat_{format(r, 'f')}" for r in RATE_COLUMNS)
    + tuple(f"base_{c}" for c in EXEMPT_COLUMNS)
    + ("net", "vat", "total", "vat_grids", "revenue_category", "corrects")
)


def journal_record(row: JournalRow) -> tuple[str, ...]:
    """A row as the CSV cells under HEADER: amounts as decimal strings with a point, empty when nothing."""

    def cell(cents: int | None) -> str:
        return fmt_cents(cents) if cents else ""

    rates = [format(r, "f") for r in RATE_COLUMNS]
    return (
        (row.issue_date.isoformat(), row.kind, row.number, row.counterparty, row.vat_number, row.country)
        + tuple(cell(row.bases.get(r)) for r in rates)
        + tuple(cell(row.vats.get(r)) for r in rates)
        + tuple(cell(row.bases.get(c)) for c in EXEMPT_COLUMNS)
        + (
            fmt_cents(row.net_cents),
            fmt_cents(row.vat_cents),
            fmt_cents(row.total_cents),
            " ".join(f"{grid}={fmt_cents(cents)}" for grid, cents in row.grids.items()),
            " ".join(row.categories),
            row.corrects,
        )
    )


def grid_totals(rows: Iterable[JournalRow]) -> dict[str, int]:
    """The sales-side grids of the return summed over journal rows."""
    totals: dict[str, int] = {}
    for row in rows:
        for grid, cents in row.grids.items():
            totals[grid] = totals.get(grid, 0) + cents
    return dict(sorted(totals.items()))
