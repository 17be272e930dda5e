"""Invariant: whatever lines a user types, the writer's UBL passes XSD, EN 16931 and Peppol without error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.invoicing import LineInput, totals_of
from ledgerdesk.domain.vat import Exemption, VatTreatment
from ledgerdesk.einvoice.ubl_writer import UblDocument, UblLine, UblParty, build_ubl
from ledgerdesk.einvoice.validate import validate

SELLER = UblParty("Atelier Janssens", "Kerkstraat 1", "9000", "Gent", "BE", "BE0403170701", "info@janssens.be")
BUYER = UblParty("Bakkerij Peeters", "Markt 5", "2000", "Antwerpen", "BE", "BE0202239951")

quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2)
prices = st.decimals(min_value=Decimal(0), max_value=Decimal(5000), places=3)
discounts = st.sampled_from([Decimal(0), Decimal(5), Decimal("12.5"), Decimal("33.33"), Decimal(100)])
treatments = st.sampled_from([VatTreatment(Decimal(21)), VatTreatment(Decimal(12)), VatTreatment(Decimal(6)),
                              VatTreatment(Decimal(0)), VatTreatment(Decimal(0), Exemption.REVERSE_CHARGE)])
units = st.sampled_from(["", "uur", "dagen", "km", "stuks", "forfait", "whatever"])
lines = st.lists(st.builds(LineInput, description=st.text(min_size=1, max_size=40).filter(str.strip),
                           quantity=quantities, unit_price=prices, vat=treatments, discount_pct=discounts,
                           unit=units), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=lines)
def test_any_typed_lines_make_a_valid_peppol_invoice(lines):
    totals = totals_of(lines)
    doc = UblDocument(
        kind="invoice", number="2026-0042", issue_date=date(2026, 5, 4), seller=SELLER, buyer=BUYER,
        lines=[UblLine(line.description, line.quantity, line.unit, line.unit_price, line.net_cents, line.vat,
                       line.discount_pct) for line in lines],
        breakdown=totals.breakdown, net_cents=totals.net_cents, vat_cents=totals.vat_cents,
        total_cents=totals.total_cents, due_date=date(2026, 6, 3), payment_terms="30 days",
        structured_communication="+++202/6000/04296+++", iban="BE71096123456769",
        exemption_texts={Exemption.REVERSE_CHARGE: "Reverse charge"},
    )
    fatal = [(f.rule, f.message) for f in validate(build_ubl(doc)).findings if f.is_fatal]
    assert fatal == []
