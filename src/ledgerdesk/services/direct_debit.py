"""SEPA direct debit, the creditor's side: the creditor setup and the mandate register (add, amend, revoke, attach)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import direct_debit as dd
from ..domain import identifiers
from ..domain.errors import DomainError, ValidationError
from ..persistence.models import Customer, DirectDebitCreditor, Mandate, MandateEvent
from ..sepa import identifiers as sepa_ids

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # a scanned, signed mandate; larger is not a mandate form


@dataclass(frozen=True)
class CreditorSetup:
    """The creditor agreement with the bank, as the user enters and sees it."""

    creditor_id: str
    iban: str
    bic: str | None = None
    core: bool = True
    b2b: bool = False
    pain_version: str = "pain.008.001.08"
    pre_notification_days: int = dd.DEFAULT_PRE_NOTIFICATION_DAYS

    @property
    def schemes(self) -> tuple[str, ...]:
        return tuple(s for s, on in (("CORE", self.core), ("B2B", self.b2b)) if on)


@dataclass(frozen=True)
class MandateData:
    """A mandate as typed or imported; validated by `clean_mandate`."""

    reference: str
    customer_id: int
    signed_on: date
    debtor_iban: str
    debtor_bic: str | None = None
    scheme: str = "CORE"
    recurrent: bool = True


@dataclass(frozen=True)
class MandateRow:
    """One mandate in the register, as lists show it."""

    id: int
    reference: str
    customer_id: int
    customer: str
    scheme: str
    recurrent: bool
    signed_on: date
    debtor_iban: str
    debtor_bic: str | None
    next_sequence: str
    revoked_on: date | None
    has_document: bool
    document_name: str
    document_sha256: str
    amendment: dict[str, object] | None
    history: tuple[tuple[date, str, dict[str, object]], ...] = field(default=())

    @property
    def state(self) -> str:
        return "revoked" if self.revoked_on else "active"


def clean_creditor(setup: CreditorSetup) -> CreditorSetup:
    """The setup with every field checked and in normal form, or ValidationError naming the field."""
    creditor_id = sepa_ids.validate(setup.creditor_id)
    if not (setup.core or setup.b2b):
        raise ValidationError("choose at least one scheme: Core or B2B")
    iban = identifiers.validate_iban(setup.iban)
    bic = identifiers.validate_bic(setup.bic) if setup.bic else identifiers.bank_bic(iban)
    if setup.pain_version not in dd.PAIN_VERSIONS:
        version = setup.pain_version
        raise ValidationError(f"the file version '{version}' is not pain.008.001.08 or pain.008.001.02")
    return CreditorSetup(
        creditor_id=creditor_id,
        iban=iban,
        bic=bic,
        core=setup.core,
        b2b=setup.b2b,
        pain_version=setup.pain_version,
        pre_notification_days=dd.check_pre_notification(int(setup.pre_notification_days)),
    )


def save_creditor(session: Session, setup: CreditorSetup) -> CreditorSetup:
    """Store the creditor setup (one row), checked; returns it in normal form."""
    clean = clean_creditor(setup)
    row = session.get(DirectDebitCreditor, 1)
    if row is None:
        row = DirectDebitCreditor(id=1)
        session.add(row)
    row.creditor_id, row.iban, row.bic = clean.creditor_id, clean.iban, clean.bic
    row.core, row.b2b = clean.core, clean.b2b
    row.pain_version, row.pre_notification_days = clean.pain_version, clean.pre_notification_days
    session.flush()
    return clean


def get_creditor(session: Session) -> CreditorSetup | None:
    row = session.get(DirectDebitCreditor, 1)
    if row is None:
        return None
    return CreditorSetup(
        creditor_id=row.creditor_id,
        iban=row.iban,
        bic=row.bic,
        core=row.core,
        b2b=row.b2b,
        pain_version=row.pain_version,
        pre_notification_days=row.pre_notification_days,
    )


def require_creditor(session: Session) -> CreditorSetup:
    setup = get_creditor(session)
    if setup is None:
        raise DomainError("direct debit is not set up yet: enter the creditor identifier from your bank first")
    return setup


def _event(session: Session, mandate: Mandate, kind: str, on: date, now: datetime | None, **detail: object) -> None:
    session.add(
        MandateEvent(
            mandate_id=mandate.id,
            at=now or datetime.now(),
            on_date=on,
            kind=kind,
            detail={k: v for k, v in detail.items() if v is not None},
        )
    )


def clean_mandate(session: Session, data: MandateData) -> MandateData:
    reference = sepa_ids.validate_mandate_reference(data.reference)
    customer = session.get(Customer, data.customer_id)
    if customer is None:
        customer_id = data.customer_id
        raise ValidationError(f"there is no customer {customer_id}")
    scheme = dd.check_scheme(data.scheme)
    if scheme == "B2B" and customer.kind == "consumer":
        raise ValidationError("a consumer cannot sign a B2B mandate: use the Core scheme")
    iban = identifiers.validate_iban(data.debtor_iban)
    bic = identifiers.validate_bic(data.debtor_bic) if data.debtor_bic else identifiers.bank_bic(iban)
    return MandateData(reference, customer.id, data.signed_on, iban, bic, scheme, bool(data.recurrent))


def add_mandate(session: Session, data: MandateData, *, today: date, now: datetime | None = None) -> int:
    """Record a signed mandate; the reference is unique for ever (also after a revocation)."""
    clean = clean_mandate(session, data)
    if clean.signed_on > today:
        raise ValidationError("the signature date is in the future")
    if session.scalar(select(Mandate.id).where(Mandate.reference == clean.reference)) is not None:
        reference = clean.reference
        raise ValidationError(f"there is already a mandate '{reference}'")
    creditor = get_creditor(session)
    if creditor is not None and clean.scheme not in creditor.schemes:
        scheme = clean.scheme
        raise ValidationError(f"your creditor agreement does not cover the {scheme} scheme")
    mandate = Mandate(
        reference=clean.reference,
        customer_id=clean.customer_id,
        scheme=clean.scheme,
        recurrent=clean.recurrent,
        signed_on=clean.signed_on,
        debtor_iban=clean.debtor_iban,
        debtor_bic=clean.debtor_bic,
        next_sequence="FRST",
        created_at=now or datetime.now(),
    )
    session.add(mandate)
    session.flush()
    _event(session, mandate, "signed", clean.signed_on, now, scheme=clean.scheme, iban=clean.debtor_iban)
    return mandate.id


def _mandate(session: Session, mandate_id: int) -> Mandate:
    mandate = session.get(Mandate, mandate_id)
    if mandate is None:
        raise DomainError(f"there is no mandate {mandate_id}")
    return mandate


def find_mandate(session: Session, reference: str) -> int:
    found = session.scalar(select(Mandate.id).where(Mandate.reference == reference.strip()))
    if found is None:
        reference = reference.strip()
        raise DomainError(f"there is no mandate '{reference}'")
    return found


def amend_mandate(
    session: Session,
    mandate_id: int,
    *,
    on: date,
    reference: str | None = None,
    debtor_iban: str | None = None,
    debtor_bic: str | None = None,
    now: datetime | None = None,
) -> dd.Amendment:
    """Change the reference or the debtor's account of a live mandate; the next collection carries the
    amendment (original reference, original account, or SMNDA when the debtor moved to another bank)."""
    mandate = _mandate(session, mandate_id)
    if mandate.revoked_on is not None:
        raise ValidationError("a revoked mandate cannot be amended")
    new_reference = sepa_ids.validate_mandate_reference(reference) if reference else mandate.reference
    if new_reference != mandate.reference and session.scalar(
        select(Mandate.id).where(Mandate.reference == new_reference)
    ):
        reference = new_reference
        raise ValidationError(f"there is already a mandate '{reference}'")
    new_iban = identifiers.validate_iban(debtor_iban) if debtor_iban else mandate.debtor_iban
    if debtor_bic:
        new_bic: str | None = identifiers.validate_bic(debtor_bic)
    elif new_iban != mandate.debtor_iban:
        new_bic = identifiers.bank_bic(new_iban)
    else:
        new_bic = mandate.debtor_bic
    change = dd.amendment_after_change(
        old_reference=mandate.reference,
        new_reference=new_reference,
        old_iban=mandate.debtor_iban,
        new_iban=new_iban,
        old_bic=mandate.debtor_bic,
        new_bic=new_bic,
    )
    if not change.any:
        raise ValidationError("nothing changes: give a new reference or a new account")
    state = dd.MandateState(mandate.recurrent, mandate.next_sequence, mandate.revoked_on, mandate.signed_on)
    pending = dd.Amendment.from_json(mandate.amendment)
    merged = pending.merged(change) if pending.any else change
    # The bank only ever compares with what it saw in the last collection: before the first one
    # (FRST) there is nothing to amend.
    if mandate.next_sequence == "RCUR":
        mandate.amendment = merged.as_json()
        mandate.next_sequence = dd.sequence_after_amendment(state, change)
    _event(
        session,
        mandate,
        "amended",
        on,
        now,
        old_reference=change.original_reference,
        reference=new_reference if change.original_reference else None,
        old_iban=mandate.debtor_iban if new_iban != mandate.debtor_iban else None,
        iban=new_iban if new_iban != mandate.debtor_iban else None,
        other_bank=change.other_bank or None,
    )
    mandate.reference, mandate.debtor_iban, mandate.debtor_bic = new_reference, new_iban, new_bic
    session.flush()
    return change


def revoke_mandate(
    session: Session, mandate_id: int, *, on: date, reason: str = "", now: datetime | None = None
) -> None:
    """The debtor (or the creditor) ends the mandate: no collection from that day on."""
    mandate = _mandate(session, mandate_id)
    if mandate.revoked_on is not None:
        day = mandate.revoked_on.isoformat()
        raise ValidationError(f"the mandate was revoked already on {day}")
    mandate.revoked_on, mandate.revoked_reason = on, reason.strip()
    _event(session, mandate, "revoked", on, now, reason=reason.strip() or None)
    session.flush()


def attach_document(
    session: Session, mandate_id: int, name: str, data: bytes, *, today: date, now: datetime | None = None
) -> str:
    """Keep the signed mandate (a scan or a PDF) in the book; returns its SHA-256."""
    mandate = _mandate(session, mandate_id)
    if not data:
        raise ValidationError(f"the file '{name}' is empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(f"the file '{name}' is larger than 10 MB")
    digest = hashlib.sha256(data).hexdigest()
    mandate.document, mandate.document_name, mandate.document_sha256 = data, name, digest
    _event(session, mandate, "attached", today, now, file=name, sha256=digest)
    session.flush()
    return digest


def mandate_document(session: Session, mandate_id: int) -> tuple[str, bytes]:
    mandate = _mandate(session, mandate_id)
    if mandate.document is None:
        reference = mandate.reference
        raise DomainError(f"mandate '{reference}' has no signed copy attached")
    return mandate.document_name, mandate.document


def _row(mandate: Mandate, customer: str, history: tuple[tuple[date, str, dict[str, object]], ...] = ()) -> MandateRow:
    return MandateRow(
        id=mandate.id,
        reference=mandate.reference,
        customer_id=mandate.customer_id,
        customer=customer,
        scheme=mandate.scheme,
        recurrent=mandate.recurrent,
        signed_on=mandate.signed_on,
        debtor_iban=mandate.debtor_iban,
        debtor_bic=mandate.debtor_bic,
        next_sequence=mandate.next_sequence,
        revoked_on=mandate.revoked_on,
        has_document=mandate.document_sha256 != "",
        document_name=mandate.document_name,
        document_sha256=mandate.document_sha256,
        amendment=mandate.amendment,
        history=history,
    )


def list_mandates(session: Session, customer_id: int | None = None, *, history: bool = False) -> list[MandateRow]:
    """The register, by customer then reference; with `history`, each mandate's events oldest first."""
    query = (
        select(Mandate, Customer.name)
        .join(Customer, Customer.id == Mandate.customer_id)
        .order_by(Customer.name, Mandate.reference)
    )
    if customer_id is not None:
        query = query.where(Mandate.customer_id == customer_id)
    events: dict[int, list[tuple[date, str, dict[str, object]]]] = {}
    if history:
        for ev in session.scalars(select(MandateEvent).order_by(MandateEvent.at, MandateEvent.id)):
            events.setdefault(ev.mandate_id, []).append((ev.on_date, ev.kind, dict(ev.detail)))
    return [_row(m, name, tuple(events.get(m.id, ()))) for m, name in session.execute(query)]


def live_mandate(session: Session, customer_id: int, on: date, schemes: tuple[str, ...]) -> Mandate | None:
    """The customer's mandate to collect with on that day: not revoked, signed, of a scheme the creditor
    has; the most recently signed one when there are several."""
    query = (
        select(Mandate)
        .where(Mandate.customer_id == customer_id, Mandate.signed_on <= on, Mandate.scheme.in_(schemes))
        .where((Mandate.revoked_on.is_(None)) | (Mandate.revoked_on > on))
        .where(Mandate.next_sequence != "DONE")
        .order_by(Mandate.signed_on.desc(), Mandate.id.desc())
    )
    return session.scalars(query).first()
