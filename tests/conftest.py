"""Shared fixtures: a real book file in tmp_path with a company, and Qt offscreen."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from platformdirs import user_data_dir

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The parsed translation catalogs are cached per user; the tests keep theirs to themselves.
os.environ.setdefault("LEDGERDESK_CACHE_DIR", str(Path(__file__).resolve().parent.parent / "artifacts" / "cache"))
# Validation must not depend on what a developer installed: the official Peppol rules are absent unless a
# test installs them (tests/einvoice/test_official_rules.py), whatever $LEDGERDESK_RULES_DIR says.
os.environ["LEDGERDESK_RULES_DIR"] = str(Path(__file__).resolve().parent.parent / "artifacts" / "no-rules")
# Likewise the official Intervat schemas: the tests that need them install this machine's copy (where the user
# installed it, found here before the override) into a folder of their own (tests/accountant/intervat_schemas.py).
os.environ.setdefault(
    "LEDGERDESK_TEST_INTERVAT_SOURCE",
    os.environ.get("LEDGERDESK_INTERVAT_DIR")
    or str(Path(user_data_dir("LedgerDesk", appauthor=False)) / "schemas" / "intervat"),
)
os.environ["LEDGERDESK_INTERVAT_DIR"] = str(Path(__file__).resolve().parent.parent / "artifacts" / "no-intervat")
os.environ.setdefault("LEDGERDESK_LOG_DIR", str(Path(__file__).resolve().parent.parent / "artifacts" / "logs"))

from ledgerdesk.paths import BookPaths  # noqa: E402
from ledgerdesk.persistence.book import open_book  # noqa: E402
from ledgerdesk.services import company as company_service  # noqa: E402

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests leave PNGs and sample PDFs for a person to look at (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def empty_book(tmp_path):
    book = open_book(BookPaths.in_dir(tmp_path / "data"))
    yield book
    book.close()


@pytest.fixture
def book(empty_book):
    """A book with a standard-regime Belgian company set up."""
    with empty_book.db.transaction() as s:
        company_service.save_company(
            s,
            company_service.CompanyData(
                name="Atelier Janssens",
                street="Kerkstraat 1",
                postcode="9000",
                city="Gent",
                vat="BE0403170701",
                iban="BE71096123456769",
                bic="GKCCBEBB",
                email="info@janssens.be",
                language="nl",
            ),
        )
    return empty_book


@pytest.fixture
def customer_id(book) -> int:
    with book.db.transaction() as s:
        return company_service.create_customer(
            s,
            company_service.CustomerData(
                name="Bakkerij Peeters", vat="BE0202239951", street="Markt 5", postcode="2000", city="Antwerpen"
            ),
            today=date(2026, 1, 1),
        ).id
