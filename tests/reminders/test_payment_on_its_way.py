"""A payment that may have arrived holds its reminder until its bank line is resolved (issue 15).

Stories on a real book: a CODA statement is imported, a line lands in the review queue or stays
unmatched, the run names the line instead of reminding, the line is resolved, the run goes on.
"""

from __future__ import annotations

from datetime import date

from builders import customer, invoice_due

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.domain.pending_payments import (
    AMOUNT,
    LETTER,
    NUMBER,
    OGM,
    SUGGESTED,
    OpenInvoice,
    UnresolvedLine,
    may_have_arrived,
)
from ledgerdesk.services import bank_import, bank_review, reminders


def _import(book, tmp_path, txs, day, number="001"):
    path = tmp_path / f"statement-{number}.cod"
    path.write_bytes(coda([Stmt(number=number, txs=txs, day=day)], created=day))
    with book.db.transaction() as s:
        return bank_import.import_file(s, path, today=day)


def _run(book, on):
    with book.db.reading() as s:
        return reminders.propose(s, on)


def _reasons(proposal):
    return {s.number: s.reason for s in proposal.skipped}


def _line_id(book, status):
    with book.db.reading() as s:
        return next(r.id for r in bank_review.bank_lines(s) if r.status == status)


def test_a_line_in_review_naming_the_invoice_holds_its_reminder_until_it_is_set_aside(book, tmp_path):
    renard = customer(book, "Schrijnwerkerij Renard NV")
    invoice_due(book, renard, "6330.72", due=date(2026, 1, 31))
    # 9 February: a transfer from an account we do not know, "factuur 2026-0001", the exact amount.
    _import(
        book, tmp_path, [Tx(633072, text="factuur 2026-0001", name="R. Renard", day=date(2026, 2, 9))], date(2026, 2, 9)
    )
    held = _run(book, date(2026, 2, 10))
    assert held.letters == ()
    assert _reasons(held) == {
        "2026-0001": "a payment may have arrived: the bank line of 2026-02-09, 6330.72 from R. Renard, "
        "waits in the review queue with this invoice as its suggestion"
    }
    # A week passes and nobody looked: still held, never reminded over a payment on the statement.
    assert _run(book, date(2026, 2, 17)).letters == ()
    # It was a private transfer after all: set aside, the reminder goes out on the next run.
    with book.db.transaction() as s:
        bank_review.ignore_line(s, _line_id(book, "review"), "private transfer")
    with book.db.transaction() as s:
        done = reminders.confirm(s, date(2026, 2, 17))
    assert len(done.letter_ids) == 1


def test_accepting_the_suggestion_pays_the_invoice_and_nothing_is_reminded(book, tmp_path):
    renard = customer(book, "Schrijnwerkerij Renard NV")
    invoice_due(book, renard, "6330.72", due=date(2026, 1, 31))
    _import(
        book, tmp_path, [Tx(633072, text="factuur 2026-0001", name="R. Renard", day=date(2026, 2, 9))], date(2026, 2, 9)
    )
    with book.db.transaction() as s:
        bank_review.accept_suggestion(s, _line_id(book, "review"))
    after = _run(book, date(2026, 2, 17))
    assert after.letters == () and _reasons(after) == {}


def test_a_stranger_paying_the_exact_open_amount_holds_and_a_later_statement_cannot_hold_an_earlier_run(book, tmp_path):
    maes = customer(book, "Garage Maes")
    invoice_due(book, maes, "412.35", due=date(2026, 1, 31))
    _import(
        book,
        tmp_path,
        [Tx(41235, text="betaling", name="J. Janssens", iban="BE68539007547034", day=date(2026, 2, 12))],
        date(2026, 2, 12),
    )
    assert _run(book, date(2026, 2, 10)).letters[0].items[0].number == "2026-0001"  # the line came in later
    held = _run(book, date(2026, 2, 12))
    assert held.letters == ()
    # Whether the matcher suggests it (review) or not (unmatched; see test_the_rule_on_plain_values), the line is named.
    assert "the bank line of 2026-02-12, 412.35 from J. Janssens" in _reasons(held)["2026-0001"]


def test_a_line_paying_a_letter_communication_holds_every_invoice_of_that_letter(book, tmp_path):
    claes = customer(book, "Bouwbedrijf Claes")
    invoice_due(book, claes, "1000.00", due=date(2026, 1, 31))
    invoice_due(book, claes, "500.00", due=date(2026, 1, 31))
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 2, 10))
    with book.db.reading() as s:
        from ledgerdesk.persistence.models import ReminderLetter

        letter = s.query(ReminderLetter).one()
        ogm, number = letter.structured_communication, letter.number
    # The customer typed the letter's communication by hand, in the free text, for part of it.
    typed = f"{ogm[:3]}/{ogm[3:7]}/{ogm[7:]}"
    _import(
        book, tmp_path, [Tx(70000, text=f"herinnering {typed}", name="Claes", day=date(2026, 3, 2))], date(2026, 3, 2)
    )
    held = _run(book, date(2026, 3, 3))
    assert held.letters == ()
    assert set(_reasons(held)) == {"2026-0001", "2026-0002"}
    assert all(f"carries the communication of reminder {number}" in r for r in _reasons(held).values())


def _line(**kw):
    base = dict(id=1, booking_date=date(2026, 2, 9), amount_cents=100, counterparty="X", communication="")
    base.update(kw)
    return UnresolvedLine(**base)


def test_the_rule_on_plain_values():
    inv = OpenInvoice(7, "2026-0042", date(2026, 1, 1), 12100, "202600004265", (("R2026-0003", "202650000359"),))
    as_of = date(2026, 3, 1)

    def how(line):
        found = may_have_arrived([inv], [line], as_of).get(7)
        return found.how if found else None

    assert how(_line(suggested=frozenset({7}))) == SUGGESTED
    assert how(_line(ogm="202600004265")) == OGM
    assert how(_line(communication="+++202/6000/04265+++")) == OGM
    assert how(_line(communication="R2026-0003 202/6500/00359")) == LETTER
    assert how(_line(communication="Factuur nr 2026-0042 dank u")) == NUMBER
    assert how(_line(communication="fact 20260042")) == NUMBER
    assert how(_line(communication="2026-00421")) is None  # another number
    assert how(_line(amount_cents=12100)) == AMOUNT
    assert how(_line(amount_cents=-12100)) is None  # money going out
    assert how(_line(amount_cents=12100, booking_date=date(2025, 12, 31))) is None  # before the invoice existed
    assert how(_line(amount_cents=12100, booking_date=date(2026, 3, 2))) is None  # after the run's date
    assert how(_line(amount_cents=12101, communication="betaling")) is None
