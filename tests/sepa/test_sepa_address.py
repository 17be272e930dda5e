"""Structured addresses from a party's one street field, as SEPA files need them from 15 November 2026."""

import pytest

from ledgerdesk.domain.document import Party
from ledgerdesk.sepa.address import AddressError, address_of, split_street


@pytest.mark.parametrize(
    ("street", "name", "number"),
    [
        ("Kerkstraat 12 bus 3", "Kerkstraat", "12 bus 3"),
        ("Rue de la Loi 16", "Rue de la Loi", "16"),
        ("16, rue de la Loi", "rue de la Loi", "16"),
        ("Avenue Louise 54/3", "Avenue Louise", "54/3"),
        ("Place Saint-Lambert 1A", "Place Saint-Lambert", "1A"),
        ("Rue du 11 Novembre 5", "Rue du 11 Novembre", "5"),
        ("Grote Markt", "Grote Markt", ""),
        ("Chaussée de Waterloo 1250 boîte 12", "Chaussée de Waterloo", "1250 boîte 12"),
    ],
)
def test_the_house_number_is_taken_off_the_street(street, name, number):
    assert split_street(street) == (name, number)


def test_a_party_becomes_a_structured_address_in_the_sepa_set():
    party = Party(name="Brasserie Élise", street="Chaussée de Liège 7 bte 2", postcode="5000", city="Namur")
    address = address_of(party, "the debtor Brasserie Elise")
    assert address.elements() == (
        ("StrtNm", "Chaussee de Liege"),
        ("BldgNb", "7 bte 2"),
        ("PstCd", "5000"),
        ("TwnNm", "Namur"),
        ("Ctry", "BE"),
    )


def test_an_address_without_a_town_is_refused_naming_the_party():
    with pytest.raises(AddressError, match="the debtor Jan: the address has no town"):
        address_of(Party(name="Jan", street="Kerkstraat 1", postcode="9000", city=""), "the debtor Jan")


def test_a_street_without_number_gives_no_building_number():
    address = address_of(Party(name="X", street="Grote Markt", postcode="1000", city="Brussel"), "x")
    assert [tag for tag, _ in address.elements()] == ["StrtNm", "PstCd", "TwnNm", "Ctry"]
