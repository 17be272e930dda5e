"""A quote's life in a real book: its own number series, sent → accepted / refused / expired → converted,
each change in its history, and a sent quote frozen by the book itself."""

from __future__ import annotations

from datetime import date

import pytest
from builders import QUOTE_TIME, draft_quote, sent_quote
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.persistence.models import Invoice, QuoteEvent
from ledgerdesk.services import invoicing, quotes


def test_quotes_have_their_own_series_and_never_move_the_invoice_numbers(book, customer_id):
    with book.db.transaction() as s:
        first = sent_quote(s, customer_id)[1]
        invoice_id = invoicing.create_draft(
            s, invoicing.DraftData(customer_id, date(2026, 3, 2), [LineInput.of("Werk", 1, "100", "21")])
        )
        invoice_number = invoicing.issue(s, invoice_id)
        second = sent_quote(s, customer_id)[1]
        draft = draft_quote(s, customer_id)
    assert (first, second, invoice_number) == ("Q2026-0001", "Q2026-0002", "2026-0001")
    with book.db.reading() as s:
        view = quotes.load_quote(s, draft, date(2026, 3, 2))
        assert view.document.number is None and view.status is QuoteStatus.DRAFT
        sent = quotes.load_quote(s, quotes.find_quote(s, first), date(2026, 3, 2))
    # the deposit reference carries the quote type digit: it can never be an invoice's
    assert sent.document.structured_communication[4] == "2"
    assert sent.document.total_cents == 40 * 5500 * 121 // 100 + 30000 * 106 // 100 == 298_000


def test_accepted_refused_and_expired_each_show_in_the_history(book, customer_id):
    with book.db.transaction() as s:
        accepted, _ = sent_quote(s, customer_id, valid_until=date(2026, 4, 1))
        refused, _ = sent_quote(s, customer_id)
        expired, number = sent_quote(s, customer_id, valid_until=date(2026, 3, 10))
        quotes.accept(s, accepted, on=date(2026, 3, 20), now=QUOTE_TIME)
        quotes.refuse(s, refused, on=date(2026, 3, 21), reason="  Too expensive  ", now=QUOTE_TIME)
    with book.db.reading() as s:
        assert [e.kind for e in quotes.history(s, accepted, date(2026, 5, 1))] == ["created", "numbered", "accepted"]
        refusal = quotes.history(s, refused, date(2026, 5, 1))[-1]
        assert (refusal.kind, refusal.detail, refusal.on_date) == (
            "refused",
            {"reason": "Too expensive"},
            date(2026, 3, 21),
        )
        # expiry is a fact of the calendar: ready (never sent) on the last valid day, expired the day after
        assert quotes.load_quote(s, expired, date(2026, 3, 10)).status is QuoteStatus.READY
        view = quotes.load_quote(s, expired, date(2026, 3, 11))
        assert view.status is QuoteStatus.EXPIRED
        assert (view.history[-1].kind, view.history[-1].on_date) == ("expired", date(2026, 3, 11))
        by_status = {
            status: [r.id for r in quotes.list_quotes(s, date(2026, 3, 11), status=status)] for status in QuoteStatus
        }
    assert by_status[QuoteStatus.ACCEPTED] == [accepted]
    assert by_status[QuoteStatus.REFUSED] == [refused]
    assert by_status[QuoteStatus.EXPIRED] == [expired]
    assert by_status[QuoteStatus.SENT] == by_status[QuoteStatus.READY] == by_status[QuoteStatus.DRAFT] == []
    assert by_status[QuoteStatus.CONVERTED] == []
    with book.db.transaction() as s, pytest.raises(DomainError, match=f"quote {number} expired on 2026-03-10"):
        quotes.accept(s, expired, on=date(2026, 3, 11))
    with book.db.transaction() as s:  # an expired quote can still be refused
        quotes.refuse(s, expired, on=date(2026, 3, 12), reason="")
    with book.db.transaction() as s, pytest.raises(DomainError, match="is already refused"):
        quotes.accept(s, refused, on=date(2026, 3, 22))


def test_a_draft_must_be_sent_before_it_is_decided(book, customer_id):
    with book.db.transaction() as s:
        quote_id = draft_quote(s, customer_id)
    with book.db.transaction() as s, pytest.raises(DomainError, match="must be sent before"):
        quotes.accept(s, quote_id, on=date(2026, 3, 3))


def test_a_sent_quote_is_frozen_by_the_service_and_by_the_book(book, customer_id):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id)
    data = quotes.QuoteData(customer_id, date(2026, 3, 2), [LineInput.of("Anders", 1, "1", "21")])
    with book.db.transaction() as s, pytest.raises(DomainError, match=f"quote {number} is sent"):
        quotes.update_draft(s, quote_id, data)
    with book.db.transaction() as s, pytest.raises(DomainError, match="can never be deleted"):
        quotes.delete_draft(s, quote_id)
    for statement in (
        f"UPDATE quotes SET total_cents = 1 WHERE id = {quote_id}",
        f"UPDATE quotes SET status = 'draft' WHERE id = {quote_id}",
        f"DELETE FROM quotes WHERE id = {quote_id}",
        f"UPDATE quote_lines SET unit_price = '1' WHERE quote_id = {quote_id}",
        f"DELETE FROM quote_events WHERE quote_id = {quote_id}",
    ):
        with book.db.transaction() as s, pytest.raises(IntegrityError, match="cannot be|append-only"):
            s.execute(text(statement))


