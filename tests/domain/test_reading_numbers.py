"""Reading numbers and dates as a person writes them: every amount the app prints reads back to itself,
and a number that could be read two ways is refused, saying how to write each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.i18n import format_amount, format_decimal, format_money
from ledgerdesk.i18n.reading import NOT_A_DATE, NOT_A_NUMBER, TWO_WAYS, Unreadable, read_date, read_number

cents = st.integers(min_value=-(10**11), max_value=10**11)


@given(cents, st.sampled_from(["nl", "fr", "en"]))
def test_every_amount_the_app_prints_reads_back(value, language):  # type: ignore[no-untyped-def]
    exact = Decimal(value) / 100
    assert read_number(format_money(value, language)) == exact
    assert read_number(format_amount(value, language)) == exact


@given(cents)
def test_the_plain_form_of_scripts_reads_back(value):  # type: ignore[no-untyped-def]
    from ledgerdesk.domain.money import fmt_cents

    assert read_number(fmt_cents(value)) == Decimal(value) / 100
    assert read_number(fmt_cents(value).replace(".", ",")) == Decimal(value) / 100


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False), st.sampled_from(["nl", "fr"]))
def test_quantities_as_printed_read_back(value, language):  # type: ignore[no-untyped-def]
    text = format_decimal(value, language)
    try:
        assert read_number(text) == value
    except Unreadable as refused:  # 1,125 hours: printed like a thousand and more, so asked again
        assert refused.msgid == TWO_WAYS


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,50", "12.50"),
        ("12.50", "12.50"),
        ("1.234,50", "1234.50"),
        ("1 234,50", "1234.50"),
        ("1\u202f234,50\u00a0€", "1234.50"),
        ("€ 1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1.234.567", "1234567"),
        ("0,125", "0.125"),
        ("1234,567", "1234.567"),
        ("-12,5", "-12.5"),
        ("7", "7"),
    ],
)
def test_numbers_written_the_belgian_or_the_english_way(text, value):  # type: ignore[no-untyped-def]
    assert read_number(text) == Decimal(value)


@pytest.mark.parametrize(("text", "whole", "decimal"), [("1,234", "1234", "1,2340"), ("12.500", "12500", "12.5000")])
def test_a_number_read_two_ways_is_refused_with_both_forms(text, whole, decimal):  # type: ignore[no-untyped-def]
    with pytest.raises(Unreadable) as refused:
        read_number(text)
    assert refused.value.msgid == TWO_WAYS
    assert refused.value.values == {"value": text, "whole": whole, "decimal": decimal}
    assert read_number(whole) == Decimal(whole)
    assert read_number(decimal) == Decimal(decimal.replace(",", "."))


@pytest.mark.parametrize(
    "text", ["abc", "", "-", "1,23,4", "12 34", "1.234,56,7", "1.234 567", "1e5", "NaN", "١٢", "12,"]
)
def test_what_is_not_a_number_is_refused(text):  # type: ignore[no-untyped-def]
    with pytest.raises(Unreadable) as refused:
        read_number(text)
    assert refused.value.msgid == NOT_A_NUMBER


@pytest.mark.parametrize(
    ("text", "day"),
    [("2026-12-31", date(2026, 12, 31)), ("31/12/2026", date(2026, 12, 31)), ("1/2/2026", date(2026, 2, 1))],
)
def test_dates_iso_or_day_first(text, day):  # type: ignore[no-untyped-def]
    assert read_date(text) == day


@pytest.mark.parametrize("text", ["31/13/2026", "12/31/2026", "2026-02-30", "31-12-2026", "tomorrow", "2026-1-5"])
def test_what_is_not_a_date_is_refused(text):  # type: ignore[no-untyped-def]
    with pytest.raises(Unreadable) as refused:
        read_date(text)
    assert refused.value.msgid == NOT_A_DATE
