"""The book file (JSON, version 1): import all-or-nothing with every problem listed by JSON path, and export.

Import validates the whole document first and collects every problem; only a clean
document is written, in the caller's single transaction. Rows are inserted in bulk
(Core executemany) so a 10-year book loads in seconds; the rules are the domain's.
See docs/book-format.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..domain import references
from ..domain.errors import DomainError
from ..domain.invoicing import LineInput, due_date, format_number, totals_of
from ..domain.money import fmt_cents, to_cents
from ..domain.vat import Exemption, VatTreatment
from ..persistence.models import (
    Allocation,
    Company,
    Customer,
    Invoice,
    InvoiceEvent,
    InvoiceLine,
    NumberSeries,
    Payment,
)
from . import company as company_service
from .invoicing import DOC_TYPE

FORMAT_VERSION = 1


class BookFileError(DomainError):
    """The book file has problems; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the book file")
        self.problems = problems


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")


def _obj(value: Any, path: str, problems: _Problems) -> dict[str, Any]:
    if not isinstance(value, dict):
        problems.add(path, "must be an object")
        return {}
    return value


def _list(parent: dict[str, Any], key: str, path: str, problems: _Problems) -> list[Any]:
    value = parent.get(key, [])
    if not isinstance(value, list):
        problems.add(f"{path}.{key}", "must be a list")
        return []
    return value


def _str(obj: dict[str, Any], key: str, path: str, problems: _Problems, *, required: bool = True) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            problems.add(f"{path}.{key}", "is missing")
        return None
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        problems.add(f"{path}.{key}", "must be a string")
        return None
    return str(value)


def _date(obj: dict[str, Any], key: str, path: str, problems: _Problems, *, required: bool = True) -> date | None:
    text = _str(obj, key, path, problems, required=required)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(f"{path}.{key}", f"'{text}' is not a date (YYYY-MM-DD)")
        return None


def _decimal(obj: dict[str, Any], key: str, path: str, problems: _Problems, *, required: bool = True) -> Decimal | None:
    value = obj.get(key)
    if value is None:
        if required:
            problems.add(f"{path}.{key}", "is missing")
        return None
    if isinstance(value, float):
        problems.add(f"{path}.{key}", f"{value!r} must be a decimal string such as \"{value}\", not a JSON number")
        return None
    try:
        result = Decimal(str(value))
    except Exception:
        problems.add(f"{path}.{key}", f"'{value}' is not a number")
        return None
    if not result.is_finite():
        problems.add(f"{path}.{key}", f"'{value}' is not a finite number")
        return None
    return result


def _amount(obj: dict[str, Any], key: str, path: str, problems: _Problems) -> int | None:
    value = _decimal(obj, key, path, problems)
    if value is None:
        return None
    if value != value.quantize(Decimal("0.01")):
        problems.add(f"{path}.{key}", f"'{value}' has more than two decimals")
        return None
    return to_cents(value)


