"""Reading the core of a book file: company, customers, invoices and credit notes, payments.

Everything is checked and every problem collected with its JSON path; nothing is written
here (core_write does that once the whole file is clean).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ...domain import references
from ...domain.cash import check_cash_for_sale, check_cash_payment
from ...domain.customer_refs import CustomerReferences, check_required
from ...domain.document import DocumentKind
from ...domain.errors import DomainError
from ...domain.invoicing import (
    NUMBER_FORMAT_LIMIT,
    NUMBER_FORMAT_RULE,
    LineInput,
    check_number_format,
    format_number,
    parse_number,
    totals_of,
)
from ...domain.money import fmt_cents
from ...domain.supply import ServicePeriod, check_line_periods
from ...domain.vat_cases import check_cases
from .. import company as company_service
from . import fields as f
from .lines import read_lines, read_period


@dataclass
class Core:
    """The clean core of a file, ready for core_write."""

    company_values: dict[str, Any]
    customers: dict[str, dict[str, Any]]
    docs: dict[str, Doc]
    payments: list[dict[str, Any]]
    allocations: list[tuple[str, str, int, str, datetime | None]]  # payment id, invoice id, cents, path, created
    last_seq: dict[tuple[str, int], int]
    customer_paths: dict[str, str] = field(default_factory=dict)


@dataclass
class Doc:
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
    period: ServicePeriod | None = None
    references: CustomerReferences = CustomerReferences()
    terms: int | None = None
    notes: str = ""
    language: str | None = None
    ogm: str | None = None
    credited_ref: str | None = None
    year: int = 0
    seq: int = 0
    id: int = 0
    total_cents: int = 0
    totals: Any = None  # the domain totals, computed once while reading
    extra: dict[str, Any] = field(default_factory=dict)


_REFERENCES = ("buyer_reference", "order_reference", "contract_reference")


def _opt(value: Any) -> str | None:
    """An optional identifier as text (a number or list in its place is then refused by its check)."""
    return str(value) if value not in (None, "") else None


def _number_format(comp: dict[str, Any], key: str, problems: f.Problems) -> str:
    """A company numbering format, checked on its own path; a refused one is reported here (the default
    stands in, so the company is not refused a second time for it)."""
    default = str(company_service.CompanyData.__dataclass_fields__[key].default)
    value = f.text(comp, key, "$.company", problems, required=False) or default
    try:
        return check_number_format(value)
    except DomainError:
        shown = value if len(value) <= NUMBER_FORMAT_LIMIT else value[:NUMBER_FORMAT_LIMIT] + "…"
        problems.add(f"$.company.{key}", NUMBER_FORMAT_RULE, format=shown, limit=NUMBER_FORMAT_LIMIT)
        return default


def _terms(o: dict[str, Any], path: str, problems: f.Problems, *, default: int | None = None) -> int | None:
    """Payment terms in days: a whole number from 0 to 365 (never a truncated 45.9 or a string)."""
    value = f.integer(o, "payment_terms_days", path, problems, required=False, low=0, high=365)
    return default if value is None else value


class _Snapshots:
    """One object per distinct party snapshot: the seller is the same on almost every document and the
    buyer on every document of a customer, and a ten-year book held 25,000 copies of each (100 MB).
    Equal means the same JSON text, key order and types included (a number is never taken for a text:
    the stand-in for a non-JSON value starts with a NUL, which no book text may hold)."""

    def __init__(self) -> None:
        self._seen: dict[str, Any] = {}

    def shared(self, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        key = json.dumps(value, ensure_ascii=False, default=lambda o: f"\0{type(o).__name__}:{o!r}")
        return self._seen.setdefault(key, value)


def _company_terms(comp: dict[str, Any], problems: f.Problems) -> int:
    """The company's payment terms: 30 days when the file gives none."""
    value = _terms(comp, "$.company", problems)
    return 30 if value is None else value


def _doc_extra(
    item: dict[str, Any], path: str, problems: f.Problems, status: str, snapshots: _Snapshots
) -> dict[str, Any]:
    """Format 2 keeps what an issued document said of its parties and when it was made and issued."""
    extra: dict[str, Any] = {
        "created_at": f.moment(item, "created_at", path, problems, required=False),
        "issued_at": f.moment(item, "issued_at", path, problems, required=False),
    }
    for party in ("seller", "buyer"):
        if item.get(party) is not None:
            if status != "issued":
                problems.add(f"{path}.{party}", "only an issued document keeps its parties")
            else:
                extra[party] = snapshots.shared(f.json_value(item, party, path, problems, dict, None))
    return extra


