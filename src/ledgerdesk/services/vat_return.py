"""The VAT return preview of a month or quarter: the grids of the sales side, each with its documents."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.document import document_of
from ..domain.period import Period, PeriodError
from ..domain.sales_journal import journal_row
from ..domain.vat_regime import no_return_reason, regime_of
from ..domain.vat_return import VatReturn, check_return_period, vat_return
from ..persistence.models import Invoice
from .company import get_company
from .documents import corrected_references


def preview(session: Session, period: Period) -> VatReturn:
    """The return as the book's issued documents of the period fill it (read only)."""
    check_return_period(period)
    reason = no_return_reason(regime_of(get_company(session).vat_regime))
    if reason is not None:  # franchise or art. 44: nothing to file
        raise PeriodError(reason)
    invoices = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.status == "issued", Invoice.issue_date.between(period.first, period.last))
            .order_by(Invoice.issue_date, Invoice.kind.desc(), Invoice.number_seq, Invoice.id)
        )
    )
    corrects = corrected_references(session, invoices)
    return vat_return(period, (journal_row(document_of(i, corrects=corrects.get(i.id))) for i in invoices))