@dataclass
class _Doc:
    path: str
    ref: str
    kind: str
    customer_ref: str
    issue_date: date
    lines: list[LineInput]
    status: str = "issued"
    number: str | None = None
    due: date | None = None
    delivery: date | None = None
    terms: int | None = None
    notes: str = ""
    language: str | None = None
    ogm: str | None = None
    credited_ref: str | None = None
    year: int = 0
    seq: int = 0
    id: int = 0
    total_cents: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def _lines(doc: dict[str, Any], path: str, problems: _Problems, regime: str) -> list[LineInput]:
    lines: list[LineInput] = []
    raw = _list(doc, "lines", path, problems)
    if not raw:
        problems.add(f"{path}.lines", "needs at least one line")
    for i, item in enumerate(raw):
        lpath = f"{path}.lines[{i}]"
        item = _obj(item, lpath, problems)
        description = _str(item, "description", lpath, problems)
        quantity = _decimal(item, "quantity", lpath, problems)
        price = _decimal(item, "unit_price", lpath, problems)
        rate = _decimal(item, "vat_rate", lpath, problems)
        discount = _decimal(item, "discount_pct", lpath, problems, required=False) or Decimal(0)
        exemption = _str(item, "vat_exemption", lpath, problems, required=False)
        if exemption is not None and exemption not in {e.value for e in Exemption}:
            problems.add(f"{lpath}.vat_exemption", f"'{exemption}' is not one of {', '.join(e.value for e in Exemption)}")
            continue
        if rate is not None and rate not in (Decimal(21), Decimal(12), Decimal(6), Decimal(0)):
            problems.add(f"{lpath}.vat_rate", f"{rate} % is not a Belgian VAT rate (21, 12, 6 or 0)")
            rate = None
        if regime == "franchise" and exemption is None and rate == 0:
            # Under the franchise regime every line is exempt by law: the regime decides the reason.
            exemption = Exemption.FRANCHISE.value
        if None in (description, quantity, price, rate):
            continue
        try:
            line = LineInput.of(
                description, quantity, price, rate, discount_pct=discount, exemption=exemption,  # type: ignore[arg-type]
                unit=str(item.get("unit") or ""),
            )
        except DomainError as exc:
            problems.add(lpath, str(exc))
            continue
        if regime == "franchise" and line.vat.exemption is not Exemption.FRANCHISE:
            problems.add(lpath, "under the franchise regime a line carries no VAT (vat_rate 0)")
            continue
        lines.append(line)
    return lines


def _trailing_seq(number: str) -> int | None:
    digits = ""
    for ch in reversed(number):
        if ch.isdigit():
            digits = ch + digits
        elif digits:
            break
    return int(digits) if digits else None


