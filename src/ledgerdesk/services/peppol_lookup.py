"""Is a customer on Peppol: look the participant up (SML/SMP, or the access point's own lookup) and remember it.

The lookup runs on the network, outside any transaction (`look_up`); `remember` then stores its answer
with the day on every customer it concerns (`peppol_registrations`), which the customer page shows and
the choice of channel reads.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.peppol_ids import participant_candidates
from ..peppol import CREDIT_NOTE, INVOICE, Participant
from ..peppol.registry import Registry, lookup_sml, registry_from_environment
from ..persistence.models import Customer, PeppolRegistration
from .peppol_setup import open_access_point

Ask = Callable[[str], Participant]


@dataclass(frozen=True)
class Lookup:
    """The answer for one query (a participant id or a VAT number): the first candidate registered, if any."""

    query: str
    tried: tuple[str, ...]
    participant: str | None
    invoices: bool
    credit_notes: bool
    document_types: tuple[str, ...]
    source: str

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "tried": list(self.tried),
            "participant": self.participant,
            "registered": self.participant is not None,
            "invoices": self.invoices,
            "credit_notes": self.credit_notes,
            "document_types": list(self.document_types),
            "source": self.source,
        }


@dataclass(frozen=True)
class Registration:
    """What the customer page shows: the last answer and its day."""

    participant: str | None
    invoices: bool
    credit_notes: bool
    source: str
    checked_on: date


def asker(session: Session | None, via: str, registry: Registry | None = None) -> tuple[Ask, str]:
    """The lookup to use and its source name: "sml" (the registry, authoritative; needs no book) or
    "access-point" (the book's access point)."""
    if via == "access-point":
        if session is None:
            raise DomainError("Peppol is not set up: run `ledgerdesk peppol setup` or use File ▸ Peppol access point…")
        access_point = open_access_point(session)
        return access_point.lookup, access_point.name
    chosen = registry or registry_from_environment(dict(os.environ))
    return (lambda participant: lookup_sml(participant, chosen)), "sml"


def look_up(query: str, ask: Ask, source: str) -> Lookup:
    """Ask for each candidate id of `query` in order (0208 before 9925) until one is registered."""
    tried: list[str] = []
    for candidate in participant_candidates(query):
        tried.append(candidate)
        found = ask(candidate)
        if found.registered:
            return Lookup(
                query,
                tuple(tried),
                candidate,
                found.accepts(INVOICE),
                found.accepts(CREDIT_NOTE),
                found.document_types,
                source,
            )
    return Lookup(query, tuple(tried), None, False, False, (), source)


def _customers_of(session: Session, lookup: Lookup) -> list[int]:
    ids = []
    for customer_id, vat in session.execute(select(Customer.id, Customer.vat).where(Customer.vat.is_not(None))):
        if not vat:
            continue
        try:
            candidates = participant_candidates(vat)
        except DomainError:
            continue
        if set(candidates) & set(lookup.tried):
            ids.append(customer_id)
    return ids


def remember(session: Session, lookup: Lookup, *, on: date, customer_id: int | None = None) -> list[int]:
    """Store the answer, with its day, on `customer_id` or on every customer whose VAT number it concerns."""
    customers = [customer_id] if customer_id is not None else _customers_of(session, lookup)
    for cid in customers:
        row = session.get(PeppolRegistration, cid)
        if row is None:
            row = PeppolRegistration(customer_id=cid)
            session.add(row)
        row.participant = lookup.participant
        row.invoices = lookup.invoices
        row.credit_notes = lookup.credit_notes
        row.document_types = list(lookup.document_types)
        row.source = "sml" if lookup.source == "sml" else lookup.source
        row.checked_on = on
    return customers


def registration_of(session: Session, customer_id: int) -> Registration | None:
    row = session.get(PeppolRegistration, customer_id)
    if row is None:
        return None
    return Registration(row.participant, row.invoices, row.credit_notes, row.source, row.checked_on)


def customer_vat(session: Session, customer_id: int) -> str | None:
    customer = session.get(Customer, customer_id)
    return customer.vat if customer is not None else None


def peppol_receiver_of(session: Session, customer_id: int) -> str | None:
    """The participant id to send this customer's documents to over Peppol, or None (then e-mail or post)."""
    from ..domain.peppol_ids import peppol_receiver

    customer = session.get(Customer, customer_id)
    if customer is None:
        return None
    found = session.get(PeppolRegistration, customer_id)
    registered = found.participant if found is not None and found.invoices else None
    return peppol_receiver(customer.vat, registered, found is not None)
