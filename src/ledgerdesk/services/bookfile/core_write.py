"""Writing the clean core of a book file: bulk inserts (Core executemany), so a 10-year book loads in seconds."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ...domain.document import line_columns
from ...domain.invoicing import due_date, totals_of
from ...domain.money import fmt_cents
from ...persistence.models import Allocation, Customer, Invoice, InvoiceEvent, InvoiceLine, NumberSeries, Payment
from ..company import store_company
from .core_read import Core
from .links import Ids, table

WRITE_BATCH = 2000  # documents inserted at a time (with their lines and events)


def write_core(
    session: Session, core: Core, ids: Ids, now: datetime, *, synthetic_events: bool, file_order: bool
) -> dict[str, int]:
    """Insert the core rows; `ids` learns the database id of every customer, document and payment.

    `synthetic_events`: the file carries no invoice history (format 1), so each document
    gets an 'imported' (and 'issued') event; a format-2 file brings its own history.
    """
    from ..invoicing import party_snapshot_company

    company_values, customers, docs = core.company_values, core.customers, core.docs
    payments, allocations, last_seq = core.payments, core.allocations, core.last_seq

    company = store_company(session, company_values)
    seller = party_snapshot_company(company)

    next_customer = (session.scalar(select(func.max(Customer.id))) or 0) + 1
    customer_ids: dict[str, int] = {}
    rows = []
    for ref, values in customers.items():
        customer_ids[ref] = next_customer
        rows.append({"id": next_customer, **values})
        next_customer += 1
    if rows:
        session.execute(insert(table(Customer)), rows)

    invoice_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    next_id = (session.scalar(select(func.max(Invoice.id))) or 0) + 1
    next_line = (session.scalar(select(func.max(InvoiceLine.id))) or 0) + 1
    # Invoices before credit notes so a credit note's reference exists when it is inserted. A format-2
    # file is an export: its order (the book's) is kept, so exporting the import gives the same lists.
    if file_order:
        ordered = sorted(docs.values(), key=lambda d: d.kind != "invoice")
    else:
        ordered = sorted(docs.values(), key=lambda d: (d.kind != "invoice", d.issue_date, d.number or "", d.ref))
    for doc in ordered:
        doc.id = next_id
        next_id += 1
    terms_default = company.payment_terms_days
    line_ids: dict[str, list[int]] = {}  # file id → the ids its lines got, in order (invoices come first)

    def flush_documents() -> None:
        """Insert the rows gathered so far: a batch at a time, so a ten-year book's rows are never all held."""
        # Lines go in while their invoices are still drafts (the immutability trigger guards issued ones).
        if invoice_rows:
            session.execute(insert(table(Invoice)), [dict(r, status="draft", number=None) for r in invoice_rows])
        if line_rows:
            session.execute(insert(table(InvoiceLine)), line_rows)
        issued_updates = [{"b_id": r["id"], "number": r["number"]} for r in invoice_rows if r["status"] == "issued"]
        if issued_updates:
            invoices = table(Invoice)
            session.connection().execute(
                update(invoices)
                .where(invoices.c.id == bindparam("b_id"))
                .values(status="issued", number=bindparam("number")),
                issued_updates,
            )
        if event_rows:
            session.execute(insert(table(InvoiceEvent)), event_rows)
        invoice_rows.clear()
        line_rows.clear()
        event_rows.clear()

    for doc in ordered:
        if len(invoice_rows) >= WRITE_BATCH:
            flush_documents()
        cust = customers[doc.customer_ref]
        totals = doc.totals or totals_of(doc.lines)
        terms = doc.terms
        if doc.status == "issued" and terms is None:
            terms = cust["payment_terms_days"] if cust["payment_terms_days"] is not None else terms_default
            if doc.kind == "credit_note":
                terms = 0
        due = doc.due
        if doc.kind == "invoice" and doc.status == "issued" and due is None:
            due = due_date(doc.issue_date, terms or 0)
        buyer = doc.extra.get("buyer") or {
            key: cust[key] for key in ("name", "kind", "street", "postcode", "city", "country", "vat", "email")
        }
        issued = doc.status == "issued"
        # A file without times (format 1) gets the document's own date, so importing it twice gives one book.
        created_at = doc.extra.get("created_at") or datetime.combine(doc.issue_date, time())
        invoice_rows.append(
            {
                "id": doc.id,
                "ref": doc.ref,
                "kind": doc.kind,
                "status": doc.status,
                "customer_id": customer_ids[doc.customer_ref],
                "number": doc.number if issued else None,
                "number_year": doc.year if issued else None,
                "number_seq": doc.seq if issued else None,
                "issue_date": doc.issue_date,
                "due_date": due,
                "delivery_date": doc.delivery,
                "period_start": doc.period.start if doc.period else None,
                "period_end": doc.period.end if doc.period else None,
                "buyer_reference": doc.references.buyer_reference,
                "order_reference": doc.references.order_reference,
                "contract_reference": doc.references.contract_reference,
                "payment_terms_days": terms,
                "language": doc.language,
                "currency": "EUR",
                "notes": doc.notes,
                "credited_invoice_id": docs[doc.credited_ref].id if doc.credited_ref else None,
                "structured_communication": doc.ogm if issued else None,
                "net_cents": totals.net_cents,
                "vat_cents": totals.vat_cents,
                "total_cents": totals.total_cents,
                "seller": (doc.extra.get("seller") or seller) if issued else None,
                "buyer": buyer if issued else None,
                "created_at": created_at,
                "issued_at": (doc.extra.get("issued_at") or created_at) if issued else None,
            }
        )
        credits = doc.extra.get("credits_lines", [])
        for position, line in enumerate(doc.lines):
            index = credits[position] if position < len(credits) else None
            line_ids.setdefault(doc.ref, []).append(next_line)
            line_rows.append(
                {
                    "id": next_line,
                    "invoice_id": doc.id,
                    **line_columns(line, position),
                    "net_cents": line.net_cents,
                    "credited_line_id": line_ids[doc.credited_ref][index] if index is not None else None,  # type: ignore[index]
                }
            )
            next_line += 1
        if not synthetic_events:
            continue
        event_rows.append(
            {
                "invoice_id": doc.id,
                "at": created_at,
                "on_date": doc.issue_date,
                "kind": "imported",
                "detail": {"status": doc.status},
            }
        )
        if issued:
            event_rows.append(
                {
                    "invoice_id": doc.id,
                    "at": created_at,
                    "on_date": doc.issue_date,
                    "kind": "issued",
                    "detail": {"number": doc.number, "total": fmt_cents(totals.total_cents)},
                }
            )
    flush_documents()

    next_payment = (session.scalar(select(func.max(Payment.id))) or 0) + 1
    payment_ids: dict[str, int] = {}
    payment_rows = []
    for p in payments:
        payment_ids[p["ref"]] = next_payment
        customer_ref = p.pop("customer_ref")
        payment_rows.append(
            {
                "id": next_payment,
                "customer_id": customer_ids.get(customer_ref) if customer_ref else None,
                **p,
                "created_at": p["created_at"] or datetime.combine(p["date"], time()),
            }
        )
        next_payment += 1
    if payment_rows:
        session.execute(insert(table(Payment)), payment_rows)
    pay_dates = {p["ref"]: p["date"] for p in payments}
    alloc_rows = [
        {
            "payment_id": payment_ids[pref],
            "invoice_id": docs[iref].id,
            "amount_cents": cents,
            "date": pay_dates[pref],
            "created_at": at or datetime.combine(pay_dates[pref], time()),
        }
        for pref, iref, cents, _path, at in allocations
    ]
    if alloc_rows:
        session.execute(insert(table(Allocation)), alloc_rows)
    for (kind, year), seq in last_seq.items():
        series = session.get(NumberSeries, (kind, year))
        if series is None:
            session.add(NumberSeries(kind=kind, year=year, last_seq=seq))
        else:
            series.last_seq = max(series.last_seq, seq)
    session.flush()
    ids["customers"].update(customer_ids)
    ids["invoices"].update({ref: doc.id for ref, doc in docs.items()})
    ids["payments"].update(payment_ids)
    return {
        "customers": len(customers),
        "invoices": sum(1 for d in docs.values() if d.kind == "invoice"),
        "credit_notes": sum(1 for d in docs.values() if d.kind == "credit_note"),
        "payments": len(payments),
    }
