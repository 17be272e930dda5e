"""Builders for the purchase tests: a supplier, a typed bill, a book copied from a template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.purchases import BillLine
from ledgerdesk.domain.suppliers import SupplierInput
from ledgerdesk.domain.vat import VatTreatment
from ledgerdesk.services import purchases

DAY = date(2026, 12, 1)


def supplier(session, name: str = "Garage Dubois", **fields) -> int:
    data = {
        "vat": "BE0202239951",
        "iban": "BE71096123456769",
        "city": "Namur",
        "street": "Rue Haute 3",
        "postcode": "5000",
        **fields,
    }
    return purchases.add_supplier(session, SupplierInput(name=name, **data), on=DAY)[0]


def line(amount: str, rate: str = "21", category: str = "other", pct: str = "100", text: str = "Werk") -> BillLine:
    return BillLine(LineInput(text, Decimal(1), Decimal(amount), VatTreatment(Decimal(rate))), category, Decimal(pct))


def bill(session, supplier_id: int, number: str = "F-1", *lines: BillLine, day: date = DAY, **fields):
    draft = purchases.BillDraft(supplier_id, number, day, tuple(lines) or (line("100"),), **fields)
    return purchases.record_bill(session, draft, on=day)
