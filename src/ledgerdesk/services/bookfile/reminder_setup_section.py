"""Book-file sections `settings` (every key/value of the book) and `reminder_scenarios` (the user's own
scenarios and levels), and the check of each customer's chosen scenario."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain import dunning_defaults
from ...domain.dunning import CHANNELS, Level, Scenario, check_scenario
from ...domain.errors import DomainError
from ...domain.late_payment import parse_rate, parse_semester, shipped_rates
from ...i18n import LANGUAGES
from ...persistence.models import DunningScenario, Setting
from .. import dunning_setup
from . import fields as f
from .links import Declared, Ids, Refs

SCENARIOS = "reminder_scenarios"


def _settings(root: dict[str, Any], problems: f.Problems) -> dict[str, Any]:
    raw = f.json_value(root, "settings", "$", problems, dict, {})
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        path = f"$.settings.{key}"
        if len(key) > 100:
            problems.add(path, "a setting's name is at most 100 characters")
        elif value is None:
            problems.add(path, 'a setting has a value (use "" for none)')
        elif key == dunning_setup.RATES_KEY:
            if not isinstance(value, dict):
                problems.add(path, 'must be an object of semester → rate, e.g. {"2026H2": "10.0"}')
                continue
            try:
                clean[key] = {parse_semester(str(k)): str(parse_rate(str(v))) for k, v in value.items()}
            except DomainError as exc:
                problems.add(path, str(exc))
        elif key in (dunning_setup.MAX_BANK_AGE_KEY, dunning_setup.NEW_CUSTOMER_PAID_KEY, dunning_setup.BANK_DELAY_KEY):
            high = {
                dunning_setup.MAX_BANK_AGE_KEY: 365,
                dunning_setup.BANK_DELAY_KEY: dunning_setup.MAX_BANK_DELAY_DAYS,
            }.get(key, 1000)
            if f.integer(raw, key, "$.settings", problems, low=0, high=high) is not None:  # path $.settings.<key>
                clean[key] = value
        else:
            clean[key] = value
    return clean


def _level(item: Any, path: str, problems: f.Problems) -> Level | None:
    item = f.obj(item, path, problems)
    number = f.integer(item, "number", path, problems, low=0, high=20)
    days = f.integer(item, "days", path, problems, low=-365, high=3650)
    channel = f.choice(item, "channel", path, problems, tuple(CHANNELS))
    title, body = f.text(item, "title", path, problems), f.text(item, "body", path, problems)
    texts = f.json_value(item, "texts", path, problems, dict, {})
    for language, text in texts.items():
        if language not in LANGUAGES or not isinstance(text, str):
            problems.add(f"{path}.texts", f"'{language}' must be one of {', '.join(LANGUAGES)} with a text")
            return None
    flags = {
        key: f.flag(item, key, path, problems, default=default)
        for key, default in (("fees", False), ("interest", False), ("call_task", False), ("enabled", True))
    }
    gap = f.integer(item, "min_gap_days", path, problems, required=False, low=0, high=3650) or 0
    within = f.integer(item, "pay_within_days", path, problems, required=False, low=1, high=365) or 14
    if number is None or days is None or channel is None or title is None or body is None:
        return None
    return Level(
        number=number,
        days=days,
        min_gap_days=gap,
        channel=channel,
        title=title,
        body=body,
        pay_within_days=within,
        overrides=dict(texts),
        **flags,
    )


def read(root: dict[str, Any], declared: Declared, problems: f.Problems) -> dict[str, Any]:
    settings = _settings(root, problems)
    rates = shipped_rates()
    try:
        rates = rates.merged(settings.get(dunning_setup.RATES_KEY, {}))
    except DomainError:
        pass  # already reported with the settings
    declared.scenarios.update({code: s.kind for code, s in dunning_defaults.shipped().items()})
    scenarios: list[tuple[Scenario, str]] = []
    for i, item in enumerate(f.items(root, SCENARIOS, "$", problems)):
        path = f"$.{SCENARIOS}[{i}]"
        item = f.obj(item, path, problems)
        code = f.text(item, "code", path, problems)
        kind = f.choice(item, "kind", path, problems, ("business", "consumer"))
        name = f.text(item, "name", path, problems)
        rate = f.decimal(item, "interest_rate", path, problems, required=False)
        damages = f.amount(item, "consumer_damages", path, problems, required=False)
        claims = (
            f.flag(item, "claim_compensation", path, problems, default=True),
            f.flag(item, "claim_interest", path, problems, default=True),
        )
        levels = [
            _level(lv, f"{path}.levels[{j}]", problems) for j, lv in enumerate(f.items(item, "levels", path, problems))
        ]
        if code is None or kind is None or name is None or None in levels:
            continue
        if any(code == s.code for s, _ in scenarios):
            problems.add(f"{path}.code", f"'{code}' is used twice")
            continue
        scenario = Scenario(
            code=code,
            name=name,
            kind=kind,
            levels=tuple(levels),  # type: ignore[arg-type]
            claim_compensation=claims[0],
            claim_interest=claims[1],
            interest_rate=rate,
            consumer_damages_cents=damages,
        )
        try:
            # The same rules as saving in the app; consumer interest is judged against today's business rate.
            dunning_setup.check_texts(scenario)
            check_scenario(scenario, rates, declared.today)
        except DomainError as exc:
            problems.add(path, str(exc))
            continue
        scenarios.append((scenario, path))
        declared.scenarios[code] = kind
    chosen = settings.get(dunning_setup.NEW_CUSTOMER_SCENARIO_KEY)
    if chosen and chosen not in declared.scenarios:
        problems.add(
            f"$.settings.{dunning_setup.NEW_CUSTOMER_SCENARIO_KEY}", f"there is no reminder scenario '{chosen}'"
        )
    for ref, (code, path) in declared.customer_scenarios.items():
        if code not in declared.scenarios:
            problems.add(f"{path}.reminder_scenario", f"there is no reminder scenario '{code}'")
        elif declared.scenarios[code] != declared.customers[ref]:
            problems.add(
                f"{path}.reminder_scenario",
                f"scenario '{code}' is for {declared.scenarios[code]} customers, this is a {declared.customers[ref]}",
            )
    return {"settings": settings, "scenarios": [s for s, _ in scenarios]}


def write(session: Session, clean: dict[str, Any], ids: Ids, now: datetime) -> dict[str, int]:
    for key, value in clean["settings"].items():
        session.merge(Setting(key=key, value=value))  # the file's value wins over one set before importing
    codes = [s.code for s in clean["scenarios"]]
    if codes:
        session.execute(delete(DunningScenario).where(DunningScenario.code.in_(codes)))
    for s in clean["scenarios"]:
        session.add(
            DunningScenario(
                code=s.code,
                name=s.name,
                kind=s.kind,
                claim_compensation=s.claim_compensation,
                claim_interest=s.claim_interest,
                interest_rate=s.interest_rate,
                consumer_damages_cents=s.consumer_damages_cents,
                levels=[dunning_setup.level_row(lv) for lv in s.levels],
            )
        )
    session.flush()
    return {"settings": len(clean["settings"]), "reminder_scenarios": len(codes)}


def export(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    doc["settings"] = {row.key: row.value for row in session.scalars(select(Setting).order_by(Setting.key))}
    scenarios = []
    for row in session.scalars(select(DunningScenario).order_by(DunningScenario.id)):
        item: dict[str, Any] = {
            "code": row.code,
            "name": row.name,
            "kind": row.kind,
            "claim_compensation": row.claim_compensation,
            "claim_interest": row.claim_interest,
        }
        if row.interest_rate is not None:
            item["interest_rate"] = f.dec(Decimal(row.interest_rate))
        if row.consumer_damages_cents is not None:
            item["consumer_damages"] = f.money(row.consumer_damages_cents)
        item["levels"] = [
            {
                "number": lv.number,
                "days": lv.days,
                "min_gap_days": lv.min_gap_days,
                "channel": lv.channel,
                "title": lv.title,
                "body": lv.body,
                "fees": lv.fees,
                "interest": lv.interest,
                "call_task": lv.call_task,
                "enabled": lv.enabled,
                "pay_within_days": lv.pay_within_days,
                "texts": dict(lv.overrides or {}),
            }
            for lv in row.levels
        ]
        scenarios.append(item)
    doc[SCENARIOS] = scenarios
