"""The Intervat XML files, element by element as the FPS Finance's input schemas v0.9 lay them out.

Pure functions of plain values: the periodic VAT return (`VATConsignment`), the EC sales list
(`IntraConsignment`) and the annual client listing (`ClientListingConsignment`), each one declaration
of one declarant, filed by the declarant itself (no representative block). Amounts are euro with two
decimals and a point, as the schema's amount types demand; the return's grid amounts are never negative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

COMMON = "http://www.minfin.fgov.be/InputCommon"
VAT_NS = "http://www.minfin.fgov.be/VATConsignment"
INTRA_NS = "http://www.minfin.fgov.be/IntraConsignment"
LISTING_NS = "http://www.minfin.fgov.be/ClientListingConsignment"


@dataclass(frozen=True)
class Declarant:
    """The company filing: its Belgian VAT number as ten digits, and how to reach it."""

    vat_number: str
    name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    email: str = ""


@dataclass(frozen=True)
class FilingPeriod:
    """A year, with a month (1–12) or a quarter (1–4), or neither (a whole year)."""

    year: int
    month: int | None = None
    quarter: int | None = None


@dataclass(frozen=True)
class ListingClient:
    vat_number: str  # ten digits, without "BE"
    turnover_cents: int
    vat_cents: int


@dataclass(frozen=True)
class IntraClient:
    country: str  # the member state code of the VAT number ("EL" for Greece)
    vat_number: str  # without the country prefix
    code: str  # L goods, S services, T triangular
    amount_cents: int


def amount(cents: int) -> str:
    """Cents as the schema's amount: '-12.30', '0.05', '1234.00' (exact, two decimals, a point)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def _sub(parent: etree._Element, ns: str, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def _declarant(parent: etree._Element, ns: str, declarant: Declarant) -> None:
    """Declarant_Type of InputCommon: the number, then what is known, in the schema's order."""
    element = _sub(parent, ns, "Declarant")
    _sub(element, COMMON, "VATNumber", declarant.vat_number)
    for tag, value in (
        ("Name", declarant.name),
        ("Street", declarant.street),
        ("PostCode", declarant.postcode),
        ("City", declarant.city),
        ("CountryCode", declarant.country),
        ("EmailAddress", declarant.email),
    ):
        if value.strip():
            _sub(element, COMMON, tag, value.strip())


def _period(parent: etree._Element, ns: str, period: FilingPeriod, tag: str = "Period") -> None:
    element = _sub(parent, ns, tag)
    if period.month is not None:
        _sub(element, ns, "Month", str(period.month))
    elif period.quarter is not None:
        _sub(element, ns, "Quarter", str(period.quarter))
    _sub(element, ns, "Year", str(period.year))


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def vat_return_xml(
    declarant: Declarant,
    period: FilingPeriod,
    grids: Mapping[str, int],
    *,
    restitution: bool,
    payment: bool,
    client_listing_nihil: bool = False,
) -> bytes:
    """The periodic return: every grid with an amount (71 or 72 always, 0.00 on a nil return), in grid order."""
    if period.month is None and period.quarter is None:
        raise ValueError("a VAT return is for a month or a quarter")
    root = etree.Element(
        f"{{{VAT_NS}}}VATConsignment", {"VATDeclarationsNbr": "1"}, nsmap={None: VAT_NS, "common": COMMON}
    )
    declaration = _sub(root, VAT_NS, "VATDeclaration", SequenceNumber="1")
    _declarant(declaration, VAT_NS, declarant)
    _period(declaration, VAT_NS, period)
    data = _sub(declaration, VAT_NS, "Data")
    filled = {grid: cents for grid, cents in grids.items() if cents}
    if not filled.get("72"):
        filled["71"] = filled.get("71", 0)
    for grid in sorted(filled, key=int):
        cents = filled[grid]
        if cents < 0:
            raise ValueError(f"grid {grid} cannot be negative ({amount(cents)})")
        _sub(data, VAT_NS, "Amount", amount(cents), GridNumber=str(int(grid)))
    _sub(declaration, VAT_NS, "ClientListingNihil", "YES" if client_listing_nihil else "NO")
    _sub(declaration, VAT_NS, "Ask", Restitution="YES" if restitution else "NO", Payment="YES" if payment else "NO")
    return _bytes(root)


def ec_sales_list_xml(declarant: Declarant, period: FilingPeriod, clients: Sequence[IntraClient]) -> bytes:
    """The EC sales list: one IntraClient per VAT number and code, the sum of their amounts on the listing."""
    if not clients:
        raise ValueError("an EC sales list holds at least one customer")
    root = etree.Element(
        f"{{{INTRA_NS}}}IntraConsignment", {"IntraListingsNbr": "1"}, nsmap={None: INTRA_NS, "common": COMMON}
    )
    listing = _sub(
        root,
        INTRA_NS,
        "IntraListing",
        SequenceNumber="1",
        ClientsNbr=str(len(clients)),
        AmountSum=amount(sum(c.amount_cents for c in clients)),
    )
    _declarant(listing, INTRA_NS, declarant)
    _period(listing, INTRA_NS, period)
    for number, client in enumerate(clients, start=1):
        element = _sub(listing, INTRA_NS, "IntraClient", SequenceNumber=str(number))
        _sub(element, INTRA_NS, "CompanyVATNumber", client.vat_number, issuedBy=client.country)
        _sub(element, INTRA_NS, "Code", client.code)
        _sub(element, INTRA_NS, "Amount", amount(client.amount_cents))
    return _bytes(root)


def client_listing_xml(declarant: Declarant, year: int, clients: Sequence[ListingClient]) -> bytes:
    """The annual listing of Belgian VAT customers: each with its turnover and VAT, and their sums."""
    root = etree.Element(
        f"{{{LISTING_NS}}}ClientListingConsignment",
        {"ClientListingsNbr": "1"},
        nsmap={None: LISTING_NS, "common": COMMON},
    )
    listing = _sub(
        root,
        LISTING_NS,
        "ClientListing",
        SequenceNumber="1",
        ClientsNbr=str(len(clients)),
        TurnOverSum=amount(sum(c.turnover_cents for c in clients)),
        VATAmountSum=amount(sum(c.vat_cents for c in clients)),
    )
    _declarant(listing, LISTING_NS, declarant)
    _sub(listing, LISTING_NS, "Period", str(year))
    for number, client in enumerate(clients, start=1):
        element = _sub(listing, LISTING_NS, "Client", SequenceNumber=str(number))
        _sub(element, LISTING_NS, "CompanyVATNumber", client.vat_number, issuedBy="BE")
        _sub(element, LISTING_NS, "TurnOver", amount(client.turnover_cents))
        _sub(element, LISTING_NS, "VATAmount", amount(client.vat_cents))
    return _bytes(root)