def import_book(session: Session, data: Any, *, now: datetime | None = None) -> dict[str, int]:
    """Load a whole book document into an empty book. Raises BookFileError listing every problem."""
    now = now or datetime.now()
    problems = _Problems()
    root = _obj(data, "$", problems)
    if problems.items:
        raise BookFileError(problems.items)
    if root.get("ledgerdesk_book") != FORMAT_VERSION:
        problems.add("$.ledgerdesk_book", f"must be {FORMAT_VERSION} (this app reads book format version {FORMAT_VERSION})")
        raise BookFileError(problems.items)
    existing = session.scalar(select(func.count()).select_from(Invoice)) or 0
    existing += session.scalar(select(func.count()).select_from(Customer)) or 0
    if existing:
        raise BookFileError(["$: the book already holds customers or invoices; import into an empty book"])

    # --- company ----------------------------------------------------------
    comp = _obj(root.get("company"), "$.company", problems)
    address = _obj(comp.get("address", {}), "$.company.address", problems)
    company_data = None
    try:
        company_data = company_service.CompanyData(
            name=str(comp.get("name") or ""),
            street=str(address.get("street") or ""),
            postcode=str(address.get("postcode") or ""),
            city=str(address.get("city") or ""),
            country=str(address.get("country") or "BE"),
            vat=comp.get("vat") or None,
            vat_regime=str(comp.get("vat_regime") or "standard"),
            iban=comp.get("iban") or None,
            bic=comp.get("bic") or None,
            email=str(comp.get("email") or ""),
            phone=str(comp.get("phone") or ""),
            language=str(comp.get("language") or "nl"),
            payment_terms_days=int(comp.get("payment_terms_days", 30)),
            invoice_number_format=str(comp.get("invoice_number_format") or "{year}-{seq:04d}"),
            credit_note_number_format=str(comp.get("credit_note_number_format") or "CN{year}-{seq:04d}"),
            late_payment_terms=bool(comp.get("late_payment_terms", False)),
        )
        company_values, _warnings = company_service.clean_company(company_data)
    except (DomainError, ValueError, TypeError) as exc:
        problems.add("$.company", str(exc))
        company_values = {}
    regime = str(company_values.get("vat_regime", "standard"))

    # --- customers ----------------------------------------------------------
    customers: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(_list(root, "customers", "$", problems)):
        path = f"$.customers[{i}]"
        item = _obj(item, path, problems)
        ref = _str(item, "id", path, problems)
        if ref is None:
            continue
        if ref in customers:
            problems.add(f"{path}.id", f"'{ref}' is used twice")
            continue
        addr = _obj(item.get("address", {}), f"{path}.address", problems)
        terms = item.get("payment_terms_days")
        try:
            values, _w = company_service.clean_customer(
                session,
                company_service.CustomerData(
                    name=str(item.get("name") or ""),
                    kind=str(item.get("kind") or "business"),
                    street=str(addr.get("street") or ""),
                    postcode=str(addr.get("postcode") or ""),
                    city=str(addr.get("city") or ""),
                    country=str(addr.get("country") or "BE"),
                    vat=item.get("vat") or None,
                    language=str(item.get("language") or "nl"),
                    email=str(item.get("email") or ""),
                    phone=str(item.get("phone") or ""),
                    payment_terms_days=int(terms) if terms is not None else None,
                    notes=str(item.get("notes") or ""),
                    receives_einvoice=bool(item.get("receives_einvoice", False)),
                    ref=ref,
                ),
            )
        except (DomainError, ValueError, TypeError) as exc:
            problems.add(path, str(exc))
            continue
        created = _date(item, "created_on", path, problems, required=False)
        values["created_on"] = created or now.date()
        customers[ref] = values

    # --- invoices and credit notes ------------------------------------------
    docs: dict[str, _Doc] = {}

    def read_doc(item: Any, path: str, kind: str) -> None:
        item = _obj(item, path, problems)
        ref = _str(item, "id", path, problems)
        if ref is None:
            return
        if ref in docs:
            problems.add(f"{path}.id", f"'{ref}' is used twice")
            return
        issue_day = _date(item, "issue_date", path, problems)
        lines = _lines(item, path, problems, regime)
        status = str(item.get("status") or "issued")
        if status not in ("draft", "issued"):
            problems.add(f"{path}.status", f"'{status}' is not draft or issued")
            return
        if kind == "invoice":
            customer_ref = _str(item, "customer", path, problems)
            if customer_ref is not None and customer_ref not in customers:
                problems.add(f"{path}.customer", f"no customer with id '{customer_ref}'")
                return
            credited_ref = None
        else:
            credited_ref = _str(item, "invoice", path, problems)
            original = docs.get(credited_ref or "")
            if credited_ref is not None and (original is None or original.kind != "invoice"):
                problems.add(f"{path}.invoice", f"no invoice with id '{credited_ref}'")
                return
            customer_ref = original.customer_ref if original else None
        if issue_day is None or customer_ref is None or not lines:
            return
        number = _str(item, "number", path, problems, required=False)
        if status == "draft" and number:
            problems.add(f"{path}.number", "a draft has no number")
            return
        ogm = _str(item, "structured_communication", path, problems, required=False)
        if ogm is not None:
            try:
                ogm = references.validate(ogm)
            except DomainError as exc:
                problems.add(f"{path}.structured_communication", str(exc))
                return
        terms_raw = item.get("payment_terms_days")
        doc = _Doc(
            path=path, ref=ref, kind=kind, customer_ref=customer_ref, issue_date=issue_day, lines=lines,
            status=status, number=number, due=_date(item, "due_date", path, problems, required=False),
            delivery=_date(item, "delivery_date", path, problems, required=False),
            terms=int(terms_raw) if isinstance(terms_raw, int) else None, notes=str(item.get("notes") or ""),
            language=item.get("language") or customers[customer_ref]["language"], ogm=ogm, credited_ref=credited_ref,
        )
        if doc.language not in ("nl", "fr", "en"):
            problems.add(f"{path}.language", f"'{doc.language}' is not nl, fr or en")
            return
        if doc.due is not None and doc.due < doc.issue_date:
            problems.add(f"{path}.due_date", "is before the issue date")
            return
        doc.total_cents = totals_of(lines).total_cents
        if doc.total_cents < 0:
            problems.add(path, "the total cannot be negative")
            return
        docs[ref] = doc

    for i, item in enumerate(_list(root, "invoices", "$", problems)):
        read_doc(item, f"$.invoices[{i}]", "invoice")
    for i, item in enumerate(_list(root, "credit_notes", "$", problems)):
        read_doc(item, f"$.credit_notes[{i}]", "credit_note")

    # Credit notes: only on issued invoices, never more than what is left.
    credited: dict[str, int] = defaultdict(int)
    for doc in docs.values():
        if doc.kind != "credit_note" or doc.status != "issued":
            continue
        original = docs[doc.credited_ref]  # type: ignore[index]
        if original.status != "issued":
            problems.add(f"{doc.path}.invoice", f"invoice '{original.ref}' is a draft and cannot be credited")
        elif doc.issue_date < original.issue_date:
            problems.add(f"{doc.path}.issue_date", "a credit note cannot predate the invoice it corrects")
        elif doc.total_cents <= 0 or credited[original.ref] + doc.total_cents > original.total_cents:
            problems.add(
                doc.path,
                f"credits {fmt_cents(doc.total_cents)} but only "
                f"{fmt_cents(original.total_cents - credited[original.ref])} of invoice '{original.ref}' is left to credit",
            )
        else:
            credited[original.ref] += doc.total_cents

    # --- payments ----------------------------------------------------------
    payments: list[dict[str, Any]] = []
    allocations: list[tuple[str, str, int, str]] = []  # payment ref, invoice ref, cents, path
    payment_refs: set[str] = set()
    for i, item in enumerate(_list(root, "payments", "$", problems)):
        path = f"$.payments[{i}]"
        item = _obj(item, path, problems)
        ref = _str(item, "id", path, problems)
        day = _date(item, "date", path, problems)
        cents = _amount(item, "amount", path, problems)
        customer_ref = _str(item, "customer", path, problems, required=False)
        method = str(item.get("method") or "bank")
        if ref is None or day is None or cents is None:
            continue
        if ref in payment_refs:
            problems.add(f"{path}.id", f"'{ref}' is used twice")
            continue
        payment_refs.add(ref)
        if cents == 0:
            problems.add(f"{path}.amount", "a payment of 0.00 means nothing")
            continue
        if method not in ("cash", "bank", "other"):
            problems.add(f"{path}.method", f"'{method}' is not bank, cash or other")
            continue
        if customer_ref is not None and customer_ref not in customers:
            problems.add(f"{path}.customer", f"no customer with id '{customer_ref}'")
            continue
        payments.append(
            {"ref": ref, "date": day, "amount_cents": cents, "method": method, "customer_ref": customer_ref,
             "counterparty_name": str(item.get("counterparty_name") or ""),
             "counterparty_iban": str(item.get("counterparty_iban") or ""),
             "communication": str(item.get("communication") or ""), "note": str(item.get("note") or "")}
        )
        used = 0
        for j, alloc in enumerate(_list(item, "allocations", path, problems)):
            apath = f"{path}.allocations[{j}]"
            alloc = _obj(alloc, apath, problems)
            inv_ref = _str(alloc, "invoice", apath, problems)
            acents = _amount(alloc, "amount", apath, problems)
            if inv_ref is None or acents is None:
                continue
            target = docs.get(inv_ref)
            if target is None or target.kind != "invoice" or target.status != "issued":
                problems.add(f"{apath}.invoice", f"no issued invoice with id '{inv_ref}'")
                continue
            if customer_ref is not None and target.customer_ref != customer_ref:
                problems.add(f"{apath}.invoice", f"invoice '{inv_ref}' belongs to another customer")
                continue
            if acents <= 0:
                problems.add(f"{apath}.amount", "must be positive")
                continue
            used += acents
            if used > cents:
                problems.add(apath, f"the allocations exceed the payment ({fmt_cents(cents)})")
                continue
            allocations.append((ref, inv_ref, acents, apath))
    settled: dict[str, int] = defaultdict(int)
    for _pref, inv_ref, acents, apath in allocations:
        settled[inv_ref] += acents
        left = docs[inv_ref].total_cents - credited[inv_ref] - settled[inv_ref]
        if left < 0:
            problems.add(apath, f"allocating {fmt_cents(acents)} exceeds the open amount of invoice '{inv_ref}'")

    # --- numbering ----------------------------------------------------------
    fmts = {
        "invoice": str(company_values.get("invoice_number_format", "{year}-{seq:04d}")),
        "credit_note": str(company_values.get("credit_note_number_format", "CN{year}-{seq:04d}")),
    }
    last_seq: dict[tuple[str, int], int] = defaultdict(int)
    numbers: dict[tuple[str, str], str] = {}
    for doc in docs.values():
        if doc.status == "issued" and doc.number:
            doc.year = doc.issue_date.year
            seq = _trailing_seq(doc.number)
            if seq is None:
                problems.add(f"{doc.path}.number", f"'{doc.number}' has no sequence digits")
                continue
            if (doc.kind, doc.number) in numbers:
                problems.add(f"{doc.path}.number", f"'{doc.number}' is used twice")
                continue
            numbers[(doc.kind, doc.number)] = doc.ref
            doc.seq = seq
            last_seq[(doc.kind, doc.year)] = max(last_seq[(doc.kind, doc.year)], seq)
    unnumbered = sorted(
        (d for d in docs.values() if d.status == "issued" and not d.number), key=lambda d: (d.issue_date,)
    )
    for doc in unnumbered:
        doc.year = doc.issue_date.year
        key = (doc.kind, doc.year)
        last_seq[key] += 1
        doc.seq = last_seq[key]
        doc.number = format_number(fmts[doc.kind], doc.year, doc.seq)
        if (doc.kind, doc.number) in numbers:
            problems.add(doc.path, f"the number {doc.number} it would get is already taken in the file")
        numbers[(doc.kind, doc.number)] = doc.ref
    ogms: set[str] = set()
    for doc in docs.values():
        if doc.status != "issued":
            continue
        if doc.ogm is None:
            try:
                doc.ogm = references.for_document(doc.year, DOC_TYPE[doc.kind], doc.seq)
            except DomainError as exc:
                problems.add(doc.path, str(exc))
                continue
        if doc.ogm in ogms:
            problems.add(f"{doc.path}.structured_communication", f"{references.format(doc.ogm)} is used twice")
        ogms.add(doc.ogm)

    if problems.items:
        raise BookFileError(problems.items)
    return _write(session, company_values, customers, docs, payments, allocations, last_seq, now)


