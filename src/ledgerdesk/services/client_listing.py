"""The annual client listing of a year from the book's issued documents, and its CSV for Intervat's Excel upload."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..atomic import write_atomic
from ..domain.client_listing import ListedClient, client_listing
from ..domain.document import document_of
from ..domain.money import fmt_cents
from ..domain.sales_journal import journal_row
from ..persistence.models import Invoice
from .documents import corrected_references

HEADER = ("vat_number", "name", "turnover", "vat", "documents")


def listing(session: Session, year: int) -> list[ListedClient]:
    """Belgian VAT customers above € 250 in `year` (read only)."""
    invoices = list(
        session.scalars(
            select(Invoice)
            .where(Invoice.status == "issued", Invoice.issue_date.between(date(year, 1, 1), date(year, 12, 31)))
            .order_by(Invoice.issue_date, Invoice.id)
        )
    )
    corrects = corrected_references(session, invoices)
    return client_listing(year, (journal_row(document_of(i, corrects=corrects.get(i.id))) for i in invoices))


def listing_csv(clients: list[ListedClient]) -> bytes:
    """One row per client: VAT number without "BE" (as Intervat's form asks), name, turnover and VAT."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for c in clients:
        writer.writerow(
            (c.vat_number[2:], c.name, fmt_cents(c.turnover_cents), fmt_cents(c.vat_cents), " ".join(c.documents))
        )
    return out.getvalue().encode("utf-8-sig")


def write_listing(session: Session, year: int, target: Path) -> list[ListedClient]:
    """Write the year's listing as CSV to `target`, whole or not at all."""
    clients = listing(session, year)
    write_atomic(Path(target), listing_csv(clients))
    return clients
