"""Exporting the core of a book: company, customers, invoices and credit notes, payments with allocations."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...persistence.models import Allocation, Company, Customer, Invoice, InvoiceLine, Payment
from .fields import dec as _dec
from .fields import iso
from .fields import money as _money
from .links import Refs


def export_line(line: Any) -> dict[str, Any]:
    """An invoice or template line (a row or an object with the same attributes)."""
    item = {
        "description": line.description,
        "quantity": _dec(Decimal(line.quantity)),
        "unit_price": _dec(Decimal(line.unit_price)),
        "vat_rate": _dec(Decimal(line.vat_rate)),
    }
    if line.unit:
        item["unit"] = line.unit
    if Decimal(line.discount_pct):
        item["discount_pct"] = _dec(Decimal(line.discount_pct))
    if line.vat_exemption:
        item["vat_exemption"] = line.vat_exemption
    if line.period_start is not None and line.period_end is not None:
        item["period_start"] = line.period_start.isoformat()
        item["period_end"] = line.period_end.isoformat()
    return item


def export_core(session: Session, doc: dict[str, Any], refs: Refs) -> None:
    """Add the core sections to `doc`; `refs` learns the file id of every customer, document and payment."""
    company = session.get(Company, 1)
    if company is not None:
        doc["company"] = {
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
    cust_ref: dict[int, str] = {}
    customers = []
    for c in session.scalars(select(Customer).order_by(Customer.id)):
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
        customers.append(item)
    doc["customers"] = customers

    inv_ref: dict[int, str] = {}
    lines_by_invoice: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = list(session.execute(select(InvoiceLine.__table__).order_by(InvoiceLine.invoice_id, InvoiceLine.position)))
    position: dict[int, int] = {}  # line id → its place among its invoice's lines (as an import numbers them)
    counter: dict[int, int] = defaultdict(int)
    for line in rows:
        position[line.id] = counter[line.invoice_id]
        counter[line.invoice_id] += 1
    for line in rows:
        item = export_line(line)
        if line.credited_line_id is not None:
            item["credits_line"] = position[line.credited_line_id]
        lines_by_invoice[line.invoice_id].append(item)
    invoices, credit_notes = [], []
    for inv in session.execute(select(Invoice.__table__).order_by(Invoice.id)):
        ref = inv.ref or (f"I{inv.id}" if inv.kind == "invoice" else f"CN{inv.id}")
        inv_ref[inv.id] = ref
        item = {
            "id": ref,
            "issue_date": inv.issue_date.isoformat(),
            "status": inv.status,
            "language": inv.language,
            "lines": lines_by_invoice[inv.id],
        }
        if inv.kind == "invoice":
            item["customer"] = cust_ref[inv.customer_id]
        else:
            item["invoice"] = inv_ref[inv.credited_invoice_id]
        if inv.number:
            item["number"] = inv.number
        if inv.structured_communication:
            item["structured_communication"] = inv.structured_communication
        if inv.due_date:
            item["due_date"] = inv.due_date.isoformat()
        if inv.delivery_date:
            item["delivery_date"] = inv.delivery_date.isoformat()
        if inv.period_start is not None and inv.period_end is not None:
            item["period_start"] = inv.period_start.isoformat()
            item["period_end"] = inv.period_end.isoformat()
        for key in ("buyer_reference", "order_reference", "contract_reference"):
            if getattr(inv, key):
                item[key] = getattr(inv, key)
        if inv.payment_terms_days is not None:
            item["payment_terms_days"] = inv.payment_terms_days
        if inv.notes:
            item["notes"] = inv.notes
        item["created_at"] = iso(inv.created_at)
        if inv.status == "issued":
            item["issued_at"] = iso(inv.issued_at)
            item["seller"] = inv.seller
            item["buyer"] = inv.buyer
        (invoices if inv.kind == "invoice" else credit_notes).append(item)
    doc["invoices"] = invoices
    doc["credit_notes"] = credit_notes

    allocs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in session.execute(select(Allocation.__table__).order_by(Allocation.payment_id, Allocation.id)):
        allocs[a.payment_id].append(
            {"invoice": inv_ref[a.invoice_id], "amount": _money(a.amount_cents), "created_at": iso(a.created_at)}
        )
    payments = []
    for p in session.execute(select(Payment.__table__).order_by(Payment.id)):
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
        if allocs[p.id]:
            item["allocations"] = allocs[p.id]
        payments.append(item)
    doc["payments"] = payments
    refs["customers"].update(cust_ref)
    refs["invoices"].update(inv_ref)
