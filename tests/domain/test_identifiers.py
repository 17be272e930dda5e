"""Structured communication, VAT numbers, IBAN and BIC, with the vectors from belgium.md."""

import pytest

from ledgerdesk.domain import identifiers, references
from ledgerdesk.domain.errors import ValidationError


@pytest.mark.parametrize(
    "payload, formatted",
    [(1234567890, "+++123/4567/89002+++"), (654, "+++000/0000/65472+++"), (0, "+++000/0000/00097+++")],
)
def test_ogm_vectors(payload, formatted):
    assert references.format(references.from_payload(payload)) == formatted


@pytest.mark.parametrize("value", ["269021157996", "240283842818", "+++123/4567/89002+++", "***000/0000/65472***"])
def test_ogm_valid_from_real_files(value):
    assert references.is_valid(value)


@pytest.mark.parametrize("value", ["931384384900", "000003505158", "12345678900", "abc"])
def test_ogm_invalid(value):
    assert not references.is_valid(value)
    with pytest.raises(ValidationError):
        references.validate(value)


def test_ogm_derived_from_the_document_number_is_traceable():
    ogm = references.for_document(2026, references.INVOICE, 17)
    assert ogm.startswith("2026000017") and references.is_valid(ogm)
    assert references.for_document(2026, references.CREDIT_NOTE, 17) != ogm


def test_ogm_found_in_free_text():
    assert references.find_in_text("betaling factuur +++123/4567/89002+++ dank") == ["123456789002"]
    assert references.find_in_text("ref 123456789002 and 123/4567/89003") == ["123456789002"]


def test_vat_numbers():
    assert identifiers.validate_vat("BE 0403.170.701") == "BE0403170701"
    assert identifiers.validate_vat("0403170701") == "BE0403170701"
    assert identifiers.validate_vat("NL004495445B01") == "NL004495445B01"
    assert identifiers.format_vat("BE0403170701") == "BE 0403.170.701"
    assert identifiers.enterprise_number("BE0403170701") == "0403170701"
    with pytest.raises(ValidationError, match="not a valid VAT number"):
        identifiers.validate_vat("BE0403170702")


def test_iban_of_a_bank_missing_from_the_register_is_a_warning_not_a_refusal():
    checked = identifiers.check_iban("BE68 5390 0754 7034")
    assert checked.value == "BE68539007547034"
    assert checked.warnings and "bank register" in checked.warnings[0]
    assert identifiers.check_iban("BE71 0961 2345 6769").warnings == ()
    with pytest.raises(ValidationError, match="not a valid IBAN"):
        identifiers.check_iban("BE68539007547035")


def test_bic():
    assert identifiers.validate_bic("gebabebb") == "GEBABEBB"
    with pytest.raises(ValidationError):
        identifiers.validate_bic("GEBA")


@pytest.mark.parametrize(
    "iban, bic",
    [
        ("BE71 0961 2345 6769", "GKCCBEBB"),
        ("BE71096123456769", "GKCCBEBB"),
        ("NL91ABNA0417164300", None),
        ("BE71 0961 2345 6760", None),
        ("", None),
    ],
)
def test_a_belgian_ibans_bic_comes_from_the_bank_register(iban, bic):
    assert identifiers.bank_bic(iban) == bic
