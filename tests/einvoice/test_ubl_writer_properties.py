"""Invariant: whatever lines a user types, the writer's UBL passes XSD, EN 16931 and Peppol without error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.document import CommercialDocument, DocumentKind, Party
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.vat import Exemption, VatTreatment
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate

SELLER = Party(
    "Atelier Janssens",
    "Kerkstraat 1",
    "9000",
    "Gent",
    "BE",
    "BE0403170701",
    email="info@janssens.be",
    iban="BE71096123456769",
)
BUYER = Party("Bakkerij Peeters", "Markt 5", "2000", "Antwerpen", "BE", "BE0202239951")

quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2)
prices = st.decimals(min_value=Decimal(0), max_value=Decimal(5000), places=3)
discounts = st.sampled_from([Decimal(0), Decimal(5), Decimal("12.5"), Decimal("33.33"), Decimal(100)])
treatments = st.sampled_from(
    [
        VatTreatment(Decimal(21)),
        VatTreatment(Decimal(12)),
        VatTreatment(Decimal(6)),
        VatTreatment(Decimal(0)),
        VatTreatment(Decimal(0), Exemption.REVERSE_CHARGE),
    ]
)
units = st.sampled_from(["", "uur", "dagen", "km", "stuks", "forfait", "whatever"])
lines = st.lists(
    st.builds(
        LineInput,
        description=st.text(min_size=1, max_size=40).filter(str.strip),
        quantity=quantities,
        unit_price=prices,
        vat=treatments,
        discount_pct=discounts,
        unit=units,
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=lines)
def test_any_typed_lines_make_a_valid_peppol_invoice(lines):
    doc = CommercialDocument(
        kind=DocumentKind.INVOICE,
        number="2026-0042",
        language="en",
        issue_date=date(2026, 5, 4),
        seller=SELLER,
        buyer=BUYER,
        lines=tuple(lines),
        due_date=date(2026, 6, 3),
        payment_terms_days=30,
        structured_communication="202600004296",
    )
    fatal = [(f.rule, f.message) for f in validate(build_ubl(doc)).findings if f.is_fatal]
    assert fatal == []
