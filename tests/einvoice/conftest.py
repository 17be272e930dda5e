"""Fixtures for e-invoice tests: the validators compiled once per session, customers of each kind."""

from __future__ import annotations

from datetime import date

import pytest
from builders import PEETERS, customer

from ledgerdesk.einvoice.validate import warm_up


@pytest.fixture(scope="session", autouse=True)
def _compiled_validators():
    warm_up()  # XSD + SaxonC schematron compile once (about 1 s), then milliseconds per document


def make_customer(book, **fields) -> int:
    return customer(book, **{**PEETERS, "receives_einvoice": True, "since": date(2026, 1, 1), **fields})


@pytest.fixture
def new_customer():
    """make_customer(book, **fields) -> id: a Peppol customer unless told otherwise."""
    return make_customer


@pytest.fixture
def peppol_customer(book) -> int:
    return make_customer(book)
