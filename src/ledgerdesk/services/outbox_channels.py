"""The outbox's channels as the book has them set up: SMTP (password from an environment variable for the
command line, from the OS keyring in the app), the Peppol access point, and post; one call sends the queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime

from sqlalchemy.orm import Session

from ..domain import outbox as rules
from ..persistence.db import Database
from .mail import MailSettings, SmtpTransport, mail_settings, password_from_env, password_from_keyring
from .outbox import (
    DeliveryRow,
    PeppolDirectory,
    PostTransport,
    Proposal,
    SendReport,
    Transport,
    number_of,
    propose,
    queue,
    refresh_status,
    send_queue,
)
from .outbox_peppol import CachedRegistrations, PeppolTransport, peppol_channel
from .outbox_sender import one_sender
from .peppol_setup import access_point_settings


def transports(session: Session, *, environ: Mapping[str, str] | None = None) -> dict[str, Transport]:
    """Every channel set up in the book. With `environ` (the command line) the mail password comes from the
    variable the settings name; without it (the app) from the keyring."""
    found: dict[str, Transport] = {rules.POST: PostTransport()}
    settings = mail_settings(session)
    if settings is not None and settings.oauth_provider:
        from .oauth import access_token_source, provider_named

        token = access_token_source(provider_named(settings.oauth_provider), settings.oauth_client_id, settings.user)
        found[rules.EMAIL] = SmtpTransport(settings, lambda: None, xoauth2_token=token)
    elif settings is not None:
        found[rules.EMAIL] = SmtpTransport(settings, _password(settings, environ))
    _, peppol = peppol_channel(session)
    if peppol is not None:
        found[rules.PEPPOL] = peppol
    return found


def _password(settings: MailSettings, environ: Mapping[str, str] | None) -> Callable[[], str | None]:
    if environ is not None:
        values = dict(environ)
        return lambda: password_from_env(settings, values)
    return lambda: password_from_keyring(settings)


def directory(session: Session) -> PeppolDirectory | None:
    """The customers' cached Peppol registrations, when the book has an access point."""
    return CachedRegistrations(session) if access_point_settings(session) is not None else None


def sender_address(session: Session) -> str:
    settings = mail_settings(session)
    return settings.from_address if settings is not None else ""


def send(
    db: Database,
    *,
    clock: Callable[[], datetime] = datetime.now,
    only: Iterable[int] | None = None,
    environ: Mapping[str, str] | None = None,
) -> SendReport:
    """Send the queue (or the deliveries in `only`) through the book's channels, then ask the access point
    what became of the Peppol messages it took. Every transport is closed afterwards. One sender at a time
    (`outbox_sender.one_sender`): SenderBusy when another window, thread or command is sending."""
    with one_sender(db):
        return _send(db, clock=clock, only=only, environ=environ)


def _send(
    db: Database,
    *,
    clock: Callable[[], datetime],
    only: Iterable[int] | None,
    environ: Mapping[str, str] | None,
) -> SendReport:
    with db.reading() as session:
        channels = transports(session, environ=environ)
    try:
        report = send_queue(db, channels, clock=clock, only=only)
        peppol = channels.get(rules.PEPPOL)
        if isinstance(peppol, PeppolTransport) and rules.PEPPOL not in report.stopped:
            changed = {r.id: r for r in refresh_status(db, peppol, channel=rules.PEPPOL, clock=clock)}
            report.sent = [changed.get(r.id, r) for r in report.sent]
            report.failed += [r for r in changed.values() if r.state == rules.FAILED]
        return report
    finally:
        for transport in channels.values():
            transport.close()


def proposal_for(session: Session, invoice_id: int) -> Proposal:
    """Read-only: the channel proposed for an issued invoice or credit note and what else could carry it."""
    return propose(session, number_of(session, invoice_id), directory(session))


def queue_document(session: Session, invoice_id: int, *, via: str | None, now: datetime) -> DeliveryRow:
    """Queue an issued invoice or credit note for the channel the user chose (None: the proposed one)."""
    return queue(
        session,
        number_of(session, invoice_id),
        now=now,
        via=via,
        directory=directory(session),
        from_address=sender_address(session),
    )


def queue_statement_of(session: Session, customer_id: int, start: date, end: date, *, via: str | None, now: datetime):  # type: ignore[no-untyped-def]
    """Queue a customer's statement of account of a period (e-mail, else post), from the book's sender."""
    from .outbox import queue_statement

    return queue_statement(session, customer_id, start, end, now=now, via=via, from_address=sender_address(session))


def last_statement(session: Session, customer_id: int) -> DeliveryRow | None:
    """The customer's latest statement of account in the outbox (what left, when, how, the answer)."""
    from .outbox import deliveries

    rows = deliveries(session, customer_id=customer_id, kind=rules.STATEMENT)
    return rows[0] if rows else None
