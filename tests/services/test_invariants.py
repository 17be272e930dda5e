"""Property-based: random sequences of issuing, paying, allocating and crediting keep the book sound.

After every step: no allocation exceeds its payment or its invoice, the SQL open amounts equal a
plain model of the book, numbers stay gapless, and a refused step changes nothing.
"""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Allocation, Invoice, Payment
from ledgerdesk.services import book_io, company, invoicing, payments

DAY0 = date(2026, 1, 5)

op = st.one_of(
    st.tuples(st.just("invoice"), st.integers(1, 50_000)),
    st.tuples(
        st.just("pay"),
        st.integers(1, 80_000),
        st.lists(st.tuples(st.integers(0, 20), st.integers(1, 60_000)), max_size=3),
    ),
    st.tuples(st.just("allocate"), st.integers(0, 20), st.integers(0, 20), st.integers(1, 60_000)),
    st.tuples(st.just("credit"), st.integers(0, 20), st.integers(1, 60_000)),
    st.tuples(st.just("unallocate"), st.integers(0, 40)),
)


def _check(s):
    invoices = s.scalars(select(Invoice).where(Invoice.kind == "invoice", Invoice.status == "issued")).all()
    for inv in invoices:
        allocated = s.scalar(
            select(func.coalesce(func.sum(Allocation.amount_cents), 0)).where(Allocation.invoice_id == inv.id)
        )
        credited = invoicing.credited_cents(s, inv.id)
        assert credited <= inv.total_cents
        assert queries.open_cents(s, inv.id) == inv.total_cents - allocated - credited
        row = queries.invoice_row(s, inv.id, DAY0 + timedelta(days=400))
        assert row.open_cents == max(inv.total_cents - allocated - credited, 0)
    for p in s.scalars(select(Payment)).all():
        assert 0 <= sum(a.amount_cents for a in p.allocations) <= p.amount_cents
    seqs = sorted(inv.number_seq for inv in invoices)
    assert seqs == list(range(1, len(seqs) + 1))
    all_rows = queries.list_invoices(s, DAY0 + timedelta(days=400), status="all")
    assert sum(r.total_cents - r.settled_cents - r.credited_cents for r in all_rows if r.status != "draft") == (
        sum(inv.total_cents for inv in invoices)
        - (s.scalar(select(func.coalesce(func.sum(Allocation.amount_cents), 0))) or 0)
        - sum(invoicing.credited_cents(s, inv.id) for inv in invoices)
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(op, min_size=1, max_size=25))
def test_random_operations_keep_the_invariants(tmp_path_factory, ops):
    paths = BookPaths.in_dir(tmp_path_factory.mktemp("inv"))
    with open_book(paths) as book:
        with book.db.transaction() as s:
            company.save_company(s, company.CompanyData(name="Prop BV", vat="BE0403170701", iban="BE71096123456769"))
            cid = company.create_customer(s, company.CustomerData(name="Klant", vat="BE0202239951"), today=DAY0).id
        invoice_ids: list[int] = []
        payment_ids: list[int] = []
        for step, operation in enumerate(ops):
            day = DAY0 + timedelta(days=step)
            with book.db.reading() as s:
                before = book_io.export_book(s)
            try:
                with book.db.transaction() as s:
                    kind = operation[0]
                    if kind == "invoice":
                        iid = invoicing.create_draft(
                            s, invoicing.DraftData(cid, day, [LineInput.of("w", 1, str(operation[1] / 100), "21")])
                        )
                        invoicing.issue(s, iid)
                        invoice_ids.append(iid)
                    elif kind == "pay":
                        allocs = (
                            [(invoice_ids[i % len(invoice_ids)], c) for i, c in operation[2]] if invoice_ids else []
                        )
                        payment_ids.append(
                            payments.register_payment(
                                s, payments.PaymentData(day, operation[1], customer_id=cid), allocs
                            )
                        )
                    elif kind == "allocate" and invoice_ids and payment_ids:
                        payments.allocate(
                            s,
                            payment_ids[operation[1] % len(payment_ids)],
                            invoice_ids[operation[2] % len(invoice_ids)],
                            operation[3],
                        )
                    elif kind == "credit" and invoice_ids:
                        target = invoice_ids[operation[1] % len(invoice_ids)]
                        cn = invoicing.create_credit_note(
                            s, target, issue_date=day, lines=[LineInput.of("c", 1, str(operation[2] / 100), "0")]
                        )
                        invoicing.issue(s, cn)
                    elif kind == "unallocate":
                        allocation_ids = s.scalars(select(Allocation.id).order_by(Allocation.id)).all()
                        if allocation_ids:
                            payments.unallocate(s, allocation_ids[operation[1] % len(allocation_ids)], on=day)
            except DomainError:
                with book.db.reading() as s:
                    assert book_io.export_book(s) == before, f"refused step {operation} changed the book"
            with book.db.reading() as s:
                _check(s)
