"""Every VAT case of the invoice lands in the return grid Intervat's help gives it (or in none)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledgerdesk.domain.invoicing import VatLine
from ledgerdesk.domain.sales_journal import category_of, grids_of
from ledgerdesk.domain.vat import Exemption

CASES = [
    (Decimal(21), None, {"03": 10000, "54": 2100}),
    (Decimal(6), Exemption.RENOVATION, {"01": 10000, "54": 600}),
    (Decimal(0), Exemption.EU_SERVICES, {"44": 10000}),
    (Decimal(0), Exemption.REVERSE_CHARGE, {"45": 10000}),
    (Decimal(0), Exemption.INTRA_EU, {"46": 10000}),
    (Decimal(0), Exemption.EXPORT, {"47": 10000}),
    (Decimal(0), Exemption.ART44, {"00": 10000}),
    (Decimal(0), Exemption.OUTSIDE_SCOPE, {}),
    (Decimal(0), Exemption.FRANCHISE, {}),
]


@pytest.mark.parametrize(("rate", "case", "grids"), CASES)
def test_each_case_goes_to_its_grid(rate, case, grids):
    vat = 10000 * rate // 100
    line = VatLine(rate, case, 10000, int(vat))
    assert grids_of(line, credit_note=False) == grids
    assert category_of(line)  # every case has a revenue category for the journal


def test_a_credit_note_on_intra_community_services_goes_to_48():
    assert grids_of(VatLine(Decimal(0), Exemption.EU_SERVICES, 500, 0), credit_note=True) == {"48": 500}
    assert grids_of(VatLine(Decimal(6), Exemption.RENOVATION, 500, 30), credit_note=True) == {"49": 500, "64": 30}