def test_bad_drafts_are_refused_with_the_reason(book, customer_id):
    cases = [
        ({"lines": []}, "at least one line"),
        ({"valid_until": date(2026, 3, 1)}, "valid until 2026-03-01, before its date"),
        ({"deposit_cents": 0}, "more than 0.00"),
        ({"deposit_cents": 298_001}, "deposit of 2980.01 is more than the quote's total of 2980.00"),
    ]
    for extra, message in cases:
        with book.db.transaction() as s, pytest.raises(DomainError, match=message):
            draft_quote(s, customer_id, **extra)


def test_an_accepted_quote_becomes_one_draft_invoice_with_its_lines(book, customer_id):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, deposit_cents=50_000)
        quotes.accept(s, quote_id, on=date(2026, 3, 5))
        invoice_id = quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 30))
    with book.db.transaction() as s:
        invoice = s.get(Invoice, invoice_id)
        assert (invoice.status, invoice.total_cents, len(invoice.lines)) == ("draft", 298_000, 2)
        assert f"offerte {number}" in invoice.notes  # in the customer's language (nl)
        assert quotes.load_quote(s, quote_id, date(2026, 3, 30)).status is QuoteStatus.CONVERTED
        with pytest.raises(DomainError, match="already converted"):
            quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 30))
    with book.db.transaction() as s:  # the draft invoice deleted again: the quote can be converted anew
        invoicing.delete_draft(s, invoice_id)
    with book.db.transaction() as s:
        assert quotes.load_quote(s, quote_id, date(2026, 4, 1)).status is QuoteStatus.ACCEPTED
        assert quotes.convert_to_invoice(s, quote_id, on=date(2026, 4, 1)) > 0


def test_a_numbered_quote_is_ready_until_it_left_and_only_then_sent(book, customer_id):
    """Numbering makes a quote final, not sent: a delivery or the user's word says it left."""
    with book.db.transaction() as s:
        handed, number = sent_quote(s, customer_id, valid_until=date(2026, 4, 1))
        mailed, mailed_number = sent_quote(s, customer_id, valid_until=date(2026, 4, 1))
        waiting, _ = sent_quote(s, customer_id, valid_until=date(2026, 4, 1))
    on = date(2026, 3, 5)
    with book.db.reading() as s:
        assert {r.id: r.status for r in quotes.list_quotes(s, on)} == dict.fromkeys(
            (handed, mailed, waiting), QuoteStatus.READY
        )
    with book.db.transaction() as s:
        assert quotes.mark_sent(s, handed, on=on, how="handed over", now=QUOTE_TIME) == number
        s.add(QuoteEvent(quote_id=mailed, at=QUOTE_TIME, on_date=on, kind="delivery_sent", detail={}))
    with book.db.transaction() as s, pytest.raises(DomainError, match=f"quote {number} is already sent"):
        quotes.mark_sent(s, handed, on=on)
    with book.db.reading() as s:
        assert quotes.status_of(s, handed, on) is quotes.status_of(s, mailed, on) is QuoteStatus.SENT
        assert quotes.status_of(s, waiting, on) is QuoteStatus.READY
        assert [r.id for r in quotes.list_quotes(s, on, status=QuoteStatus.READY)] == [waiting]
        assert sorted(r.id for r in quotes.list_quotes(s, on, status=QuoteStatus.SENT)) == [handed, mailed]
        assert quotes.history(s, handed, on)[-1].detail == {"how": "handed over"}
    with book.db.transaction() as s:  # a ready quote is still decided: the customer had it in hand
        quotes.accept(s, waiting, on=on)
        draft = draft_quote(s, customer_id)
    with book.db.transaction() as s, pytest.raises(DomainError, match="must be made final before"):
        quotes.mark_sent(s, draft, on=on)
    assert mailed_number


def test_a_quote_numbered_in_an_older_book_stays_sent(book, customer_id):
    """Books from before the difference recorded the numbering as `sent`: those quotes left, and say so."""
    with book.db.transaction() as s:
        quote_id, _ = sent_quote(s, customer_id, valid_until=date(2026, 4, 1))
        # the history is append-only: the old numbering event is added as such a book holds it
        s.add(QuoteEvent(quote_id=quote_id, at=QUOTE_TIME, on_date=date(2026, 3, 2), kind="sent", detail={}))
    with book.db.reading() as s:
        assert quotes.status_of(s, quote_id, date(2026, 3, 5)) is QuoteStatus.SENT
