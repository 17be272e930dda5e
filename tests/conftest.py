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

from builders import customer, set_up_company  # noqa: E402

from ledgerdesk.paths import BookPaths  # noqa: E402
from ledgerdesk.persistence.book import open_book  # noqa: E402

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
    set_up_company(empty_book)
    return empty_book


@pytest.fixture
def customer_id(book) -> int:
    return customer(book, since=date(2026, 1, 1))
