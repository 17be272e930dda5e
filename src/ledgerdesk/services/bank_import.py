"""Bank import: read a statement file, refuse it whole or book its new lines and certain matches.

One call is one transaction: a refused file, a foreign account or any error leaves
the book untouched. Duplicates are recognised by (account, statement year,
statement number, sequence, bank reference) — statement numbers restart every
January —, and across overlapping statements by the bank reference with its
amount and date; two genuine identical transfers differ in sequence and bank
reference and are both kept.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from .. import banking
from ..banking.model import BankLine as ParsedLine
from ..banking.model import Problem, Statement
from ..domain import matching
from ..domain.errors import DomainError
from ..domain.money import fmt_cents
from ..domain.payments import check_allocation
from ..persistence import queries
from ..persistence.models import (
    Allocation,
    BankLine,
    BankStatement,
    Company,
    ImportBatch,
    ImportedFile,
    InvoiceEvent,
    Payment,
    PaymentReferenceItem,
)
from . import direct_debit_returns, payments
from .purchase_matching import BillPaid, book_outgoing, book_refunds

log = logging.getLogger(__name__)

CHUNK = 2000  # lines written per statement: bounds the memory of a huge file's import


class StatementRefused(DomainError):
    """The file cannot be imported; `problems` lists every reason with its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "unknown problem"
        more = f" (and {len(self.problems) - 1} more problems)" if len(self.problems) > 1 else ""
        super().__init__(f"the statement file was refused, nothing was imported: {first}{more}")


class ForeignAccount(DomainError):
    def __init__(self, accounts: Sequence[str], own: str | None) -> None:
        self.accounts = list(accounts)
        own_text = f"the company's account is {own}" if own else "the company has no IBAN set"
        super().__init__(
            f"the statement is for account {', '.join(accounts)}, {own_text}; "
            f"import it anyway only if this account is yours"
        )


@dataclass(frozen=True, slots=True)
class PlannedLine:
    statement: int  # index into the plan's statements
    line: ParsedLine
    duplicate: bool
    outcome: matching.Outcome | None  # None for duplicates


@dataclass
class Plan:
    file_name: str
    file_format: str
    sha256: str
    statements: list[Statement]
    lines: list[PlannedLine]
    foreign_accounts: list[str] = field(default_factory=list)
    open_before: dict[int, int] = field(default_factory=dict)  # open cents per invoice when planned
    numbers: dict[int, str] = field(default_factory=dict)
    # The file read, so the import keeps its bytes (the accountant's pack hands them on); None for a plan
    # made from statements alone.
    path: Path | None = None

    @property
    def new(self) -> int:
        return sum(not p.duplicate for p in self.lines)

    @property
    def duplicates(self) -> int:
        return sum(p.duplicate for p in self.lines)

    def count(self, status: str) -> int:
        return sum(1 for p in self.lines if p.outcome is not None and p.outcome.status == status)


@dataclass(frozen=True)
class Matched:
    line_id: int
    sequence: str
    invoice_id: int
    invoice: str
    amount_cents: int


@dataclass
class ImportResult:
    batch_id: int | None
    plan: Plan
    matched: list[Matched]
    line_ids: list[int]
    # Direct debits the bank sent back in this statement, their invoices reopened.
    returned: list[direct_debit_returns.Applied] = field(default_factory=list)
    deposits: list[Any] = field(default_factory=list)  # quote_deposits.DepositReceived of the lines paying one
    bills_paid: list[BillPaid] = field(default_factory=list)  # suppliers' bills the money out paid
    # the bank's credits for collection files: set aside, not payments (the collections paid the invoices)
    collection_credits: list[direct_debit_returns.CollectionCredit] = field(default_factory=list)


def _identity(st: Statement, year: int, line: ParsedLine) -> tuple[str, int, str, str, str]:
    return (st.account, year, st.number, line.sequence, line.bank_reference)