def _write(session, company_values, customers, docs, payments, allocations, last_seq, now) -> dict[str, int]:  # type: ignore[no-untyped-def]
    from .invoicing import party_snapshot_company

    company = session.get(Company, 1)
    if company is None:
        company = Company(id=1, **company_values)
        session.add(company)
    else:
        for key, value in company_values.items():
            setattr(company, key, value)
    session.flush()
    seller = party_snapshot_company(company)

    next_customer = (session.scalar(select(func.max(Customer.id))) or 0) + 1
    customer_ids: dict[str, int] = {}
    rows = []
    for ref, values in customers.items():
        customer_ids[ref] = next_customer
        rows.append({"id": next_customer, **values})
        next_customer += 1
    if rows:
        session.execute(insert(Customer), rows)

    invoice_rows, line_rows, event_rows = [], [], []
    next_id = (session.scalar(select(func.max(Invoice.id))) or 0) + 1
    next_line = (session.scalar(select(func.max(InvoiceLine.id))) or 0) + 1
    # Invoices before credit notes so a credit note's reference exists when it is inserted.
    ordered = sorted(docs.values(), key=lambda d: (d.kind != "invoice", d.issue_date, d.number or "", d.ref))
    for doc in ordered:
        doc.id = next_id
        next_id += 1
    terms_default = company.payment_terms_days
    for doc in ordered:
        cust = customers[doc.customer_ref]
        totals = totals_of(doc.lines)
        terms = doc.terms
        if doc.status == "issued" and terms is None:
            terms = cust["payment_terms_days"] if cust["payment_terms_days"] is not None else terms_default
            if doc.kind == "credit_note":
                terms = 0
        due = doc.due
        if doc.kind == "invoice" and doc.status == "issued" and due is None:
            due = due_date(doc.issue_date, terms or 0)
        buyer = {key: cust[key] for key in ("name", "kind", "street", "postcode", "city", "country", "vat", "email")}
        issued = doc.status == "issued"
        invoice_rows.append({
            "id": doc.id, "ref": doc.ref, "kind": doc.kind, "status": doc.status,
            "customer_id": customer_ids[doc.customer_ref], "number": doc.number if issued else None,
            "number_year": doc.year if issued else None, "number_seq": doc.seq if issued else None,
            "issue_date": doc.issue_date, "due_date": due, "delivery_date": doc.delivery, "payment_terms_days": terms,
            "language": doc.language, "currency": "EUR", "notes": doc.notes,
            "credited_invoice_id": docs[doc.credited_ref].id if doc.credited_ref else None,
            "structured_communication": doc.ogm if issued else None,
            "net_cents": totals.net_cents, "vat_cents": totals.vat_cents, "total_cents": totals.total_cents,
            "seller": seller if issued else None, "buyer": buyer if issued else None,
            "created_at": now, "issued_at": now if issued else None,
        })
        for position, line in enumerate(doc.lines):
            line_rows.append({
                "id": next_line, "invoice_id": doc.id, "position": position, "description": line.description,
                "quantity": line.quantity, "unit": line.unit, "unit_price": line.unit_price,
                "discount_pct": line.discount_pct, "vat_rate": line.vat.rate,
                "vat_exemption": line.vat.exemption.value if line.vat.exemption else None,
                "net_cents": line.net_cents, "credited_line_id": None,
            })
            next_line += 1
        event_rows.append({"invoice_id": doc.id, "at": now, "on_date": doc.issue_date, "kind": "imported",
                           "detail": {"status": doc.status}})
        if issued:
            event_rows.append({"invoice_id": doc.id, "at": now, "on_date": doc.issue_date, "kind": "issued",
                               "detail": {"number": doc.number, "total": fmt_cents(totals.total_cents)}})
    # Lines go in while their invoices are still drafts (the immutability trigger guards issued ones).
    if invoice_rows:
        session.execute(insert(Invoice), [dict(r, status="draft", number=None) for r in invoice_rows])
    if line_rows:
        session.execute(insert(InvoiceLine), line_rows)
    issued_updates = [{"b_id": r["id"], "number": r["number"]} for r in invoice_rows if r["status"] == "issued"]
    if issued_updates:
        from sqlalchemy import bindparam, update

        table = Invoice.__table__
        session.connection().execute(
            update(table).where(table.c.id == bindparam("b_id")).values(status="issued", number=bindparam("number")),
            issued_updates,
        )
    if event_rows:
        session.execute(insert(InvoiceEvent), event_rows)

    next_payment = (session.scalar(select(func.max(Payment.id))) or 0) + 1
    payment_ids: dict[str, int] = {}
    payment_rows = []
    for p in payments:
        payment_ids[p["ref"]] = next_payment
        customer_ref = p.pop("customer_ref")
        payment_rows.append({"id": next_payment, "customer_id": customer_ids.get(customer_ref) if customer_ref else None,
                             "created_at": now, **p})
        next_payment += 1
    if payment_rows:
        session.execute(insert(Payment), payment_rows)
    pay_dates = {p["ref"]: p["date"] for p in payments}
    alloc_rows = [
        {"payment_id": payment_ids[pref], "invoice_id": docs[iref].id, "amount_cents": cents, "date": pay_dates[pref],
         "created_at": now}
        for pref, iref, cents, _path in allocations
    ]
    if alloc_rows:
        session.execute(insert(Allocation), alloc_rows)
    for (kind, year), seq in last_seq.items():
        series = session.get(NumberSeries, (kind, year))
        if series is None:
            session.add(NumberSeries(kind=kind, year=year, last_seq=seq))
        else:
            series.last_seq = max(series.last_seq, seq)
    session.flush()
    return {
        "customers": len(customers),
        "invoices": sum(1 for d in docs.values() if d.kind == "invoice"),
        "credit_notes": sum(1 for d in docs.values() if d.kind == "credit_note"),
        "payments": len(payments),
    }


