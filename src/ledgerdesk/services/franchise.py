"""The small-business franchise threshold: the year's turnover so far, for the KPI tab, the company page and `kpi`."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.vat_regime import FranchiseStatus, VatRegime, regime_of
from ..persistence.models import Invoice
from .company import get_company


def turnover_cents(session: Session, year: int, as_of: date) -> int:
    """Net of the invoices issued from 1 January of `year` up to `as_of`, less the credit notes issued then."""
    query = (
        select(Invoice.kind, func.coalesce(func.sum(Invoice.net_cents), 0))
        .where(Invoice.status == "issued", Invoice.issue_date.between(date(year, 1, 1), as_of))
        .group_by(Invoice.kind)
    )
    sums = {kind: int(total) for kind, total in session.execute(query)}
    return sums.get("invoice", 0) - sums.get("credit_note", 0)


def franchise_status(session: Session, as_of: date) -> FranchiseStatus | None:
    """The year's turnover against the threshold, or None when the company is not under the franchise."""
    if regime_of(get_company(session).vat_regime) is not VatRegime.FRANCHISE:
        return None
    return FranchiseStatus(as_of.year, turnover_cents(session, as_of.year, as_of))
