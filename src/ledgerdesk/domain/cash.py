"""The Belgian cash limit: a trader may not accept EUR 3,000 or more in cash for one sale.

Law of 18 September 2017 (anti-money-laundering), art. 67: whether paid at once or in parts, a
sale of goods or services may not be settled in cash for EUR 3,000 or more; such a payment must go
through a bank. A cash payment is refused when it alone reaches the limit, or when the cash it
settles on an invoice, added to the cash that invoice already received, would reach it.
"""

from __future__ import annotations

from .errors import DomainError
from .messages import Message
from .money import fmt_cents

CASH_LIMIT_CENTS = 300_000  # EUR 3,000.00: "3,000 or more" is refused


class CashLimitError(DomainError):
    """A cash payment the law forbids; carries its sentence as a Message for the user's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message

    def translated(self, gettext) -> str:  # type: ignore[no-untyped-def]
        return self.message.translated(gettext)


def check_cash_payment(amount_cents: int) -> None:
    """One cash payment of EUR 3,000 or more is refused, whatever it settles."""
    if amount_cents >= CASH_LIMIT_CENTS:
        raise CashLimitError(
            Message.of(
                "a cash payment of EUR {amount} is not allowed: a sale of EUR 3,000 or more may not be paid in cash "
                "(law of 18 September 2017, art. 67); it must go through a bank",
                amount=fmt_cents(amount_cents),
            )
        )


def check_cash_for_sale(number: str, earlier_cash_cents: int, amount_cents: int) -> None:
    """Cash on one invoice, in parts or at once, stays below EUR 3,000."""
    if earlier_cash_cents + amount_cents >= CASH_LIMIT_CENTS:
        raise CashLimitError(
            Message.of(
                "invoice {number} would receive EUR {total} in cash (of which EUR {earlier} earlier): a sale may not be "
                "paid EUR 3,000 or more in cash, at once or in parts (law of 18 September 2017, art. 67); "
                "it must go through a bank",
                number=number,
                total=fmt_cents(earlier_cash_cents + amount_cents),
                earlier=fmt_cents(earlier_cash_cents),
            )
        )
