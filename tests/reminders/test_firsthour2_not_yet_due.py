"""An overdue invoice that waits for its first reminder is listed as skipped, saying from when it is due."""

from __future__ import annotations

import io
from datetime import date, timedelta

from builders import customer, invoice_due

from ledgerdesk import cli
from ledgerdesk.domain import dunning_defaults
from ledgerdesk.services.reminders import propose

DUE = date(2026, 12, 1)


def test_overdue_before_level_one_is_skipped_with_the_day_it_becomes_due(book, monkeypatch):
    first = dunning_defaults.business().active_levels()[0]
    assert first.days > 2  # the story needs a few overdue days before the first letter
    late = invoice_due(book, customer(book, "Garage Peeters"), "100.00", DUE)
    invoice_due(book, customer(book, "Bakkerij Claes"), "50.00", DUE + timedelta(days=10))  # not overdue: not listed
    as_of = DUE + timedelta(days=2)
    with book.db.reading() as s:
        proposal = propose(s, as_of)
    assert proposal.letters == ()
    assert [(x.invoice_id, x.reason) for x in proposal.skipped] == [
        (late, f"overdue; level {first.number} is due from {(DUE + timedelta(days=first.days)).isoformat()}")
    ]
    with book.db.reading() as s:  # on the day itself the letter is proposed, and nothing is skipped
        on_the_day = propose(s, DUE + timedelta(days=first.days))
    assert [i.invoice_id for x in on_the_day.letters for i in x.items] == [late] and on_the_day.skipped == ()

    monkeypatch.setenv("LEDGERDESK_LANG", "fr")
    out, err = io.StringIO(), io.StringIO()
    folder = str(book.paths.book.parent)
    assert cli.main(["--data-dir", folder, "reminders", "propose", "--as-of", as_of.isoformat()], out=out, err=err) == 0
    day = (DUE + timedelta(days=first.days)).strftime("%d/%m/%Y")
    assert f"Garage Peeters: échue ; le niveau {first.number} est dû à partir du {day}\n" in out.getvalue()
