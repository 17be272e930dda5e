"""Quotes in the book file: every status, lines, deposit, decision and history survive export → import →
export; the quote series continues after an import; a bad quote is refused by its JSON path."""

from __future__ import annotations

import json
from datetime import date

import pytest
from builders import QUOTE_TIME, draft_quote, sent_quote
from sqlalchemy import func, select

from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import NumberSeries, Quote, QuoteEvent, QuoteLine, WorkSlip
from ledgerdesk.services import book_io, quotes, work


def _quotes_book(book, customer_id):
    with book.db.transaction() as s:
        draft_quote(s, customer_id, terms="Geldig na ondertekening.", notes="Badkamer")
        accepted, _ = sent_quote(s, customer_id, deposit_cents=50_000)
        refused, _ = sent_quote(s, customer_id)
        sent_quote(s, customer_id, valid_until=date(2026, 3, 10))  # expired later on
        converted, _ = sent_quote(s, customer_id)
        quotes.accept(s, accepted, on=date(2026, 3, 4), now=QUOTE_TIME)
        quotes.refuse(s, refused, on=date(2026, 3, 4), reason="Te duur", now=QUOTE_TIME)
        quotes.accept(s, converted, on=date(2026, 3, 4), now=QUOTE_TIME)
        quotes.convert_to_invoice(s, converted, on=date(2026, 3, 5), now=QUOTE_TIME)
        work.slip_from_quote(s, accepted, day=date(2026, 3, 10), quantities={0: "8"}, note="Dag 1")
        work.slip_from_quote(s, accepted, day=date(2026, 3, 11), quantities={0: "8"})
        work.invoice_slips(s, customer_id, on=date(2026, 3, 11), until=date(2026, 3, 10))


def _counts(session):
    tables = (Quote, QuoteLine, QuoteEvent, WorkSlip)
    return [session.scalar(select(func.count()).select_from(t)) for t in tables]


def test_quotes_round_trip_and_the_series_continues(book, customer_id, tmp_path):
    _quotes_book(book, customer_id)
    with book.db.reading() as s:
        first, before = book_io.export_book(s), _counts(s)
        statuses = [(r.number, r.status) for r in quotes.list_quotes(s, date(2026, 4, 1))]
    assert before == [5, 10, 5 + 4 + 4 + 1, 2]  # created, sent, decided, converted, a slip invoiced; two slips
    assert [(w["quote"], w.get("invoice")) for w in first["work_slips"]] == [("Q2", "I2"), ("Q2", None)]
    assert {q["status"] for q in first["quotes"]} == {"draft", "sent", "accepted", "refused", "converted"}
    converted = next(q for q in first["quotes"] if q["status"] == "converted")
    assert converted["history"][-1]["detail"]["invoice_id"] == converted["invoice"]  # the file's id, not the book's
    assert converted["conversions"] == [
        {"line": 1, "invoice": converted["invoice"], "quantity": "40"},
        {"line": 2, "invoice": converted["invoice"], "quantity": "1"},
    ]
    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy.db.transaction() as s:
            try:
                book_io.import_book(s, json.loads(json.dumps(first)))
            except book_io.BookFileError as exc:
                pytest.fail("\n".join(str(p) for p in exc.problems))
        with copy.db.reading() as s:
            assert book_io.export_book(s) == first
            assert _counts(s) == before
            assert [(r.number, r.status) for r in quotes.list_quotes(s, date(2026, 4, 1))] == statuses
            assert s.get(NumberSeries, ("quote", 2026)).last_seq == 4
        with copy.db.transaction() as s:
            assert sent_quote(s, customer_id)[1] == "Q2026-0005"
    finally:
        copy.close()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda q: q.update(number="2026-7"), "$.quotes[1].number: '2026-7' is not a quote number (Q2026-0001)"),
        (lambda q: q.update(status="lost"), "$.quotes[1].status: 'lost' is not one of draft, sent, accepted"),
        (lambda q: q.update(deposit="9999.00"), "$.quotes[1]: the deposit of 9999.00 is more than"),
        (lambda q: q.update(customer="C99"), "$.quotes[1].customer: no customer with id 'C99'"),
        (lambda q: q.update(status="refused"), "$.quotes[1].invoice: only an accepted or converted quote refers to"),
        (
            lambda q: q.update(conversions=[{"line": 1, "invoice": "I1", "quantity": "41"}]),
            "$.quotes[1].conversions[0].quantity: line 1 is invoiced for more than its quantity",
        ),
    ],
)
def test_a_bad_quote_is_refused_by_its_path(book, customer_id, tmp_path, change, problem):
    _quotes_book(book, customer_id)
    with book.db.reading() as s:
        doc = book_io.export_book(s)
    change(doc["quotes"][1])
    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy.db.transaction() as s, pytest.raises(book_io.BookFileError) as refused:
            book_io.import_book(s, doc)
        assert any(str(p).startswith(problem) for p in refused.value.problems), refused.value.problems
        with copy.db.reading() as s:
            assert _counts(s) == [0, 0, 0, 0]
    finally:
        copy.close()


def test_orders_and_planned_months_round_trip_and_the_order_series_continues(book, customer_id, tmp_path):
    from decimal import Decimal

    from ledgerdesk.services import quote_orders

    with book.db.transaction() as s:
        quote_id, _ = sent_quote(s, customer_id, planned_month="2026-04")
        quotes.accept(s, quote_id, on=date(2026, 3, 4), now=QUOTE_TIME)
        order_id, _ = quote_orders.make_order(
            s, quote_id, on=date(2026, 3, 5), lines={0: Decimal("30")}, now=QUOTE_TIME
        )
        quote_orders.convert_order_to_invoice(
            s, order_id, on=date(2026, 3, 6), lines={0: Decimal("10")}, now=QUOTE_TIME
        )
    with book.db.reading() as s:
        first = book_io.export_book(s)
    (item,) = first["quotes"]
    assert item["planned_month"] == "2026-04"
    assert item["orders"][0]["number"] == "OC2026-0001"
    assert item["orders"][0]["lines"] == [{"line": 1, "quantity": "30"}]
    assert item["orders"][0]["conversions"][0]["quantity"] == "10"
    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy.db.transaction() as s:
            book_io.import_book(s, json.loads(json.dumps(first)))
        with copy.db.reading() as s:
            assert book_io.export_book(s) == first
            (order,) = quote_orders.list_orders(s)
            assert order.left == {0: Decimal("20")}
        with copy.db.transaction() as s:
            assert quote_orders.make_order(s, order.quote_id, on=date(2026, 3, 7))[1] == "OC2026-0002"
    finally:
        copy.close()
    bad = json.loads(json.dumps(first))
    bad["quotes"][0]["planned_month"] = "april"
    bad["quotes"][0]["orders"][0]["lines"][0]["quantity"] = "41"
    other = open_book(BookPaths.in_dir(tmp_path / "bad"))
    try:
        with other.db.transaction() as s, pytest.raises(book_io.BookFileError) as caught:
            book_io.import_book(s, bad)
    finally:
        other.close()
    problems = [str(p) for p in caught.value.problems]
    assert "$.quotes[0].planned_month: 'april' is not a month (e.g. 2026-12)" in problems
    assert "$.quotes[0].orders[0].lines[0].quantity: line 1 is ordered for more than its quantity" in problems
