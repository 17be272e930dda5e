"""The VAT return preview of a month or quarter: every grid with the documents and bills behind it."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.document import document_of
from ..domain.period import Period, PeriodError
from ..domain.purchase_grids import BillFacts, BillLineFacts
from ..domain.reverse_charge import parse_case
from ..domain.sales_journal import journal_row
from ..domain.vat_regime import no_return_reason, regime_of
from ..domain.vat_return import VatReturn, check_return_period, vat_return
from ..persistence.models import Invoice, Purchase
from .company import get_company
from .documents import corrected_references


def preview(session: Session, period: Period) -> VatReturn:
    """The return as the period's issued documents and suppliers' bills (not rejected) fill it (read only)."""
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
    sales = (journal_row(document_of(i, corrects=corrects.get(i.id))) for i in invoices)
    return vat_return(period, sales, _bills(session, period))


def _bills(session: Session, period: Period) -> list[BillFacts]:
    """The bills dated in the period, as the return reads them (a rejected bill is no purchase)."""
    bills = session.scalars(
        select(Purchase)
        .where(Purchase.status != "rejected", Purchase.issue_date.between(period.first, period.last))
        .order_by(Purchase.issue_date, Purchase.id)
    )
    return [
        BillFacts(
            number=bill.number,
            kind=bill.kind,
            lines=tuple(
                BillLineFacts(line.net_cents, line.category, line.vat_category, line.deductible_pct, line.vat_rate != 0)
                for line in bill.lines
            ),
            deductible_vat_cents=bill.deductible_vat_cents,
            euro=bill.currency == "EUR",
            reverse_charge=parse_case(bill.reverse_charge),
            reverse_charge_rate=bill.reverse_charge_rate or Decimal(21),
        )
        for bill in bills
    ]
