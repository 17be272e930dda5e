"""Fixtures for e-invoice tests: the validators compiled once per session, customers of each kind."""

from __future__ import annotations

from datetime import date

import pytest

from ledgerdesk.einvoice.validate import warm_up
from ledgerdesk.services import company as company_service


@pytest.fixture(scope="session", autouse=True)
def _compiled_validators():
    warm_up()  # XSD + SaxonC schematron compile once (about 1 s), then milliseconds per document


def make_customer(book, **fields) -> int:
    data = {
        "name": "Bakkerij Peeters",
        "vat": "BE0202239951",
        "street": "Markt 5",
        "postcode": "2000",
        "city": "Antwerpen",
        "receives_einvoice": True,
    }
    data.update(fields)
    with book.db.transaction() as s:
        return company_service.create_customer(s, company_service.CustomerData(**data), today=date(2026, 1, 1)).id


@pytest.fixture
def new_customer():
    """make_customer(book, **fields) -> id: a Peppol customer unless told otherwise."""
    return make_customer


@pytest.fixture
def peppol_customer(book) -> int:
    return make_customer(book)
