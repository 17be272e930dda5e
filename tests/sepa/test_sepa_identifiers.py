"""Creditor identifier (EPC262-08, mod 97-10) and mandate reference checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.sepa import identifiers
from ledgerdesk.sepa.identifiers import CreditorIdError


def test_the_epc_example_is_valid():
    # The German test creditor identifier printed in the EPC and Bundesbank guides.
    assert identifiers.validate("DE98 ZZZ 09999999999") == "DE98ZZZ09999999999"


def test_a_belgian_identifier_is_built_from_the_enterprise_number():
    built = identifiers.for_enterprise("0403.170.701")
    assert built == "BE11ZZZ0403170701"
    assert identifiers.validate("be11 zzz 0403.170.701") == built
    assert identifiers.format(built) == "BE11 ZZZ 0403170701"


def test_the_business_code_does_not_count_in_the_check_digits():
    assert identifiers.validate("BE11ABC0403170701") == "BE11ABC0403170701"
    assert identifiers.same_creditor("BE11ABC0403170701", "BE11ZZZ0403170701")
    assert identifiers.business_code("BE11ABC0403170701") == "ABC"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("", "empty"),
        ("BE12ZZZ0403170701", "check digits"),
        ("BE1ZZZ0403170701", "check digits"),
        ("XX", "not a creditor identifier"),
        ("BE!1ZZZ0403170701", "not a creditor identifier"),
    ],
)
def test_wrong_identifiers_say_why(value, why):
    with pytest.raises(CreditorIdError, match=why):
        identifiers.validate(value)
    assert not identifiers.is_valid(value)


def test_a_belgian_identifier_needs_a_valid_enterprise_number():
    # Right mod 97-10 digits over a national part that is not an enterprise number.
    national = "0403170702"
    value = "BE" + identifiers.calc_check_digits("BE", national) + "ZZZ" + national
    with pytest.raises(CreditorIdError, match="enterprise number"):
        identifiers.validate(value)


@given(
    st.sampled_from(["DE", "NL", "FR", "LU", "AT"]),
    st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=28),
    st.integers(min_value=0, max_value=27),
    st.integers(min_value=1, max_value=9),
)
def test_a_changed_digit_is_always_caught(country, national, where, delta):
    value = country + identifiers.calc_check_digits(country, national) + "ZZZ" + national
    assert identifiers.validate(value) == value
    position = 7 + where % len(national)
    ch = value[position]
    if not ch.isdigit():
        return
    changed = value[:position] + str((int(ch) + delta) % 10) + value[position + 1 :]
    assert not identifiers.is_valid(changed)


def test_mandate_references():
    assert identifiers.validate_mandate_reference(" LD-0001 ") == "LD-0001"
    with pytest.raises(CreditorIdError.__mro__[1], match="mandate reference"):
        identifiers.validate_mandate_reference("a//b")
