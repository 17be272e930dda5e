"""Numbering formats have a small, bounded syntax, and a document number is read back through its format
(never from whatever digits end it)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.invoicing import check_number_format, format_number, parse_number

FORMATS = [
    "{year}-{seq:04}",
    "{year}-{seq:04d}",
    "CN{year}-{seq:04d}",
    "F{year}/{seq:05d}",
    "{seq}",
    "{seq:d}",
    "INV {year} {seq:09d}",
    "{year}{seq:06d}",
    "{seq:03d}-{year}",
]


@pytest.mark.parametrize(
    "fmt",
    [
        "{seq:999999999}",
        "{seq:*^2000000000}",
        "{year}-{seq:>1000000000}",
        "{seq:10d}",
        "{seq:4d}",
        "{seq:4}",
        "{seq.__class__}",
        "{seq[0]}",
        "{seq!r}",
        "{year}",
        "{seq}{seq}",
        "{year}{year}-{seq}",
        "{year}-{seq:04d}-{client}",
        "{}",
        "{0}",
        "{seq",
        "seq}",
        "../{seq}",
        "/{seq}",
        ".{seq}",
        "a\\{seq}",
        "a\x00{seq}",
        "x" * 60 + "{seq}",
    ],
)
def test_a_format_outside_the_small_syntax_is_refused_at_once(fmt):
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="numbering format"):
        check_number_format(fmt)
    assert time.perf_counter() - started < 0.1  # checked by its syntax, never by formatting a huge string


@given(fmt=st.sampled_from(FORMATS), year=st.integers(1000, 9999), seq=st.integers(1, 999_999_999))
def test_a_number_made_by_a_format_is_read_back_by_it(fmt, year, seq):
    number = format_number(fmt, year, seq)
    assert parse_number(fmt, number) == (year if "{year" in fmt else None, seq)


@pytest.mark.parametrize(
    "number",
    [
        "12,50",
        "2026-12,50",
        "2026-²",
        "2026-٣٣٣٣",
        "2026-0000",
        "2026-001",
        "2026-1234567890",
        "../2026-0001",
        "2026-0001/../x",
        " 2026-0001",
        "2026-0001\n",
    ],
)
def test_a_number_not_written_in_the_format_has_no_sequence(number):
    assert parse_number("{year}-{seq:04d}", number) is None


def test_the_company_format_is_checked_where_the_user_sets_it(book):
    from ledgerdesk.services import company as company_service

    with book.db.transaction() as s, pytest.raises(ValidationError, match="numbering format"):
        company_service.save_company(
            s,
            company_service.CompanyData(
                name="Atelier",
                street="Kerkstraat 1",
                postcode="9000",
                city="Gent",
                invoice_number_format="{year}-{seq:999999999}",
            ),
        )
