"""Deposits under the Belgian VAT rule: the advance invoice for an amount received, and its deduction (pure).

VAT becomes due when an advance is received (art. 17 §1 and 22bis WBTW), so a deposit is asked without
VAT and invoiced for the amount received, VAT included. The amount is spread over the quote's VAT rates
in proportion to each rate's share of the quote's total; the final invoice deducts each advance line
in its own rate, so the VAT of every rate is counted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from .invoicing import LineInput, VatLine, totals_of
from .money import from_cents
from .vat import VatTreatment


def split(amount_cents: int, weights: Sequence[int]) -> list[int]:
    """`amount_cents` in parts proportional to `weights`, in whole cents that add up exactly
    (largest remainders get the leftover cents, the first of equals first)."""
    total = sum(weights)
    if total <= 0:
        return [amount_cents] + [0] * (len(weights) - 1) if weights else []
    exact = [amount_cents * w for w in weights]
    parts = [e // total for e in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] % total), i))
    for i in order[: amount_cents - sum(parts)]:
        parts[i] += 1
    return parts


def net_for_gross(gross_cents: int, vat: VatTreatment, description: str = "") -> int:
    """The net amount whose total with VAT (rounded as on every invoice) is `gross_cents`; when no net
    reaches it exactly (21 % VAT moves the total by 1 or 2 cents), the highest net below it."""
    guess = int((Decimal(gross_cents) * 100 / (100 + vat.rate)).to_integral_value())
    best = None
    for net in (guess + 1, guess, guess - 1, guess - 2):
        total = totals_of([LineInput(description, Decimal(1), from_cents(net), vat)]).total_cents
        if total == gross_cents:
            return net
        if total < gross_cents and best is None:
            best = net
    return best if best is not None else guess - 2


def advance_lines(breakdown: Sequence[VatLine], amount_cents: int, description: str) -> list[LineInput]:
    """One line per VAT rate of the quote for an advance of `amount_cents` received, VAT included."""
    grosses = split(amount_cents, [v.base_cents + v.vat_cents for v in breakdown])
    lines = []
    for v, gross in zip(breakdown, grosses, strict=True):
        if gross <= 0:
            continue
        treatment = VatTreatment(v.rate, v.exemption)
        lines.append(LineInput(description, Decimal(1), from_cents(net_for_gross(gross, treatment)), treatment))
    return lines


def deduction_lines(advance: Sequence[LineInput], description: str) -> list[LineInput]:
    """The lines that take an advance invoice off the final invoice: the same lines, negative."""
    return [replace(line, description=description, quantity=-line.quantity) for line in advance]


# Administrative decision E.T.126.003 (7 October 2014): an advance invoice issued before the advance is
# paid says that VAT becomes chargeable, and may be deducted, only on payment. Legal wording per
# language, printed as is (not a user-interface sentence).
CHARGEABILITY_MENTIONS = {
    "nl": "Toepassing wettelijke regeling inzake opeisbaarheid. Recht op aftrek ontstaat na de betaling van het voorschot.",
    "fr": "Application du régime légal en matière d'exigibilité. Le droit à déduction naît après le paiement de l'acompte.",
    "en": "Application of the statutory rule on chargeability. The right to deduct arises after payment of the advance.",
}


def chargeability_mention(language: str) -> str:
    """The E.T.126.003 mention in the customer's language (Dutch when the language is unknown)."""
    return CHARGEABILITY_MENTIONS.get(language, CHARGEABILITY_MENTIONS["nl"])
