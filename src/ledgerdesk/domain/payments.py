"""Allocation rules: a payment settles invoices without ever over-paying either side."""

from __future__ import annotations

from .errors import DomainError
from .money import fmt_cents


def check_allocation(amount_cents: int, invoice_open_cents: int, payment_unallocated_cents: int) -> None:
    """An allocation is positive and fits both the invoice's open amount and the payment's rest."""
    if amount_cents <= 0:
        raise DomainError("an allocation must be a positive amount")
    if amount_cents > invoice_open_cents:
        raise DomainError(
            f"allocating {fmt_cents(amount_cents)} exceeds the invoice's open amount ({fmt_cents(invoice_open_cents)})"
        )
    if amount_cents > payment_unallocated_cents:
        raise DomainError(
            f"allocating {fmt_cents(amount_cents)} exceeds what is left of the payment "
            f"({fmt_cents(payment_unallocated_cents)})"
        )
