"""Structured postal address of a party for SEPA files: StrtNm, BldgNb, PstCd, TwnNm, Ctry.

From 15 November 2026 the EPC rejects unstructured addresses (AdrLine only) in credit transfers and
direct debits; a structured address (or a hybrid one: town and country structured) is required
wherever an address is given. LedgerDesk keeps the street and the house number in one field
("Kerkstraat 12 bus 3", "Rue de la Loi 16", "16, rue de la Loi"): `split_street` takes the number
(and its box) off the end or the start. A street without a number is written with StrtNm only; an
address without a town or a country is refused (both are mandatory even in a hybrid address).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from ..domain.errors import ValidationError
from .charset import fit, transliterate

# Length limits of PostalAddress24 (pain.008.001.08, pain.001.001.09); PostalAddress6 (.02) allows the same
# or more for these five fields.
STREET_MAX = 70
BUILDING_MAX = 16
POSTCODE_MAX = 16
TOWN_MAX = 35

# A house number: digits with an optional letter or range ("12", "12A", "12-14"), then an optional box
# ("bus 3", "boîte 3", "bte 3", "b3", "box 3", "/3").
_NUMBER = r"\d+[A-Za-z]?(?:\s*-\s*\d+[A-Za-z]?)?"
_BOX = r"(?:\s*(?:/|,)?\s*(?:bus|boîte|boite|bte|bt|box|b\.?)\s*\w+|\s*/\s*\w+)?"
_AT_END = re.compile(rf"^(?P<street>.*?\D)[\s,]+(?P<number>{_NUMBER}{_BOX})$", re.IGNORECASE)
_AT_START = re.compile(rf"^(?P<number>{_NUMBER}{_BOX})\s*,?\s+(?P<street>\D.*)$", re.IGNORECASE)


class AddressError(ValidationError):
    """An address that cannot be given to a bank in structured form."""


class HasAddress(Protocol):
    """What a party must offer to be addressed (domain.document.Party has it)."""

    @property
    def street(self) -> str: ...
    @property
    def postcode(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def country(self) -> str: ...


@dataclass(frozen=True)
class PostalAddress:
    """A structured address in the SEPA character set, each part within its length."""

    street_name: str
    building_number: str
    post_code: str
    town_name: str
    country: str

    def elements(self) -> tuple[tuple[str, str], ...]:
        """(ISO 20022 tag, text) in schema order, the empty parts left out."""
        parts = (
            ("StrtNm", self.street_name),
            ("BldgNb", self.building_number),
            ("PstCd", self.post_code),
            ("TwnNm", self.town_name),
            ("Ctry", self.country),
        )
        return tuple((tag, text) for tag, text in parts if text)


def split_street(street: str) -> tuple[str, str]:
    """'Kerkstraat 12 bus 3' -> ('Kerkstraat', '12 bus 3'); '16, rue de la Loi' -> ('rue de la Loi', '16');
    a street without a number -> (street, '')."""
    text = " ".join(street.split())
    for pattern in (_AT_END, _AT_START):
        found = pattern.match(text)
        if found:
            return found["street"].strip(" ,"), " ".join(found["number"].split())
    return text, ""


def address_of(party: HasAddress, who: str) -> PostalAddress:
    """The structured address of a party, or AddressError naming who ('the debtor Jan Peeters') and the part."""
    town = party.city.strip()
    country = party.country.strip().upper()
    if not town:
        raise AddressError(f"{who}: the address has no town (required in SEPA files from 15 November 2026)")
    if len(country) != 2 or not country.isalpha():
        raise AddressError(f"{who}: the address has no two-letter country code")
    street, number = split_street(party.street)
    number = transliterate(number, f"{who} (house number)")
    if len(number) > BUILDING_MAX:
        # A number this long is not a number: keep the street whole rather than cut the number.
        street, number = " ".join(party.street.split()), ""
    postcode = transliterate(party.postcode.strip(), f"{who} (postcode)")
    if len(postcode) > POSTCODE_MAX:
        limit = POSTCODE_MAX
        raise AddressError(f"{who}: the postcode '{postcode}' is longer than {limit} characters")
    return PostalAddress(
        street_name=fit(street, f"{who} (street)", STREET_MAX),
        building_number=number,
        post_code=postcode,
        town_name=fit(town, f"{who} (town)", TOWN_MAX),
        country=country,
    )
