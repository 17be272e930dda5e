"""The demo business's purchase side: a few suppliers and their bills, so Purchases and the KPIs show something.

Through the same services as a user's bills (`services.purchases`): costs since January of last year (so
the costs chart has a whole year to compare with), mostly paid; one bill approved and due this week, one
overdue, one waiting for approval and one supplier credit note still open. Deterministic for a seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from ..domain import references
from ..domain.document import DocumentKind
from ..domain.invoicing import LineInput
from ..domain.purchases import BillLine
from ..domain.suppliers import SupplierInput
from ..domain.vat import VatTreatment
from . import purchases


@dataclass(frozen=True)
class DemoSupplier:
    name: str
    city: str
    postcode: str
    category: str
    line: str  # what its monthly bill is for
    euro: tuple[int, int]  # net range of a bill
    every: int  # months between bills


SUPPLIERS = (
    DemoSupplier("Telecom Vlaanderen NV", "Gent", "9000", "telecom", "Internet en mobiel", (55, 75), 1),
    DemoSupplier("Garage Dubois SRL", "Namur", "5000", "fuel", "Carburant", (90, 180), 1),
    DemoSupplier("Cloudwerk BV", "Leuven", "3000", "software", "Softwarelicenties", (40, 60), 1),
    DemoSupplier("Boekhoudkantoor Peeters", "Hasselt", "3500", "services", "Boekhouding kwartaal", (450, 550), 3),
)


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def add_bills(session: Session, as_of: date, *, seed: int, ibans: list[str], vats: list[str]) -> int:
    """Suppliers and their bills from January of last year up to `as_of`; returns how many bills were recorded."""
    rng = random.Random(seed + 2)
    moment = datetime.combine(as_of, datetime.min.time())
    ids = []
    for s, iban, vat in zip(SUPPLIERS, ibans, vats, strict=True):
        data = SupplierInput(
            name=s.name,
            vat=vat,
            iban=iban,
            street="Stationsstraat 12",
            postcode=s.postcode,
            city=s.city,
            default_category=s.category,
            payment_terms_days=30,
        )
        ids.append(purchases.add_supplier(session, data, on=date(as_of.year - 1, 1, 1))[0])
    made = 0
    sequence = 0
    for supplier_id, s in zip(ids, SUPPLIERS, strict=True):
        first = as_of.month + 11  # months back to January of last year
        for back in range(first, -1, -s.every):
            day = _months_back(as_of, back)
            if day > as_of:
                continue
            sequence += 1
            net = Decimal(rng.randint(*s.euro)) + Decimal(rng.randint(0, 99)) / 100
            line = BillLine(LineInput(s.line, Decimal(1), net, VatTreatment(Decimal(21))), s.category)
            ogm = references.from_payload(seed * 10_000 + sequence) if s.every == 1 else ""
            draft = purchases.BillDraft(
                supplier_id, f"{day.year}-{sequence:04d}", day, (line,), structured_communication=ogm
            )
            bill = purchases.record_bill(session, draft, on=day, now=moment)
            made += 1
            due = _due_date(session, bill.id)
            purchases.approve_bill(session, bill.id, "demo", on=day, now=moment)
            if due < as_of:  # paid on time; what is not due yet waits
                purchases.mark_paid(session, bill.id, on=due, now=moment)
    made += _open_cases(session, as_of, ids, moment)
    return made


def _due_date(session: Session, purchase_id: int) -> date:
    from ..persistence.models import Purchase

    purchase = session.get(Purchase, purchase_id)
    assert purchase is not None and purchase.due_date is not None
    return purchase.due_date


def _record(
    session: Session,
    supplier_id: int,
    number: str,
    day: date,
    due: date,
    text: str,
    net: str,
    category: str,
    moment: datetime,
    kind: DocumentKind = DocumentKind.PURCHASE_INVOICE,
) -> int:
    line = BillLine(LineInput(text, Decimal(1), Decimal(net), VatTreatment(Decimal(21))), category)
    draft = purchases.BillDraft(supplier_id, number, day, (line,), kind=kind, due_date=due)
    return purchases.record_bill(session, draft, on=day, now=moment).id


def _open_cases(session: Session, as_of: date, ids: list[int], moment: datetime) -> int:
    """The bills a user has to act on: approved and due this week, overdue, to approve, a credit note."""
    telecom, garage, cloud, accountant = ids
    days = timedelta(days=1)
    due_soon = _record(
        session, cloud, "CW-9001", as_of - 25 * days, as_of + 3 * days, "Jaarlicentie ontwerpsoftware", "480.00",
        "software", moment,
    )  # fmt: skip
    purchases.approve_bill(session, due_soon, "demo", on=as_of - 20 * days, now=moment)
    overdue = _record(
        session, accountant, "BP-2207", as_of - 45 * days, as_of - 12 * days, "Fiscaal advies", "650.00", "services",
        moment,
    )  # fmt: skip
    purchases.approve_bill(session, overdue, "demo", on=as_of - 40 * days, now=moment)
    _record(session, telecom, "TV-NEW-1", as_of - 2 * days, as_of + 12 * days, "Router", "129.00", "equipment", moment)
    _record(
        session, garage, "NC-0042", as_of - 6 * days, as_of + 24 * days, "Avoir carburant", "45.00", "fuel", moment,
        DocumentKind.PURCHASE_CREDIT_NOTE,
    )  # fmt: skip
    return 4
