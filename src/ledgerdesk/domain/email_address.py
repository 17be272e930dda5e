"""E-mail addresses: the one rule that a customer's, the company's and a sender's address all meet."""

from __future__ import annotations

import re

from .errors import ValidationError

# One '@', no spaces or list separators, and a domain with a dot: enough to catch a typo, no more.
_EMAIL = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+")


def looks_like_email(address: str) -> bool:
    return bool(_EMAIL.fullmatch(address.strip()))


def validate_email(address: str) -> str:
    """The address without surrounding spaces; empty stays empty (the field is optional)."""
    address = address.strip()
    if address and not looks_like_email(address):
        raise ValidationError(f"'{address}' is not an e-mail address")
    return address
