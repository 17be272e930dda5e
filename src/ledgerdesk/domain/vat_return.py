"""The periodic VAT return (monthly or quarterly), each grid traced to its documents and bills.

The sales grids come from the sales journal (`domain.sales_journal.grids_of`, which says which VAT case
fills which grid); the purchase grids (81–88, 55–57, 59, 63, 64) from the suppliers' bills
(`domain.purchase_grids`, the reverse-charge cases in `domain.reverse_charge`). What is payable is grid 71
(to the State) or 72 (to be refunded): the VAT due (54 to 57, 61, 63) less the VAT to deduct or recover
(59, 62, 64). A bill the return cannot place (not in euro, or a reverse-charge category with no case
recorded) is named in `by_hand`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .period import Period, PeriodError
from .purchase_grids import BillFacts, purchase_side
from .sales_journal import JournalRow

# The grids a sole trader's return uses, in the order of the form (sales, purchases, VAT, balance).
GRIDS = {
    "00": "Operations at 0 % or under a special scheme",
    "01": "Operations at 6 %",
    "02": "Operations at 12 %",
    "03": "Operations at 21 %",
    "44": "Services to customers in another EU country (VAT due there)",
    "45": "Operations where the Belgian customer owes the VAT (reverse charge)",
    "46": "Exempt intra-Community supplies of goods",
    "47": "Other exempt operations and operations abroad (exports)",
    "48": "Credit notes on operations of grids 44 and 46",
    "49": "Credit notes on other operations",
    "81": "Purchases of goods for resale, raw materials and consumables",
    "82": "Purchases of services and other goods",
    "83": "Purchases of investment goods",
    "84": "Credit notes received on the operations of grids 86 and 88",
    "85": "Credit notes received on purchases",
    "86": "Intra-Community acquisitions of goods",
    "87": "Other purchases on which you owe the VAT (co-contractor, import under licence, services from outside the EU)",
    "88": "Intra-Community services received",
    "54": "VAT due on the operations of grids 01, 02 and 03",
    "55": "VAT due on the operations of grids 86 and 88",
    "56": "VAT due on the operations of grid 87, imports under licence excepted",
    "57": "VAT due on imports under licence",
    "59": "Deductible VAT",
    "63": "VAT to pay back on credit notes received",
    "64": "VAT to recover on credit notes issued",
    "71": "Tax due to the State",
    "72": "Sums due by the State",
}
DUE = ("54", "55", "56", "57", "61", "63")
DEDUCTIBLE = ("59", "62", "64")


@dataclass(frozen=True)
class GridLine:
    grid: str
    cents: int
    documents: tuple[str, ...]  # the numbers of the documents that fill it, in journal order


@dataclass(frozen=True)
class VatReturn:
    period: Period
    lines: tuple[GridLine, ...]  # every grid of GRIDS, empty ones included
    by_hand: tuple[str, ...] = ()  # bills to place by hand (the buyer owes their VAT, or not in euro)

    def cents(self, grid: str) -> int:
        return next((line.cents for line in self.lines if line.grid == grid), 0)

    @property
    def filled(self) -> dict[str, int]:
        return {line.grid: line.cents for line in self.lines if line.cents}


def check_return_period(period: Period) -> None:
    """A return covers a month or a quarter, never a year."""
    if period.last.month - period.first.month > 2 or period.first.year != period.last.year:
        raise PeriodError("a VAT return is monthly or quarterly; {period} is neither", period=period.name)


def vat_return(period: Period, rows: Iterable[JournalRow], bills: Iterable[BillFacts] = ()) -> VatReturn:
    """The return of a month or quarter from the journal rows of its documents and its suppliers' bills."""
    check_return_period(period)
    cents: dict[str, int] = {}
    documents: dict[str, list[str]] = {}
    for row in rows:
        for grid, amount in row.grids.items():
            cents[grid] = cents.get(grid, 0) + amount
            documents.setdefault(grid, []).append(row.number)
    purchases, by_hand = purchase_side(bills)
    for grid, (amount, numbers) in purchases.items():
        cents[grid] = cents.get(grid, 0) + amount
        documents.setdefault(grid, []).extend(numbers)
    balance = sum(cents.get(g, 0) for g in DUE) - sum(cents.get(g, 0) for g in DEDUCTIBLE)
    cents["71"], cents["72"] = max(balance, 0), max(-balance, 0)
    return VatReturn(
        period,
        tuple(GridLine(grid, cents.get(grid, 0), tuple(documents.get(grid, ()))) for grid in GRIDS),
        by_hand,
    )
