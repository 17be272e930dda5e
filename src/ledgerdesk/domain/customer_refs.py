"""The customer's references on an invoice: their buyer reference (BT-10), order number (BT-13) and contract (BT-12).

Public bodies and large buyers route an incoming e-invoice by the reference they gave (Peppol needs a
buyer reference or an order reference, PEPPOL-EN16931-R003; many such buyers refuse an invoice without
their own). A customer can therefore require one: such an invoice is not issued until it has it. The
order number counts as well, since it identifies the purchase just as firmly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import DomainError, ValidationError

LIMIT = 200  # the stored columns' size
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TOO_LONG = {  # one sentence per field, so that each translates whole
    "buyer reference": "the buyer reference must be one line of at most 200 characters",
    "order number": "the order number must be one line of at most 200 characters",
    "contract reference": "the contract reference must be one line of at most 200 characters",
}


@dataclass(frozen=True)
class CustomerReferences:
    """What the customer asked to see on the invoice; empty text where they gave nothing."""

    buyer_reference: str = ""
    order_reference: str = ""
    contract_reference: str = ""

    @classmethod
    def of(
        cls, buyer_reference: str = "", order_reference: str = "", contract_reference: str = ""
    ) -> CustomerReferences:
        """Trimmed and checked: one line of at most 200 characters each."""
        values = {}
        for name, text in (
            ("buyer reference", buyer_reference),
            ("order number", order_reference),
            ("contract reference", contract_reference),
        ):
            text = (text or "").strip()
            if len(text) > LIMIT or _CONTROL.search(text):
                raise ValidationError(TOO_LONG[name])
            values[name] = text
        return cls(values["buyer reference"], values["order number"], values["contract reference"])

    @property
    def identifies_purchase(self) -> bool:
        return bool(self.buyer_reference or self.order_reference)


class ReferenceRequired(DomainError):
    """An invoice for a customer who requires a buyer reference (or order number) lacks it."""


def check_required(references: CustomerReferences, *, required: bool, customer: str) -> None:
    """Refuse to issue to a customer who requires a buyer reference (or order number) while it is missing."""
    if required and not references.identifies_purchase:
        raise ReferenceRequired(
            f"{customer} requires a buyer reference or an order number on every invoice: enter it before issuing"
        )