def _fingerprint(account: str, line: ParsedLine) -> tuple | None:
    if not line.bank_reference:
        return None
    detail = line.sequence.partition("/")[2]
    return (account, line.bank_reference, detail, line.amount_cents, line.booking_date)


def _remember(seen: dict, fp: tuple, key: tuple[str, int]) -> None:  # type: ignore[type-arg]
    known = seen.get(fp)
    if known is None:
        seen[fp] = key
    elif isinstance(known, set):
        known.add(key)
    elif known != key:
        seen[fp] = {known, key}


def _elsewhere(known: tuple[str, int] | set[tuple[str, int]] | None, key: tuple[str, int]) -> bool:
    """Booked under another statement than `key`."""
    if known is None:
        return False
    if isinstance(known, set):
        return bool(known - {key})
    return known != key


def build_matcher(session: Session, as_of: date) -> matching.Matcher:
    """Open invoices, grouped references and known payers, read in four queries.

    Open amounts count every allocation, also those dated after `as_of` (a statement
    booked ahead of the clock): allocating checks against the same full amount.
    """
    items = [
        matching.OpenItem(
            r.id,
            r.number or "",
            r.customer_id,
            r.customer,
            r.issue_date,
            r.due_date,
            r.open_cents,
            r.structured_communication,
        )
        for r in queries.list_invoices(session, date.max, status="open")
    ]
    groups: dict[str, list[int]] = defaultdict(list)
    for ref, invoice_id in session.execute(
        select(PaymentReferenceItem.reference, PaymentReferenceItem.invoice_id).order_by(PaymentReferenceItem.position)
    ):
        groups[ref].append(invoice_id)
    by_iban: dict[str, set[int]] = defaultdict(set)
    by_name: dict[str, set[int]] = defaultdict(set)
    for cid, iban, name in session.execute(
        select(Payment.customer_id, Payment.counterparty_iban, Payment.counterparty_name)
        .where(Payment.customer_id.is_not(None))
        .distinct()
    ):
        if cid is None:  # excluded by the query
            continue
        if iban:
            by_iban[iban].add(cid)
        if name and (normal := matching.normal_name(name)):
            by_name[normal].add(cid)
    return matching.Matcher(items, groups, by_iban, by_name)


def read(path: Path) -> tuple[list[Statement], str, str]:
    """Statements of a file with its format and checksum, or StatementRefused."""
    path = Path(path)
    statements, problems = banking.read_file(path)
    if problems:
        raise StatementRefused(problems)
    bad_currency = [s for s in statements if s.currency and s.currency != "EUR"]
    if bad_currency:
        raise StatementRefused(
            [
                Problem(path.name, f"statement {s.number}", f"is in {s.currency}; LedgerDesk books euro only")
                for s in bad_currency
            ]
        )
    with open(path, "rb") as fh:  # streamed: a 200 MB statement is not held twice
        sha = hashlib.file_digest(fh, "sha256").hexdigest()
    return statements, statements[0].format, sha


