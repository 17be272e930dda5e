"""Importing a supplier's UBL e-invoice (a file given or dropped, later the Peppol inbox) as a received bill.

The file is validated first (UBL 2.1 XSD, EN 16931, and the Peppol BIS rules when it says it is a
Peppol BIS document; an e-fff or other EN 16931 UBL file is held to the European rules only). A
file that breaks a rule is refused whole, naming each rule and field; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from ..domain.errors import DomainError
from ..domain.purchases import BillLine
from ..domain.reverse_charge import case_of_ubl
from ..einvoice.bill_reader import Refused, read_bill
from ..einvoice.findings import Finding
from ..einvoice.validate import validate
from ..persistence.models import IncomingDocument
from . import purchases
from .inbox import incoming_document
from .purchases import Attachment, BillDraft, Recorded


class UblRefused(DomainError):
    """The file is not a valid e-invoice; every finding that refuses it, with rule and location."""

    def __init__(self, name: str, findings: tuple[Finding, ...]) -> None:
        first = findings[0]
        where = first.location or "/"
        if len(findings) > 1:
            text = f"{name} is refused: {first.rule} ({where}): {first.message} (and {len(findings) - 1} more problems)"
        else:
            text = f"{name} is refused: {first.rule} ({where}): {first.message}"
        super().__init__(text)
        self.name = name
        self.findings = findings


@dataclass(frozen=True)
class Imported:
    recorded: Recorded
    currency: str
    rates: tuple[tuple[str, str, int, int], ...]  # (category, rate, base cents, VAT cents) as the file states
    warnings: tuple[Finding, ...]


def check_ubl(xml: bytes, name: str) -> tuple[Finding, ...]:
    """The warnings of a file that may be imported; UblRefused when any rule refuses it."""
    report = validate(xml)
    customization = b"urn:fdc:peppol.eu:2017:poacc:billing:3.0" in xml
    # Only a document that claims Peppol BIS is held to the Peppol rules (an e-fff file does not claim it).
    relevant = tuple(f for f in report.findings if customization or f.source != "peppol")
    fatal = tuple(f for f in relevant if f.is_fatal)
    if fatal:
        raise UblRefused(name, fatal)
    return relevant


def import_ubl(
    session: Session,
    xml: bytes,
    *,
    name: str,
    on: date,
    peppol_message_id: str | None = None,
    now: datetime | None = None,
) -> Imported:
    """Validate, read and record one UBL invoice or credit note (status received, the file kept with its hash)."""
    warnings = check_ubl(xml, name)
    try:
        received = read_bill(xml)
    except Refused as exc:
        from ..einvoice.findings import FATAL

        raise UblRefused(name, (Finding(exc.rule, FATAL, exc.problem, exc.location, "reader"),)) from None
    supplier = purchases.supplier_for_party(session, received.supplier, on=on)
    by_code = {c.code: c for c in purchases.categories(session)}
    category = by_code.get(supplier.default_category) or next(iter(by_code.values()))
    lines = tuple(BillLine(r.line, category.code, category.deductible_pct) for r in received.received_lines)
    notes = f"corrects {received.corrects}" if received.corrects else ""
    draft = BillDraft(
        supplier_id=supplier.id,
        number=received.number,
        issue_date=received.issue_date,
        lines=lines,
        kind=received.kind,
        due_date=received.due_date,
        structured_communication=received.structured_communication or "",
        iban=received.iban or "",
        bic=received.bic or "",
        currency=received.currency,
        payable_cents=received.payable_cents,
        notes=notes,
    )
    recorded = purchases.record_bill(
        session,
        draft,
        on=on,
        attachments=(Attachment(name, xml),),
        source="peppol" if peppol_message_id else "ubl",
        peppol_message_id=peppol_message_id,
        now=now,
    )
    # The lines' categories on the stored rows: the UBL codes, for the accountant and the VAT return.
    from ..persistence.models import Purchase

    stored = session.get(Purchase, recorded.id)
    assert stored is not None
    for row, line in zip(stored.lines, received.received_lines, strict=True):
        row.vat_category = line.category
    # Who owes the VAT, as the file says it (the user may correct it: purchases reverse-charge).
    case = case_of_ubl((r.category for r in received.rates), stored.supplier.country)
    if case is not None and stored.currency == "EUR":
        stored.reverse_charge, stored.reverse_charge_rate = case.value, Decimal(21)
    rates = tuple((r.category, format(r.rate.normalize(), "f"), r.base_cents, r.vat_cents) for r in received.rates)
    return Imported(recorded, received.currency, rates, warnings)


def bill_from_inbox(session: Session, incoming_id: int, *, on: date, now: datetime | None = None) -> Imported:
    """A supplier's invoice or credit note received through Peppol (the inbox) recorded as a bill, exactly as
    a dropped file is: validated, read, kept byte for byte, and refused twice by its Peppol message id."""
    stored = incoming_document(session, incoming_id)
    if stored.header.kind not in ("invoice", "credit_note"):
        raise DomainError(f"received document {incoming_id} is an invoice response, not a supplier's invoice")
    row = session.get(IncomingDocument, incoming_id)
    assert row is not None  # incoming_document found it
    name = f"{stored.header.supplier_name or row.supplier_key} {stored.header.number}".strip()
    return import_ubl(session, stored.content, name=name, on=on, peppol_message_id=row.message_id, now=now)