def _money(cents: int) -> str:
    return fmt_cents(cents)


def _dec(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text


def export_book(session: Session) -> dict[str, Any]:
    """The whole book as a version-1 document; importing it into an empty book gives the same export."""
    company = session.get(Company, 1)
    doc: dict[str, Any] = {"ledgerdesk_book": FORMAT_VERSION}
    if company is not None:
        doc["company"] = {
            "name": company.name, "vat": company.vat, "vat_regime": company.vat_regime, "iban": company.iban,
            "bic": company.bic,
            "address": {"street": company.street, "postcode": company.postcode, "city": company.city,
                        "country": company.country},
            "email": company.email, "phone": company.phone, "language": company.language,
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
            "id": ref, "name": c.name, "kind": c.kind, "language": c.language,
            "address": {"street": c.street, "postcode": c.postcode, "city": c.city, "country": c.country},
            "created_on": c.created_on.isoformat(),
        }
        for key in ("vat", "email", "phone", "notes", "payment_terms_days"):
            value = getattr(c, key)
            if value not in (None, ""):
                item[key] = value
        if c.receives_einvoice:
            item["receives_einvoice"] = True
        customers.append(item)
    doc["customers"] = customers

    inv_ref: dict[int, str] = {}
    lines_by_invoice: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in session.execute(select(InvoiceLine.__table__).order_by(InvoiceLine.invoice_id, InvoiceLine.position)):
        item = {"description": line.description, "quantity": _dec(Decimal(line.quantity)),
                "unit_price": _dec(Decimal(line.unit_price)), "vat_rate": _dec(Decimal(line.vat_rate))}
        if line.unit:
            item["unit"] = line.unit
        if Decimal(line.discount_pct):
            item["discount_pct"] = _dec(Decimal(line.discount_pct))
        if line.vat_exemption:
            item["vat_exemption"] = line.vat_exemption
        lines_by_invoice[line.invoice_id].append(item)
    invoices, credit_notes = [], []
    for inv in session.execute(select(Invoice.__table__).order_by(Invoice.id)):
        ref = inv.ref or (f"I{inv.id}" if inv.kind == "invoice" else f"CN{inv.id}")
        inv_ref[inv.id] = ref
        item = {"id": ref, "issue_date": inv.issue_date.isoformat(), "status": inv.status,
                "language": inv.language, "lines": lines_by_invoice[inv.id]}
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
        if inv.payment_terms_days is not None:
            item["payment_terms_days"] = inv.payment_terms_days
        if inv.notes:
            item["notes"] = inv.notes
        (invoices if inv.kind == "invoice" else credit_notes).append(item)
    doc["invoices"] = invoices
    doc["credit_notes"] = credit_notes

    allocs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in session.execute(select(Allocation.__table__).order_by(Allocation.payment_id, Allocation.id)):
        allocs[a.payment_id].append({"invoice": inv_ref[a.invoice_id], "amount": _money(a.amount_cents)})
    payments = []
    for p in session.execute(select(Payment.__table__).order_by(Payment.id)):
        item = {"id": p.ref or f"P{p.id}", "date": p.date.isoformat(), "amount": _money(p.amount_cents),
                "method": p.method}
        if p.customer_id is not None:
            item["customer"] = cust_ref[p.customer_id]
        for key in ("counterparty_name", "counterparty_iban", "communication", "note"):
            if getattr(p, key):
                item[key] = getattr(p, key)
        if allocs[p.id]:
            item["allocations"] = allocs[p.id]
        payments.append(item)
    doc["payments"] = payments
    return doc
