"""The one adapter every access point follows: send, status, inbox, fetch, confirm and lookup.

`send` is idempotent by the document's key (`model.document_key`): neither Peppyrus nor Recommand has
an idempotency or deduplication field in its API, so before sending again a document that may already
have reached the provider (`earlier_attempt`, the default), the adapter looks among the messages it
sent to that receiver for one whose document has the same key, and answers that one instead of
sending twice. Only the caller's very first attempt for a key may skip that look (the benchmark and
the outbox's first try do).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod

from .errors import PeppolError
from .http import Client
from .model import Account, DocumentType, InboxItem, IncomingMessage, MessageStatus, Participant, Sent, document_key

PARTICIPANT = re.compile(r"^[0-9]{4}:[A-Za-z0-9][A-Za-z0-9._\-]{0,48}$")


def check_participant(text: str) -> str:
    """A Peppol participant id `scheme:identifier` (e.g. 0208:0123456789), trimmed; PeppolError if not one."""
    value = text.strip()
    if not PARTICIPANT.match(value):
        raise PeppolError(
            "'{text}' is not a Peppol participant id (scheme:identifier, e.g. 0208:0123456789)", text=text
        )
    return value


class AccessPoint(ABC):
    """One provider's API at one base URL, with one API key."""

    name: str = ""  # as in the settings: peppyrus, recommand
    title: str = ""  # as shown: Peppyrus, Recommand

    def __init__(self, client: Client) -> None:
        self.client = client

    def send(
        self, ubl: bytes, receiver: str, document_type: DocumentType, key: str, *, earlier_attempt: bool = True
    ) -> Sent:
        """Send `ubl` to `receiver`; the provider's message id and its answer. Never twice for one key:
        with `earlier_attempt`, a message already sent under `key` is answered instead (`Sent.earlier`)."""
        receiver = check_participant(receiver)
        if earlier_attempt:
            found = self.find_sent(key, receiver)
            if found is not None:
                return found
        return self._post(ubl, receiver, document_type)

    def find_sent(self, key: str, receiver: str) -> Sent | None:
        """The message already sent (or on its way) to `receiver` whose document has `key`, if any."""
        for message_id, content, answer in self._sent_to(receiver):
            try:
                same = document_key(content) == key
            except ValueError:  # not a document LedgerDesk could have sent
                continue
            if same:
                return Sent(message_id, answer, earlier=True)
        return None

    @abstractmethod
    def _post(self, ubl: bytes, receiver: str, document_type: DocumentType) -> Sent: ...

    @abstractmethod
    def _sent_to(self, receiver: str) -> list[tuple[str, bytes, str]]:
        """(message id, document bytes, answer) of the messages sent or being sent to `receiver`."""

    @abstractmethod
    def account(self, vat: str | None) -> Account:
        """Who the key belongs to (a cheap call that proves key and address work); `vat` (the book's own VAT
        number) picks the company where the provider keeps several per key."""

    @abstractmethod
    def status(self, message_id: str) -> MessageStatus: ...

    @abstractmethod
    def inbox(self) -> list[InboxItem]:
        """The incoming messages not yet confirmed, oldest first."""

    @abstractmethod
    def fetch(self, message_id: str) -> IncomingMessage: ...

    @abstractmethod
    def confirm(self, message_id: str) -> None:
        """Mark an incoming message as read, so the inbox no longer lists it (harmless if repeated)."""

    @abstractmethod
    def lookup(self, participant: str) -> Participant:
        """The provider's own registry lookup of a participant id."""

    def refused_document(self, answer_text: str, status: int) -> PeppolError:
        return PeppolError(
            "{provider} refused the document: {words}",
            answer=answer_text,
            status=status,
            provider=self.title,
            words=answer_text.strip()[:4000] or "(no text)",
        )
