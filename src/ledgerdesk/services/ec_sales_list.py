"""The EC sales list of a month or quarter from the book's issued documents, and its CSV for the accountant."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..atomic import write_atomic
from ..domain.document import document_of
from ..domain.ec_sales_list import EcSalesLine, ec_sales_list
from ..domain.money import fmt_cents
from ..domain.period import Period
from ..domain.sales_journal import journal_row
from ..persistence.models import Invoice
from .documents import corrected_references

HEADER = ("country", "vat_number", "code", "amount", "name", "documents")


def listing(session: Session, period: Period) -> list[EcSalesLine]:
    """The period's intra-Community customers with their amounts per code (read only)."""
    invoices = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.status == "issued", Invoice.issue_date.between(period.first, period.last))
            .order_by(Invoice.issue_date, Invoice.id)
        )
    )
    corrects = corrected_references(session, invoices)
    return ec_sales_list(period, (journal_row(document_of(i, corrects=corrects.get(i.id))) for i in invoices))


def listing_csv(lines: list[EcSalesLine]) -> bytes:
    """One row per customer and code; amounts with a decimal point, credit notes already deducted."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow(
            (
                line.country,
                line.vat_number,
                line.code,
                fmt_cents(line.amount_cents),
                line.name,
                " ".join(line.documents),
            )
        )
    return out.getvalue().encode("utf-8-sig")


def write_listing(session: Session, period: Period, target: Path) -> list[EcSalesLine]:
    """Write the period's EC sales list as CSV to `target`, whole or not at all."""
    lines = listing(session, period)
    write_atomic(Path(target), listing_csv(lines))
    return lines
