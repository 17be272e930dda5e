"""Direct debit collections: the notice an issued recurring invoice carries, and the collection files for the bank.

An invoice is collected by direct debit when it was made from a recurring template for a customer
with a live mandate and the creditor is set up: issuing it freezes a notice (mandate reference,
creditor identifier, the account to be debited, the collection date at least the pre-notification
period after the invoice). `collect` then puts every open, noticed invoice whose date has come into
one pain.008 file per scheme, a payment-information block per sequence type, records each
collection and the payment it makes, and moves each mandate's sequence on (FRST -> RCUR).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from ..domain import direct_debit as dd
from ..domain.document import Party
from ..domain.errors import DomainError, ValidationError
from ..domain.invoicing import open_amount
from ..domain.money import fmt_cents
from ..domain.payments import check_allocation
from ..persistence.models import (
    Allocation,
    Collection,
    Company,
    Customer,
    DirectDebitNotice,
    Invoice,
    InvoiceEvent,
    Mandate,
    MandateEvent,
    Payment,
    RecurringOccurrence,
)
from ..sepa.address import address_of
from . import direct_debit, history

if TYPE_CHECKING:
    from ..sepa import pain008


@dataclass(frozen=True)
class Notice:
    """What an invoice says about its collection (frozen when it was issued)."""

    mandate_reference: str
    creditor_id: str
    debtor_iban: str
    collect_on: date


@dataclass(frozen=True)
class Skipped:
    number: str
    customer: str
    reason: str


@dataclass
class CollectionResult:
    """The files made (scheme -> XML bytes) and what went into them or was left out, and why."""

    collect_on: date
    version: str
    files: dict[str, bytes] = field(default_factory=dict)
    invoices: list[tuple[str, str, str, int]] = field(default_factory=list)  # number, scheme, sequence, cents
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def total_cents(self) -> int:
        return sum(item[3] for item in self.invoices)


# ---------------------------------------------------------------- the notice on the invoice


def record_notice(session: Session, invoice: Invoice) -> Notice | None:
    """Called when an invoice is issued: a recurring invoice of a customer with a live mandate says it
    will be collected, and when. Nothing is stored for any other invoice."""
    if invoice.kind != "invoice":
        return None
    creditor = direct_debit.get_creditor(session)  # first: a book without direct debit pays one lookup
    if creditor is None:
        return None
    made_by_template = session.scalar(
        select(RecurringOccurrence.id).where(RecurringOccurrence.invoice_id == invoice.id).limit(1)
    )
    if made_by_template is None:
        return None
    mandate = direct_debit.live_mandate(session, invoice.customer_id, invoice.issue_date, creditor.schemes)
    if mandate is None:
        return None
    notice = DirectDebitNotice(
        invoice_id=invoice.id,
        mandate_reference=mandate.reference,
        creditor_id=creditor.creditor_id,
        debtor_iban=mandate.debtor_iban,
        collect_on=dd.collection_date(invoice.issue_date, invoice.due_date, creditor.pre_notification_days),
    )
    session.add(notice)
    history.record(
        session,
        invoice.id,
        "direct_debit_announced",
        invoice.issue_date,
        mandate=mandate.reference,
        collect_on=notice.collect_on.isoformat(),
    )
    return Notice(notice.mandate_reference, notice.creditor_id, notice.debtor_iban, notice.collect_on)


def notice_of(session: Session, invoice_id: int) -> Notice | None:
    row = session.get(DirectDebitNotice, invoice_id)
    if row is None:
        return None
    return Notice(row.mandate_reference, row.creditor_id, row.debtor_iban, row.collect_on)


# ---------------------------------------------------------------- collecting


def _due(session: Session, collect_on: date) -> list[tuple[Invoice, DirectDebitNotice]]:
    """Issued invoices announced for collection on or before that day, never collected yet. One the bank
    sent back is not presented again by itself: it is open and goes the reminder way."""
    live = select(Collection.invoice_id)
    query = (
        select(Invoice, DirectDebitNotice)
        .join(DirectDebitNotice, DirectDebitNotice.invoice_id == Invoice.id)
        .where(Invoice.status == "issued", Invoice.kind == "invoice", DirectDebitNotice.collect_on <= collect_on)
        .where(Invoice.id.not_in(live))
        .order_by(DirectDebitNotice.collect_on, Invoice.number_year, Invoice.number_seq)
    )
    return [(inv, notice) for inv, notice in session.execute(query)]


def _message_id(session: Session, now: datetime) -> str:
    made = session.scalar(select(func.count(func.distinct(Collection.message_id)))) or 0
    return f"LD-DD-{now:%Y%m%d%H%M%S}-{made + 1}"


def _open_amounts(session: Session, invoices: list[Invoice]) -> dict[int, int]:
    """What is left to pay on each invoice, read in two grouped queries (the rule of `open_amount`)."""
    ids = [invoice.id for invoice in invoices]
    if not ids:
        return {}
    settled = dict(
        session.execute(
            select(Allocation.invoice_id, func.sum(Allocation.amount_cents))
            .where(Allocation.invoice_id.in_(ids))
            .group_by(Allocation.invoice_id)
        ).all()
    )
    credited = dict(
        session.execute(
            select(Invoice.credited_invoice_id, func.sum(Invoice.total_cents))
            .where(Invoice.kind == "credit_note", Invoice.status == "issued", Invoice.credited_invoice_id.in_(ids))
            .group_by(Invoice.credited_invoice_id)
        ).all()
    )
    return {
        invoice.id: open_amount(
            kind=invoice.kind,
            issued=True,
            total_cents=invoice.total_cents,
            settled_cents=int(settled.get(invoice.id) or 0),
            credited_cents=int(credited.get(invoice.id) or 0),
        )
        for invoice in invoices
    }


def candidates(session: Session, collect_on: date) -> tuple[list[tuple[Invoice, Mandate, int]], list[Skipped]]:
    """(invoice, mandate, cents to collect) for every invoice due for collection, and those left out."""
    setup = direct_debit.require_creditor(session)
    chosen: list[tuple[Invoice, Mandate, int]] = []
    skipped: list[Skipped] = []
    first_taken: set[int] = set()
    due = _due(session, collect_on)
    left_of = _open_amounts(session, [invoice for invoice, _ in due])
    customers = {invoice.customer_id for invoice, _ in due}
    by_reference: dict[tuple[int, str], Mandate] = {}
    if customers:
        for known in session.scalars(select(Mandate).where(Mandate.customer_id.in_(customers))):
            by_reference[(known.customer_id, known.reference)] = known
    for invoice, notice in due:
        customer = invoice.customer.name
        left = left_of[invoice.id]
        if left <= 0:
            continue  # paid otherwise (a transfer) or credited: nothing to collect
        mandate: Mandate | None = by_reference.get((invoice.customer_id, notice.mandate_reference))
        if mandate is None:  # the reference was amended since: the customer's live mandate carries it on
            mandate = direct_debit.live_mandate(session, invoice.customer_id, collect_on, setup.schemes)
        if mandate is None:
            skipped.append(Skipped(invoice.number or "", customer, "the customer has no live mandate"))
            continue
        if mandate.scheme not in setup.schemes:
            skipped.append(
                Skipped(
                    invoice.number or "",
                    customer,
                    f"your creditor agreement does not cover the {mandate.scheme} scheme",
                )
            )
            continue
        try:
            sequence = dd.sequence_for(_state(mandate), collect_on)
        except ValidationError as exc:
            skipped.append(Skipped(invoice.number or "", customer, str(exc)))
            continue
        if sequence in ("FRST", "OOFF") and mandate.id in first_taken:
            # Only one first (or one-off) collection per mandate at a time: the next ones follow as RCUR
            # in a later file, once the bank has seen the first.
            skipped.append(Skipped(invoice.number or "", customer, "waits until the first collection of its mandate"))
            continue
        first_taken.add(mandate.id)
        chosen.append((invoice, mandate, left))
    return chosen, skipped


def _state(mandate: Mandate) -> dd.MandateState:
    return dd.MandateState(mandate.recurrent, mandate.next_sequence, mandate.revoked_on, mandate.signed_on)


def collect(
    session: Session,
    collect_on: date,
    *,
    today: date,
    now: datetime | None = None,
    version: str | None = None,
    write: Callable[[dict[str, bytes]], None] | None = None,
) -> CollectionResult:
    """Make the collection files for every invoice due on `collect_on` and record the collections.

    `write` receives the files before anything is committed, so a file that cannot be written leaves
    the book as it was (the caller's transaction rolls back)."""
    setup = direct_debit.require_creditor(session)
    if collect_on < today:
        raise ValidationError("the collection date is in the past")
    if not dd.is_settlement_day(collect_on):
        day, following = collect_on.isoformat(), dd.next_settlement_day(collect_on).isoformat()
        raise ValidationError(
            f"no collection on {day}: the SEPA clearing does not settle on weekends and TARGET holidays; "
            f"the next day it does is {following}"
        )
    version = version or setup.pain_version
    company = session.get(Company, 1)
    if company is None:
        raise DomainError("the company is not set up yet")
    now = now or datetime.now()
    chosen, skipped = candidates(session, collect_on)
    result = CollectionResult(collect_on, version, skipped=skipped)
    if not chosen:
        return result
    message_id = _message_id(session, now)
    from ..sepa import pain008  # lxml: loaded when a file is written, not with every invoice window

    creditor = pain008.Creditor(
        name=company.name,
        address=address_of(
            Party(company.name, company.street, company.postcode, company.city, company.country), "the creditor"
        ),
        iban=setup.iban,
        bic=setup.bic,
        creditor_id=setup.creditor_id,
    )
    groups: dict[str, dict[str, list[pain008.Debit]]] = defaultdict(lambda: defaultdict(list))
    rows: list[tuple[Invoice, Mandate, int, str, str]] = []
    for number, (invoice, mandate, cents) in enumerate(chosen, start=1):
        sequence = dd.sequence_for(_state(mandate), collect_on)
        customer: Customer = invoice.customer
        end_to_end = f"{invoice.number}-{number}"[:35].replace("//", "/-")
        amendment = dd.Amendment.from_json(mandate.amendment)
        groups[mandate.scheme][sequence].append(
            pain008.Debit(
                end_to_end=end_to_end,
                amount_cents=cents,
                mandate_reference=mandate.reference,
                signed_on=mandate.signed_on,
                debtor_name=customer.name,
                debtor_iban=mandate.debtor_iban,
                debtor_bic=mandate.debtor_bic,
                debtor_address=address_of(
                    Party(customer.name, customer.street, customer.postcode, customer.city, customer.country),
                    f"the debtor {customer.name}",
                ),
                ogm=invoice.structured_communication,
                remittance=invoice.number or "",
                amendment=pain008.Amendment(amendment.original_reference, amendment.original_iban, amendment.other_bank)
                if amendment.any and sequence != "FRST" or amendment.other_bank
                else None,
            )
        )
        rows.append((invoice, mandate, cents, sequence, end_to_end))
    for scheme, by_sequence in sorted(groups.items()):
        batches = [
            pain008.Batch(scheme, sequence, collect_on, tuple(debits))
            for sequence, debits in sorted(by_sequence.items())
        ]
        result.files[scheme] = pain008.build(
            message_id=f"{message_id}-{scheme}", created_at=now, creditor=creditor, batches=batches, version=version
        )
    _record(session, rows, collect_on, f"{message_id}-", now, result)
    session.flush()
    if write is not None:
        write(result.files)
    return result


def _record(
    session: Session,
    rows: list[tuple[Invoice, Mandate, int, str, str]],
    collect_on: date,
    message_prefix: str,
    now: datetime,
    result: CollectionResult,
) -> None:
    """Record each collection with the payment it stands for, in bulk inserts (5,000 invoices in one file,
    as the statement import does): each payment settles exactly what was open, after the same check as
    `payments.allocate`, and the invoice's history says paid as it would."""
    first_id = (session.scalar(select(func.max(Payment.id))) or 0) + 1
    payments, allocations, collections, events = [], [], [], []
    for offset, (invoice, mandate, cents, sequence, end_to_end) in enumerate(rows):
        payment_id = first_id + offset
        check_allocation(cents, cents, cents)
        payments.append(
            {
                "id": payment_id,
                "date": collect_on,
                "amount_cents": cents,
                "method": "bank",
                "customer_id": invoice.customer_id,
                "counterparty_name": "",
                "counterparty_iban": mandate.debtor_iban,
                "communication": invoice.structured_communication or "",
                "note": f"SEPA direct debit {mandate.scheme} {sequence}, mandate {mandate.reference}",
                "created_at": now,
            }
        )
        allocations.append(
            {
                "payment_id": payment_id,
                "invoice_id": invoice.id,
                "amount_cents": cents,
                "date": collect_on,
                "created_at": now,
            }
        )
        collections.append(
            {
                "invoice_id": invoice.id,
                "mandate_id": mandate.id,
                "collect_on": collect_on,
                "scheme": mandate.scheme,
                "sequence": sequence,
                "end_to_end": end_to_end,
                "message_id": message_prefix + mandate.scheme,
                "amount_cents": cents,
                "payment_id": payment_id,
                "status": "collected",
                "reason": "",
                "created_at": now,
            }
        )
        amount = fmt_cents(cents)
        events.append(
            {
                "invoice_id": invoice.id,
                "at": now,
                "on_date": collect_on,
                "kind": "direct_debit_collected",
                "detail": {
                    "mandate": mandate.reference,
                    "sequence": sequence,
                    "amount": amount,
                    "file": message_prefix + mandate.scheme,
                },
            }
        )
        events.append(
            {
                "invoice_id": invoice.id,
                "at": now,
                "on_date": collect_on,
                "kind": "paid",
                "detail": {"payment_id": payment_id, "amount": amount, "method": "bank", "open": "0.00"},
            }
        )
        state = _state(mandate)
        if mandate.next_sequence != dd.after_collection(state) or mandate.amendment:
            session.add(
                MandateEvent(
                    mandate_id=mandate.id,
                    at=now,
                    on_date=collect_on,
                    kind="collected",
                    detail={"sequence": sequence, "invoice": invoice.number},
                )
            )
        mandate.next_sequence = dd.after_collection(state)
        mandate.amendment = None  # told to the bank once
        result.invoices.append((invoice.number or "", mandate.scheme, sequence, cents))
    session.execute(insert(Payment), payments)
    session.execute(insert(Allocation), allocations)
    session.execute(insert(Collection), collections)
    session.execute(insert(InvoiceEvent), events)


def file_names(base: str, schemes: list[str]) -> dict[str, str]:
    """One file per scheme: FILE.xml alone, or FILE-CORE.xml and FILE-B2B.xml when both are collected."""
    if len(schemes) == 1:
        return {schemes[0]: base}
    stem, dot, ext = base.rpartition(".")
    if not dot or "/" in ext:
        stem, ext = base, "xml"
    return {scheme: f"{stem}-{scheme}.{ext}" for scheme in schemes}


def terms_of(session: Session, invoice_id: int) -> dd.DirectDebitTerms | None:
    """The direct debit terms an issued invoice prints and puts in its e-invoice, or None."""
    notice = notice_of(session, invoice_id)
    if notice is None:
        return None
    return dd.DirectDebitTerms(notice.mandate_reference, notice.creditor_id, notice.debtor_iban, notice.collect_on)
