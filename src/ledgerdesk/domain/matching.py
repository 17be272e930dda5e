"""Scoring bank lines against open items: certain matches to allocate, candidates to review.

Pure: it gets open items, grouped references and known payers as plain values and
keeps its own running open amounts, so several lines of one import that pay the
same invoice never over-allocate it. Only a structured communication (OGM) that is
exactly an open invoice's, or a grouped reference's, is certain; everything else is
a scored suggestion with a reason a person can check.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from . import references
from .money import fmt_cents

_DIGIT = re.compile(r"\d")
MIN_SCORE = 30
MAX_CANDIDATES = 5
MONEY_KEYS = frozenset({"left", "extra", "amount"})  # reason values that are amounts ('114.78')


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a line matched, as message templates with values, so each reader gets their language.

    `text()` is the English sentence (CLI, JSON, logs); `text(_)` translates every part.
    """

    parts: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]

    def text(self, translate: Callable[[str], str] = lambda s: s, amount: Callable[[str], str] | None = None) -> str:
        """`amount` re-writes the money values ('114.78') the reader's way ('114,78')."""
        if amount is None:  # the common case (every imported line's English reason): keep it cheap
            return "; ".join(translate(key).format(**dict(args)) for key, args in self.parts)
        return "; ".join(
            translate(key).format(**{k: amount(v) if k in MONEY_KEYS else v for k, v in args})
            for key, args in self.parts
        )

    def __add__(self, other: Reason) -> Reason:
        return Reason(self.parts + other.parts)

    def as_json(self) -> list[list[object]]:
        return [[key, dict(args)] for key, args in self.parts]

    @classmethod
    def from_json(cls, data: Sequence[Sequence[object]]) -> Reason:
        return cls(tuple((str(key), tuple(sorted(dict(args).items()))) for key, args in data))  # type: ignore[call-overload]


def because(key: str, **values: object) -> Reason:
    return Reason(((key, tuple(sorted((k, str(v)) for k, v in values.items()))),))


@dataclass(frozen=True)
class OpenItem:
    invoice_id: int
    number: str
    customer_id: int
    customer_name: str
    issue_date: date
    due_date: date | None
    open_cents: int
    ogm: str | None


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What matching needs of a bank line."""

    amount_cents: int
    ogm: str | None = None
    communication: str = ""
    counterparty_iban: str = ""
    counterparty_name: str = ""
    rf_reference: str | None = None  # ISO 11649, compact ('RF18539007547034')


def ogm_in_rf(rf: str | None) -> str | None:
    """The 12 OGM digits an RF reference wraps ('RFxx' + a valid structured communication), else None.

    Some invoicing tools and banking apps turn the Belgian structured communication
    into an international RF reference; its payload is then still the invoice's OGM.
    """
    payload = (rf or "")[4:]
    if len(payload) == 12 and payload.isascii() and payload.isdigit() and references.is_valid(payload):
        return payload
    return None


@dataclass(frozen=True, slots=True)
class Candidate:
    allocations: tuple[tuple[int, int], ...]  # (invoice id, cents), oldest first
    customer_id: int
    score: int
    why: Reason

    @property
    def reason(self) -> str:
        return self.why.text()

    def as_json(self) -> dict[str, object]:
        return {
            "allocations": [list(a) for a in self.allocations],
            "customer_id": self.customer_id,
            "score": self.score,
            "reason": self.reason,
            "why": self.why.as_json(),
        }


@dataclass(frozen=True, slots=True)
class Outcome:
    """`certain` → allocate now (credit_cents stays on the payment as customer credit)."""

    status: str  # 'outgoing', 'matched', 'review', 'unmatched'
    why: Reason
    certain: Candidate | None = None
    credit_cents: int = 0
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> str:
        return self.why.text()


_RUN = re.compile(r"[a-z0-9/\-_.]+")


def invoice_number_tokens(text: str) -> Iterator[str]:
    """The words of a lower-cased text that could be invoice numbers: from a letter or digit to the last digit.

    Linear in the text: each run of number characters is found once and trimmed, where the
    pattern `[a-z0-9][a-z0-9/-_.]*[0-9]` backtracked through every run without a final digit
    (10 s on 40,000 characters). A run holds at most one such word, so the words are the same.
    """
    for run in _RUN.finditer(text):
        token = run.group().lstrip("/-_.").rstrip("abcdefghijklmnopqrstuvwxyz/-_.")
        if len(token) >= 2:  # the old pattern needed a first character and a final digit
            yield token


# A bank line booked as a supplier's refund keeps the stored status `outgoing` (not customers' money),
# but it is money in: lists show and filter it as a refund, never among the money out.
REFUND = "refund"


def shown_status(status: str, amount_cents: int) -> str:
    """The status a list shows for a bank line: `refund` for money in kept outside the customers' queue."""
    return REFUND if status == "outgoing" and amount_cents > 0 else status


# The same for every line they describe: one value each (values are immutable), not one per line.
OUTGOING = Outcome("outgoing", because("money out (costs, refunds, suppliers) is shown, not matched"))
NO_FIT = Outcome("unmatched", because("no open invoice fits this amount, payer or communication"))


