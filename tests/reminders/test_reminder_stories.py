"""Reminder runs told as stories on a real book file: who gets which letter, when, for how much."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from builders import customer, invoice_due, payment
from sqlalchemy import select

from ledgerdesk.domain.errors import DomainError
from ledgerdesk.persistence.models import CallTask, PaymentReferenceItem, ReminderLetter
from ledgerdesk.services import collection, history, reminders
from ledgerdesk.services.reminders import Edits


def propose(book, on, edits=Edits()):
    with book.db.reading() as s:
        return reminders.propose(s, on, edits)


def confirm(book, on, edits=Edits()):
    with book.db.transaction() as s:
        return reminders.confirm(s, on, edits)


def reasons(proposal):
    return {s.number: s.reason for s in proposal.skipped}


def events(book, invoice_id):
    with book.db.reading() as s:
        return [(e.kind, e.on_date) for e in history.events_of(s, invoice_id)]


def test_a_consumer_paying_320_euro_forty_days_late(book):
    lies = customer(book, "Lies Wouters", kind="consumer", street="Dorpsstraat 3", postcode="9000", city="Gent")
    inv = invoice_due(book, lies, "320.00", due=date(2026, 3, 2))

    # Ten days late: the free first reminder, asking payment by the end of the legal period.
    first = propose(book, date(2026, 3, 12))
    assert [(letter.customer, letter.level, letter.total_cents, letter.pay_by) for letter in first.letters] == [
        ("Lies Wouters", 1, 32000, date(2026, 3, 30))
    ]
    assert first.letters[0].items[0].fee_cents == first.letters[0].items[0].interest_cents == 0
    assert any("no bank statement" in str(w) for w in first.warnings) and not first.blocked
    confirm(book, date(2026, 3, 12))

    # Day 24: the second level would be due, but the consumer's period (posted Thursday 12 March,
    # from Tuesday 17 March, 14 days) runs until 30 March, the letter's pay-by date; a transfer made
    # that day may take three working days to show: nothing before Thursday 2 April.
    waiting = "level 2 waits for the last letter's pay-by date 2026-03-30 and 3 working days for the bank: due from 2026-04-02"
    assert reasons(propose(book, date(2026, 3, 26))) == {"2026-0001": waiting}
    assert reasons(propose(book, date(2026, 4, 1))) == {"2026-0001": waiting}

    # 2 April: damages 30 + 10 % × 170 = 47.00 and three days of interest 320 × 10.5 % × 3 / 365 = 0.28.
    second = propose(book, date(2026, 4, 2))
    item = second.letters[0].items[0]
    assert (item.level, item.fee_cents, item.interest_cents, second.letters[0].total_cents) == (2, 4700, 28, 36728)
    done = confirm(book, date(2026, 4, 2))
    assert len(done.call_task_ids) == 1  # level 2 comes with a phone call
    with book.db.transaction() as s:
        collection.complete_call_task(s, done.call_task_ids[0], on=date(2026, 4, 8), note="will pay this week")
        with pytest.raises(DomainError, match="already done"):
            collection.complete_call_task(s, done.call_task_ids[0], on=date(2026, 4, 9))
    assert ("called", date(2026, 4, 8)) in events(book, inv)

    # Forty days late she pays: nothing more to remind, and the run says why.
    payment(book, inv, date(2026, 4, 11), 32000)
    after = propose(book, date(2026, 4, 11))
    assert after.letters == () and reasons(after) == {"2026-0001": "paid"}
    assert [k for k, _ in events(book, inv)] == [
        "created",
        "issued",
        "reminded",
        "reminded",
        "call_task",
        "called",
        "paid",
    ]


def test_a_business_with_three_invoices_at_different_levels_gets_one_letter(book):
    claes = customer(book, "Bouwbedrijf Claes")
    a = invoice_due(book, claes, "1000.00", due=date(2026, 1, 31))
    invoice_due(book, claes, "500.00", due=date(2026, 2, 14))
    invoice_due(book, claes, "250.00", due=date(2026, 2, 27))
    confirm(book, date(2026, 2, 10))  # A: level 1, pay by 24 February
    # On the 24th A's level 2 waits for its pay-by date and three working days for the bank (27th).
    assert [i.number for i in propose(book, date(2026, 2, 24)).letters[0].items] == ["2026-0002"]
    confirm(book, date(2026, 2, 27))  # A: level 2, B: level 1, pay by 13 March

    # 18 March: the pay-by date of 13 March and three working days later.
    assert [i.number for i in propose(book, date(2026, 3, 17)).letters[0].items] == ["2026-0003"]
    proposal = propose(book, date(2026, 3, 18))
    (letter,) = proposal.letters
    assert letter.level == 3  # the letter speaks in its highest level's tone
    assert [(i.number, i.level, i.open_cents, i.fee_cents, i.interest_cents) for i in letter.items] == [
        ("2026-0001", 3, 100000, 4000, 1323),  # 1000 × 10.5 % × 46 / 365 = 13.23
        ("2026-0002", 2, 50000, 4000, 460),  # 500 × 10.5 % × 32 / 365 = 4.60
        ("2026-0003", 1, 25000, 0, 0),  # first reminder: nothing claimed yet
    ]
    assert letter.total_cents == 184783
    assert letter.pay_by == date(2026, 4, 1)
    assert letter.structured_communication == "202650000359"  # 2026 / letter / 3rd of the year
    done = confirm(book, date(2026, 3, 18))

    with book.db.reading() as s:
        stored = s.get(ReminderLetter, done.letter_ids[0])
        assert (stored.number, stored.total_cents, stored.structured_communication) == (
            "R2026-0003",
            184783,
            "202650000359",
        )
        grouped = s.scalars(
            select(PaymentReferenceItem.invoice_id)
            .where(PaymentReferenceItem.reference == "202650000359")
            .order_by(PaymentReferenceItem.position)
        ).all()
        assert grouped[0] == a and len(grouped) == 3  # oldest first, for the bank import
    assert [k for k, _ in events(book, a)].count("reminded") == 3


def test_running_twice_the_same_day_changes_nothing_and_nothing_is_proposed_twice(book):
    claes = customer(book, "Bouwbedrijf Claes")
    invoice_due(book, claes, "1000.00", due=date(2026, 1, 31))
    assert propose(book, date(2026, 2, 12)) == propose(book, date(2026, 2, 12))
    assert len(confirm(book, date(2026, 2, 12)).letter_ids) == 1
    assert confirm(book, date(2026, 2, 12)).letter_ids == ()
    assert reasons(propose(book, date(2026, 2, 12))) == {"2026-0001": "already reminded on 2026-02-12"}
    # Weeks with the app closed: the run catches up with the next level only.
    later = propose(book, date(2026, 4, 20))
    assert [i.level for i in later.letters[0].items] == [2]


def test_a_promise_kept_and_a_promise_broken(book):
    kept_by = customer(book, "Garage Maes")
    broke = customer(book, "Drukkerij Peeters")
    kept = invoice_due(book, kept_by, "600.00", due=date(2026, 2, 1))
    broken = invoice_due(book, broke, "400.00", due=date(2026, 2, 1))
    confirm(book, date(2026, 2, 11))  # both: level 1
    with book.db.transaction() as s:
        collection.add_promise(s, kept, made_on=date(2026, 2, 12), promised_date=date(2026, 3, 1), amount_cents=60000)
        collection.add_promise(
            s, broken, made_on=date(2026, 2, 12), promised_date=date(2026, 2, 18), amount_cents=40000
        )

    assert reasons(propose(book, date(2026, 2, 16))) == {
        "2026-0001": "payment of 600.00 promised by 2026-03-01",
        "2026-0002": "payment of 400.00 promised by 2026-02-18",
    }
    # The broken promise resumes one level up at once (level 2 would otherwise wait until 25 February).
    on_19th = propose(book, date(2026, 2, 19))
    assert [(letter.customer, letter.level) for letter in on_19th.letters] == [("Drukkerij Peeters", 2)]
    confirm(book, date(2026, 2, 19))

    payment(book, kept, date(2026, 2, 27), 60000)
    assert propose(book, date(2026, 3, 2)).letters == ()
    confirm(book, date(2026, 3, 2))
    assert ("promise_broken", date(2026, 2, 19)) in events(book, broken)
    assert ("promise_kept", date(2026, 3, 2)) in events(book, kept)


def test_a_payment_plan_holds_while_instalments_come_in(book):
    who = customer(book, "Schrijnwerkerij Jacobs")
    inv = invoice_due(book, who, "900.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        collection.add_plan(
            s,
            [inv],
            made_on=date(2026, 2, 5),
            instalments=[(date(2026, 2, 28), 30000), (date(2026, 3, 31), 30000), (date(2026, 4, 30), 30000)],
        )
    payment(book, inv, date(2026, 2, 27), 30000)
    assert reasons(propose(book, date(2026, 3, 15))) == {"2026-0001": "payment plan running until 2026-04-30"}
    # March's instalment never arrives: reminders resume on 1 April.
    assert [letter.level for letter in propose(book, date(2026, 4, 1)).letters] == [1]


def test_a_disputed_invoice_is_left_alone_until_the_dispute_is_resolved(book):
    who = customer(book, "Brouwerij Hendrickx")
    inv = invoice_due(book, who, "750.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        dispute = collection.open_dispute(s, inv, on=date(2026, 2, 5), reason="two crates missing")
    assert reasons(propose(book, date(2026, 2, 20))) == {"2026-0001": "disputed since 2026-02-05: two crates missing"}
    with book.db.transaction() as s:
        collection.resolve_dispute(s, dispute, on=date(2026, 3, 1), resolution="crates delivered")
    assert [letter.level for letter in propose(book, date(2026, 3, 2)).letters] == [1]
    assert [k for k, _ in events(book, inv)][-2:] == ["disputed", "dispute_resolved"]


def test_unallocated_payments_that_cover_the_overdue_total_stop_the_reminder(book):
    from ledgerdesk.services import payments

    who = customer(book, "Bakkerij Peeters")
    invoice_due(book, who, "300.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        payments.register_payment(
            s, payments.PaymentData(date=date(2026, 2, 8), amount_cents=30000, method="bank", customer_id=who)
        )
    assert reasons(propose(book, date(2026, 2, 20))) == {
        "2026-0001": "unallocated payments of 300.00 cover the overdue total"
    }


def test_old_bank_statements_hold_every_reminder_unless_overridden(book, monkeypatch):
    who = customer(book, "Bakkerij Peeters")
    invoice_due(book, who, "300.00", due=date(2026, 2, 1))
    monkeypatch.setattr(reminders, "last_bank_import", lambda session: date(2026, 1, 20))
    held = propose(book, date(2026, 2, 20))
    assert held.blocked and held.letters == ()
    assert "bank statements last imported on 2026-01-20" in held.skipped[0].reason
    assert len(propose(book, date(2026, 2, 20), Edits(override_bank_check=True)).letters) == 1


def test_review_drops_an_invoice_changes_a_level_and_adds_a_note(book):
    who = customer(book, "Bouwbedrijf Claes")
    first = invoice_due(book, who, "1000.00", due=date(2026, 1, 31))
    second = invoice_due(book, who, "200.00", due=date(2026, 2, 1))
    edits = Edits(dropped=frozenset({second}), levels={first: 2}, notes={who: "Telefonisch besproken op 10/02."})
    (letter,) = propose(book, date(2026, 2, 12), edits).letters
    assert [(i.invoice_id, i.level, i.fee_cents) for i in letter.items] == [(first, 2, 4000)]
    assert letter.note == "Telefonisch besproken op 10/02."
    confirm(book, date(2026, 2, 12), edits)
    # The dropped invoice is proposed again next time; nothing confirmed comes back.
    assert [i.invoice_id for i in propose(book, date(2026, 2, 13)).letters[0].items] == [second]


def test_review_cannot_make_a_consumer_pay_before_the_free_reminder(book):
    who = customer(book, "Lies Wouters", kind="consumer")
    inv = invoice_due(book, who, "120.00", due=date(2026, 2, 1))
    with pytest.raises(DomainError, match="charge a consumer"):
        propose(book, date(2026, 2, 12), Edits(levels={inv: 2}))


def test_call_tasks_promises_and_their_listing(book):
    who = customer(book, "Garage Maes")
    inv = invoice_due(book, who, "600.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        task = collection.add_call_task(
            s, who, due=date(2026, 2, 20), note="ask about 2026-0001", invoice_id=inv, today=date(2026, 2, 15)
        )
        collection.complete_call_task(s, task, on=date(2026, 2, 20), note="will pay Friday")
    with book.db.reading() as s:
        done = s.get(CallTask, task)
        assert done.done and "will pay Friday" in done.note
    assert [k for k, _ in events(book, inv)][-2:] == ["call_task", "called"]


def test_the_grouped_credit_query_agrees_with_the_per_customer_one(book):
    from ledgerdesk.persistence import queries, reminder_queries
    from ledgerdesk.services import payments

    a, b = customer(book, "A"), customer(book, "B")
    inv = invoice_due(book, a, "100.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        payments.register_payment(
            s, payments.PaymentData(date=date(2026, 2, 3), amount_cents=15000, customer_id=a), [(inv, 10000)]
        )
        payments.register_payment(s, payments.PaymentData(date=date(2026, 2, 9), amount_cents=2000, customer_id=b))
    with book.db.reading() as s:
        for on in (date(2026, 2, 5), date(2026, 2, 10)):
            grouped = reminder_queries.customer_credits(s, on)
            assert {
                c: queries.customer_credit_cents(s, c, on) for c in (a, b) if queries.customer_credit_cents(s, c, on)
            } == grouped


def test_new_customers_can_follow_a_stricter_scenario(book):
    from dataclasses import replace

    from ledgerdesk.domain import dunning_defaults
    from ledgerdesk.domain.dunning import with_level
    from ledgerdesk.services import company, dunning_setup

    strict = replace(with_level(dunning_defaults.business(), 1, days=3), code="strict", name="Strict")
    regular, newcomer = customer(book, "Vaste klant"), customer(book, "Nieuwe klant")
    paid_before = invoice_due(book, regular, "100.00", due=date(2025, 12, 1))
    payment(book, paid_before, date(2025, 11, 30), 10000)
    invoice_due(book, regular, "100.00", due=date(2026, 2, 1))
    invoice_due(book, newcomer, "100.00", due=date(2026, 2, 1))
    with book.db.transaction() as s:
        dunning_setup.save_scenario(s, strict, as_of=date(2026, 1, 1))
        company.set_setting(s, dunning_setup.NEW_CUSTOMER_SCENARIO_KEY, "strict")
        company.set_setting(s, dunning_setup.NEW_CUSTOMER_PAID_KEY, 1)
    proposal = propose(book, date(2026, 2, 4))
    assert [(letter.customer, letter.scenario_code) for letter in proposal.letters] == [("Nieuwe klant", "strict")]


def test_an_unlawful_scenario_is_refused_when_saved(book):
    from ledgerdesk.domain import dunning_defaults
    from ledgerdesk.domain.dunning import with_level
    from ledgerdesk.domain.errors import ValidationError
    from ledgerdesk.services import dunning_setup

    bad_text = with_level(dunning_defaults.consumer(), 1, overrides={"nl": "Betaal {balance} voor {pay_by}."})
    with book.db.transaction() as s, pytest.raises(ValidationError, match=r"first consumer letter \(nl\) must state"):
        dunning_setup.save_scenario(s, bad_text, as_of=date(2026, 1, 1))
    with book.db.transaction() as s, pytest.raises(ValidationError, match="must be free"):
        dunning_setup.save_scenario(
            s, with_level(dunning_defaults.consumer(), 1, interest=True), as_of=date(2026, 1, 1)
        )


def test_a_level_by_phone_records_the_reminder_and_makes_a_call_task_but_no_letter(book):
    from dataclasses import replace

    from ledgerdesk.domain import dunning_defaults
    from ledgerdesk.domain.dunning import with_level
    from ledgerdesk.services import dunning_setup, reminder_documents

    who = customer(book, "Garage Maes")
    inv = invoice_due(book, who, "600.00", due=date(2026, 2, 1))
    by_phone = replace(
        with_level(dunning_defaults.business(), 1, channel="call"), code="phone-first", name="Phone first"
    )
    with book.db.transaction() as s:
        dunning_setup.save_scenario(s, by_phone, as_of=date(2026, 2, 1))
        dunning_setup.set_customer_scenario(s, who, "phone-first")
        done = reminders.confirm(s, date(2026, 2, 11))
    assert len(done.call_task_ids) == 1
    with book.db.reading() as s:
        assert s.get(CallTask, done.call_task_ids[0]).due_date == date(2026, 2, 18)
        with pytest.raises(DomainError, match="no reminder letters"):
            reminder_documents.print_batch(s, date(2026, 2, 11), Path("/nonexistent.pdf"))
    assert ("reminded", date(2026, 2, 11)) in events(book, inv)


def test_interest_on_a_partly_paid_invoice_counts_what_was_owed_when(book):
    who = customer(book, "Bouwbedrijf Claes")
    inv = invoice_due(book, who, "1000.00", due=date(2026, 1, 31))
    confirm(book, date(2026, 2, 10))
    payment(book, inv, date(2026, 2, 20), 40000)
    (item,) = propose(book, date(2026, 3, 10)).letters[0].items
    # 1000 × 10.5 % × 19/365 + 600 × 10.5 % × 19/365 = 5.4658 + 3.2795 = 8.75
    assert (item.level, item.open_cents, item.fee_cents, item.interest_cents, item.total_cents) == (
        2,
        60000,
        4000,
        875,
        64875,
    )


def test_a_credited_invoice_is_left_alone_and_a_partly_credited_one_is_reminded_for_the_rest(book):
    from ledgerdesk.domain.invoicing import LineInput
    from ledgerdesk.services import invoicing

    who = customer(book, "Drukkerij Peeters")
    whole = invoice_due(book, who, "400.00", due=date(2026, 2, 1))
    part = invoice_due(book, who, "600.00", due=date(2026, 2, 1))
    confirm(book, date(2026, 2, 11))  # both: level 1
    with book.db.transaction() as s:
        invoicing.issue(s, invoicing.create_credit_note(s, whole, issue_date=date(2026, 2, 13)))
        invoicing.issue(
            s,
            invoicing.create_credit_note(
                s, part, issue_date=date(2026, 2, 13), lines=[LineInput.of("Korting", 1, "100.00", "0")]
            ),
        )
    later = propose(book, date(2026, 3, 2))  # level 1's pay-by date 25 February and three working days
    assert reasons(later) == {"2026-0001": "credited"}
    (letter,) = later.letters
    assert [(i.number, i.level, i.open_cents, i.fee_cents) for i in letter.items] == [("2026-0002", 2, 50000, 4000)]
