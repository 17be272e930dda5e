"""Which grids of the periodic VAT return a supplier's bill fills (the purchase side), from its lines.

A bill's bases go by the cost category of each line: goods for resale and materials to grid 81,
investment goods (equipment) to 83, every other cost to 82; a supplier's credit note puts its bases in 85.
Its deductible VAT (the bill's own figure, after each line's deductible share) goes to 59, a credit
note's to 63 (VAT to pay back).

A bill whose VAT the buyer owes (reverse charge, intra-EU acquisition, import) carries its case
(`domain.reverse_charge`): the base of its lines without the supplier's VAT goes to 86, 87 or 88 too,
the self-assessed VAT to 55, 56 or 57 and
its deductible share to 59 (on a credit note: base 84 or 85, VAT recovered in 64, deduction paid back in
63). A bill with lines of such a category (UBL AE, K, G) but no case recorded, or in another currency,
is not placed: the return names it to be placed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .reverse_charge import ReverseCharge, self_assess

GOODS = frozenset({"goods", "materials"})  # grid 81: goods for resale, raw materials and consumables
INVESTMENT = frozenset({"equipment"})  # grid 83: investment goods
BUYER_OWES = frozenset({"AE", "K", "G"})  # UNCL 5305 categories whose VAT the buyer self-assesses
CREDIT_NOTE = "purchase_credit_note"


@dataclass(frozen=True)
class BillLineFacts:
    net_cents: int
    category: str
    vat_category: str | None  # the supplier's UBL category of an imported line; None for a typed one
    deductible_pct: Decimal = Decimal(100)
    supplier_vat: bool = False  # the supplier charged VAT on it: no self-assessment on this line


@dataclass(frozen=True)
class BillFacts:
    number: str
    kind: str  # purchase_invoice or purchase_credit_note
    lines: tuple[BillLineFacts, ...]
    deductible_vat_cents: int
    euro: bool = True  # a bill in another currency is not placed either
    reverse_charge: ReverseCharge | None = None  # the buyer owes the VAT, in this case
    reverse_charge_rate: Decimal = Decimal(21)


@dataclass(frozen=True)
class BillGrids:
    grids: dict[str, int]  # positive cents per grid
    placed: bool  # False: the return leaves it to be placed by hand


def _add(grids: dict[str, int], grid: str, cents: int) -> None:
    grids[grid] = grids.get(grid, 0) + cents


def bill_grids(bill: BillFacts) -> BillGrids:
    """The grids one bill fills, or none (placed False) when part of it must be placed by hand."""
    case = bill.reverse_charge
    if not bill.euro or (case is None and any(line.vat_category in BUYER_OWES for line in bill.lines)):
        return BillGrids({}, False)
    credit = bill.kind == CREDIT_NOTE
    grids: dict[str, int] = {}
    for line in bill.lines:
        if credit:
            grid = case.credit_base_grid if case and not line.supplier_vat else "85"
        elif line.category in GOODS:
            grid = "81"
        elif line.category in INVESTMENT:
            grid = "83"
        else:
            grid = "82"
        _add(grids, grid, abs(line.net_cents))
    if bill.deductible_vat_cents:
        _add(grids, "63" if credit else "59", abs(bill.deductible_vat_cents))
    if case is not None:
        owed = self_assess(
            ((line.net_cents, line.deductible_pct) for line in bill.lines if not line.supplier_vat),
            bill.reverse_charge_rate,
        )
        if credit:
            _add(grids, "64", owed.vat_cents)
            _add(grids, "63", owed.deductible_cents)
        else:
            _add(grids, case.base_grid, owed.base_cents)
            _add(grids, case.vat_grid, owed.vat_cents)
            _add(grids, "59", owed.deductible_cents)
    return BillGrids({grid: cents for grid, cents in grids.items() if cents}, True)


def purchase_side(bills: Iterable[BillFacts]) -> tuple[dict[str, tuple[int, tuple[str, ...]]], tuple[str, ...]]:
    """Per grid its cents and the bills in it, and the numbers of the bills left to place by hand."""
    cents: dict[str, int] = {}
    numbers: dict[str, list[str]] = {}
    by_hand: list[str] = []
    for bill in bills:
        placed = bill_grids(bill)
        if not placed.placed:
            by_hand.append(bill.number)
            continue
        for grid, amount in placed.grids.items():
            cents[grid] = cents.get(grid, 0) + amount
            numbers.setdefault(grid, []).append(bill.number)
    return {grid: (cents[grid], tuple(numbers[grid])) for grid in cents}, tuple(by_hand)
