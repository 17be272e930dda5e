"""The reminder run: propose grouped letters for a date, review them, confirm and record them.

`propose` only reads: running it twice the same day gives the same result, and it can be
run for any date (after days with the app closed it proposes what is due now). `confirm`
re-proposes with the user's edits inside its own transaction, so what is recorded is
exactly what the rules allow on that day — never a stale proposal held by a window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..domain import references
from ..domain.dunning import (
    Due,
    Level,
    Message,
    Reminded,
    Scenario,
    claim_for,
    consumer_may_charge,
    next_level,
    pay_by_date,
)
from ..domain.errors import DomainError
from ..domain.late_payment import InterestPeriod
from ..domain.money import fmt_cents
from ..domain.pending_payments import OpenInvoice, UnresolvedLine, may_have_arrived
from ..persistence import queries
from ..persistence.models import (
    CallTask,
    Customer,
    Invoice,
    NumberSeries,
    ReminderLetter,
    ReminderLetterItem,
    ReminderRun,
)
from ..persistence.reminder_queries import (
    customer_credits,
    letters_including,
    paid_counts,
    payments_of,
    reminder_history,
)
from . import history, payment_references
from .collection import holds_for
from .company import get_setting, int_setting
from .dunning_setup import (
    NEW_CUSTOMER_PAID_KEY,
    NEW_CUSTOMER_SCENARIO_KEY,
    bank_delay_days,
    max_bank_age_days,
    rate_table,
    scenario_for,
    scenarios,
)

SERIES = "reminder"
RECENT_PAID_DAYS = 60  # reminded invoices paid this recently are listed as skipped, so the user sees why
CALL_AFTER_DAYS = 7


@dataclass(frozen=True)
class Edits:
    """The user's review: invoices dropped, levels changed, a note per customer, the bank check overridden."""

    dropped: frozenset[int] = frozenset()
    levels: Mapping[int, int] = field(default_factory=dict)
    notes: Mapping[int, str] = field(default_factory=dict)
    override_bank_check: bool = False


@dataclass(frozen=True)
class ProposedItem:
    invoice_id: int
    number: str
    issue_date: date
    due_date: date
    level: int
    open_cents: int
    fee_cents: int
    interest_cents: int
    warnings: tuple[Message, ...] = ()
    interest_periods: tuple[InterestPeriod, ...] = ()

    @property
    def total_cents(self) -> int:
        return self.open_cents + self.fee_cents + self.interest_cents


@dataclass(frozen=True)
class ProposedLetter:
    customer_id: int
    customer: str
    kind: str
    language: str
    scenario_code: str
    level: int
    channel: str
    pay_by: date
    number: str
    structured_communication: str
    items: tuple[ProposedItem, ...]
    note: str = ""
    call_task: bool = False

    @property
    def open_cents(self) -> int:
        return sum(i.open_cents for i in self.items)

    @property
    def fee_cents(self) -> int:
        return sum(i.fee_cents for i in self.items)

    @property
    def interest_cents(self) -> int:
        return sum(i.interest_cents for i in self.items)

    @property
    def total_cents(self) -> int:
        return sum(i.total_cents for i in self.items)


@dataclass(frozen=True)
class Skipped:
    invoice_id: int
    number: str
    customer: str
    why: Message

    @property
    def reason(self) -> str:
        return str(self.why)


@dataclass(frozen=True)
class Proposal:
    as_of: date
    letters: tuple[ProposedLetter, ...]
    skipped: tuple[Skipped, ...]
    warnings: tuple[Message, ...] = ()
    blocked: bool = False  # bank statements too old and not overridden

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "warnings": [str(w) for w in self.warnings],
            "letters": [
                {
                    "customer": letter.customer,
                    "number": letter.number,
                    "level": letter.level,
                    "channel": letter.channel,
                    "total": fmt_cents(letter.total_cents),
                    "structured_communication": references.format(letter.structured_communication),
                    "pay_by": letter.pay_by.isoformat(),
                    "invoices": [
                        {
                            "number": i.number,
                            "level": i.level,
                            "open_amount": fmt_cents(i.open_cents),
                            "fee": fmt_cents(i.fee_cents),
                            "interest": fmt_cents(i.interest_cents),
                        }
                        for i in letter.items
                    ],
                }
                for letter in self.letters
            ],
            "skipped": [{"number": s.number, "customer": s.customer, "reason": s.reason} for s in self.skipped],
        }


def last_bank_import(session: Session) -> date | None:
    try:
        from .bank_import import last_import_date  # type: ignore[import-not-found]
    except ImportError:
        return None
    return last_import_date(session)