def plan(
    session: Session,
    statements: list[Statement],
    *,
    today: date,
    file_name: str = "",
    file_format: str = "",
    sha256: str = "",
) -> Plan:
    """What an import would do, line by line; writes nothing."""
    company = session.get(Company, 1)
    own = (company.iban or "").replace(" ", "").upper() if company else ""
    foreign = sorted({s.account for s in statements if s.account.upper() != own})
    accounts = {s.account for s in statements}
    # Only what an overlap could touch is read: the same statement numbers, the same booking days.
    numbers = {s.number for s in statements}
    years = [s.year for s in statements]
    days = [line.booking_date for s in statements for line in s.lines] or [date.min]
    seen_ids = {
        tuple(row)
        for row in session.execute(
            select(
                BankLine.account,
                BankLine.statement_year,
                BankLine.statement_number,
                BankLine.sequence,
                BankLine.bank_reference,
            ).where(
                BankLine.account.in_(accounts),
                BankLine.statement_number.in_(numbers),
                BankLine.statement_year.in_(set(years)),
            )
        )
    }
    # fingerprint -> the statement (number, year) it was booked under, or a set of them when several: a
    # fingerprint only marks a duplicate across statements (an overlap); inside one statement two equal
    # lines are two payments, even when a bank reuses a reference. (One key, not a set per line: a
    # 300,000-line statement.)
    seen_prints: dict[tuple, tuple[str, int] | set[tuple[str, int]]] = {}
    for a, ref, seq, cents, day, number, year in session.execute(
        select(
            BankLine.account,
            BankLine.bank_reference,
            BankLine.sequence,
            BankLine.amount_cents,
            BankLine.booking_date,
            BankLine.statement_number,
            BankLine.statement_year,
        ).where(
            BankLine.account.in_(accounts),
            BankLine.bank_reference != "",
            BankLine.booking_date.between(min(days), max(days)),
        )
    ):
        _remember(seen_prints, (a, ref, seq.partition("/")[2], cents, day), (number, year))
    matcher = build_matcher(session, today)
    planned: list[PlannedLine] = []
    for index, st in enumerate(statements):
        key = (st.number, years[index])
        for line in st.lines:
            ident, fp = _identity(st, years[index], line), _fingerprint(st.account, line)
            overlap = fp is not None and _elsewhere(seen_prints.get(fp), key)
            if ident in seen_ids or overlap:
                planned.append(PlannedLine(index, line, True, None))
                continue
            seen_ids.add(ident)
            if fp is not None:
                _remember(seen_prints, fp, key)
            facts = matching.LineFacts(
                line.amount_cents,
                line.ogm,
                line.communication,
                line.counterparty_iban,
                line.counterparty_name,
                line.rf_reference,
            )
            planned.append(PlannedLine(index, line, False, matcher.match(facts)))
    return Plan(
        file_name,
        file_format,
        sha256,
        statements,
        planned,
        foreign,
        {i: item.open_cents for i, item in matcher.items.items()},
        {i: item.number for i, item in matcher.items.items()},
    )


def preview_file(session: Session, path: Path, *, today: date) -> Plan:
    statements, fmt, sha = read(path)
    the_plan = plan(session, statements, today=today, file_name=Path(path).name, file_format=fmt, sha256=sha)
    the_plan.path = Path(path)
    return the_plan


def import_file(
    session: Session, path: Path, *, today: date, accept_account: bool = False, now: datetime | None = None
) -> ImportResult:
    """Read, check and book one statement file in the caller's transaction; a line paying a quote's
    deposit accepts the quote and gets its advance invoice (services.quote_deposits)."""
    from .quote_deposits import receive_deposits

    result = apply(
        session, preview_file(session, path, today=today), today=today, accept_account=accept_account, now=now
    )
    result.deposits.extend(receive_deposits(session, result.batch_id, today=today, now=now))
    return result