def normal_name(name: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", name.lower()).split())


def _order(item: OpenItem) -> tuple:
    return (item.due_date or item.issue_date, item.issue_date, item.invoice_id)


class Matcher:
    """Match lines one after the other against a book's open items."""

    def __init__(
        self,
        items: Iterable[OpenItem],
        groups: Mapping[str, Sequence[int]] = {},
        payers_by_iban: Mapping[str, set[int]] = {},
        payers_by_name: Mapping[str, set[int]] = {},
    ) -> None:
        self.items = {item.invoice_id: item for item in items}
        self.open = {item.invoice_id: item.open_cents for item in self.items.values()}
        self.by_ogm = {item.ogm: item.invoice_id for item in self.items.values() if item.ogm}
        self.by_number = {item.number.lower(): item.invoice_id for item in self.items.values() if item.number}
        self.by_customer: dict[int, list[int]] = defaultdict(list)
        self.by_amount: dict[int, list[int]] = defaultdict(list)
        for item in sorted(self.items.values(), key=_order):
            self.by_customer[item.customer_id].append(item.invoice_id)
            self.by_amount[item.open_cents].append(item.invoice_id)
        self.groups = {ref: list(ids) for ref, ids in groups.items()}
        self.payers_by_iban = payers_by_iban
        self.payers_by_name = payers_by_name

    # --- certain --------------------------------------------------------------
    def _spread(self, amount: int, ids: Sequence[int]) -> tuple[list[tuple[int, int]], int]:
        plan, left = [], amount
        for invoice_id in sorted(ids, key=lambda i: _order(self.items[i])):
            take = min(left, self.open.get(invoice_id, 0))
            if take > 0:
                plan.append((invoice_id, take))
                left -= take
        return plan, left

    def _certain(self, line: LineFacts, ids: Sequence[int], grouped: bool) -> Outcome | None:
        live = [i for i in ids if self.open.get(i, 0) > 0]
        if not live:
            return None
        customers = {self.items[i].customer_id for i in live}
        if len(customers) != 1:
            return None
        plan, left = self._spread(line.amount_cents, live)
        due = sum(self.open[i] for i in live)
        numbers = ", ".join(self.items[i].number for i, _ in plan)
        if left > 0:
            why = because(
                "grouped structured communication for invoices {numbers}: paid, {extra} more than due "
                "stays as customer credit"
                if grouped
                else "structured communication of invoice {numbers}: "
                "paid, {extra} more than due stays as customer credit",
                numbers=numbers,
                extra=fmt_cents(left),
            )
        elif line.amount_cents == due:
            why = because(
                "grouped structured communication for invoices {numbers}: paid in full"
                if grouped
                else "structured communication of invoice {numbers}: paid in full",
                numbers=numbers,
            )
        else:
            why = because(
                "grouped structured communication for invoices {numbers}: partly paid, {left} still open"
                if grouped
                else "structured communication of invoice {numbers}: partly paid, {left} still open",
                numbers=numbers,
                left=fmt_cents(due - line.amount_cents),
            )
        for invoice_id, cents in plan:
            self.open[invoice_id] -= cents
        cand = Candidate(tuple(plan), customers.pop(), 100, why)
        return Outcome("matched", why, certain=cand, credit_cents=left)

    # --- candidates -------------------------------------------------------------
    def _open_of(self, customer_id: int) -> list[int]:
        return [i for i in self.by_customer.get(customer_id, ()) if self.open[i] > 0]

    def _candidates(self, line: LineFacts) -> list[Candidate]:
        amount = line.amount_cents
        known: dict[int, tuple[int, Reason]] = {}
        if line.counterparty_iban and line.counterparty_iban in self.payers_by_iban:
            for cid in self.payers_by_iban[line.counterparty_iban]:
                known[cid] = (
                    35,
                    because("account {iban} paid this customer's invoices before", iban=line.counterparty_iban),
                )
        name = normal_name(line.counterparty_name)
        if name and name in self.payers_by_name:
            for cid in self.payers_by_name[name]:
                known.setdefault(
                    cid, (20, because("'{name}' paid this customer's invoices before", name=line.counterparty_name))
                )
        scored: dict[tuple, Candidate] = {}

        def add(plan: list[tuple[int, int]], score: int, why: Reason) -> None:
            if not plan or score < MIN_SCORE:
                return
            key = tuple(plan)
            if key not in scored or scored[key].score < score:
                scored[key] = Candidate(key, self.items[plan[0][0]].customer_id, min(score, 99), why)

        text = (line.communication + " " + (line.rf_reference or "")[4:]).lower()
        named: list[int] = []
        for token in invoice_number_tokens(text):
            invoice_id = self.by_number.get(token)
            if invoice_id is not None and self.open[invoice_id] > 0 and invoice_id not in named:
                named.append(invoice_id)
                item = self.items[invoice_id]
                exact = amount == self.open[invoice_id]
                score = 50 + (30 if exact else 0) + known.get(item.customer_id, (0, None))[0]
                add(
                    [(invoice_id, min(amount, self.open[invoice_id]))],
                    score,
                    because(
                        "invoice number {number} in the communication, same amount"
                        if exact
                        else "invoice number {number} in the communication",
                        number=item.number,
                    ),
                )
        self._several(
            named,
            amount,
            add,
            lambda numbers: because("invoice numbers {numbers} in the communication", numbers=numbers),
        )
        # an OGM needs 12 digits: skip the (slow, backtracking) search in texts that cannot hold one
        typed_ogms = references.find_in_text(line.communication) if len(_DIGIT.findall(text)) >= 12 else []
        self._several(
            [self.by_ogm[o] for o in typed_ogms if o in self.by_ogm and self.open[self.by_ogm[o]] > 0],
            amount,
            add,
            lambda numbers: because("structured communications of {numbers} written in the free text", numbers=numbers),
        )
        for ogm in typed_ogms:
            invoice_id = self.by_ogm.get(ogm)
            if invoice_id is not None and self.open[invoice_id] > 0:
                item = self.items[invoice_id]
                exact = amount == self.open[invoice_id]
                add(
                    [(invoice_id, min(amount, self.open[invoice_id]))],
                    90 if exact else 70,
                    because(
                        "structured communication of {number} written in the free text, same amount"
                        if exact
                        else "structured communication of {number} written in the free text",
                        number=item.number,
                    ),
                )
        for invoice_id in self.by_amount.get(amount, ()):
            if self.open[invoice_id] != amount:
                continue
            item = self.items[invoice_id]
            bonus, payer = known.get(item.customer_id, (0, None))
            why = because(
                "same amount as open invoice {number} ({customer})", number=item.number, customer=item.customer_name
            )
            add([(invoice_id, amount)], 40 + bonus, why + payer if payer else why)
        for cid, (bonus, payer) in known.items():
            ids = self._open_of(cid)
            if not ids:
                continue
            total = sum(self.open[i] for i in ids)
            if total == amount and len(ids) > 1:
                add(
                    [(i, self.open[i]) for i in ids],
                    45 + bonus,
                    because(
                        "equals the {count} open invoices of {customer}, oldest first",
                        count=len(ids),
                        customer=self.items[ids[0]].customer_name,
                    )
                    + payer,
                )
            elif not any(c.customer_id == cid for c in scored.values()):
                plan, _ = self._spread(amount, ids)
                add(plan, bonus + 10, payer + because("spread over the open invoices, oldest first"))
        return sorted(scored.values(), key=lambda c: (-c.score, c.allocations))[:MAX_CANDIDATES]

    def _several(
        self,
        ids: list[int],
        amount: int,
        add: Callable[[list[tuple[int, int]], int, Reason], None],
        named: Callable[[str], Reason],
    ) -> None:
        """One transfer naming several open invoices of one customer: oldest first, surest when it pays them all."""
        if len(ids) < 2 or len({self.items[i].customer_id for i in ids}) != 1:
            return
        ids = sorted(ids, key=lambda i: _order(self.items[i]))
        numbers = ", ".join(self.items[i].number for i in ids)
        if sum(self.open[i] for i in ids) == amount:
            add([(i, self.open[i]) for i in ids], 85, named(numbers) + because("their sum, oldest first"))
        else:
            plan, _ = self._spread(amount, ids)
            add(plan, 60, named(numbers) + because("spread over the open invoices, oldest first"))

    def match(self, line: LineFacts) -> Outcome:
        if line.amount_cents <= 0:
            return OUTGOING
        ogm, via = line.ogm, None
        if not ogm and (wrapped := ogm_in_rf(line.rf_reference)):
            ogm = wrapped
            via = because(
                "RF creditor reference {rf} carries the structured communication {ogm}",
                rf=references.rf_format(line.rf_reference or ""),
                ogm=references.format(wrapped),
            )
        if ogm:
            outcome = None
            if ogm in self.by_ogm:
                outcome = self._certain(line, [self.by_ogm[ogm]], grouped=False)
            if outcome is None and ogm in self.groups:
                outcome = self._certain(line, self.groups[ogm], grouped=True)
            if outcome is not None:
                if via is not None:
                    why = via + outcome.why
                    cand = Candidate(outcome.certain.allocations, outcome.certain.customer_id, 100, why)  # type: ignore[union-attr]
                    return Outcome("matched", why, certain=cand, credit_cents=outcome.credit_cents)
                return outcome
        candidates = self._candidates(line)
        if ogm and not candidates:
            return Outcome(
                "unmatched",
                because("structured communication {ogm} is not of an open invoice", ogm=references.format(ogm)),
            )
        if candidates:
            return Outcome("review", candidates[0].why, candidates=tuple(candidates))
        return NO_FIT

    def take(self, plan: Iterable[tuple[int, int]]) -> None:
        """Record allocations made outside `match` (so later lines see what is left)."""
        for invoice_id, cents in plan:
            if invoice_id in self.open:
                self.open[invoice_id] -= cents