def _bank_check(session: Session, as_of: date) -> tuple[list[Message], Message | None]:
    last = last_bank_import(session)
    limit = max_bank_age_days(session)
    if last is None:
        return [
            Message.of("no bank statement has been imported yet: make sure every payment is booked before reminding")
        ], None
    if (as_of - last).days > limit:
        why = Message.of(
            "bank statements last imported on {date} (more than {days} days ago)", date=last.isoformat(), days=limit
        )
        warning = Message.of(
            "bank statements last imported on {date} (more than {days} days ago): import the latest statements first, "
            "or override",
            date=last.isoformat(),
            days=limit,
        )
        return [warning], why
    return [], None


def propose(session: Session, as_of: date, edits: Edits = Edits()) -> Proposal:
    """One grouped letter per customer with every open invoice due for a level on `as_of`, and
    every invoice left out with the reason. Reads only; the same day gives the same answer."""
    known = scenarios(session)
    rates = rate_table(session)
    bank_delay = bank_delay_days(session)
    warnings, stale = _bank_check(session, as_of)
    blocked = stale is not None and not edits.override_bank_check
    reminded = reminder_history(session, as_of)
    holds = holds_for(session, as_of)
    stored_code = get_setting(session, NEW_CUSTOMER_SCENARIO_KEY)
    new_code = stored_code if isinstance(stored_code, str) else None
    new_threshold = int_setting(session, NEW_CUSTOMER_PAID_KEY, 0)
    customers = {c.id: c for c in session.scalars(select(Customer))}
    paid = paid_counts(session, as_of) if new_code and new_threshold > 0 else {}
    skipped: list[Skipped] = []
    by_customer: dict[int, list[tuple[ProposedItem, Level]]] = defaultdict(list)
    chosen: dict[int, Scenario] = {}

    open_rows = [r for r in queries.list_invoices(session, as_of, status="open") if r.due_date is not None]
    overdue_by_customer: dict[int, int] = defaultdict(int)
    for row in open_rows:
        if row.due_date is not None and row.due_date < as_of:
            overdue_by_customer[row.customer_id] += row.open_cents
    credit = customer_credits(session, as_of)
    arrived = _payments_on_their_way(session, open_rows, as_of)
    partly_paid = payments_of(session, [r.id for r in open_rows if r.settled_cents], as_of)
    for row in open_rows:
        due_date = row.due_date
        if due_date is None:  # kept out of open_rows above; said again for the type checker
            continue
        customer = customers[row.customer_id]
        if row.customer_id not in chosen:
            is_new = bool(new_code) and new_threshold > 0 and paid.get(row.customer_id, 0) < new_threshold
            chosen[row.customer_id] = scenario_for(
                known, customer.kind, customer.dunning_scenario, is_new=is_new, new_code=new_code
            )
        scenario = chosen[row.customer_id]
        levels = scenario.active_levels()
        number = row.number or ""

        def skip(why: Message) -> None:
            skipped.append(Skipped(row.id, number, row.customer, why))  # noqa: B023 - called in this iteration

        if not levels or due_date >= as_of:
            continue  # not overdue (or a scenario that never reminds): nothing worth telling
        first_on = due_date + timedelta(days=levels[0].days)
        if as_of < first_on:  # overdue, but the first letter waits: say until when, not nothing
            skip(
                Message.of(
                    "overdue; level {level} is due from {date}", level=levels[0].number, date=first_on.isoformat()
                )
            )
            continue
        past = reminded.get(row.id, [])
        hold = holds.get(row.id)

        if any(r.on >= as_of for r in past):
            skip(Message.of("already reminded on {date}", date=max(r.on for r in past).isoformat()))
            continue
        if blocked:
            skip(stale)  # type: ignore[arg-type]
            continue
        if row.id in edits.dropped:
            skip(Message.of("dropped in review"))
            continue
        if hold is not None and hold.holding:
            skip(hold.why)  # type: ignore[arg-type]
            continue
        if row.id in arrived:
            skip(arrived[row.id].why())
            continue
        if credit.get(row.customer_id, 0) >= overdue_by_customer[row.customer_id] > 0:
            skip(
                Message.of(
                    "unallocated payments of {amount} cover the overdue total",
                    amount=fmt_cents(credit[row.customer_id]),
                )
            )
            continue
        history_before = [r for r in past if r.on < as_of]
        if row.id in edits.levels:
            level = _edited_level(scenario, edits.levels[row.id], history_before, due_date, as_of)
            due = Due(level)
        else:
            due = next_level(
                scenario,
                due_date,
                history_before,
                as_of,
                escalated_on=hold.broken_on if hold else None,  # type: ignore[arg-type]
                bank_delay_days=bank_delay,
            )
        if due.level is None:
            skip(due.why)  # type: ignore[arg-type]
            continue
        claim = claim_for(
            scenario,
            due.level,
            row.open_cents,
            due_date,
            as_of,
            rates,
            history_before,  # type: ignore[arg-type]
            partly_paid.get(row.id, ()),
        )
        item = ProposedItem(
            row.id,
            number,
            row.issue_date,
            due_date,
            due.level.number,
            row.open_cents,  # type: ignore[arg-type]
            claim.fee_cents,
            claim.interest_cents,
            claim.warnings,
            claim.periods,
        )
        by_customer[row.customer_id].append((item, due.level))

    skipped.extend(_recently_settled(session, as_of, reminded, {r.id for r in open_rows}))
    letters = _letters(session, as_of, by_customer, customers, chosen, edits)
    for letter in letters:
        for item in letter.items:
            warnings.extend(
                w for w in item.warnings if w not in warnings and w.template.startswith("no published rate")
            )
    return Proposal(as_of, tuple(letters), tuple(skipped), tuple(warnings), blocked)


