"""The next level waits for the last letter's pay-by date and the bank's delay, in every shipped scenario."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ledgerdesk.domain import dunning_defaults
from ledgerdesk.domain.dunning import Reminded, next_level, pay_by_date
from ledgerdesk.domain.late_payment import add_working_days, is_working_day


@pytest.mark.parametrize("code", sorted(dunning_defaults.shipped()))
def test_no_level_is_proposed_before_the_last_pay_by_date_plus_three_working_days(code):
    scenario = dunning_defaults.shipped()[code]
    due = date(2026, 11, 20)
    history: list[Reminded] = []
    day = due + timedelta(days=-5)
    sent = []
    # Walk day by day through the scenario, confirming every level the day it is due.
    while day < due + timedelta(days=200):
        decision = next_level(scenario, due, history, day)
        if decision.level is not None:
            if history:
                last = history[-1]
                assert day >= add_working_days(last.pay_by, 3) > last.pay_by, (code, day, last)
                assert day >= last.on + timedelta(days=decision.level.min_gap_days)
            assert day >= due + timedelta(days=decision.level.days)
            history.append(
                Reminded(day, decision.level.number, decision.level.channel, pay_by_date(scenario, decision.level, day))
            )
            sent.append((decision.level.number, day))
        day += timedelta(days=1)
    assert [n for n, _ in sent] == [lv.number for lv in scenario.active_levels()]


def test_level_two_is_not_due_on_the_level_one_deadline_nor_over_christmas():
    business = dunning_defaults.business()
    due = date(2026, 11, 22)
    first = Reminded(date(2026, 12, 2), 1, "letter", pay_by=date(2026, 12, 16))
    # 16/12 is the day the letter gave; Thursday 17, Friday 18 and Monday 21 December are the bank's days.
    for day in (date(2026, 12, 16), date(2026, 12, 17), date(2026, 12, 18), date(2026, 12, 20)):
        waiting = next_level(business, due, [first], day)
        assert waiting.level is None and waiting.not_before == date(2026, 12, 21)
        assert "pay-by date 2026-12-16" in waiting.reason
    assert next_level(business, due, [first], date(2026, 12, 21)).level.number == 2
    # A deadline on 23 December: Christmas (25th) and the weekend do not count.
    late = Reminded(date(2026, 12, 9), 1, "letter", pay_by=date(2026, 12, 23))
    assert next_level(business, due, [late], date(2026, 12, 28)).not_before == date(2026, 12, 29)
    assert not is_working_day(date(2026, 12, 25))


def test_the_bank_delay_is_a_setting_and_zero_still_waits_past_the_deadline_day():
    business = dunning_defaults.business()
    first = Reminded(date(2026, 12, 2), 1, "letter", pay_by=date(2026, 12, 16))
    assert next_level(business, date(2026, 11, 1), [first], date(2026, 12, 16), bank_delay_days=0).not_before == date(
        2026, 12, 17
    )
    assert next_level(business, date(2026, 11, 1), [first], date(2026, 12, 21), bank_delay_days=5).not_before == date(
        2026, 12, 23
    )


def test_a_consumer_keeps_the_free_reminder_and_its_legal_period():
    consumer = dunning_defaults.consumer()
    due = date(2026, 3, 2)
    first_on = date(2026, 3, 12)
    first = Reminded(first_on, 1, "letter", pay_by=pay_by_date(consumer, consumer.level(1), first_on))
    assert first.pay_by == date(2026, 3, 30)  # 14 days from the third working day after posting
    assert next_level(consumer, due, [first], date(2026, 4, 1)).level is None
    assert next_level(consumer, due, [first], date(2026, 4, 2)).level.number == 2


def test_a_broken_promise_still_escalates_on_the_day_after_its_date():
    business = dunning_defaults.business()
    first = Reminded(date(2026, 2, 11), 1, "letter", pay_by=date(2026, 2, 25))
    assert (
        next_level(business, date(2026, 2, 1), [first], date(2026, 2, 19), escalated_on=date(2026, 2, 19)).level.number
        == 2
    )
