"""Reminder set-up: scenarios (shipped or edited), the scenario of each customer, rates and thresholds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import dunning_defaults
from ..domain.dunning import (
    DEFAULT_BANK_DELAY_WORKING_DAYS,
    Level,
    Scenario,
    check_scenario,
    missing_first_letter_fields,
    text_problems,
)
from ..domain.errors import DomainError, ValidationError
from ..domain.late_payment import RateTable, parse_rate, parse_semester, shipped_rates, shipped_rates_updated
from ..domain.messages import Message
from ..i18n import LANGUAGES, gettext
from ..persistence.models import Customer, DunningLevel, DunningScenario
from .company import get_setting, int_setting, set_setting

RATES_KEY = "reminders.interest_rates"  # {"2026H2": "10.0"}: the user's rates, winning over the shipped file
RATES_UPDATED_KEY = "reminders.interest_rates_updated"  # the day the user last entered a rate
MAX_BANK_AGE_KEY = "reminders.max_bank_import_age_days"
NEW_CUSTOMER_SCENARIO_KEY = "reminders.new_customer_scenario"  # scenario code, or None
NEW_CUSTOMER_PAID_KEY = "reminders.new_customer_paid_invoices"  # fewer paid invoices than this = "new"
BANK_DELAY_KEY = "reminders.bank_delay_working_days"  # after a letter's pay-by date, before the next level
DEFAULT_MAX_BANK_AGE_DAYS = 10
MAX_BANK_DELAY_DAYS = 30


def _user_rates(session: Session) -> dict[str, str]:
    """The rates the user entered, semester → rate (a JSON object in the settings)."""
    stored = get_setting(session, RATES_KEY, {}) or {}
    return {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}


def rate_table(session: Session) -> RateTable:
    return shipped_rates().merged(_user_rates(session))


def set_interest_rate(session: Session, semester: str, rate: str, *, today: date | None = None) -> None:
    """Add or change the published rate of a semester (e.g. when the FPS Finance publishes 2026H2)."""
    extra = _user_rates(session)
    extra[parse_semester(semester)] = str(parse_rate(rate))
    set_setting(session, RATES_KEY, extra)
    if today is not None:
        set_setting(session, RATES_UPDATED_KEY, today.isoformat())


def rates_updated_on(session: Session) -> date | None:
    """When the rate table was last brought up to date: the shipped file's date or the user's last entry."""
    days = [d for d in (shipped_rates_updated(), _parse_day(get_setting(session, RATES_UPDATED_KEY, None))) if d]
    return max(days) if days else None


def _parse_day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class MissingRate:
    """A semester the letters of a run charge interest for without its published rate."""

    semester: str
    used_semester: str
    used_rate: Decimal
    updated_on: date | None


def missing_rates(session: Session, warnings: Sequence[Message]) -> list[MissingRate]:
    """The semesters without a published rate among a proposal's warnings, with the rate used instead."""
    updated = rates_updated_on(session)
    found = []
    for warning in warnings:
        if warning.template.startswith("no published rate for"):
            args = dict(warning.args)
            found.append(MissingRate(args["semester"], args["used"], Decimal(args["rate"]), updated))
    return found


def _to_domain(row: DunningScenario) -> Scenario:
    return Scenario(
        code=row.code,
        name=row.name,
        kind=row.kind,
        levels=tuple(
            Level(
                number=lv.number,
                days=lv.days,
                min_gap_days=lv.min_gap_days,
                channel=lv.channel,
                title=lv.title,
                body=lv.body,
                fees=lv.fees,
                interest=lv.interest,
                call_task=lv.call_task,
                enabled=lv.enabled,
                pay_within_days=lv.pay_within_days,
                overrides=dict(lv.overrides or {}),
            )
            for lv in row.levels
        ),
        claim_compensation=row.claim_compensation,
        claim_interest=row.claim_interest,
        interest_rate=row.interest_rate,
        consumer_damages_cents=row.consumer_damages_cents,
    )


def scenarios(session: Session) -> dict[str, Scenario]:
    """Every scenario by code: the shipped ones, replaced by the user's edited versions."""
    result = dunning_defaults.shipped()
    for row in session.scalars(select(DunningScenario)):
        result[row.code] = _to_domain(row)
    return result


def level_text(level: Level, language: str, count: int = 1) -> tuple[str, str]:
    """(title, body) of a level in a language for a letter about `count` invoices: the user's own
    text, else the translated shipped one (today's wording, plural when it has one)."""
    _ = gettext(language)
    return _(level.title), level.overrides.get(language) or _(dunning_defaults.for_count(level.body, count))


def check_texts(scenario: Scenario) -> None:
    """Every text uses known placeholders only; a consumer's first letter states what Book XIX
    requires, in every language."""
    for level in scenario.levels:
        for language in LANGUAGES:
            problems = text_problems(level_text(level, language)[1])
            if problems:
                raise ValidationError(f"scenario '{scenario.name}', level {level.number} ({language}): {problems[0]}")
    first = scenario.first_reminder()
    if scenario.kind != "consumer" or first is None:
        return
    for language in LANGUAGES:
        missing = missing_first_letter_fields(level_text(first, language)[1])
        if missing:
            raise ValidationError(
                f"scenario '{scenario.name}' is refused: the first consumer letter ({language}) must state "
                + ", ".join("{" + m + "}" for m in missing)
            )