def apply(
    session: Session, the_plan: Plan, *, today: date, accept_account: bool = False, now: datetime | None = None
) -> ImportResult:
    """Book a plan made in this same transaction.

    Certain matches are written in bulk (payments, allocations, history events) rather
    than through `payments.allocate` one by one: a 10,000-line statement must import in
    under 2 s. Each allocation is still checked with the same domain rule
    (`check_allocation`) against open amounts read in this transaction.
    """
    if the_plan.foreign_accounts and not accept_account:
        company = session.get(Company, 1)
        raise ForeignAccount(the_plan.foreign_accounts, company.iban if company else None)
    now = now or datetime.now()
    new = [p for p in the_plan.lines if not p.duplicate]
    if not new:
        return ImportResult(None, the_plan, [], [])
    batch = ImportBatch(
        file_name=the_plan.file_name,
        file_format=the_plan.file_format,
        file_sha256=the_plan.sha256,
        imported_on=today,
        imported_at=now,
        new_lines=len(new),
        duplicate_lines=the_plan.duplicates,
    )
    session.add(batch)
    session.flush()
    _keep_original(session, the_plan, batch.id)
    statement_ids: dict[int, int] = {}
    for index in sorted({p.statement for p in new}):
        st = the_plan.statements[index]
        row = BankStatement(
            batch_id=batch.id,
            account=st.account,
            currency=st.currency or "EUR",
            number=st.number,
            opening_date=st.opening_date,
            opening_cents=st.opening_balance_cents,
            closing_date=st.closing_date,
            closing_cents=st.closing_balance_cents,
            holder=st.holder,
            free_message=st.free_message,
        )
        session.add(row)
        session.flush()
        statement_ids[index] = row.id
    # Written in chunks: a 200 MB statement's rows never all exist at once as dicts (memory stays bounded);
    # ids are given in file order, payments before the lines that point to them.
    first_line, next_payment = _next_id(session, BankLine), _next_id(session, Payment)
    line_ids = list(range(first_line, first_line + len(new)))
    open_now = dict(the_plan.open_before)
    matched: list[Matched] = []
    for start in range(0, len(new), CHUNK):
        part = new[start : start + CHUNK]
        line_rows = [_line_values(the_plan, p, batch.id, statement_ids[p.statement]) for p in part]
        certain = [(i, p) for i, p in enumerate(part) if p.outcome is not None and p.outcome.certain is not None]
        if certain:
            payment_ids = list(range(next_payment, next_payment + len(certain)))
            next_payment += len(certain)
            session.execute(
                insert(cast(Table, Payment.__table__)),
                [
                    {"id": pid, **_payment_values(line_rows[i], p.outcome.certain.customer_id, now)}  # type: ignore[union-attr]
                    for (i, p), pid in zip(certain, payment_ids, strict=False)
                ],
            )
            allocations, events = [], []
            for (i, p), payment_id in zip(certain, payment_ids, strict=False):
                line_rows[i]["payment_id"] = payment_id
                left_of_payment = p.line.amount_cents
                for invoice_id, cents in p.outcome.certain.allocations:  # type: ignore[union-attr]
                    check_allocation(cents, open_now.get(invoice_id, 0), left_of_payment)
                    open_now[invoice_id] -= cents
                    left_of_payment -= cents
                    allocations.append(
                        {
                            "payment_id": payment_id,
                            "invoice_id": invoice_id,
                            "amount_cents": cents,
                            "date": p.line.booking_date,
                            "created_at": now,
                        }
                    )
                    events.append(
                        {
                            "invoice_id": invoice_id,
                            "at": now,
                            "on_date": p.line.booking_date,
                            "kind": "paid" if open_now[invoice_id] == 0 else "partly_paid",
                            "detail": {
                                "payment_id": payment_id,
                                "amount": fmt_cents(cents),
                                "method": "bank",
                                "open": fmt_cents(open_now[invoice_id]),
                            },
                        }
                    )
                    matched.append(
                        Matched(
                            line_ids[start + i],
                            p.line.sequence,
                            invoice_id,
                            the_plan.numbers.get(invoice_id, ""),
                            cents,
                        )
                    )
            session.execute(insert(cast(Table, Allocation.__table__)), allocations)
            session.execute(insert(cast(Table, InvoiceEvent.__table__)), events)
        for k, line_row in enumerate(line_rows):
            line_row["id"] = line_ids[start + k]
        session.execute(insert(cast(Table, BankLine.__table__)), line_rows)
    # Collections the bank sent back (SEPA direct debit R-transactions) reopen their invoices.
    returned = direct_debit_returns.apply_statement(session, the_plan.path, [p.line for p in new], today=today, now=now)
    # Money out may pay the suppliers' bills (services.purchase_matching): booked when certain.
    bills_paid = book_outgoing(session, line_ids, now=now)
    # Money in from a supplier refunds its credit notes (not a customer's payment to review).
    bills_paid += book_refunds(session, line_ids, now=now)
    credits = direct_debit_returns.settle_collection_credits(session, line_ids)
    return ImportResult(
        batch.id, the_plan, matched, line_ids, returned, bills_paid=bills_paid, collection_credits=credits
    )


