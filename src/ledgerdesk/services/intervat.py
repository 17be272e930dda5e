"""The Intervat XML of the VAT return, the EC sales list and the client listing, from the book, checked
against the official schemas when they are installed and written whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ..atomic import write_atomic
from ..domain.ec_sales_list import check_listing_period
from ..domain.errors import DomainError
from ..domain.period import Period
from ..domain.vat_return import VatReturn
from ..intervat import schemas
from ..intervat.xml_files import (
    Declarant,
    FilingPeriod,
    IntraClient,
    ListingClient,
    client_listing_xml,
    ec_sales_list_xml,
    vat_return_xml,
)
from . import client_listing, ec_sales_list, vat_return
from .company import get_company


class IntervatRefused(DomainError):
    """The file cannot be made or does not match the official schema; an English msgid with values."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values))

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        values = {k: tr(v) if k == "kind" else v for k, v in self.values.items()}
        return tr(self.message, **values)


@dataclass(frozen=True)
class IntervatFile:
    path: Path
    size: int
    checked: bool  # False: the official schemas are not installed, the file was written unchecked


def declarant(session: Session) -> Declarant:
    """The company as Intervat knows it: by its Belgian VAT number (ten digits)."""
    company = get_company(session)
    vat = (company.vat or "").replace(" ", "").replace(".", "").upper()
    if not (vat.startswith("BE") and len(vat) == 12 and vat[2:].isdigit()):
        raise IntervatRefused("the company has no Belgian VAT number; Intervat files are filed under it")
    return Declarant(
        vat_number=vat[2:],
        name=company.name,
        street=company.street,
        postcode=company.postcode,
        city=company.city,
        country=company.country or "BE",
        email=company.email,
    )


def filing_period(period: Period) -> FilingPeriod:
    """A month or a quarter as the schemas write it."""
    if period.first.month == period.last.month:
        return FilingPeriod(period.first.year, month=period.first.month)
    return FilingPeriod(period.first.year, quarter=(period.first.month - 1) // 3 + 1)


def _checked_write(kind: schemas.Kind, xml: bytes, target: Path) -> IntervatFile:
    found = schemas.problems(kind, xml)
    if found:
        raise IntervatRefused(
            "the {kind} does not match the official Intervat schema: {problem}",
            kind=kind.name,
            problem="; ".join(found[:3]),
        )
    write_atomic(Path(target), xml)
    return IntervatFile(Path(target), len(xml), checked=found is not None)


def vat_return_file(
    session: Session, period: Period, *, restitution: bool | None = None, payment: bool = False
) -> tuple[VatReturn, bytes]:
    """The return's XML: every filled grid; restitution asked when the State owes (unless told otherwise)."""
    preview = vat_return.preview(session, period)
    if preview.by_hand:
        raise IntervatRefused(
            "bills still to place by hand in the VAT return: {bills}; record who owes their VAT first",
            bills=", ".join(preview.by_hand),
        )
    last_of_year = period.last.month == 12
    nihil = last_of_year and not client_listing.listing(session, period.last.year)
    xml = vat_return_xml(
        declarant(session),
        filing_period(period),
        preview.filled,
        restitution=preview.cents("72") > 0 if restitution is None else restitution,
        payment=payment,
        client_listing_nihil=nihil,
    )
    return preview, xml


def write_vat_return(
    session: Session, period: Period, target: Path, *, restitution: bool | None = None, payment: bool = False
) -> IntervatFile:
    """Write the return of a month or quarter as Intervat XML to `target`."""
    _preview, xml = vat_return_file(session, period, restitution=restitution, payment=payment)
    return _checked_write(schemas.VAT_RETURN, xml, target)


def write_ec_sales_list(session: Session, period: Period, target: Path) -> IntervatFile:
    """Write the EC sales list of a month or quarter as Intervat XML to `target` (none when it is empty)."""
    check_listing_period(period)
    lines = ec_sales_list.listing(session, period)
    if not lines:
        raise IntervatRefused("the EC sales list of {period} is empty: there is nothing to file", period=period.name)
    clients = [IntraClient(x.country, x.vat_number, x.code, x.amount_cents) for x in lines]
    xml = ec_sales_list_xml(declarant(session), filing_period(period), clients)
    return _checked_write(schemas.EC_SALES_LIST, xml, target)


def write_client_listing(session: Session, year: int, target: Path) -> IntervatFile:
    """Write the annual client listing of `year` as Intervat XML to `target` (an empty one is a nil listing)."""
    clients = [
        ListingClient(c.vat_number[2:], c.turnover_cents, c.vat_cents) for c in client_listing.listing(session, year)
    ]
    return _checked_write(schemas.CLIENT_LISTING, client_listing_xml(declarant(session), year, clients), target)
