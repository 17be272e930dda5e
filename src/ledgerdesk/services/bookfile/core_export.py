"""Exporting the core of a book: company, customers, invoices and credit notes, payments with allocations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.document import CommercialDocument, document_of, line_columns
from ...persistence.invoice_rows import StoredRows
from ...persistence.models import Allocation, Company, Customer, Invoice, InvoiceLine, Payment
from .fields import dec as _dec
from .fields import iso
from .fields import money as _money
from .links import Refs

# Rows fetched at a time: the ORM session otherwise fetches a whole result before the first row
# (a ten-year book's invoices then took 170 MB before one was written).
BATCH = 1000


def export_line(line: Any) -> dict[str, Any]:
    """A template line (a row or an object with the line columns as attributes)."""
    return line_item({key: getattr(line, key) for key in _LINE_COLUMNS})


_LINE_COLUMNS = (
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount_pct",
    "vat_rate",
    "vat_exemption",
    "period_start",
    "period_end",
)


def line_item(columns: Mapping[str, Any]) -> dict[str, Any]:
    """A line as the file writes it, from its stored columns (`domain.document.line_columns`)."""
    item = {
        "description": columns["description"],
        "quantity": _dec(Decimal(columns["quantity"])),
        "unit_price": _dec(Decimal(columns["unit_price"])),
        "vat_rate": _dec(Decimal(columns["vat_rate"])),
    }
    if columns["unit"]:
        item["unit"] = columns["unit"]
    if Decimal(columns["discount_pct"]):
        item["discount_pct"] = _dec(Decimal(columns["discount_pct"]))
    if columns["vat_exemption"]:
        item["vat_exemption"] = columns["vat_exemption"]
    if columns.get("period_start") is not None and columns.get("period_end") is not None:
        item["period_start"] = columns["period_start"].isoformat()
        item["period_end"] = columns["period_end"].isoformat()
    return item


def document_fields(document: CommercialDocument) -> dict[str, Any]:
    """What the file says of a document that the document value holds (the one value the PDF, the UBL
    file and the command line read too), in the file's order; empty fields are left out."""
    item: dict[str, Any] = {
        "issue_date": document.issue_date.isoformat(),
        "language": document.language,
        "lines": [line_item(line_columns(line, n)) for n, line in enumerate(document.lines)],
    }
    if document.number:
        item["number"] = document.number
    if document.structured_communication:
        item["structured_communication"] = document.structured_communication
    if document.due_date:
        item["due_date"] = document.due_date.isoformat()
    if document.delivery_date:
        item["delivery_date"] = document.delivery_date.isoformat()
    if document.service_period is not None:
        item["period_start"] = document.service_period.start.isoformat()
        item["period_end"] = document.service_period.end.isoformat()
    references = document.customer_references
    for key in ("buyer_reference", "order_reference", "contract_reference"):
        if getattr(references, key):
            item[key] = getattr(references, key)
    if document.payment_terms_days is not None:
        item["payment_terms_days"] = document.payment_terms_days
    if document.notes:
        item["notes"] = document.notes
    return item


def export_core(session: Session, refs: Refs) -> Iterator[tuple[str, Any]]:
    """The core members of the document, in file order; the lists are produced row by row.

    Each list is an iterator over its own query, so a ten-year book is never held whole; `refs`
    learns the file id of every customer, document and payment as its item is produced (the
    credit notes name their invoice, and the later sections every id, after those were written)."""
    company = session.get(Company, 1)
    if company is not None:
        yield "company", _company(company)
    yield "customers", _customers(session, refs["customers"])
    yield "invoices", _documents(session, "invoice", refs)
    yield "credit_notes", _documents(session, "credit_note", refs)
    yield "payments", _payments(session, refs)


def _company(company: Company) -> dict[str, Any]:
    return {
        "name": company.name,
        "vat": company.vat,
        "vat_regime": company.vat_regime,
        "iban": company.iban,
        "bic": company.bic,
        "address": {
            "street": company.street,
            "postcode": company.postcode,
            "city": company.city,
            "country": company.country,
        },
        "email": company.email,
        "phone": company.phone,
        "language": company.language,
        "payment_terms_days": company.payment_terms_days,
        "invoice_number_format": company.invoice_number_format,
        "credit_note_number_format": company.credit_note_number_format,
        "late_payment_terms": company.late_payment_terms,
    }


def _customers(session: Session, cust_ref: dict[int, str]) -> Iterator[dict[str, Any]]:
    for c in session.execute(select(Customer.__table__).order_by(Customer.id).execution_options(yield_per=BATCH)):
        ref = c.ref or f"C{c.id}"
        cust_ref[c.id] = ref
        item: dict[str, Any] = {
            "id": ref,
            "name": c.name,
            "kind": c.kind,
            "language": c.language,
            "address": {"street": c.street, "postcode": c.postcode, "city": c.city, "country": c.country},
            "created_on": c.created_on.isoformat(),
        }
        for key in ("vat", "email", "phone", "notes", "payment_terms_days"):
            value = getattr(c, key)
            if value not in (None, ""):
                item[key] = value
        if c.receives_einvoice:
            item["receives_einvoice"] = True
        if c.requires_buyer_reference:
            item["requires_buyer_reference"] = True
        if c.dunning_scenario:
            item["reminder_scenario"] = c.dunning_scenario
        yield item


