"""The book file (JSON, format 2; format 1 still read): all-or-nothing import, problems by JSON path; export.

Import checks the whole document first (core, then each section in order, later sections
checking their references against what earlier ones declared) and collects every problem;
only a clean document is written, in the caller's single transaction. See docs/book-format.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...persistence.models import Customer, Invoice
from . import (
    accountant_section,
    articles_section,
    banking_section,
    collection_section,
    direct_debit_section,
    einvoice_section,
    history_section,
    inbox_section,
    json_out,
    json_text,
    outbox_section,
    peppol_section,
    purchases_section,
    quotes_section,
    recurring_section,
    reminder_setup_section,
)
from .core_export import export_core
from .core_read import read_core
from .core_write import write_core
from .fields import BookFileError, Problems, obj
from .links import Declared, Ids, Refs

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

# Sections beyond the core, in the order they are read and written: each may refer to the ones before.
SECTIONS = (
    reminder_setup_section,
    recurring_section,
    einvoice_section,
    collection_section,
    banking_section,
    direct_debit_section,
    history_section,
    quotes_section,
    purchases_section,
    peppol_section,
    outbox_section,
    inbox_section,
    articles_section,
    accountant_section,
)

__all__ = ["FORMAT_VERSION", "BookFileError", "export_book", "import_book", "write_book"]


def import_book(session: Session, data: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Load a whole book document into an empty book. Raises BookFileError listing every problem."""
    now = now or datetime.now()
    problems = Problems()
    root = obj(data, "$", problems)
    json_text.check_values(root, problems)  # before any field is read: no value there can overflow or crash
    if problems.items:
        raise BookFileError(problems.items)
    version = root.get("ledgerdesk_book")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        problems.add(
            "$.ledgerdesk_book",
            f"must be 1 or 2 (this app reads book format versions 1 and 2, and writes {FORMAT_VERSION})",
        )
        raise BookFileError(problems.items)
    existing = session.scalar(select(func.count()).select_from(Invoice)) or 0
    existing += session.scalar(select(func.count()).select_from(Customer)) or 0
    if existing:
        raise BookFileError(["$: the book already holds customers or invoices; import into an empty book"])

    core = read_core(session, root, problems, now)
    declared = Declared(
        today=now.date(),
        regime=str(core.company_values.get("vat_regime", "standard")),
        customer_scenarios={
            ref: (str(values["dunning_scenario"]), core.customer_paths[ref])
            for ref, values in core.customers.items()
            if values.get("dunning_scenario")
        },
        customers={ref: str(values["kind"]) for ref, values in core.customers.items()},
        invoices={ref: (d.kind, d.status, d.customer_ref, d.number) for ref, d in core.docs.items()},
        payments={p["ref"] for p in core.payments},
    )
    parsed = [section.read(root, declared, problems) for section in SECTIONS]
    if problems.items:
        raise BookFileError(problems.items)

    ids = Ids()
    try:
        summary = write_core(
            session, core, ids, now, synthetic_events="invoice_events" not in root, file_order=version >= 2
        )
        for section, clean in zip(SECTIONS, parsed, strict=False):
            summary.update(section.write(session, clean, ids, now))
        session.flush()
    except IntegrityError as exc:
        # A rule the checks above missed but the database keeps; the caller's transaction is rolled back.
        raise BookFileError([f"$: the book refused the file ({exc.orig})"]) from None
    return summary


def export_members(session: Session) -> Iterator[tuple[str, Any]]:
    """The whole book as a format-2 document, member by member in file order (large lists as iterators).

    Each section is asked for its members only once the previous ones are written: it may refer to
    the file ids they gave."""
    yield "ledgerdesk_book", FORMAT_VERSION
    refs = Refs()
    yield from export_core(session, refs)
    for section in SECTIONS:
        doc: dict[str, Any] = {}
        section.export(session, doc, refs)
        yield from doc.items()


def write_book(session: Session, out: json_out.TextSink) -> None:
    """Write the whole book as JSON text to `out`, row by row (memory stays flat whatever the book's size)."""
    json_out.write_document(out, export_members(session))


def export_book(session: Session) -> dict[str, Any]:
    """The whole book as a format-2 document; importing it into an empty book gives the same export."""
    return json_out.materialize(export_members(session))
