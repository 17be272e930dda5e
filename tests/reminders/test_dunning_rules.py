"""Belgian late-payment rules, hand-worked to the cent, and how an invoice climbs a scenario."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import dunning_defaults
from ledgerdesk.domain.dunning import (
    Reminded,
    check_scenario,
    claim_for,
    missing_first_letter_fields,
    next_level,
    pay_by_date,
    scenario_problems,
    with_level,
)
from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.late_payment import (
    RateTable,
    add_working_days,
    consumer_damages_cap,
    consumer_grace,
    is_working_day,
    late_interest,
    shipped_rates,
)

RATES = shipped_rates()
BUSINESS = dunning_defaults.business()
CONSUMER = dunning_defaults.consumer()


@pytest.mark.parametrize(
    ("balance", "cap"),
    [
        (10000, 2000),
        (30000, 4500),
        (100000, 9000),
        (1000000, 54000),
        (15000, 2000),
        (15001, 3000),
        (50000, 6500),
        (50001, 6500),
        (10_000_000, 200000),
    ],
)
def test_consumer_damages_follow_the_book_xix_caps(balance, cap):
    # belgium.md vectors: 100 -> 20, 300 -> 45, 1000 -> 90, 10000 -> 540; never more than 2000.
    assert consumer_damages_cap(balance) == cap


@given(st.integers(min_value=1, max_value=10**9))
def test_consumer_damages_never_exceed_2000_and_grow_with_the_balance(balance):
    cap = consumer_damages_cap(balance)
    assert 2000 <= cap <= 200000
    if balance > 15000:
        assert consumer_damages_cap(balance + 100) >= cap


def test_interest_counts_each_day_at_its_semesters_rate():
    # € 1,000 due 20 June 2025, reckoned on 10 July 2025: 21–30 June = 10 days at 11.5 %,
    # 1–10 July = 10 days at 10.5 %: 1000 × (0.115 × 10 + 0.105 × 10) / 365 = 6.0274 -> € 6.03.
    result = late_interest(100000, date(2025, 6, 20), date(2025, 7, 10), RATES)
    assert (result.cents, result.days, result.warnings) == (603, 20, ())


def test_interest_on_a_business_invoice_thirty_eight_days_late():
    # € 1,000 × 10.5 % × 38 / 365 = 10.9315 -> € 10.93
    assert late_interest(100000, date(2026, 1, 31), date(2026, 3, 10), RATES).cents == 1093


def test_no_interest_on_or_before_the_due_date():
    assert late_interest(100000, date(2026, 1, 31), date(2026, 1, 31), RATES).cents == 0


def test_a_semester_without_a_published_rate_carries_the_last_one_forward_with_a_warning():
    result = late_interest(100000, date(2026, 6, 30), date(2026, 7, 30), RATES)
    # 30 days of 2026H2 at 2026H1's 10.5 %: 1000 × 0.105 × 30 / 365 = 8.6301 -> € 8.63
    assert result.cents == 863
    assert [str(w) for w in result.warnings] == ["no published rate for 2026H2; used 2026H1 (10.5 %)"]


def test_the_user_can_add_a_rate_and_it_wins():
    table = RATES.merged({"2026H2": "9.5"})
    # 1000 × 0.095 × 30 / 365 = 7.8082 -> € 7.81
    assert late_interest(100000, date(2026, 6, 30), date(2026, 7, 30), table).cents == 781
    with pytest.raises(ValidationError):
        RateTable.of([("2026 first half", "10")])


def test_a_contract_rate_is_used_only_below_the_statutory_one():
    assert late_interest(100000, date(2026, 1, 1), date(2026, 1, 31), RATES, contract_rate=Decimal(8)).cents == 658
    assert late_interest(100000, date(2026, 1, 1), date(2026, 1, 31), RATES, contract_rate=Decimal(20)).cents == 863


def test_belgian_working_days_skip_weekends_and_public_holidays():
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 7, 21))  # national day
    # posted Friday 3 April 2026: Tue 7 (1), Wed 8 (2), Thu 9 (3) — Easter Monday does not count
    assert add_working_days(date(2026, 4, 3), 3) == date(2026, 4, 9)


def test_every_belgian_working_day_from_1975_to_2100_is_the_holidays_packages():
    import holidays

    for year in range(1975, 2101):
        theirs = holidays.country_holidays("BE", years=year)
        day = date(year, 1, 1)
        while day.year == year:
            assert is_working_day(day) == (day.weekday() < 5 and day not in theirs), day
            day += timedelta(days=1)


def test_consumer_grace_starts_on_the_third_working_day_after_posting_or_the_day_after_an_email():
    assert consumer_grace(date(2026, 3, 12), "letter") == (date(2026, 3, 17), date(2026, 3, 30))
    assert consumer_grace(date(2026, 3, 12), "email") == (date(2026, 3, 13), date(2026, 3, 26))


def test_shipped_scenarios_are_lawful():
    for scenario in dunning_defaults.shipped().values():
        assert scenario_problems(scenario, RATES, date(2026, 3, 1)) == []


def test_the_engine_refuses_a_consumer_scenario_that_charges_the_first_reminder():
    bad = with_level(CONSUMER, 1, fees=True)
    with pytest.raises(ValidationError, match="first reminder to a consumer must be free"):
        check_scenario(bad, RATES, date(2026, 3, 1))


def test_the_engine_refuses_charging_a_consumer_within_14_days_or_above_the_business_rate():
    assert any(
        "less than 14 days" in p
        for p in scenario_problems(with_level(CONSUMER, 2, min_gap_days=7), RATES, date(2026, 3, 1))
    )
    too_high = replace(CONSUMER, interest_rate=Decimal("12"))
    assert any("may not exceed the business rate" in p for p in scenario_problems(too_high, RATES, date(2026, 3, 1)))
    assert any(
        "by letter or e-mail" in p
        for p in scenario_problems(with_level(CONSUMER, 1, channel="call"), RATES, date(2026, 3, 1))
    )


def test_a_consumer_first_letter_must_state_what_the_law_requires():
    assert missing_first_letter_fields(dunning_defaults.CONSUMER_1) == []
    assert "enterprise_number" in missing_first_letter_fields("Please pay {balance} by {pay_by}.")


def test_an_invoice_climbs_one_level_at_a_time_and_waits_between_levels():
    due = date(2026, 2, 1)
    assert next_level(BUSINESS, due, [], date(2026, 2, 10)).level is None  # +9
    assert next_level(BUSINESS, due, [], date(2026, 2, 11)).level.number == 1  # +10
    # closed for weeks: the next run proposes level 1 (never skips to the formal notice)
    assert next_level(BUSINESS, due, [], date(2026, 4, 1)).level.number == 1
    sent = [Reminded(date(2026, 3, 20), 1, "letter")]
    waiting = next_level(BUSINESS, due, sent, date(2026, 3, 30))
    assert waiting.level is None and waiting.not_before == date(2026, 4, 3)  # 14 days after level 1
    assert next_level(BUSINESS, due, sent, date(2026, 4, 3)).level.number == 2


def test_the_pre_due_note_is_only_for_invoices_not_yet_due_and_off_by_default():
    enabled = with_level(BUSINESS, 0, enabled=True)
    due = date(2026, 2, 10)
    assert next_level(BUSINESS, due, [], date(2026, 2, 7)).level is None
    assert next_level(enabled, due, [], date(2026, 2, 7)).level.number == 0
    assert next_level(enabled, due, [], date(2026, 2, 21)).level.number == 1


def test_a_broken_promise_makes_the_next_level_due_at_once():
    due = date(2026, 2, 1)
    sent = [Reminded(date(2026, 2, 11), 1, "letter")]
    assert next_level(BUSINESS, due, sent, date(2026, 2, 20)).level is None
    assert next_level(BUSINESS, due, sent, date(2026, 2, 20), escalated_on=date(2026, 2, 20)).level.number == 2


def test_a_consumers_second_level_waits_for_the_grace_period_and_only_then_charges():
    due = date(2026, 3, 2)
    sent = [Reminded(date(2026, 3, 12), 1, "letter")]
    waiting = next_level(CONSUMER, due, sent, date(2026, 3, 26))  # +24 and 14 days after level 1
    assert waiting.level is None and waiting.not_before == date(2026, 3, 31)
    assert "grace period runs until 2026-03-30" in waiting.reason
    level2 = next_level(CONSUMER, due, sent, date(2026, 3, 31)).level
    claim = claim_for(CONSUMER, level2, 32000, due, date(2026, 3, 31), RATES, sent)
    # damages 30 + 10 % × 170 = 47.00; interest only from 31 March: 320 × 10.5 % × 1 / 365 = 0.092 -> 0.09
    assert (claim.fee_cents, claim.interest_cents) == (4700, 9)


def test_business_level_two_claims_40_euro_and_interest():
    level2 = BUSINESS.level(2)
    claim = claim_for(BUSINESS, level2, 50000, date(2026, 2, 14), date(2026, 3, 10), RATES)
    # 500 × 10.5 % × 24 / 365 = 3.4521 -> 3.45
    assert (claim.fee_cents, claim.interest_cents, claim.total_cents) == (4000, 345, 54345)
    assert (
        claim_for(BUSINESS, BUSINESS.level(1), 50000, date(2026, 2, 14), date(2026, 3, 10), RATES).total_cents == 50000
    )


def test_a_consumers_free_reminder_asks_payment_by_the_end_of_the_legal_period():
    assert pay_by_date(CONSUMER, CONSUMER.level(1), date(2026, 3, 12)) == date(2026, 3, 30)
    assert pay_by_date(BUSINESS, BUSINESS.level(1), date(2026, 3, 12)) == date(2026, 3, 26)


@given(st.integers(0, 200), st.integers(1, 10**7))
def test_interest_never_decreases_with_time(days, cents):
    due = date(2024, 1, 1)
    a = late_interest(cents, due, due + timedelta(days=days), RATES).cents
    b = late_interest(cents, due, due + timedelta(days=days + 1), RATES).cents
    assert 0 <= a <= b


@given(
    st.integers(1, 5_000_000),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 1)),
    st.integers(0, 120),
    st.integers(0, 60),
)
def test_a_consumer_is_never_charged_during_the_grace_period_nor_above_the_caps(open_cents, due, sent_after, later):
    sent = due + timedelta(days=sent_after)
    history = [Reminded(sent, 1, "letter")]
    _, grace_end = consumer_grace(sent, "letter")
    as_of = sent + timedelta(days=later)
    claim = claim_for(CONSUMER, CONSUMER.level(2), open_cents, due, as_of, RATES, history)
    business = claim_for(BUSINESS, BUSINESS.level(2), open_cents, due, as_of, RATES)
    if as_of <= grace_end:
        assert claim.fee_cents == claim.interest_cents == 0
    assert claim.fee_cents <= consumer_damages_cap(open_cents)
    assert 0 <= claim.interest_cents <= business.interest_cents  # never above the business rate


def test_a_part_payment_stops_interest_on_what_it_paid_from_the_day_it_came_in():
    # € 1,000 due 31 Jan 2026, € 400 paid 20 Feb, reckoned 10 March:
    # 1–19 Feb: 1000 × 10.5 % × 19 / 365 = 5.4658; 20 Feb–10 Mar: 600 × 10.5 % × 19 / 365 = 3.2795 -> 8.75
    result = late_interest(60000, date(2026, 1, 31), date(2026, 3, 10), RATES, paid=[(date(2026, 2, 20), 40000)])
    assert result.cents == 875
    # paid before the due date: nothing changes
    assert (
        late_interest(60000, date(2026, 1, 31), date(2026, 3, 10), RATES, paid=[(date(2026, 1, 20), 40000)]).cents
        == 656
    )


def test_instalments_split_to_the_cent_with_the_remainder_last():
    from ledgerdesk.domain.holds import split_instalments

    assert split_instalments(100000, 3, date(2026, 3, 31)) == [
        (date(2026, 3, 31), 33333),
        (date(2026, 4, 30), 33333),
        (date(2026, 5, 30), 33334),
    ]


def test_the_shipped_table_knows_the_years_before_2024_so_old_invoices_are_not_charged_12_5_percent():
    from ledgerdesk.domain.late_payment import shipped_rates

    # € 1,000 due 21 Dec 2022, reckoned on 10 Jan 2023: 22–31 Dec = 10 days at 8 %, 1–10 Jan = 10 days at
    # 10.5 %: 1000 × (0.08 × 10 + 0.105 × 10) / 365 = 5.0685 -> € 5.07, without any warning.
    result = late_interest(100000, date(2022, 12, 21), date(2023, 1, 10), shipped_rates())
    assert (result.cents, result.warnings) == (507, ())
    assert shipped_rates().rate_for("2019H2")[0] == Decimal(8) and shipped_rates().rate_for("2023H2")[0] == Decimal(12)
