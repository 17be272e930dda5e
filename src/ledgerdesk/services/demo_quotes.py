"""The demo business's quotes and work: a few quotes at every step and work slips, made through the services.

A quote sent and waiting, one accepted and planned for next month, one refused with the reason, and one
with a deposit: paid (its advance invoice issued and settled), two weeks of work logged from its lines, and
the final invoice drafted deducting the advance. Everything is dated in the weeks before the demo's day,
with the same seed the same book.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.invoicing import LineInput
from ..persistence.models import Customer
from . import payments, quote_deposits, quotes, work


def _at(day: date) -> datetime:
    """The moment an action of the demo happened: the day's start, so the same seed makes the same book."""
    return datetime.combine(day, datetime.min.time())


def _quote(session: Session, customer: Customer, day: date, lines: list[LineInput], **kw) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    now = _at(day)
    quote_id = quotes.create_draft(
        session, quotes.QuoteData(customer_id=customer.id, issue_date=day, lines=lines, **kw), now=now
    )
    return quote_id, quotes.send(session, quote_id, now=now)


def add_quotes(session: Session, as_of: date, *, franchise: bool = False) -> dict[str, int]:
    """The demo's quotes and work slips, dated before `as_of`; returns how many of each were made."""
    customers = list(
        session.scalars(
            select(Customer)
            .where(Customer.kind == "business", Customer.country == "BE", ~Customer.requires_buyer_reference)
            .order_by(Customer.id)
        )
    )[:4]
    if len(customers) < 4:
        return {"quotes": 0, "work_slips": 0}
    rate, exemption = ("0", "franchise") if franchise else ("21", None)
    low, exemption_low = ("0", "franchise") if franchise else ("6", None)

    def labour(hours: int, price: str) -> LineInput:
        return LineInput.of("Renovatie badkamer: arbeid", hours, price, rate, unit="HUR", exemption=exemption)

    def materials(price: str) -> LineInput:
        return LineInput.of("Tegels en lijm", 1, price, low, exemption=exemption_low)

    start = as_of - timedelta(days=35)
    next_month = (as_of.replace(day=28) + timedelta(days=4)).strftime("%Y-%m")
    _quote(session, customers[0], as_of - timedelta(days=3), [labour(16, "55.00")], terms="Geldig na ondertekening.")
    accepted, _ = _quote(
        session, customers[1], start, [labour(24, "60.00"), materials("450.00")], planned_month=next_month
    )
    quotes.accept(session, accepted, on=start + timedelta(days=4), now=_at(start + timedelta(days=4)))
    refused, _ = _quote(session, customers[2], start, [labour(30, "58.00")])
    quotes.refuse(
        session, refused, on=start + timedelta(days=6), reason="Te duur, andere aannemer gekozen", now=_at(start)
    )
    # the whole story: deposit asked, paid by bank, advance invoice, two weeks of work, final invoice drafted
    job, _ = _quote(session, customers[3], start, [labour(40, "55.00"), materials("300.00")], deposit_cents=50_000)
    paid_on = start + timedelta(days=5)
    payment_id = payments.register_payment(
        session,
        payments.PaymentData(
            date=paid_on, amount_cents=50_000, method="bank", customer_id=customers[3].id, note="deposit"
        ),
        now=_at(paid_on),
    )
    quote_deposits.receive_deposit(session, job, payment_id, on=paid_on, now=_at(paid_on))
    slips = [
        work.slip_from_quote(
            session, job, day=paid_on + timedelta(days=7), quantities={0: 20}, note="Week 1", now=_at(paid_on)
        ),
        work.slip_from_quote(
            session, job, day=paid_on + timedelta(days=14), quantities={0: 20, 1: 1}, note="Week 2", now=_at(paid_on)
        ),
    ]
    work.invoice_slips(session, customers[3].id, on=paid_on + timedelta(days=15), now=_at(paid_on))
    return {"quotes": 4, "work_slips": len(slips)}
