"""Recurring invoices on a real book: due periods, catch-up, idempotent generation, MRR, still to invoice."""

from __future__ import annotations

from datetime import date

import pytest
from builders import customer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.models import Invoice, RecurringOccurrence
from ledgerdesk.services import invoicing, recurring


def add(s, customer_id, start, frequency="monthly", price="100", mode="draft", end=None) -> int:
    return recurring.create_template(
        s,
        recurring.TemplateData(
            customer_id=customer_id,
            frequency=frequency,
            start_date=start,
            end_date=end,
            lines=[LineInput.of("Hosting", 1, price, "21")],
            mode=mode,
        ),
    )


def invoice_count(s) -> int:
    return s.scalar(select(func.count()).select_from(Invoice))


def test_after_days_closed_every_missed_period_is_listed_then_made_once(book):
    with book.db.transaction() as s:
        c = customer(s, "Hosting client", since=date(2020, 1, 1))
        add(s, c, date(2026, 1, 31), mode="issued")
    with book.db.reading() as s:
        due = recurring.due_occurrences(s, date(2026, 4, 2))
    assert [o.period_start for o in due] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    with book.db.reading() as s:  # listing writes nothing
        assert recurring.generate(s, date(2026, 4, 2), confirm=False).created == []
        assert invoice_count(s) == 0
    with book.db.transaction() as s:
        made = recurring.generate(s, date(2026, 4, 2))
    assert [number for _, _, number in made.created] == ["2026-0001", "2026-0002", "2026-0003"]
    with book.db.transaction() as s:
        again = recurring.generate(s, date(2026, 4, 2))
        assert again.due == [] and again.created == []
        assert invoice_count(s) == 3
        # The anchor did not drift: the next period is the 30th of April, then the 31st of May.
        assert [o.period_start for o in recurring.due_occurrences(s, date(2026, 5, 31))] == [
            date(2026, 4, 30),
            date(2026, 5, 31),
        ]
        first = s.get(Invoice, made.created[0][1])
        assert first.issue_date == date(2026, 4, 2) and "Period" not in first.notes
        assert (first.period_start, first.period_end) == (date(2026, 1, 31), date(2026, 2, 27))
        assert first.status == "issued" and first.total_cents == 12100


def test_the_unique_key_refuses_a_second_invoice_for_a_period(book):
    with book.db.transaction() as s:
        c = customer(s, "A", since=date(2020, 1, 1))
        t = add(s, c, date(2026, 3, 1))
        recurring.generate(s, date(2026, 3, 1))
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with book.db.transaction() as s:
            s.add(
                RecurringOccurrence(
                    template_id=t, period_start=date(2026, 3, 1), created_at=s.get(Invoice, 1).created_at
                )
            )
            s.flush()


def test_a_run_racing_another_skips_the_period_the_other_made(book):
    with book.db.transaction() as s:
        c = customer(s, "A", since=date(2020, 1, 1))
        t = add(s, c, date(2026, 3, 1))
    with book.db.reading() as s:
        stale = recurring.due_occurrences(s, date(2026, 3, 1))
    with book.db.transaction() as s:
        recurring.generate(s, date(2026, 3, 1))
    with book.db.transaction() as s:
        # Simulate the second window: it still believes the period is due, but the unique key says no.
        result = recurring.Generated(due=stale)
        for occ in result.due:
            from sqlalchemy.exc import IntegrityError

            with pytest.raises(IntegrityError):
                with s.begin_nested():
                    s.add(
                        RecurringOccurrence(
                            template_id=t, period_start=occ.period_start, created_at=s.get(Invoice, 1).created_at
                        )
                    )
                    s.flush()
        assert invoice_count(s) == 1


def test_drafts_mode_makes_drafts_and_a_still_draft_period_counts_as_to_invoice(book):
    with book.db.transaction() as s:
        c = customer(s, "A", since=date(2020, 1, 1))
        add(s, c, date(2026, 3, 10), price="250")
        add(s, c, date(2026, 3, 28), frequency="quarterly", price="300", mode="issued")
    with book.db.reading() as s:
        assert sum(o.net_cents for o in recurring.to_invoice_in_month(s, date(2026, 3, 15))) == 55000
    with book.db.transaction() as s:
        made = recurring.generate(s, date(2026, 3, 15))
        assert [n for _, _, n in made.created] == [None]
        # Generated but still a draft: still to invoice; the quarterly one of the 28th is not made yet.
        assert sum(o.net_cents for o in recurring.to_invoice_in_month(s, date(2026, 3, 15))) == 55000
        invoicing.issue(s, made.created[0][1], on=date(2026, 3, 15))
        assert sum(o.net_cents for o in recurring.to_invoice_in_month(s, date(2026, 3, 15))) == 30000


