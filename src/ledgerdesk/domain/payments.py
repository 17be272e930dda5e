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


def oldest_first(amount_cents: int, open_items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spread an amount over (invoice id, open cents) items in the given (oldest-first) order."""
    plan: list[tuple[int, int]] = []
    left = amount_cents
    for invoice_id, open_cents in open_items:
        if left <= 0:
            break
        take = min(left, open_cents)
        if take > 0:
            plan.append((invoice_id, take))
            left -= take
    return plan
