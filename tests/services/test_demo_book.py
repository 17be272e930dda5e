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
