"""Money, VAT and invoice arithmetic: explicit rounding, no cent drift."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.invoicing import (
    LineInput,
    check_number_format,
    compute_totals,
    due_date,
    format_number,
    invoice_status,
    totals_of,
)
from ledgerdesk.domain.money import D, fmt_cents, round_cents, to_cents
from ledgerdesk.domain.vat import Exemption, VatTreatment, exemption_mention


def test_rounding_is_half_up_to_the_cent():
    assert round_cents(Decimal("0.005")) == Decimal("0.01")
    assert round_cents(Decimal("0.0049")) == Decimal("0.00")
    assert round_cents(Decimal("-0.005")) == Decimal("-0.01")
    assert to_cents("2.675") == 268  # a float would give 2.67


def test_floats_are_refused():
    with pytest.raises(TypeError):
        D(0.1)
    with pytest.raises(TypeError):
        to_cents(1.5)  # type: ignore[arg-type]


def test_cents_round_trip_as_decimal_strings():
    assert fmt_cents(to_cents("119.00") + to_cents("0.5")) == "119.50"
    assert to_cents(D("10") * Decimal("0.21")) == 210


def test_line_net_with_discount():
    line = LineInput.of("Werk", "2.5", "80", "21", discount_pct="10")
    assert line.net_cents == 18000


def test_vat_is_rounded_once_per_rate_not_per_line():
    # Three lines of 0.10 at 21 %: per line 0.021 -> 0.02 each (0.06); per rate 0.30 * 21 % = 0.063 -> 0.06.
    lines = [LineInput.of("x", 1, "0.10", "21") for _ in range(3)]
    totals = totals_of(lines)
    assert (totals.net_cents, totals.vat_cents, totals.total_cents) == (30, 6, 36)
    # 0.05 at 21 % -> 0.0105 -> 0.01; seven of them as one base 0.35 -> 0.0735 -> 0.07
    assert totals_of([LineInput.of("x", 7, "0.05", "21")]).vat_cents == 7


def test_breakdown_per_rate_and_exemption():
    totals = totals_of(
        [
            LineInput.of("a", 1, "100", "21"),
            LineInput.of("b", 2, "10", "6"),
            LineInput.of("c", 1, "50", "0", exemption="intra_eu"),
            LineInput.of("d", 1, "5", "0"),
        ]
    )
    keys = [(v.key, v.base_cents, v.vat_cents, v.category) for v in totals.breakdown]
    assert keys == [("21", 10000, 2100, "S"), ("6", 2000, 120, "S"), ("0", 500, 0, "Z"), ("0/intra_eu", 5000, 0, "K")]
    assert totals.total_cents == 10000 + 2000 + 5000 + 500 + 2100 + 120


@given(
    st.lists(
        st.tuples(st.integers(-10_000_00, 10_000_00), st.sampled_from(["21", "12", "6", "0"])), min_size=1, max_size=30
    )
)
def test_totals_are_the_sum_of_their_parts(items):
    totals = compute_totals((cents, VatTreatment.parse(rate)) for cents, rate in items)
    assert totals.net_cents == sum(c for c, _ in items)
    assert totals.vat_cents == sum(v.vat_cents for v in totals.breakdown)
    assert totals.total_cents == totals.net_cents + totals.vat_cents
    for v in totals.breakdown:
        exact = Decimal(v.base_cents) * v.rate / 100
        assert abs(Decimal(v.vat_cents) - exact) <= Decimal("0.5")


@given(
    st.decimals(min_value=Decimal("-1000"), max_value=Decimal("1000"), places=3, allow_nan=False),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=4, allow_nan=False),
)
def test_line_net_never_drifts_more_than_half_a_cent(qty, price):
    if qty == 0:
        return
    line = LineInput.of("x", qty, price, "21")
    assert abs(Decimal(line.net_cents) / 100 - qty * price) <= Decimal("0.005")


def test_bad_vat_inputs():
    with pytest.raises(ValidationError, match="not a Belgian rate"):
        VatTreatment.parse("7")
    with pytest.raises(ValidationError, match="carries 0 % VAT, not"):
        VatTreatment.parse("21", "intra_eu")
    with pytest.raises(ValidationError, match="quantity"):
        LineInput.of("x", 0, "1")
    with pytest.raises(ValidationError, match="description"):
        LineInput.of("  ", 1, "1")


def test_franchise_wording_changes_in_2025():
    assert (
        exemption_mention(Exemption.FRANCHISE, "nl", date(2025, 1, 1))
        == "Bijzondere vrijstellingsregeling van belasting"
    )
    assert (
        exemption_mention(Exemption.FRANCHISE, "fr", date(2025, 3, 1)) == "Régime particulier de la franchise de taxe"
    )
    assert (
        exemption_mention(Exemption.FRANCHISE, "nl", date(2024, 12, 31))
        == "Bijzondere vrijstellingsregeling kleine ondernemingen"
    )
    assert exemption_mention(Exemption.REVERSE_CHARGE, "nl", date(2026, 1, 1)).startswith(
        "Verlegging van heffing. Bij gebrek"
    )


def test_numbers_and_due_dates():
    assert format_number("{year}-{seq:04d}", 2026, 1) == "2026-0001"
    assert format_number("F{seq:05d}", 2026, 12) == "F00012"
    with pytest.raises(ValidationError):
        check_number_format("{year}")
    with pytest.raises(ValidationError):
        check_number_format("{year}-{seq:04d}-{client}")
    assert due_date(date(2026, 1, 31), 30) == date(2026, 3, 2)


def test_status_as_of():
    kw = dict(issued=True, total_cents=1000, due=date(2026, 2, 1))
    assert invoice_status(settled_cents=0, credited_cents=0, as_of=date(2026, 2, 1), **kw) == "open"
    assert invoice_status(settled_cents=0, credited_cents=0, as_of=date(2026, 2, 2), **kw) == "overdue"
    assert invoice_status(settled_cents=400, credited_cents=600, as_of=date(2026, 3, 1), **kw) == "paid"
    assert invoice_status(settled_cents=0, credited_cents=1000, as_of=date(2026, 3, 1), **kw) == "credited"
