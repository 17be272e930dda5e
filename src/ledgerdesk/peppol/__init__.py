"""Peppol through an access point: Peppyrus and Recommand behind one adapter, the API key in the keyring.

The public surface (for the outbox and the inbox):

- `connect(settings, api_key)` gives an `AccessPoint` whose `send(ubl, receiver, document_type, key)`
  returns `Sent(message_id, answer)`; `status`, `inbox`, `fetch`, `confirm` and `lookup` do the rest.
- `document_key(ubl)` is the key to send a document under (the same document, the same key: a retry
  never sends twice); `document_type_of(ubl)` its Peppol document type.
- Every failure is a `PeppolError`: one sentence (msgid and values), the provider's words verbatim in
  `answer`, and `retryable` when trying again later may work.

This package is beside the domain (like `einvoice`): no Qt, no database.
"""

from .access_point import AccessPoint, check_participant
from .errors import PeppolError
from .model import (
    CREDIT_NOTE,
    INVOICE,
    INVOICE_RESPONSE,
    DocumentType,
    InboxItem,
    IncomingMessage,
    MessageStatus,
    Participant,
    Sent,
    document_key,
    document_type_of,
)
from .providers import PROVIDERS, AccessPointSettings, connect, settings_for

__all__ = [
    "CREDIT_NOTE",
    "INVOICE",
    "INVOICE_RESPONSE",
    "PROVIDERS",
    "AccessPoint",
    "AccessPointSettings",
    "DocumentType",
    "InboxItem",
    "IncomingMessage",
    "MessageStatus",
    "Participant",
    "PeppolError",
    "Sent",
    "check_participant",
    "connect",
    "document_key",
    "document_type_of",
    "settings_for",
]
