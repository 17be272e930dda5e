"""Deposits on quotes under the Belgian VAT rule, by either route.

1. Asked without VAT (the quote's payment block): the bank payment accepts the quote and gets its
   advance invoice for the amount received (`receive_deposit`).
2. An advance invoice issued before payment (`advance_before_payment`), which carries the mention of
   administrative decision E.T.126.003: VAT becomes chargeable, and the customer may deduct it, only
   when the advance is paid. A payment with the quote's communication then settles that invoice.

A quote with a deposit asks for it without VAT, with the quote's structured communication. When a bank
statement brings that communication, the quote is accepted ("accept by paying the deposit"), the payment
is recorded for the customer, and the advance invoice for the amount received (VAT included, per rate
of the quote: `domain.deposits`) is issued in the invoice series and settled by that payment. The final
invoice made from the quote deducts it (`services.quotes.convert_to_invoice`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import deposits
from ..domain import quotes as rules
from ..domain.errors import DomainError
from ..domain.quotes import QuoteStatus
from ..i18n import format_date, gettext
from ..persistence.models import Allocation, BankLine, Invoice, Payment, Quote, QuoteAdvance, QuoteEvent
from ..persistence.queries import open_cents
from . import invoicing, payments, quotes


@dataclass(frozen=True)
class DepositReceived:
    """A bank line that paid a quote's deposit, and what it made."""

    bank_line_id: int
    quote_number: str
    advance_number: str
    amount_cents: int


def receive_deposit(
    session: Session, quote_id: int, payment_id: int, *, on: date, now: datetime | None = None
) -> tuple[int, str]:
    """The deposit of a sent (or accepted) quote was paid: accept it and issue the advance invoice for what
    the payment brought, settled by it. Returns the advance invoice's id and number."""
    quote = session.get(Quote, quote_id)
    payment = session.get(Payment, payment_id)
    if quote is None or payment is None:
        raise DomainError(f"there is no quote {quote_id}")
    used = session.scalar(
        select(func.coalesce(func.sum(Allocation.amount_cents), 0)).where(Allocation.payment_id == payment_id)
    )
    amount = payment.amount_cents - int(used or 0)
    if amount <= 0:
        raise DomainError("the deposit must be more than 0.00")
    status = rules.effective_status(quote.status, quote.valid_until, on)
    if status is QuoteStatus.SENT:
        quotes.accept(session, quote_id, on=on, now=now, payment_id=payment_id)
    elif status is not QuoteStatus.ACCEPTED:
        rules.check_decision(quote.status, quote.number, quote.valid_until, on, accept=True)
    unpaid = _unpaid_advance(session, quote_id)
    if unpaid is not None:  # route 2: the advance invoice exists already; the payment settles it
        payments.allocate(session, payment_id, unpaid.id, min(open_cents(session, unpaid.id), amount), now=now)
        _deposit_event(session, quote_id, payment_id, unpaid.id, amount, on, now)
        return unpaid.id, unpaid.number or ""
    document = quotes.load_quote(session, quote_id, on).document
    _ = gettext(quote.language)
    lines = deposits.advance_lines(
        document.breakdown, amount, _("Advance on quote {number}").format(number=quote.number)
    )
    invoice_id = invoicing.create_draft(
        session,
        invoicing.DraftData(
            customer_id=quote.customer_id,
            issue_date=on,
            lines=lines,
            payment_terms_days=0,
            notes=_("Advance received on {date} for quote {number}.").format(
                date=format_date(payment.date, quote.language), number=quote.number
            ),
            language=quote.language,
        ),
        now=now,
    )
    number = invoicing.issue(session, invoice_id, on=on, now=now)
    total = session.get(Invoice, invoice_id).total_cents  # type: ignore[union-attr]
    payments.allocate(session, payment_id, invoice_id, min(total, amount), now=now)
    session.add(QuoteAdvance(quote_id=quote_id, invoice_id=invoice_id, created_at=now or datetime.now()))
    _deposit_event(session, quote_id, payment_id, invoice_id, amount, on, now)
    return invoice_id, number


def _deposit_event(
    session: Session, quote_id: int, payment_id: int, invoice_id: int, amount: int, on: date, now: datetime | None
) -> None:
    session.add(
        QuoteEvent(
            quote_id=quote_id,
            at=now or datetime.now(),
            on_date=on,
            kind="deposit_received",
            detail={"payment_id": payment_id, "invoice_id": invoice_id, "amount_cents": amount},
        )
    )
    session.flush()


def _unpaid_advance(session: Session, quote_id: int) -> Invoice | None:
    """The quote's advance invoice issued before payment and not paid in full yet, if any."""
    for invoice in session.scalars(
        select(Invoice)
        .join(QuoteAdvance, QuoteAdvance.invoice_id == Invoice.id)
        .where(QuoteAdvance.quote_id == quote_id)
    ):
        if open_cents(session, invoice.id) > 0:
            return invoice
    return None


