"""Converting a quote line by line: whole or in parts over several invoices, what is left tracked, nothing
ever invoiced twice, and the invoice numbers never jump (a property test over random partial conversions)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from builders import sent_quote
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import invoicing, quotes

DAY = date(2026, 3, 20)
LINES = [
    LineInput.of("Arbeid", "40", "55.00", "21", unit="h"),
    LineInput.of("Tegels", "12", "25.00", "6"),
    LineInput.of("Korting", "-1", "100.00", "21"),
]


def test_three_invoices_take_a_quote_in_parts_and_the_rest_is_refused(book, customer_id):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES)
        quotes.accept(s, quote_id, on=DAY)
        first = quotes.convert_to_invoice(s, quote_id, on=DAY, lines={0: Decimal("10"), 1: None})
        assert quotes.left_to_invoice(s, quote_id) == {0: Decimal("30"), 2: Decimal("-1")}
        assert quotes.load_quote(s, quote_id, DAY).status is QuoteStatus.ACCEPTED
        with pytest.raises(DomainError, match=f"line 2 of quote {number} is already invoiced"):
            quotes.convert_to_invoice(s, quote_id, on=DAY, lines={1: Decimal("1")})
        with pytest.raises(DomainError, match=f"line 1 of quote {number} has 30 left to invoice, not 31"):
            quotes.convert_to_invoice(s, quote_id, on=DAY, lines={0: Decimal("31")})
        with pytest.raises(DomainError, match=f"quote {number} has no line 4"):
            quotes.convert_to_invoice(s, quote_id, on=DAY, lines={3: None})
        second = quotes.convert_to_invoice(s, quote_id, on=DAY, lines={0: Decimal("20")})
        third = quotes.convert_to_invoice(s, quote_id, on=DAY)  # what is left: 10 h and the discount
        assert quotes.left_to_invoice(s, quote_id) == {}
        assert quotes.load_quote(s, quote_id, DAY).status is QuoteStatus.CONVERTED
        totals = [s.get(Invoice, i).net_cents for i in (first, second, third)]
        quote_net = sum(line.net_cents for line in LINES)
    assert totals == [55_000 + 30_000, 110_000, 55_000 - 10_000] and sum(totals) == quote_net
    with book.db.transaction() as s:  # the third draft deleted: its part is to invoice again
        invoicing.delete_draft(s, third)
        assert quotes.left_to_invoice(s, quote_id) == {0: Decimal("10"), 2: Decimal("-1")}
        assert quotes.load_quote(s, quote_id, DAY).status is QuoteStatus.ACCEPTED


quantities = st.lists(
    st.dictionaries(st.integers(0, 2), st.one_of(st.none(), st.integers(1, 45).map(Decimal)), max_size=3),
    min_size=1,
    max_size=4,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=quantities)
def test_partial_conversions_never_invoice_anything_twice(book, customer_id, plan):
    """Whatever parts are asked, in whatever order: the invoices together hold at most each line's quantity,
    a refused conversion writes nothing, and the issued invoice numbers follow each other without a gap."""
    with book.db.transaction() as s:
        quote_id, _ = sent_quote(s, customer_id, lines=LINES)
        quotes.accept(s, quote_id, on=DAY)
    made: list[int] = []
    for step in plan:
        wanted = {p: (-q if q is not None and p == 2 else q) for p, q in step.items()}
        with book.db.reading() as s:
            left = quotes.left_to_invoice(s, quote_id)
        try:
            with book.db.transaction() as s:  # a part made and issued at once, or nothing at all
                invoice_id = quotes.convert_to_invoice(s, quote_id, on=DAY, lines=wanted or None)
                invoicing.issue(s, invoice_id)
            made.append(invoice_id)
        except DomainError:
            with book.db.reading() as s:
                assert quotes.left_to_invoice(s, quote_id) == left  # a refusal writes nothing
    with book.db.reading() as s:
        invoiced: dict[str, Decimal] = {}
        for invoice_id in made:
            for line in s.get(Invoice, invoice_id).lines:
                invoiced[line.description] = invoiced.get(line.description, Decimal(0)) + line.quantity
        numbers = s.scalars(select(Invoice.number_seq).where(Invoice.status == "issued").order_by(Invoice.id)).all()
        left = quotes.left_to_invoice(s, quote_id)
    for position, line in enumerate(LINES):
        assert abs(invoiced.get(line.description, Decimal(0))) <= abs(line.quantity)
        assert invoiced.get(line.description, Decimal(0)) + left.get(position, Decimal(0)) == line.quantity
    assert list(numbers) == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
