"""The outbox's Peppol channel, wired to the access-point adapter (`ledgerdesk.peppol`): the customer's cached
registry answer decides whether Peppol may carry a document, and the UBL goes through the book's access point.

The adapter sends under a key derived from the document itself and first looks that key up among
the messages already sent, so a resend after a crash is answered with the earlier message instead
of a second one (hence `after_crash(..., receiver_dedupes=True)` for this channel).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..domain import outbox as rules
from ..domain.outbox import ChannelDown, Outcome
from ..peppol import AccessPoint, PeppolError, document_key, document_type_of
from .peppol_lookup import registration_of
from .peppol_setup import access_point_settings, open_access_point


class CachedRegistrations:
    """The registry answers the book keeps per customer (filled by `peppol lookup` and the customer page)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def registered(
        self, customer_id: int, fallback_id: str | None, document_kind: str
    ) -> tuple[str | None, bool | None]:
        found = registration_of(self.session, customer_id)
        if found is None:
            return fallback_id, None  # never looked up: not chosen on its own, the user may still pick it
        if not found.participant:
            return None, False
        if document_kind == rules.CREDIT_NOTE:
            return found.participant, found.credit_notes
        if document_kind == rules.INVOICE:
            return found.participant, found.invoices
        return found.participant, False


class PeppolTransport:
    """Sends stored UBL documents through one access point; the provider's answer kept verbatim."""

    channel = rules.PEPPOL

    def __init__(self, access_point: AccessPoint) -> None:
        self.access_point = access_point

    def send(self, message: bytes, recipient: str, key: str, handed_over: Callable[[], None]) -> Outcome:
        try:
            document_type = document_type_of(message)
            peppol_key = document_key(message)
        except ValueError as exc:
            return Outcome(False, f"not a document Peppol can carry: {exc}", permanent=True)
        handed_over()
        try:
            sent = self.access_point.send(message, recipient, document_type, peppol_key)
        except PeppolError as exc:
            answer = exc.answer or str(exc)
            if exc.status is None and exc.retryable:
                raise ChannelDown(answer) from None  # no answer at all: the access point is out of reach
            return Outcome(False, answer, permanent=not exc.retryable)
        answer = sent.answer if not sent.earlier else f"already sent earlier as {sent.message_id}: {sent.answer}"
        return Outcome(True, answer, remote_id=sent.message_id)

    def status(self, remote_id: str) -> tuple[str, str]:
        """The access point's state of a sent message (pending, sent, failed) and its words."""
        status = self.access_point.status(remote_id)
        return status.state, status.reason or status.answer

    def close(self) -> None:
        pass


def peppol_channel(session: Session) -> tuple[CachedRegistrations | None, PeppolTransport | None]:
    """The directory and transport of the book's access point; (None, None) when Peppol is not set up."""
    if access_point_settings(session) is None:
        return None, None
    try:
        access_point = open_access_point(session)
    except PeppolError:
        return CachedRegistrations(session), None  # set up, but the key is not in this computer's keyring
    return CachedRegistrations(session), PeppolTransport(access_point)