def _keep_original(session: Session, the_plan: Plan, batch_id: int) -> None:
    """Keep the imported file's bytes with its batch, when they are still the bytes that were planned.

    A file changed between the preview and the import is not kept under the planned checksum (the pack
    would hand on a file that is not the one booked); the batch then has no original, as older imports."""
    if the_plan.path is None:
        return
    try:
        content = the_plan.path.read_bytes()
    except OSError:
        log.warning("the statement file %s could not be read again to keep it", the_plan.path)
        return
    if hashlib.sha256(content).hexdigest() != the_plan.sha256:
        log.warning("the statement file %s changed after its preview; its bytes are not kept", the_plan.path)
        return
    session.add(ImportedFile(batch_id=batch_id, content=content))


def _next_id(session: Session, model: type) -> int:
    """Ids are given explicitly so a bulk insert needs no RETURNING (which SQLite runs row by row);
    safe because the write transaction holds the database's write lock."""
    return int(session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1  # type: ignore[attr-defined]


def _line_values(the_plan: Plan, p: PlannedLine, batch_id: int, statement_id: int) -> dict[str, object]:
    st, line, outcome = the_plan.statements[p.statement], p.line, p.outcome
    assert outcome is not None
    return {
        "statement_id": statement_id,
        "batch_id": batch_id,
        "account": st.account,
        "statement_number": st.number,
        "statement_year": st.year,
        "sequence": line.sequence,
        "bank_reference": line.bank_reference,
        "booking_date": line.booking_date,
        "value_date": line.value_date,
        "amount_cents": line.amount_cents,
        "counterparty_name": line.counterparty_name[:200],
        "counterparty_iban": line.counterparty_iban[:34],
        "counterparty_bic": line.counterparty_bic[:11],
        "ogm": line.ogm,
        "rf_reference": line.rf_reference,
        "communication": line.communication,
        "end_to_end": line.end_to_end[:35],
        "transaction_code": line.transaction_code[:35],
        "status": outcome.status,
        "reason": outcome.reason,
        "reason_data": outcome.why.as_json(),
        "suggestions": [c.as_json() for c in outcome.candidates],
        "payment_id": None,
    }


def _payment_values(line: dict[str, object], customer_id: int, now: datetime) -> dict[str, object]:
    ogm = line["ogm"]
    return {
        "date": line["booking_date"],
        "amount_cents": line["amount_cents"],
        "method": "bank",
        "customer_id": customer_id,
        "counterparty_name": line["counterparty_name"],
        "counterparty_iban": line["counterparty_iban"],
        "communication": f"+++{ogm[:3]}/{ogm[3:7]}/{ogm[7:]}+++"
        if isinstance(ogm, str)
        else f"{line['rf_reference'] or ''} {line['communication']}".strip(),
        "note": f"bank statement {line['statement_number']}, line {line['sequence']}",
        "created_at": now,
    }


def payment_data(line: BankLine, customer_id: int | None) -> payments.PaymentData:
    return payments.PaymentData(
        date=line.booking_date,
        amount_cents=line.amount_cents,
        method="bank",
        customer_id=customer_id,
        counterparty_name=line.counterparty_name,
        counterparty_iban=line.counterparty_iban,
        communication=line.communication if not line.ogm else f"+++{line.ogm[:3]}/{line.ogm[3:7]}/{line.ogm[7:]}+++",
        note=f"bank statement {line.statement_number}, line {line.sequence}",
    )


def last_import_date(session: Session) -> date | None:
    """The day of the most recent statement import, or None when nothing was ever imported."""
    return session.scalar(select(func.max(ImportBatch.imported_on)))
