"""Closed periods: the periods whose pack went to the accountant, read for the rules that keep them closed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.period import Period, SentPeriod, check_open
from ..persistence.models import AccountantPack


def sent_periods(session: Session) -> list[SentPeriod]:
    """Every period sent to the accountant, in the order the packs were made."""
    rows = session.execute(
        select(
            AccountantPack.period, AccountantPack.first_day, AccountantPack.last_day, AccountantPack.made_on
        ).order_by(AccountantPack.id)
    )
    return [SentPeriod(Period(first, last, name), made_on) for name, first, last, made_on in rows]


def check_day_open(session: Session, day: date) -> None:
    """Refuse a document dated inside a closed period (only the packs covering that day are read)."""
    rows = session.execute(
        select(AccountantPack.period, AccountantPack.first_day, AccountantPack.last_day, AccountantPack.made_on)
        .where(AccountantPack.first_day <= day, AccountantPack.last_day >= day)
        .order_by(AccountantPack.id)
        .limit(1)
    )
    check_open(day, [SentPeriod(Period(first, last, name), made_on) for name, first, last, made_on in rows])