def advance_before_payment(
    session: Session, quote_id: int, *, on: date, amount_cents: int | None = None, now: datetime | None = None
) -> tuple[int, str]:
    """Route 2: issue the advance invoice of a sent or accepted quote before its deposit is paid, for the
    deposit asked (or `amount_cents`), VAT included per rate of the quote, with the mention of decision
    E.T.126.003 and the day VAT is presumed to become chargeable (its due date). Returns its id and number."""
    quote = session.get(Quote, quote_id)
    if quote is None:
        raise DomainError(f"there is no quote {quote_id}")
    status = quotes.status_of(session, quote_id, on)
    if status not in (*rules.NUMBERED, QuoteStatus.ACCEPTED):
        raise DomainError(f"quote {quote.number} is {status.value}: only a sent or accepted quote takes a deposit")
    amount = amount_cents if amount_cents is not None else quote.deposit_cents
    if amount is None:
        raise DomainError(f"quote {quote.number} asks no deposit")
    rules.check_deposit(amount, quote.total_cents)
    if _unpaid_advance(session, quote_id) is not None:
        raise DomainError(f"quote {quote.number} already has an advance invoice waiting for payment")
    document = quotes.load_quote(session, quote_id, on).document
    _ = gettext(quote.language)
    lines = deposits.advance_lines(
        document.breakdown, amount, _("Advance on quote {number}").format(number=quote.number)
    )
    invoice_id = invoicing.create_draft(
        session,
        invoicing.DraftData(
            customer_id=quote.customer_id,
            issue_date=on,
            lines=lines,
            payment_terms_days=quote.payment_terms_days,
            language=quote.language,
        ),
        now=now,
    )
    invoice = session.get(Invoice, invoice_id)
    assert invoice is not None
    due = invoicing.as_issued(session, invoice, None).due_date or on
    invoice.notes = "\n".join(
        (
            deposits.chargeability_mention(quote.language),
            _("VAT presumably becomes chargeable on {date}, when the advance is paid.").format(
                date=format_date(due, quote.language)
            ),
        )
    )
    number = invoicing.issue(session, invoice_id, on=on, now=now)
    session.add(QuoteAdvance(quote_id=quote_id, invoice_id=invoice_id, created_at=now or datetime.now()))
    session.add(
        QuoteEvent(
            quote_id=quote_id,
            at=now or datetime.now(),
            on_date=on,
            kind="advance_invoiced",
            detail={"invoice_id": invoice_id, "amount_cents": amount},
        )
    )
    session.flush()
    return invoice_id, number


def receive_deposits(
    session: Session, batch_id: int | None, *, today: date, now: datetime | None = None
) -> list[DepositReceived]:
    """After a statement import: every incoming line of the batch left without a payment whose structured
    communication is a quote's deposit pays that deposit. A line for an expired or refused quote stays
    for review: the user decides."""
    if batch_id is None:
        return []
    found = session.execute(
        select(BankLine, Quote)
        .join(Quote, Quote.structured_communication == BankLine.ogm)
        .where(
            BankLine.batch_id == batch_id,
            BankLine.payment_id.is_(None),
            BankLine.amount_cents > 0,
            Quote.deposit_cents.is_not(None),
            Quote.status.in_(("sent", "accepted")),
        )
        .order_by(BankLine.id)
    ).all()
    received = []
    for line, quote in found:
        if rules.effective_status(quote.status, quote.valid_until, line.booking_date) is QuoteStatus.EXPIRED:
            continue
        payment_id = payments.register_payment(
            session,
            payments.PaymentData(
                date=line.booking_date,
                amount_cents=line.amount_cents,
                method="bank",
                customer_id=quote.customer_id,
                counterparty_name=line.counterparty_name,
                counterparty_iban=line.counterparty_iban,
                communication=f"+++{line.ogm[:3]}/{line.ogm[3:7]}/{line.ogm[7:]}+++" if line.ogm else "",
                note=f"bank statement {line.statement_number}, line {line.sequence}",
            ),
            now=now,
        )
        _invoice_id, number = receive_deposit(session, quote.id, payment_id, on=line.booking_date, now=now)
        line.payment_id = payment_id
        line.status = "matched"
        line.reason = f"deposit of quote {quote.number}: advance invoice {number}"
        received.append(DepositReceived(line.id, quote.number or "", number, line.amount_cents))
    session.flush()
    return received


def prepaid_on(session: Session, invoice_id: int) -> int | None:
    """BT-113 of a final invoice (one that deducts a quote's advance invoices): what the customer's deposit
    payments on that quote brought beyond the invoices they settle, that is money received for the job on
    no VAT invoice. It stays in this invoice's VAT base (its VAT is invoiced now) and is taken off what is
    payable. None for an invoice that deducts no advance (no PrepaidAmount is written)."""
    quote_ids = session.scalars(select(QuoteAdvance.quote_id).where(QuoteAdvance.deducted_in_id == invoice_id)).all()
    if not quote_ids:
        return None
    payment_ids = {
        e.detail.get("payment_id")
        for e in session.scalars(
            select(QuoteEvent).where(QuoteEvent.quote_id.in_(quote_ids), QuoteEvent.kind == "deposit_received")
        )
    }
    prepaid = 0
    for payment in session.scalars(select(Payment).where(Payment.id.in_([p for p in payment_ids if p]))):
        elsewhere = session.scalar(
            select(func.coalesce(func.sum(Allocation.amount_cents), 0)).where(
                Allocation.payment_id == payment.id, Allocation.invoice_id != invoice_id
            )
        )
        prepaid += max(payment.amount_cents - int(elsewhere or 0), 0)
    return prepaid