def _payments_on_their_way(session: Session, open_rows, as_of: date):  # type: ignore[no-untyped-def]
    """invoice id -> the unresolved bank line that may pay it (read through the review queue's service)."""
    from .bank_review import bank_lines

    lines = [
        UnresolvedLine(
            row.id,
            row.booking_date,
            row.amount_cents,
            row.counterparty or "",
            row.communication or "",
            row.ogm,
            frozenset(invoice_id for p in row.proposals for invoice_id, _ in p.allocations),
        )
        for row in bank_lines(session, statuses=("review", "unmatched"))
        if row.amount_cents > 0
    ]
    if not lines:
        return {}
    letters = letters_including(session)
    invoices = [
        OpenInvoice(
            r.id, r.number or "", r.issue_date, r.open_cents, r.structured_communication, tuple(letters.get(r.id, ()))
        )
        for r in open_rows
    ]
    return may_have_arrived(invoices, lines, as_of)


def _edited_level(scenario: Scenario, number: int, history_before: list[Reminded], due: date, as_of: date) -> Level:
    """A level chosen by hand; refused when it would charge a consumer before the law allows."""
    level = scenario.level(number)
    if scenario.kind == "consumer" and level.charges and not consumer_may_charge(scenario, history_before, as_of):
        raise DomainError(f"level {number} would charge a consumer before the free reminder's period has run out")
    return level


def _recently_settled(
    session: Session, as_of: date, reminded: dict[int, list[Reminded]], still_open: set[int]
) -> list[Skipped]:
    since = as_of - timedelta(days=RECENT_PAID_DAYS)
    # Invoices still open are not settled: leave them out before the (costly) open-amount query.
    ids = [i for i, past in reminded.items() if i not in still_open and since <= max(r.on for r in past) < as_of]
    if not ids:
        return []
    result = []
    for chunk in range(0, len(ids), 500):
        query = queries.invoices_query(as_of).where(Invoice.id.in_(ids[chunk : chunk + 500]))
        for raw in session.execute(query):
            row = queries.to_row(raw, as_of)
            if row.status in ("paid", "credited"):
                result.append(Skipped(row.id, row.number or "", row.customer, Message.of(row.status)))
    return result


def _letters(session, as_of, by_customer, customers, chosen, edits) -> list[ProposedLetter]:  # type: ignore[no-untyped-def]
    year = as_of.year
    seq = (
        session.scalar(select(NumberSeries.last_seq).where(NumberSeries.kind == SERIES, NumberSeries.year == year)) or 0
    )
    letters = []
    for customer_id in sorted(by_customer, key=lambda c: (customers[c].name.casefold(), c)):
        entries = sorted(by_customer[customer_id], key=lambda e: (e[0].due_date, e[0].issue_date, e[0].number))
        scenario = chosen[customer_id]
        top = max((lv for _, lv in entries), key=lambda lv: lv.number)
        pay_by = max(pay_by_date(scenario, lv, as_of) for _, lv in entries)
        seq += 1
        customer = customers[customer_id]
        letters.append(
            ProposedLetter(
                customer_id=customer_id,
                customer=customer.name,
                kind=customer.kind,
                language=customer.language,
                scenario_code=scenario.code,
                level=top.number,
                channel=top.channel,
                pay_by=pay_by,
                number=letter_number(year, seq),
                structured_communication=references.for_document(year, references.REMINDER_LETTER, seq),
                items=tuple(item for item, _ in entries),
                note=edits.notes.get(customer_id, ""),
                call_task=any(lv.call_task for _, lv in entries),
            )
        )
    return letters


