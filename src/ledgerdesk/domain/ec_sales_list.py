"""The EC sales list (intracommunautaire opgave / relevé intracommunautaire) of a month or quarter.

One line per customer VAT number in another member state and per code: `L` for intra-Community supplies
of goods (art. 39bis, grid 46), `S` for services to a business there (art. 21 §2, grid 44). A credit note
of the period lowers its customer's line; a line that ends below zero corrects an earlier period, which
the listing says (Intervat wants such corrections with the period they correct). Quarterly filers list
per quarter, monthly filers (goods above € 50,000 a quarter) per month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .period import Period, PeriodError
from .sales_journal import JournalRow
from .vat import Exemption

_CODES = {Exemption.INTRA_EU.value: "L", Exemption.EU_SERVICES.value: "S"}


@dataclass(frozen=True)
class EcSalesLine:
    country: str  # the member state of the customer's VAT number ("NL", "DE", "EL" for Greece)
    vat_number: str  # the number without its country prefix
    code: str  # "L" goods, "S" services
    amount_cents: int  # base excluding VAT, credit notes deducted; below zero: a correction
    name: str
    documents: tuple[str, ...]

    @property
    def is_correction(self) -> bool:
        return self.amount_cents < 0


def check_listing_period(period: Period) -> None:
    """A listing covers a month or a quarter, never a year."""
    if period.first.month == 1 and period.last.month == 12:
        raise PeriodError("the EC sales list covers a month or a quarter, not a year: write 2026-Q3 or 2026-09")


def _split(vat: str) -> tuple[str, str]:
    normal = vat.replace(" ", "").replace(".", "").replace("-", "").upper()
    return normal[:2], normal[2:]


def ec_sales_list(period: Period, rows: Iterable[JournalRow]) -> list[EcSalesLine]:
    """The lines of the period's listing from its journal rows, by country, number and code."""
    check_listing_period(period)
    found: dict[tuple[str, str, str], tuple[int, str, list[str]]] = {}
    for row in rows:
        if row.issue_date not in period:
            continue
        for column, code in _CODES.items():
            cents = row.bases.get(column, 0)
            if not cents:
                continue
            country, number = _split(row.vat_number)
            key = (country, number, code)
            amount, _, documents = found.get(key, (0, "", []))
            found[key] = (amount + cents, row.counterparty, [*documents, row.number])
    return [
        EcSalesLine(country, number, code, amount, name, tuple(documents))
        for (country, number, code), (amount, name, documents) in sorted(found.items())
        if amount
    ]


def total_cents(lines: Iterable[EcSalesLine]) -> int:
    return sum(line.amount_cents for line in lines)