class _Groups:
    """Rows sorted by a key, handed out group by group to a caller asking for increasing keys (a merge join:
    the lines of each document without holding every line of the book)."""

    def __init__(self, rows: Iterable[Any], key: str) -> None:
        self._rows = iter(rows)
        self._key = key
        self._next = next(self._rows, None)

    def take(self, wanted: int) -> list[Any]:
        found = []
        while self._next is not None and getattr(self._next, self._key) <= wanted:
            if getattr(self._next, self._key) == wanted:
                found.append(self._next)
            self._next = next(self._rows, None)
        return found


def _line_positions(session: Session) -> dict[int, int]:
    """Line id → its place among its invoice's lines (as an import numbers them), for the lines a credit
    note corrects (only those: a credit note names the line it corrects by that place)."""
    credited = set(
        session.scalars(select(InvoiceLine.credited_line_id).where(InvoiceLine.credited_line_id.isnot(None)))
    )
    position: dict[int, int] = {}
    if not credited:
        return position
    current, counter = None, 0
    for line_id, invoice_id in session.execute(
        select(InvoiceLine.id, InvoiceLine.invoice_id)
        .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
        .execution_options(yield_per=BATCH)
    ):
        counter = counter + 1 if invoice_id == current else 0
        current = invoice_id
        if line_id in credited:
            position[line_id] = counter
    return position


def _documents(session: Session, kind: str, refs: Refs) -> Iterator[dict[str, Any]]:
    inv_ref, cust_ref = refs["invoices"], refs["customers"]
    position = _line_positions(session) if kind == "credit_note" else {}
    lines = _Groups(
        session.execute(
            select(InvoiceLine.__table__)
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(Invoice.kind == kind)
            .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
            .execution_options(yield_per=BATCH)
        ),
        "invoice_id",
    )
    for inv in session.execute(
        select(Invoice.__table__).where(Invoice.kind == kind).order_by(Invoice.id).execution_options(yield_per=BATCH)
    ):
        ref = inv.ref or (f"I{inv.id}" if inv.kind == "invoice" else f"CN{inv.id}")
        inv_ref[inv.id] = ref
        rows = lines.take(inv.id)
        fields = document_fields(document_of(StoredRows(inv, rows)))
        for line, line_fields in zip(rows, fields["lines"], strict=True):
            if line.credited_line_id is not None:
                line_fields["credits_line"] = position[line.credited_line_id]
        # The file's order: the file's own ids and the stored status around the document's fields.
        item = {"id": ref, "issue_date": fields.pop("issue_date"), "status": inv.status}
        item["language"] = fields.pop("language")
        item["lines"] = fields.pop("lines")
        if inv.kind == "invoice":
            item["customer"] = cust_ref[inv.customer_id]
        else:
            item["invoice"] = inv_ref[inv.credited_invoice_id]
        item.update(fields)
        item["created_at"] = iso(inv.created_at)
        if inv.status == "issued":
            item["issued_at"] = iso(inv.issued_at)
            # The parties exactly as stored when issued (the value's Party is the trimmed reading of it).
            item["seller"] = inv.seller
            item["buyer"] = inv.buyer
        yield item


def _payments(session: Session, refs: Refs) -> Iterator[dict[str, Any]]:
    inv_ref, cust_ref = refs["invoices"], refs["customers"]
    allocations = _Groups(
        session.execute(
            select(Allocation.__table__)
            .order_by(Allocation.payment_id, Allocation.id)
            .execution_options(yield_per=BATCH)
        ),
        "payment_id",
    )
    for p in session.execute(select(Payment.__table__).order_by(Payment.id).execution_options(yield_per=BATCH)):
        item = {
            "id": p.ref or f"P{p.id}",
            "date": p.date.isoformat(),
            "amount": _money(p.amount_cents),
            "method": p.method,
            "created_at": iso(p.created_at),
        }
        refs["payments"][p.id] = item["id"]
        if p.customer_id is not None:
            item["customer"] = cust_ref[p.customer_id]
        for key in ("counterparty_name", "counterparty_iban", "communication", "note"):
            if getattr(p, key):
                item[key] = getattr(p, key)
        allocs = [
            {"invoice": inv_ref[a.invoice_id], "amount": _money(a.amount_cents), "created_at": iso(a.created_at)}
            for a in allocations.take(p.id)
        ]
        if allocs:
            item["allocations"] = allocs
        yield item