def letter_number(year: int, seq: int) -> str:
    return f"R{year}-{seq:04d}"


@dataclass(frozen=True)
class Confirmed:
    run_id: int | None
    letter_ids: tuple[int, ...]
    call_task_ids: tuple[int, ...] = ()
    warnings: tuple[Message, ...] = ()  # the proposal's, e.g. a semester charged without its published rate


def confirm(session: Session, as_of: date, edits: Edits = Edits(), *, now: datetime | None = None) -> Confirmed:
    """Record the (edited) proposals of a date: letters, their references, history, call tasks."""
    from .collection import settle_holds

    proposal = propose(session, as_of, edits)
    settle_holds(session, as_of)
    if not proposal.letters:
        return Confirmed(None, ())
    now = now or datetime.now()
    run = ReminderRun(run_date=as_of, confirmed_at=now)
    session.add(run)
    session.flush()
    letter_ids, task_ids = [], []
    for proposed in proposal.letters:
        seq = _take_seq(session, as_of.year)
        if letter_number(as_of.year, seq) != proposed.number:
            raise DomainError("reminder numbers changed while confirming; propose again")
        letter = ReminderLetter(
            run_id=run.id,
            letter_date=as_of,
            customer_id=proposed.customer_id,
            number=proposed.number,
            year=as_of.year,
            seq=seq,
            scenario_code=proposed.scenario_code,
            level=proposed.level,
            channel=proposed.channel,
            language=proposed.language,
            structured_communication=proposed.structured_communication,
            open_cents=proposed.open_cents,
            fee_cents=proposed.fee_cents,
            interest_cents=proposed.interest_cents,
            total_cents=proposed.total_cents,
            pay_by=proposed.pay_by,
            note=proposed.note,
            created_at=now,
            items=[
                ReminderLetterItem(
                    invoice_id=i.invoice_id,
                    position=n,
                    level=i.level,
                    open_cents=i.open_cents,
                    fee_cents=i.fee_cents,
                    interest_cents=i.interest_cents,
                )
                for n, i in enumerate(proposed.items)
            ],
        )
        session.add(letter)
        session.flush()
        # The letter's own OGM pays the whole group: the bank import allocates it oldest first.
        payment_references.register(
            session,
            proposed.structured_communication,
            [i.invoice_id for i in proposed.items],
            on=as_of,
            source=f"reminder letter {proposed.number}",
        )
        for item in proposed.items:
            history.record(
                session,
                item.invoice_id,
                "reminded",
                as_of,
                letter=proposed.number,
                level=item.level,
                channel=proposed.channel,
                open=fmt_cents(item.open_cents),
                fee=fmt_cents(item.fee_cents),
                interest=fmt_cents(item.interest_cents),
                structured_communication=proposed.structured_communication,
                # How the interest was reckoned, as printed on the letter (a later rate change must not alter it).
                interest_periods=[p.as_json() for p in item.interest_periods],
            )
        if proposed.call_task or proposed.channel == "call":
            task = CallTask(
                customer_id=proposed.customer_id,
                letter_id=letter.id,
                due_date=as_of + timedelta(days=CALL_AFTER_DAYS),
                note=f"{proposed.number}: {fmt_cents(proposed.total_cents)} due by {proposed.pay_by.isoformat()}",
                created_on=as_of,
            )
            session.add(task)
            session.flush()
            task_ids.append(task.id)
            for item in proposed.items:  # the call is part of each invoice's story too
                history.record(
                    session, item.invoice_id, "call_task", as_of, due=task.due_date.isoformat(), note=proposed.number
                )
        letter_ids.append(letter.id)
    return Confirmed(run.id, tuple(letter_ids), tuple(task_ids), proposal.warnings)


def _take_seq(session: Session, year: int) -> int:
    if session.get(NumberSeries, (SERIES, year)) is None:
        session.add(NumberSeries(kind=SERIES, year=year, last_seq=0))
        session.flush()
    session.execute(
        update(NumberSeries)
        .where(NumberSeries.kind == SERIES, NumberSeries.year == year)
        .values(last_seq=NumberSeries.last_seq + 1)
    )
    seq = session.scalar(select(NumberSeries.last_seq).where(NumberSeries.kind == SERIES, NumberSeries.year == year))
    assert seq is not None
    return seq
