"""The annual client listing: Belgian VAT-registered customers the business sold more than € 250 to in a year.

One line per Belgian VAT number (as the issued documents name the buyer): the year's turnover excluding
VAT and the VAT charged, credit notes deducted. Customers at or under € 250 are left out, as are
customers abroad and those without a Belgian VAT number. Due by 31 March of the next year; it ends when
e-reporting starts (planned 2028).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .sales_journal import JournalRow

THRESHOLD_CENTS = 25_000  # more than € 250 excluding VAT


@dataclass(frozen=True)
class ListedClient:
    vat_number: str  # normal form, "BE" and ten digits
    name: str  # as on the last document of the year
    turnover_cents: int
    vat_cents: int
    documents: tuple[str, ...]


def client_listing(year: int, rows: Iterable[JournalRow]) -> list[ListedClient]:
    """The listing of a year from the journal rows of its documents, by VAT number."""
    found: dict[str, tuple[str, int, int, list[str]]] = {}
    for row in rows:
        vat = row.vat_number.replace(" ", "").replace(".", "").upper()
        if row.issue_date.year != year or not vat.startswith("BE"):
            continue
        _, turnover, tax, numbers = found.get(vat, ("", 0, 0, []))
        found[vat] = (row.counterparty, turnover + row.net_cents, tax + row.vat_cents, [*numbers, row.number])
    return [
        ListedClient(vat, name, turnover, tax, tuple(numbers))
        for vat, (name, turnover, tax, numbers) in sorted(found.items())
        if turnover > THRESHOLD_CENTS
    ]
