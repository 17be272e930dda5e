"""A period sent to the accountant is closed: nothing more is dated in it, corrections go in the next pack."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pack_builders import NOW, TODAY, fourth_quarter

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.period import Period, PeriodError
from ledgerdesk.persistence.models import AccountantPack, Invoice
from ledgerdesk.services import invoicing
from ledgerdesk.services.accountant_pack import write_pack
from ledgerdesk.services.closing import sent_periods
from ledgerdesk.services.reminder_views import invoice_events

Q4 = Period.parse("2026-Q4")


def _send(book, tmp_path, period=Q4, **kwargs):
    with book.db.transaction() as s:
        return write_pack(s, period, tmp_path / f"{period.name}.zip", today=TODAY, now=NOW, **kwargs)


def test_each_document_says_which_pack_it_went_in_and_the_period_is_recorded(book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    pack = _send(book, tmp_path)
    with book.db.reading() as s:
        assert sent_periods(s)[0].period == Q4 and sent_periods(s)[0].sent_on == TODAY
        row = s.scalars(sa.select(AccountantPack)).one()
        assert (row.documents, row.file_name, row.resent) == (5, "2026-Q4.zip", False)
        first = s.scalars(sa.select(Invoice).where(Invoice.number == facts["first"])).one()
        said = [str(e.what) for e in invoice_events(s, first.id)]
        september = s.scalars(sa.select(Invoice).where(Invoice.number == "2026-0001")).one()
        not_sent = [str(e.what) for e in invoice_events(s, september.id)]
    assert said.count("sent to the accountant in the pack of 2026-Q4") == 1 and len(pack.documents) == 5
    assert not any("accountant" in text for text in not_sent)  # September is not in the fourth quarter


def test_nothing_can_be_issued_in_a_closed_period_and_a_correction_goes_in_the_next_pack(book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    _send(book, tmp_path)
    with book.db.transaction() as s:
        customer = s.scalars(sa.select(Invoice).where(Invoice.number == facts["first"])).one().customer_id
        late = invoicing.create_draft(
            s, invoicing.DraftData(customer, date(2026, 12, 30), [LineInput.of("x", 1, "10")])
        )
    with pytest.raises(PeriodError, match=r"2026-Q4 is closed: .* no document can be dated 2026-12-30"):
        with book.db.transaction() as s:
            invoicing.issue(s, late, now=NOW)
    with book.db.transaction() as s:
        first_id = s.scalars(sa.select(Invoice.id).where(Invoice.number == facts["first"])).one()
        note = invoicing.create_credit_note(
            s, first_id, issue_date=date(2027, 1, 6), lines=[LineInput.of("Work", 1, "100")], now=NOW
        )
        number = invoicing.issue(s, note, now=NOW)
        assert invoicing.issue(s, late, on=date(2027, 1, 6), now=NOW)  # dated later: fine
    january = _send(book, tmp_path, Period.parse("2027-01"))
    assert [d.number for d in january.documents if d.kind == "credit_note"] == [number]


def test_sending_again_is_explicit_and_the_record_cannot_be_undone(book, tmp_path):
    fourth_quarter(book, tmp_path)
    _send(book, tmp_path)
    with pytest.raises(PeriodError, match="already sent"):
        _send(book, tmp_path, Period.parse("2026"))
    _send(book, tmp_path, Period.parse("2026"), resend=True)
    with book.db.reading() as s:
        assert [(r.period, r.resent) for r in s.scalars(sa.select(AccountantPack))] == [
            ("2026-Q4", False),
            ("2026", True),
        ]
    with pytest.raises(sa.exc.IntegrityError, match="cannot be deleted"), book.db.transaction() as s:
        s.execute(sa.delete(AccountantPack))
