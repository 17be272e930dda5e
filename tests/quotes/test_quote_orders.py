"""Order confirmations: quote → order → invoice, each step whole or in parts, what is left tracked on the
quote and on each order, and nothing invoiced twice however the parts are asked (a property test over
random partial conversions across orders and three invoices)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from builders import sent_quote
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quote_helpers import pdf_text
from sqlalchemy import select

from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.persistence.models import Invoice, QuoteOrder
from ledgerdesk.services import invoicing, quote_orders, quotes

DAY = date(2026, 3, 20)
LINES = [
    LineInput.of("Arbeid", "40", "55.00", "21", unit="h"),
    LineInput.of("Tegels", "12", "25.00", "6"),
    LineInput.of("Korting", "-1", "100.00", "21"),
]


def _accepted(s, customer_id, **kw) -> tuple[int, str]:
    quote_id, number = sent_quote(s, customer_id, lines=LINES, **kw)
    quotes.accept(s, quote_id, on=DAY)
    return quote_id, number


def test_an_order_takes_part_of_a_quote_and_its_invoices_take_from_the_order(book, customer_id):
    with book.db.transaction() as s:
        quote_id, number = _accepted(s, customer_id)
        order_id, order_number = quote_orders.make_order(s, quote_id, on=DAY, lines={0: Decimal("30"), 1: None})
        assert order_number == "OC2026-0001"
        assert quotes.left_to_invoice(s, quote_id) == {0: Decimal("10"), 2: Decimal("-1")}
        with pytest.raises(DomainError, match=f"line 2 of quote {number} is already invoiced"):
            quote_orders.make_order(s, quote_id, on=DAY, lines={1: Decimal("1")})
        first = quote_orders.convert_order_to_invoice(s, order_id, on=DAY, lines={0: Decimal("10")})
        assert quote_orders.left_on_order(s, order_id) == {0: Decimal("20"), 1: Decimal("12")}
        with pytest.raises(
            DomainError, match=f"line 1 of order confirmation {order_number} has 20 left to invoice, not 21"
        ):
            quote_orders.convert_order_to_invoice(s, order_id, on=DAY, lines={0: Decimal("21")})
        second = quote_orders.convert_order_to_invoice(s, order_id, on=DAY)  # the rest of the order
        with pytest.raises(DomainError, match=f"order confirmation {order_number} is invoiced"):
            quote_orders.convert_order_to_invoice(s, order_id, on=DAY)
        third = quotes.convert_to_invoice(s, quote_id, on=DAY)  # the rest of the quote, directly
        assert quotes.status_of(s, quote_id, DAY) is QuoteStatus.CONVERTED
        nets = [s.get(Invoice, i).net_cents for i in (first, second, third)]
        notes = s.get(Invoice, first).notes
    assert nets == [55_000, 110_000 + 30_000, 55_000 - 10_000]
    assert sum(nets) == sum(line.net_cents for line in LINES)
    assert f"order confirmation {order_number}" in notes.lower() or order_number in notes


def test_the_order_series_is_its_own_and_an_order_never_changes(book, customer_id):
    with book.db.transaction() as s:
        quote_id, _ = _accepted(s, customer_id)
        quote_orders.make_order(s, quote_id, on=DAY, lines={0: Decimal("1")})
        _, second = quote_orders.make_order(s, quote_id, on=DAY, lines={0: Decimal("1")})
        invoice_id = quotes.convert_to_invoice(s, quote_id, on=DAY, lines={1: Decimal("1")})
        invoicing.issue(s, invoice_id)
        assert second == "OC2026-0002" and s.get(Invoice, invoice_id).number == "2026-0001"
    with pytest.raises(Exception, match="an order confirmation cannot be changed"):
        with book.db.transaction() as s:
            s.scalars(select(QuoteOrder)).first().net_cents = 1
            s.flush()


def test_only_an_accepted_quote_is_ordered(book, customer_id):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES)
        with pytest.raises(DomainError, match=f"quote {number} must be accepted before it is converted"):
            quote_orders.make_order(s, quote_id, on=DAY)


def test_the_order_pdf_speaks_the_customers_language(book, customer_id, tmp_path):
    from ledgerdesk.persistence.models import Customer

    with book.db.transaction() as s:
        s.get(Customer, customer_id).language = "fr"
        quote_id, number = _accepted(s, customer_id)
        order_id, order_number = quote_orders.make_order(s, quote_id, on=DAY)
    with book.db.reading() as s:
        target = tmp_path / "order.pdf"
        quote_orders.write_order_pdf(s, order_id, target)
    text = pdf_text(target.read_bytes())
    assert "Confirmation de commande" in text and order_number in text and number in text
    assert "Order confirmation" not in text


def test_deleting_an_earlier_draft_of_a_converted_quote_lists_it_accepted_again(book, customer_id):
    with book.db.transaction() as s:
        quote_id, _ = _accepted(s, customer_id)
        earlier = quotes.convert_to_invoice(s, quote_id, on=DAY, lines={0: Decimal("10")})
        quotes.convert_to_invoice(s, quote_id, on=DAY)  # the rest: converted
        assert [r.status for r in quotes.list_quotes(s, DAY)] == [QuoteStatus.CONVERTED]
        invoicing.delete_draft(s, earlier)
        assert [r.status for r in quotes.list_quotes(s, DAY)] == [QuoteStatus.ACCEPTED]
        assert [r.id for r in quotes.list_quotes(s, DAY, status=QuoteStatus.ACCEPTED)] == [quote_id]
        assert quotes.list_quotes(s, DAY, status=QuoteStatus.CONVERTED) == []
        assert quotes.load_quote(s, quote_id, DAY).status is QuoteStatus.ACCEPTED


steps = st.lists(
    st.tuples(
        st.sampled_from(["order", "invoice", "order-invoice"]),
        st.dictionaries(st.integers(0, 2), st.one_of(st.none(), st.integers(1, 45).map(Decimal)), max_size=3),
    ),
    min_size=3,
    max_size=6,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=steps)
def test_nothing_is_invoiced_twice_across_orders_and_invoices(book, customer_id, plan):
    """Random parts ordered, invoiced from the quote and invoiced from the orders: the invoices together never
    hold more than a quote line, each order's invoices never more than the order line, and a refused step
    writes nothing."""
    with book.db.transaction() as s:
        quote_id, _ = _accepted(s, customer_id)
    made: list[int] = []
    for kind, step in plan:
        wanted = {p: (-q if q is not None and p == 2 else q) for p, q in step.items()} or None
        try:
            with book.db.transaction() as s:
                if kind == "order":
                    quote_orders.make_order(s, quote_id, on=DAY, lines=wanted)
                elif kind == "invoice":
                    made.append(quotes.convert_to_invoice(s, quote_id, on=DAY, lines=wanted))
                else:
                    orders = [o for o in quote_orders.list_orders(s, quote_id) if o.left]
                    if not orders:
                        continue
                    made.append(quote_orders.convert_order_to_invoice(s, orders[-1].id, on=DAY, lines=wanted))
        except DomainError:
            pass
    with book.db.reading() as s:
        invoiced: dict[str, Decimal] = {}
        for invoice_id in made:
            for line in s.get(Invoice, invoice_id).lines:
                invoiced[line.description] = invoiced.get(line.description, Decimal(0)) + line.quantity
        left_quote = quotes.left_to_invoice(s, quote_id)
        left_orders: dict[str, Decimal] = {}
        for order in quote_orders.list_orders(s, quote_id):
            lines = s.get(QuoteOrder, order.id).lines
            for position, rest in order.left.items():
                name = lines[position].description
                left_orders[name] = left_orders.get(name, Decimal(0)) + rest
    for position, line in enumerate(LINES):
        done = invoiced.get(line.description, Decimal(0))
        assert abs(done) <= abs(line.quantity)
        # every unit is exactly once: invoiced, waiting on an order, or left on the quote
        assert done + left_orders.get(line.description, Decimal(0)) + left_quote.get(position, Decimal(0)) == (
            line.quantity
        )