def test_deleting_a_generated_draft_keeps_the_period_done(book):
    with book.db.transaction() as s:
        c = customer(s, "A", since=date(2020, 1, 1))
        add(s, c, date(2026, 3, 1))
        made = recurring.generate(s, date(2026, 3, 1))
        invoicing.delete_draft(s, made.created[0][1])
    with book.db.reading() as s:
        assert recurring.due_occurrences(s, date(2026, 3, 20)) == []
        assert s.scalar(select(RecurringOccurrence.invoice_id)) is None


def test_mrr_counts_active_templates_only(book):
    with book.db.transaction() as s:
        c = customer(s, "A", since=date(2020, 1, 1))
        add(s, c, date(2026, 1, 31), price="100")
        add(s, c, date(2026, 2, 15), frequency="quarterly", price="300")
        add(s, c, date(2025, 6, 1), frequency="yearly", price="1200")
        add(s, c, date(2025, 1, 1), price="50", end=date(2026, 1, 31))  # ended
        add(s, c, date(2026, 4, 1), price="70")  # not started
        paused = add(s, c, date(2026, 1, 1), price="40")
        recurring.set_active(s, paused, False)
    with book.db.reading() as s:
        assert recurring.mrr_cents(s, date(2026, 3, 15)) == 30000
        assert len(recurring.list_templates(s)) == 6


def test_bad_templates_are_refused_with_a_sentence(book):
    with book.db.transaction() as s:
        c = customer(s, "A", since=date(2020, 1, 1))
    with pytest.raises(DomainError, match="frequency"):
        with book.db.transaction() as s:
            add(s, c, date(2026, 1, 1), frequency="weekly")
    with pytest.raises(DomainError, match="no customer"):
        with book.db.transaction() as s:
            add(s, 999, date(2026, 1, 1))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    anchor=st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
    runs=st.lists(st.integers(min_value=0, max_value=120), min_size=1, max_size=5),
)
def test_any_sequence_of_runs_makes_each_period_exactly_once(book, anchor, runs):
    with book.db.transaction() as s:
        for table in (
            "recurring_occurrences",
            "recurring_lines",
            "recurring_templates",
            "invoice_events",
            "invoice_lines",
            "invoices",
        ):
            s.execute(__import__("sqlalchemy").text(f"DELETE FROM {table}"))
        c = customer(s, f"C{anchor}{runs}", since=date(2020, 1, 1))
        add(s, c, anchor)
    day = anchor
    for step in runs:
        day = date.fromordinal(day.toordinal() + step)
        with book.db.transaction() as s:
            recurring.generate(s, day)
    with book.db.reading() as s:
        made = sorted(s.scalars(select(RecurringOccurrence.period_start)))
    from ledgerdesk.domain.recurring import periods

    assert made == list(periods(anchor, "monthly", since=anchor, until=day))
    assert len(made) == len(set(made))


def test_issued_mode_sends_peppol_customers_a_valid_archived_einvoice_or_leaves_a_draft(book):
    from ledgerdesk.services import company, einvoicing

    with book.db.transaction() as s:
        good = company.create_customer(
            s,
            company.CustomerData(
                name="Bakkerij Peeters",
                vat="BE0202239951",
                street="Markt 5",
                postcode="2000",
                city="Antwerpen",
                receives_einvoice=True,
            ),
            today=date(2026, 1, 1),
        ).id
        bad = company.create_customer(
            s,
            company.CustomerData(  # no VAT number: Peppol refuses
                name="Garage Claes", street="Kerkstraat 1", postcode="9000", city="Gent", receives_einvoice=True
            ),
            today=date(2026, 1, 1),
        ).id
        add(s, good, date(2026, 3, 1), mode="issued")
        add(s, bad, date(2026, 3, 1), mode="issued")
    with book.db.transaction() as s:
        made = {
            s.get(Invoice, invoice_id).customer_id: (invoice_id, number)
            for _occ, invoice_id, number in recurring.generate(s, date(2026, 3, 2)).created
        }
    assert made[good][1] is not None and made[bad][1] is None  # the broken one waits as a draft
    with book.db.reading() as s:
        assert einvoicing.archived(s, made[good][0]) is not None
        assert s.get(Invoice, made[bad][0]).status == "draft"
