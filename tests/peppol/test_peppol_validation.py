"""Validation stays fast; a consumer (no VAT number) is never offered to Peppol.

The official rules themselves: tests/einvoice/test_official_rules.py."""

from __future__ import annotations

import time

from ledgerdesk.domain.peppol_ids import peppol_receiver
from ledgerdesk.einvoice.validate import validate


def test_validation_with_the_official_rules_stays_fast(supplier_ubl):
    doc = supplier_ubl[0]
    validate(doc)
    started = time.perf_counter()
    for _ in range(10):
        validate(doc)
    assert (time.perf_counter() - started) / 10 < 0.5  # measured: about 30 ms with the PDF inside


def test_only_a_customer_with_a_vat_number_and_not_known_to_be_absent_is_offered_to_peppol():
    assert peppol_receiver(None, None, False) is None  # a consumer: no Peppol address
    assert peppol_receiver("BE0202239951", None, False) == "0208:0202239951"  # not looked up yet
    assert peppol_receiver("BE0202239951", None, True) is None  # the registry said no
    assert peppol_receiver("BE0202239951", "9925:BE0202239951", True) == "9925:BE0202239951"