def read_core(session: Session, root: dict[str, Any], problems: f.Problems, now: datetime) -> Core:
    """Check the core sections of a book document; problems are added, never raised."""
    # --- company ----------------------------------------------------------
    comp = f.obj(root.get("company"), "$.company", problems)
    address = f.obj(comp.get("address", {}), "$.company.address", problems)
    company_data = None
    try:
        company_data = company_service.CompanyData(
            name=str(comp.get("name") or ""),
            street=str(address.get("street") or ""),
            postcode=str(address.get("postcode") or ""),
            city=str(address.get("city") or ""),
            country=str(address.get("country") or "BE"),
            vat=_opt(comp.get("vat")),
            vat_regime=str(comp.get("vat_regime") or "standard"),
            iban=_opt(comp.get("iban")),
            bic=_opt(comp.get("bic")),
            email=str(comp.get("email") or ""),
            phone=str(comp.get("phone") or ""),
            language=str(comp.get("language") or "nl"),
            payment_terms_days=_company_terms(comp, problems),
            invoice_number_format=_number_format(comp, "invoice_number_format", problems),
            credit_note_number_format=_number_format(comp, "credit_note_number_format", problems),
            late_payment_terms=f.flag(comp, "late_payment_terms", "$.company", problems),
        )
        company_values, _warnings = company_service.clean_company(company_data)
    except (DomainError, ValueError, TypeError, AttributeError) as exc:
        problems.add("$.company", str(exc))
        company_values = {}
    regime = str(company_values.get("vat_regime", "standard"))

    # --- customers ----------------------------------------------------------
    customers: dict[str, dict[str, Any]] = {}
    customer_paths: dict[str, str] = {}
    for i, item in enumerate(f.items(root, "customers", "$", problems)):
        path = f"$.customers[{i}]"
        item = f.obj(item, path, problems)
        ref = f.text(item, "id", path, problems)
        if ref is None:
            continue
        if ref in customers:
            problems.add(f"{path}.id", f"'{ref}' is used twice")
            continue
        addr = f.obj(item.get("address", {}), f"{path}.address", problems)
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
                    vat=_opt(item.get("vat")),
                    language=str(item.get("language") or "nl"),
                    email=str(item.get("email") or ""),
                    phone=str(item.get("phone") or ""),
                    payment_terms_days=_terms(item, path, problems),
                    notes=str(item.get("notes") or ""),
                    receives_einvoice=f.flag(item, "receives_einvoice", path, problems),
                    requires_buyer_reference=f.flag(item, "requires_buyer_reference", path, problems),
                    ref=ref,
                ),
            )
        except (DomainError, ValueError, TypeError, AttributeError) as exc:
            problems.add(path, str(exc))
            continue
        created = f.day(item, "created_on", path, problems, required=False)
        values["created_on"] = created or now.date()
        # Checked against the scenarios once the reminder section is read (book format 2).
        values["dunning_scenario"] = f.text(item, "reminder_scenario", path, problems, required=False)
        customers[ref] = values
        customer_paths[ref] = path

    # --- invoices and credit notes ------------------------------------------
    docs: dict[str, Doc] = {}
    snapshots = _Snapshots()

    def read_doc(item: Any, path: str, kind: str) -> None:
        item = f.obj(item, path, problems)
        ref = f.text(item, "id", path, problems)
        if ref is None:
            return
        if ref in docs:
            problems.add(f"{path}.id", f"'{ref}' is used twice")
            return
        issue_day = f.day(item, "issue_date", path, problems)
        lines = read_lines(item, path, problems, regime)
        status = str(item.get("status") or "issued")
        if status not in ("draft", "issued"):
            problems.add(f"{path}.status", f"'{status}' is not draft or issued")
            return
        if kind == "invoice":
            customer_ref = f.text(item, "customer", path, problems)
            if customer_ref is not None and customer_ref not in customers:
                problems.add(f"{path}.customer", f"no customer with id '{customer_ref}'")
                return
            credited_ref = None
        else:
            credited_ref = f.text(item, "invoice", path, problems)
            original = docs.get(credited_ref or "")
            if credited_ref is not None and (original is None or original.kind != "invoice"):
                problems.add(f"{path}.invoice", f"no invoice with id '{credited_ref}'")
                return
            customer_ref = original.customer_ref if original else None
        if issue_day is None or customer_ref is None or not lines:
            return
        if kind == "invoice" and status == "issued":
            buyer = customers[customer_ref]
            try:  # the same VAT-case rules as the app: who may receive which case
                check_cases(
                    [line.vat for line in lines],
                    buyer_vat=buyer.get("vat"),
                    buyer_kind=str(buyer.get("kind") or "business"),
                    on=issue_day,
                )
            except DomainError as exc:
                problems.add(f"{path}.lines", str(exc))
                return
        number = f.text(item, "number", path, problems, required=False)
        if status == "draft" and number:
            problems.add(f"{path}.number", "a draft has no number")
            return
        ogm = f.text(item, "structured_communication", path, problems, required=False)
        if ogm is not None:
            try:
                ogm = references.validate(ogm)
            except DomainError as exc:
                problems.add(f"{path}.structured_communication", str(exc))
                return
        doc = Doc(
            path=path,
            ref=ref,
            kind=kind,
            customer_ref=customer_ref,
            issue_date=issue_day,
            lines=lines,
            status=status,
            number=number,
            due=f.day(item, "due_date", path, problems, required=False),
            delivery=f.day(item, "delivery_date", path, problems, required=False),
            terms=_terms(item, path, problems),
            notes=str(item.get("notes") or ""),
            language=item.get("language") or customers[customer_ref]["language"],
            ogm=ogm,
            credited_ref=credited_ref,
        )
        if doc.language not in ("nl", "fr", "en"):
            problems.add(f"{path}.language", f"'{doc.language}' is not nl, fr or en")
            return
        if doc.due is not None and doc.due < doc.issue_date:
            problems.add(f"{path}.due_date", "is before the issue date")
            return
        doc.period = read_period(item, path, problems)
        refs = {key: f.text(item, key, path, problems, required=False) or "" for key in _REFERENCES}
        for key in _REFERENCES:
            try:
                CustomerReferences.of(**{key: refs[key]})
            except DomainError as exc:
                problems.add(f"{path}.{key}", str(exc))
                return
        doc.references = CustomerReferences.of(**refs)
        try:
            if kind == "invoice" and status == "issued":
                required = bool(customers[customer_ref].get("requires_buyer_reference"))
                check_required(doc.references, required=required, customer=str(customers[customer_ref]["name"]))
        except DomainError as exc:
            problems.add(f"{path}.buyer_reference", str(exc))
            return
        for n, line in enumerate(lines):
            try:
                check_line_periods(doc.period, [(line.description, line.period)])
            except DomainError as exc:
                problems.add(f"{path}.lines[{n}].period_start", str(exc))
                return
        doc.totals = totals_of(lines)
        doc.total_cents = doc.totals.total_cents
        if doc.total_cents < 0:
            problems.add(path, "the total cannot be negative")
            return
        doc.extra = _doc_extra(item, path, problems, status, snapshots)
        if kind == "credit_note" and isinstance(item.get("lines"), list):
            # Format 2: which line of the credited invoice each line corrects (its position there).
            doc.extra["credits_lines"] = [
                f.integer(line, "credits_line", f"{path}.lines[{n}]", problems, required=False, low=0)
                if isinstance(line, dict)
                else None
                for n, line in enumerate(item["lines"])
            ]
        docs[ref] = doc

    for i, item in enumerate(f.items(root, "invoices", "$", problems)):
        read_doc(item, f"$.invoices[{i}]", "invoice")
    for i, item in enumerate(f.items(root, "credit_notes", "$", problems)):
        read_doc(item, f"$.credit_notes[{i}]", "credit_note")

    # Credit notes: only on issued invoices, never more than what is left.
    credited: dict[str, int] = defaultdict(int)
    for doc in docs.values():
        for n, index in enumerate(doc.extra.get("credits_lines", [])):
            if index is not None and index >= len(docs[doc.credited_ref].lines):  # type: ignore[index]
                problems.add(f"{doc.path}.lines[{n}].credits_line", f"invoice '{doc.credited_ref}' has no line {index}")
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
    allocations: list[tuple[str, str, int, str, datetime | None]] = []  # payment ref, invoice ref, cents, path, made
    payment_refs: set[str] = set()
    cash_per_invoice: dict[str, int] = defaultdict(int)
    for i, item in enumerate(f.items(root, "payments", "$", problems)):
        path = f"$.payments[{i}]"
        item = f.obj(item, path, problems)
        ref = f.text(item, "id", path, problems)
        day = f.day(item, "date", path, problems)
        cents = f.amount(item, "amount", path, problems)
        customer_ref = f.text(item, "customer", path, problems, required=False)
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
        if method == "cash" and cents > 0:
            try:
                check_cash_payment(cents)
            except DomainError as exc:
                problems.add(f"{path}.amount", str(exc))
                continue
        if customer_ref is not None and customer_ref not in customers:
            problems.add(f"{path}.customer", f"no customer with id '{customer_ref}'")
            continue
        payments.append(
            {
                "ref": ref,
                "date": day,
                "amount_cents": cents,
                "method": method,
                "customer_ref": customer_ref,
                "counterparty_name": str(item.get("counterparty_name") or ""),
                "counterparty_iban": str(item.get("counterparty_iban") or ""),
                "communication": str(item.get("communication") or ""),
                "note": str(item.get("note") or ""),
                "created_at": f.moment(item, "created_at", path, problems, required=False),
            }
        )
        used = 0
        for j, alloc in enumerate(f.items(item, "allocations", path, problems)):
            apath = f"{path}.allocations[{j}]"
            alloc = f.obj(alloc, apath, problems)
            inv_ref = f.text(alloc, "invoice", apath, problems)
            acents = f.amount(alloc, "amount", apath, problems)
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
            if method == "cash":  # the same cash limit as the app: per sale, at once or in parts
                try:
                    check_cash_for_sale(inv_ref, cash_per_invoice[inv_ref], acents)
                except DomainError as exc:
                    problems.add(apath, str(exc))
                    continue
                cash_per_invoice[inv_ref] += acents
            allocations.append(
                (ref, inv_ref, acents, apath, f.moment(alloc, "created_at", apath, problems, required=False))
            )
    settled: dict[str, int] = defaultdict(int)
    for _pref, inv_ref, acents, apath, _at in allocations:
        settled[inv_ref] += acents
        left = docs[inv_ref].total_cents - credited[inv_ref] - settled[inv_ref]
        if left < 0:
            problems.add(apath, f"allocating {fmt_cents(acents)} exceeds the open amount of invoice '{inv_ref}'")

    # --- numbering ----------------------------------------------------------
    # Empty when the company's formats were refused (that problem is reported at $.company).
    refused = {getattr(p, "path", "") for p in problems.items}
    fmts = {
        kind: "" if f"$.company.{key}" in refused else str(company_values.get(key, ""))
        for kind, key in (("invoice", "invoice_number_format"), ("credit_note", "credit_note_number_format"))
    }
    last_seq: dict[tuple[str, int], int] = defaultdict(int)
    numbers: dict[tuple[str, str], str] = {}
    sequences: dict[tuple[str, int, int], str] = {}
    for doc in docs.values():
        if doc.status == "issued" and doc.number:
            doc.year = doc.issue_date.year
            # The number must be written in the company's format: its sequence is read from the {seq}
            # field, never from whatever digits end the text ('12,50' is not invoice 50).
            if not fmts[doc.kind]:
                continue
            parsed = parse_number(fmts[doc.kind], doc.number)
            if parsed is None:
                problems.add(
                    f"{doc.path}.number",
                    "'{number}' is not a number in the format {format}",
                    number=doc.number,
                    format=fmts[doc.kind],
                )
                continue
            seq = parsed[1]
            if (doc.kind, doc.number) in numbers:
                problems.add(f"{doc.path}.number", f"'{doc.number}' is used twice")
                continue
            if (doc.kind, doc.year, seq) in sequences:
                problems.add(
                    f"{doc.path}.number",
                    "'{number}' has the same sequence number {seq} in {year} as '{other}'",
                    number=doc.number,
                    seq=seq,
                    year=doc.year,
                    other=sequences[(doc.kind, doc.year, seq)],
                )
                continue
            numbers[(doc.kind, doc.number)] = doc.ref
            sequences[(doc.kind, doc.year, seq)] = doc.number
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
        if not fmts[doc.kind]:
            continue
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
                doc.ogm = references.for_document(doc.year, DocumentKind(doc.kind).reference_type, doc.seq)
            except DomainError as exc:
                problems.add(doc.path, str(exc))
                continue
        if doc.ogm in ogms:
            problems.add(f"{doc.path}.structured_communication", f"{references.format(doc.ogm)} is used twice")
        ogms.add(doc.ogm)

    return Core(company_values, customers, docs, payments, allocations, last_seq, customer_paths)