def save_scenario(session: Session, scenario: Scenario, *, as_of: date) -> None:
    """Store a scenario (new or edited); refused when it would break the Belgian rules."""
    check_scenario(scenario, rate_table(session), as_of)
    check_texts(scenario)
    row = session.scalar(select(DunningScenario).where(DunningScenario.code == scenario.code))
    if row is None:
        row = DunningScenario(code=scenario.code)
        session.add(row)
    row.name, row.kind = scenario.name, scenario.kind
    row.claim_compensation, row.claim_interest = scenario.claim_compensation, scenario.claim_interest
    row.interest_rate, row.consumer_damages_cents = scenario.interest_rate, scenario.consumer_damages_cents
    row.levels = [level_row(lv) for lv in scenario.levels]
    session.flush()


def set_customer_scenario(session: Session, customer_id: int, code: str | None) -> None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    if code is not None:
        known = scenarios(session)
        if code not in known:
            raise ValidationError(f"there is no reminder scenario '{code}'")
        if known[code].kind != customer.kind:
            raise ValidationError(
                f"{customer.name} is a {customer.kind}; scenario '{code}' is for {known[code].kind} customers"
            )
    customer.dunning_scenario = code


def scenario_for(
    known: dict[str, Scenario], kind: str, chosen: str | None, *, is_new: bool = False, new_code: str | None = None
) -> Scenario:
    """A customer's own choice, else the stricter one for new customers (same kind), else its kind's."""
    if chosen and chosen in known:
        return known[chosen]
    if is_new and new_code and new_code in known and known[new_code].kind == kind:
        return known[new_code]
    return known[kind]


def max_bank_age_days(session: Session) -> int:
    return int_setting(session, MAX_BANK_AGE_KEY, DEFAULT_MAX_BANK_AGE_DAYS)


def bank_delay_days(session: Session) -> int:
    """Working days the next level waits after a letter's pay-by date (default 3)."""
    return int_setting(session, BANK_DELAY_KEY, DEFAULT_BANK_DELAY_WORKING_DAYS)


def with_interest_rate(scenario: Scenario, rate: str | None) -> Scenario:
    return replace(scenario, interest_rate=None if rate is None else Decimal(rate))


class ReminderSettings(TypedDict):
    """The run's thresholds, as the settings form and the book file show them."""

    max_bank_age_days: int
    bank_delay_days: int
    new_customer_scenario: str | None
    new_customer_paid_invoices: int


def reminder_settings(session: Session) -> ReminderSettings:
    """The run's thresholds as plain values for a settings form."""
    scenario = get_setting(session, NEW_CUSTOMER_SCENARIO_KEY, None)
    return {
        "max_bank_age_days": max_bank_age_days(session),
        "bank_delay_days": bank_delay_days(session),
        "new_customer_scenario": scenario if isinstance(scenario, str) and scenario else None,
        "new_customer_paid_invoices": int_setting(session, NEW_CUSTOMER_PAID_KEY, 0),
    }


def save_reminder_settings(
    session: Session,
    *,
    max_bank_age: int,
    new_customer_scenario: str | None,
    new_customer_paid: int,
    bank_delay: int | None = None,
) -> None:
    if not 0 <= max_bank_age <= 365 or not 0 <= new_customer_paid <= 1000:
        raise ValidationError("the bank statement age is 0 to 365 days and the paid invoices 0 to 1000")
    if bank_delay is not None:
        if not 0 <= bank_delay <= MAX_BANK_DELAY_DAYS:
            raise ValidationError(f"the bank delay is 0 to {MAX_BANK_DELAY_DAYS} working days")
        set_setting(session, BANK_DELAY_KEY, bank_delay)
    if new_customer_scenario and new_customer_scenario not in scenarios(session):
        raise ValidationError(f"there is no reminder scenario '{new_customer_scenario}'")
    set_setting(session, MAX_BANK_AGE_KEY, max_bank_age)
    set_setting(session, NEW_CUSTOMER_SCENARIO_KEY, new_customer_scenario or "")  # settings hold no NULL
    set_setting(session, NEW_CUSTOMER_PAID_KEY, new_customer_paid)


def customer_choices(session: Session, customer_id: int) -> tuple[str | None, list[str]]:
    """A customer's chosen scenario code and the codes it may choose (those of its kind)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    return customer.dunning_scenario, [code for code, s in scenarios(session).items() if s.kind == customer.kind]


def save_setup(
    session: Session,
    scenario: Scenario,
    *,
    as_of: date,
    max_bank_age: int,
    new_customer_scenario: str | None,
    new_customer_paid: int,
    bank_delay: int | None = None,
) -> None:
    """The scenario dialog's Save: the scenario and the run's thresholds together, or neither."""
    save_scenario(session, scenario, as_of=as_of)
    save_reminder_settings(
        session,
        max_bank_age=max_bank_age,
        new_customer_scenario=new_customer_scenario,
        new_customer_paid=new_customer_paid,
        bank_delay=bank_delay,
    )


def level_row(lv: Level) -> DunningLevel:
    """The stored row of one scenario level (the setup dialog and the book file store levels the same way)."""
    return DunningLevel(
        number=lv.number,
        days=lv.days,
        min_gap_days=lv.min_gap_days,
        channel=lv.channel,
        title=lv.title,
        body=lv.body,
        fees=lv.fees,
        interest=lv.interest,
        call_task=lv.call_task,
        enabled=lv.enabled,
        pay_within_days=lv.pay_within_days,
        overrides=dict(lv.overrides),
    )
