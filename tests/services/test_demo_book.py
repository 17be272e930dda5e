"""The demo business: the same import path as a user's file, plus subscriptions that show MRR."""

from __future__ import annotations

from datetime import date

from ledgerdesk.services import kpis, recurring
from ledgerdesk.services.demo import DemoSpec, generate


def test_demo_has_subscriptions_that_show_mrr_and_work_to_invoice(empty_book):
    as_of = date(2026, 11, 23)
    with empty_book.db.transaction() as s:
        summary = generate(s, DemoSpec(years=1, customers=15, seed=4, as_of=as_of))
    assert summary["recurring"] == 5 and summary["invoices"] > 0
    with empty_book.db.reading() as s:
        snap = kpis.compute(s, as_of, compare=False)
        due = recurring.generate(s, as_of, confirm=False)
    assert snap.mrr > 0 and snap.recurring_to_invoice > 0
    assert len(due.due) == 5  # every subscription started this month: one period each to invoice


def test_demo_has_suppliers_and_bills_so_purchases_and_the_cost_figures_are_not_empty(empty_book):
    from ledgerdesk.services import purchase_kpis
    from ledgerdesk.services.purchase_list import bills_due, list_bills

    as_of = date(2026, 11, 23)
    with empty_book.db.transaction() as s:
        summary = generate(s, DemoSpec(years=1, customers=15, seed=4, as_of=as_of))
    with empty_book.db.reading() as s:
        rows = list_bills(s, as_of)
        due = bills_due(s, as_of)
        figures = purchase_kpis.compute(s, as_of)
    assert summary["bills"] == len(rows) > 40
    statuses = {r.status for r in rows}
    assert {"paid", "approved", "received"} <= statuses
    assert any(r.kind == "purchase_credit_note" and r.status != "paid" for r in rows)
    assert [r.number for r in due.overdue] == ["BP-2207"]
    assert "CW-9001" in [r.number for r in due.week]
    assert figures.costs_this_month > 0 and figures.costs_same_month_last_year > 0
    assert all(c is not None and c > 0 for c in figures.costs_by_month[:11])
    assert any(w.out_cents for w in figures.cash.weeks)
