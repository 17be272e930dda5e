"""Who may receive which VAT case, and rates read from dated data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.vat import Exemption, VatTreatment, exemption_mention
from ledgerdesk.domain.vat_cases import VatCaseError, check_cases, rate_for, rates_on
from ledgerdesk.i18n import gettext

ON = date(2026, 3, 2)


def vat(code: str) -> VatTreatment:
    rate, _, case = code.partition("/")
    return VatTreatment.parse(rate, case or None)


def check(*codes: str, buyer_vat: str | None = "BE0202239951", kind: str = "business"):
    return check_cases([vat(c) for c in codes], buyer_vat=buyer_vat, buyer_kind=kind, on=ON)


def test_eu_services_need_the_customers_eu_vat_number():
    with pytest.raises(VatCaseError, match="needs the customer's VAT number of another EU country"):
        check("0/eu_services", buyer_vat=None)


def test_a_belgian_vat_number_is_refused_for_the_intra_eu_cases():
    for code in ("0/eu_services", "0/intra_eu"):
        with pytest.raises(VatCaseError, match="not a Belgian VAT number"):
            check(code, buyer_vat="BE0202239951")


def test_an_eu_vat_number_with_wrong_check_digits_is_refused():
    with pytest.raises(VatCaseError, match="DE136695977 is not a valid EU VAT number"):
        check("0/eu_services", buyer_vat="DE136695977")
    with pytest.raises(VatCaseError, match="not a valid EU VAT number"):
        check("0/intra_eu", buyer_vat="CHE123456789")  # Swiss: not a member state
    assert check("0/eu_services", "0/intra_eu", buyer_vat="NL004495445B01") == ()


def test_the_co_contractor_rule_needs_a_belgian_vat_number():
    with pytest.raises(VatCaseError, match="Belgian VAT number"):
        check("0/reverse_charge", buyer_vat=None)
    assert check("0/reverse_charge") == ()


def test_renovation_for_a_business_customer_warns_but_is_allowed():
    (warning,) = check("6/renovation", kind="business")
    assert "final consumer" in str(warning)
    assert "eindverbruiker" in warning.translated(gettext("nl"))
    assert check("6/renovation", buyer_vat=None, kind="consumer") == ()


def test_cases_sharing_one_ubl_category_and_rate_cannot_share_an_invoice():
    with pytest.raises(VatCaseError, match="'renovation' and '6 %'|'6 %' and 'renovation'"):
        check("6/renovation", "6", kind="consumer")
    with pytest.raises(VatCaseError, match="cannot be on one invoice"):
        check("0/reverse_charge", "0/eu_services", buyer_vat="NL004495445B01")
    with pytest.raises(VatCaseError, match="outside the scope"):
        check("0/outside_scope", "21")
    assert check("21", "12", "6", "0") == ()


def test_a_case_has_its_own_rate():
    assert vat("6/renovation").rate == Decimal(6)
    with pytest.raises(ValidationError, match="carries 6 % VAT, not 21 %"):
        VatTreatment.parse("21", "renovation")
    with pytest.raises(ValidationError, match="carries 0 % VAT, not 6 %"):
        VatTreatment.parse("6", "eu_services")


def test_rates_come_from_dated_data_including_the_march_2026_change():
    assert rates_on(ON) == (Decimal(21), Decimal(12), Decimal(6), Decimal(0))
    assert rate_for("furnished_accommodation", date(2026, 2, 28)) == Decimal(6)
    assert rate_for("furnished_accommodation", date(2026, 3, 1)) == Decimal(12)
    assert rate_for("campsite", date(2026, 3, 1)) == Decimal(12)
    assert rate_for("plant_protection", date(2026, 2, 28)) == Decimal(12)
    assert rate_for("plant_protection", date(2026, 3, 1)) == Decimal(21)
    with pytest.raises(VatCaseError, match="12 % is not a Belgian VAT rate on 1990-01-01"):
        check_cases([vat("12")], buyer_vat=None, buyer_kind="consumer", on=date(1990, 1, 1))


def test_reverse_charge_is_never_worded_as_an_exemption():
    for case in (Exemption.REVERSE_CHARGE, Exemption.EU_SERVICES):
        assert case.is_reverse_charge
        for language, word in (("nl", "vrijgesteld"), ("fr", "exonér"), ("en", "exempt")):
            assert word not in exemption_mention(case, language, ON).lower()
