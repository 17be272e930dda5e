"""The cash limit: EUR 3,000 or more in cash for one sale is refused, at once or in parts, in the app and the book file."""

from __future__ import annotations

from datetime import date

import pytest
from builders import invoice, payment
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerdesk.domain.cash import CASH_LIMIT_CENTS, CashLimitError, check_cash_for_sale, check_cash_payment
from ledgerdesk.i18n import gettext
from ledgerdesk.persistence import queries

ON = date(2026, 3, 2)


def _invoice(book, customer_id: int, price: str) -> int:
    return invoice(book, customer_id, ON, price, what="Sofa")


def _pay(book, invoice_id: int, cents: int, method: str = "cash") -> int:
    return payment(book, invoice_id, ON, cents, method=method, known_payer=False)


def _paid(book, invoice_id: int) -> int:
    with book.db.reading() as s:
        return queries.open_cents(s, invoice_id, ON)


def test_a_cash_payment_of_3000_or_more_is_refused_with_the_reason_and_changes_nothing(book, customer_id):
    invoice_id = _invoice(book, customer_id, "3500")  # 4235.00 with VAT
    before = _paid(book, invoice_id)
    with pytest.raises(CashLimitError, match=r"a cash payment of EUR 3000.00 is not allowed.*must go through a bank"):
        _pay(book, invoice_id, 300_000)
    assert _paid(book, invoice_id) == before
    _pay(book, invoice_id, 300_000, method="bank")  # the same amount through the bank is fine
    assert _paid(book, invoice_id) == before - 300_000


def test_cash_in_parts_for_one_sale_is_refused_once_the_parts_reach_3000(book, customer_id):
    invoice_id = _invoice(book, customer_id, "3500")
    _pay(book, invoice_id, 200_000)
    _pay(book, invoice_id, 99_999)  # 2999.99 in cash so far
    with pytest.raises(CashLimitError, match=r"would receive EUR 3000.00 in cash \(of which EUR 2999.99 earlier\)"):
        _pay(book, invoice_id, 1)
    _pay(book, invoice_id, 500, method="bank")  # the rest goes through the bank


def test_the_refusal_speaks_the_users_language(book, customer_id):
    invoice_id = _invoice(book, customer_id, "3500")
    with pytest.raises(CashLimitError) as refused:
        _pay(book, invoice_id, 350_000)
    assert "contant" in refused.value.translated(gettext("nl"))
    assert "espèces" in refused.value.translated(gettext("fr"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=400_000), min_size=1, max_size=8))
def test_cash_accepted_for_one_sale_always_stays_below_the_limit(parts):
    accepted = 0
    for part in parts:
        try:
            check_cash_payment(part)
            check_cash_for_sale("2026-0001", accepted, part)
        except CashLimitError:
            assert part >= CASH_LIMIT_CENTS or accepted + part >= CASH_LIMIT_CENTS
            continue
        accepted += part
    assert accepted < CASH_LIMIT_CENTS


def test_a_book_file_with_cash_over_the_limit_is_refused_with_the_path(empty_book):
    from ledgerdesk.services import book_io

    doc = {
        "ledgerdesk_book": 2,
        "company": {"name": "Atelier Janssens", "vat": "BE0403170701", "iban": "BE71096123456769"},
        "customers": [{"id": "C1", "name": "Jan Peeters", "kind": "consumer"}],
        "invoices": [
            {
                "id": "I1",
                "customer": "C1",
                "issue_date": "2026-03-02",
                "lines": [{"description": "Sofa", "quantity": "1", "unit_price": "4000", "vat_rate": "21"}],
            }
        ],
        "payments": [
            {
                "id": "P1",
                "date": "2026-03-03",
                "amount": "2000.00",
                "method": "cash",
                "allocations": [{"invoice": "I1", "amount": "2000.00"}],
            },
            {
                "id": "P2",
                "date": "2026-03-04",
                "amount": "1500.00",
                "method": "cash",
                "allocations": [{"invoice": "I1", "amount": "1500.00"}],
            },
            {"id": "P3", "date": "2026-03-05", "amount": "3000.00", "method": "cash"},
        ],
    }
    with pytest.raises(book_io.BookFileError) as refused, empty_book.db.transaction() as s:
        book_io.import_book(s, doc)
    problems = refused.value.problems
    assert any(p.startswith("$.payments[1].allocations[0]") and "EUR 3500.00 in cash" in p for p in problems), problems
    assert any(p.startswith("$.payments[2].amount") and "EUR 3000.00" in p for p in problems), problems
    with empty_book.db.reading() as s:
        assert queries.list_invoices(s, as_of=ON) == []
