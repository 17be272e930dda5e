"""The letter's own structured communication, paid through a bank statement, settles the group oldest first."""

from __future__ import annotations

from datetime import date

from builders import customer, invoice_due

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.persistence import queries
from ledgerdesk.services import bank_import, reminders


def test_paying_the_letter_total_with_its_ogm_settles_every_invoice_and_keeps_the_claims_as_credit(book, tmp_path):
    claes = customer(book, "Bouwbedrijf Claes")
    ids = [
        invoice_due(book, claes, amount, due)
        for amount, due in (
            ("1000.00", date(2026, 1, 31)),
            ("500.00", date(2026, 2, 14)),
            ("250.00", date(2026, 2, 27)),
        )
    ]
    for on in (date(2026, 2, 10), date(2026, 2, 27)):
        with book.db.transaction() as s:
            reminders.confirm(s, on)
    with book.db.reading() as s:
        (letter,) = reminders.propose(s, date(2026, 3, 18)).letters
    with book.db.transaction() as s:
        reminders.confirm(s, date(2026, 3, 18))
    assert letter.total_cents == 184783

    statement = tmp_path / "march.cod"
    statement.write_bytes(
        coda(
            [
                Stmt(
                    txs=[
                        Tx(184783, ogm=letter.structured_communication, name="Bouwbedrijf Claes", day=date(2026, 3, 23))
                    ],
                    day=date(2026, 3, 23),
                )
            ],
            created=date(2026, 3, 23),
        )
    )
    with book.db.transaction() as s:
        result = bank_import.import_file(s, statement, today=date(2026, 3, 23))
    assert [(m.invoice_id, m.amount_cents) for m in result.matched] == [
        (ids[0], 100000),
        (ids[1], 50000),
        (ids[2], 25000),
    ]
    with book.db.reading() as s:
        assert all(queries.open_cents(s, i) == 0 for i in ids)
        assert queries.customer_credit_cents(s, claes) == 9783  # the claimed € 80 + € 17.83 interest
        after = reminders.propose(s, date(2026, 3, 27))
    assert after.letters == () and {r.reason for r in after.skipped} == {"paid"}
    with book.db.reading() as s:
        stale = reminders.propose(s, date(2026, 5, 7))  # weeks later without importing statements
    assert stale.blocked and stale.letters == ()
    assert any("bank statements last imported on 2026-03-23 (more than 10 days ago)" in str(w) for w in stale.warnings)
