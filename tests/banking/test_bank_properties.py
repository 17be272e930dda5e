"""Invariants under random inputs (hypothesis): no over-allocation, open = invoices − credits − allocations,
importing twice equals importing once."""

from __future__ import annotations

from datetime import date

from builders import customer, issued_invoice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.domain import references
from ledgerdesk.domain.matching import LineFacts, Matcher, OpenItem
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.models import Allocation, BankLine, Invoice, Payment
from ledgerdesk.services import bank_import, invoicing

OGMS = [references.for_document(2026, 0, n) for n in range(1, 9)]

items_st = st.lists(st.integers(min_value=1, max_value=50_000), min_size=1, max_size=8).map(
    lambda amounts: [
        OpenItem(
            i + 1, f"2026-{i + 1:04d}", i % 3, f"C{i % 3}", date(2026, 1, 1 + i), date(2026, 2, 1 + i), cents, OGMS[i]
        )
        for i, cents in enumerate(amounts)
    ]
)
line_st = st.builds(
    LineFacts,
    amount_cents=st.integers(min_value=-20_000, max_value=80_000).filter(bool),
    ogm=st.one_of(st.none(), st.sampled_from(OGMS)),
    communication=st.sampled_from(["", "2026-0001", "factuur 2026-0003 en 2026-0004", "huur"]),
)


@given(items_st, st.lists(line_st, max_size=25), st.lists(st.integers(1, 8), max_size=4))
@settings(max_examples=300, deadline=None)
def test_allocations_never_exceed_the_invoice_or_the_transfer(items, lines, group):
    groups = {references.from_payload(999): group}
    matcher = Matcher(items, groups=groups)
    open_at_start = {i.invoice_id: i.open_cents for i in items}
    allocated: dict[int, int] = {}
    for line in lines:
        outcome = matcher.match(line)
        for cand in ([outcome.certain] if outcome.certain else []) + list(outcome.candidates):
            assert all(cents > 0 for _, cents in cand.allocations)
            assert sum(cents for _, cents in cand.allocations) <= line.amount_cents
        if outcome.certain:
            assert sum(c for _, c in outcome.certain.allocations) + outcome.credit_cents == line.amount_cents
            for invoice_id, cents in outcome.certain.allocations:
                allocated[invoice_id] = allocated.get(invoice_id, 0) + cents
    for invoice_id, cents in allocated.items():
        assert cents <= open_at_start[invoice_id]


def _counts(session):
    return (
        session.scalar(select(func.count()).select_from(BankLine)),
        session.scalar(select(func.count()).select_from(Payment)),
        session.scalar(select(func.coalesce(func.sum(Allocation.amount_cents), 0))),
    )


tx_st = st.tuples(st.integers(min_value=-5000, max_value=40_000).filter(bool), st.integers(0, 4), st.booleans())


@given(st.lists(tx_st, min_size=1, max_size=12), st.booleans())
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_import_twice_equals_once_and_open_amounts_add_up(book, tmp_path, txs, credit_first):
    with book.db.transaction() as s:
        if not s.scalar(select(func.count()).select_from(Invoice)):
            cid = customer(s)
            for n in range(4):
                issued_invoice(s, cid, str(50 * (n + 1)), date(2026, 1, 1 + n))
            if credit_first:
                note = invoicing.create_credit_note(s, 1, issue_date=date(2026, 1, 20))
                invoicing.issue(s, note, on=date(2026, 1, 20))
        ogms = [i.structured_communication for i in s.scalars(select(Invoice).where(Invoice.kind == "invoice"))]
    stmt = Stmt(
        number=f"{len(list(tmp_path.iterdir())) + 1:03d}",
        txs=[
            Tx(cents, ogm=ogms[k] if use and k < len(ogms) else None, ref=f"P{i}")
            for i, (cents, k, use) in enumerate(txs)
        ],
    )
    path = tmp_path / f"{stmt.number}.cod"
    path.write_bytes(coda([stmt]))
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=date(2026, 3, 1))
    with book.db.reading() as s:
        once = _counts(s)
    with book.db.transaction() as s:
        again = bank_import.import_file(s, path, today=date(2026, 3, 1))
    assert again.plan.new == 0
    with book.db.reading() as s:
        assert _counts(s) == once
        invoices = s.scalar(select(func.sum(Invoice.total_cents)).where(Invoice.kind == "invoice"))
        credits = s.scalar(
            select(func.coalesce(func.sum(Invoice.total_cents), 0)).where(
                Invoice.kind == "credit_note", Invoice.status == "issued"
            )
        )
        allocations = s.scalar(select(func.coalesce(func.sum(Allocation.amount_cents), 0)))
        rows = queries.list_invoices(s, date(2026, 12, 31), status="all")
        assert all(r.settled_cents + r.credited_cents <= r.total_cents for r in rows)
        assert sum(r.open_cents for r in rows) == invoices - credits - allocations
