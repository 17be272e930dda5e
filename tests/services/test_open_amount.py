"""One definition of the open amount: the SQL copies (the invoice list, the per-invoice query, the PDF's
batch read, and the KPI aging: services.kpis over the trigger-kept receivable_closings and its fallback
persistence.queries.aging) agree with `domain.invoicing.open_amount` on any mix of payments and credit notes."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ledgerdesk.domain import aging as aging_rules
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput, open_amount
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.queries import list_invoices, open_cents
from ledgerdesk.services import documents, invoicing, kpis, payments

START = date(2026, 1, 5)
DAYS = st.integers(min_value=0, max_value=60)
LINE = st.tuples(
    st.integers(min_value=1, max_value=5),
    st.sampled_from(["19.99", "100", "250.50", "0.10"]),
    st.sampled_from(["21", "6", "0"]),
)
INVOICE = st.tuples(DAYS, st.lists(LINE, min_size=1, max_size=3))
EVENT = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 3), DAYS, st.integers(min_value=1, max_value=100)),  # % of the open amount
    st.tuples(st.just("credit"), st.integers(0, 3), DAYS, st.booleans()),  # whole invoice, or its first line
)


class _Rollback(Exception):
    """Leaves the book as it was after each generated example."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    invoices=st.lists(INVOICE, min_size=1, max_size=4),
    events=st.lists(EVENT, max_size=8),
    draft=st.booleans(),
    asked=st.lists(DAYS, min_size=1, max_size=3),
)
@example(
    invoices=[(0, [(1, "100", "21"), (2, "19.99", "6")])], events=[("credit", 0, 3, False)], draft=False, asked=[1, 10]
)  # a credit note for one line of a still open invoice: before and after it
def test_the_sql_copies_of_the_open_amount_agree_with_the_domain(book, customer_id, invoices, events, draft, asked):
    with contextlib.suppress(_Rollback), book.db.transaction() as s:
        issued: list[tuple[int, date, int]] = []  # (id, issue date, total)
        for offset, lines in invoices:
            day = START + timedelta(days=offset)
            inputs = [LineInput.of(f"Werk {n}", qty, price, rate) for n, (qty, price, rate) in enumerate(lines)]
            invoice_id = invoicing.create_draft(s, invoicing.DraftData(customer_id, day, inputs))
            invoicing.issue(s, invoice_id)
            issued.append((invoice_id, day, s.get(invoicing.Invoice, invoice_id).total_cents))
        settled: list[tuple[int, date, int]] = []  # (invoice id, day, cents)
        credited: list[tuple[int, date, int]] = []
        for kind, which, offset, amount in events:
            invoice_id, issue_day, total = issued[which % len(issued)]
            day = issue_day + timedelta(days=offset)
            left = total - sum(c for i, _, c in settled + credited if i == invoice_id)
            if kind == "pay" and left > 0:
                cents = max(1, left * amount // 100)
                payments.register_payment(
                    s,
                    payments.PaymentData(date=day, amount_cents=cents, method="bank", customer_id=customer_id),
                    [(invoice_id, cents)],
                )
                settled.append((invoice_id, day, cents))
            elif kind == "credit":
                original = s.get(invoicing.Invoice, invoice_id)
                line_ids = None if amount else [original.lines[0].id]
                try:
                    note = invoicing.create_credit_note(s, invoice_id, issue_date=day, line_ids=line_ids)
                    invoicing.issue(s, note)
                except DomainError:
                    continue  # more than is left to credit: refused, nothing changed
                credited.append((invoice_id, day, s.get(invoicing.Invoice, note).total_cents))
        if draft:
            invoicing.create_draft(s, invoicing.DraftData(customer_id, START, [LineInput.of("Ontwerp", 1, "50")]))
        for offset in asked:
            as_of = START + timedelta(days=offset)
            rows = {r.id: r for r in list_invoices(s, as_of, status="all", kind="all")}
            printable = [i for i in rows if rows[i].status == "draft" or rows[i].issue_date <= as_of]
            printed = dict(
                zip(printable, documents.invoice_documents(s, printable, as_of=as_of, allow_draft=True), strict=True)
            )
            aged = aging_rules.empty()  # what the KPI copy must show: the open invoices issued by then, by due date
            for invoice_id, row in rows.items():
                if row.kind == "credit_note" or row.status == "draft":
                    expected = open_amount(
                        kind=row.kind,
                        issued=row.status != "draft",
                        total_cents=row.total_cents,
                        settled_cents=0,
                        credited_cents=0,
                    )
                else:
                    expected = open_amount(
                        kind="invoice",
                        issued=True,
                        total_cents=row.total_cents,
                        settled_cents=sum(c for i, d, c in settled if i == invoice_id and d <= as_of),
                        credited_cents=sum(c for i, d, c in credited if i == invoice_id and d <= as_of),
                    )
                    assert max(open_cents(s, invoice_id, as_of), 0) == expected
                assert row.open_cents == expected, (row, as_of)
                assert printed[invoice_id].open_cents == expected
                if row.kind == "invoice" and row.status != "draft" and row.issue_date <= as_of:
                    aged[aging_rules.bucket_for(row.due_date, as_of)] += expected
            assert kpis.closings_trusted(s)  # so the next line checks the trigger-kept copy, not the fallback
            assert kpis.aging(s, as_of) == aged, as_of
            assert queries.aging(s, as_of) == aged, as_of
        raise _Rollback
