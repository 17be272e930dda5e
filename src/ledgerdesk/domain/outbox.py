"""The outbox's rules: delivery states and their moves, message keys, the crash rule and the channel choice.

A delivery is one document going out by one channel. Its life is queued → sending → sent →
delivered, or failed; a transient failure (the server said 4xx, the network is down) puts it back
in the queue, a permanent one (5xx, refused login) fails it until the user retries.

The crash rule (`after_crash`) is why nothing is ever sent twice: a delivery found 'sending'
when the outbox starts was interrupted. If it never reached the point of no return (for
e-mail the DATA command, for Peppol the POST of the document) the server cannot have accepted
it, so it is queued again; past that point the server may have accepted it, so it is *not*
sent again on its own: it fails with a sentence saying so, and only the user's Retry sends it
again — with the same Message-ID / Peppol message key, which receivers use to drop duplicates.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass

from .email_address import looks_like_email
from .errors import DomainError
from .messages import Message

QUEUED, SENDING, SENT, DELIVERED, FAILED = "queued", "sending", "sent", "delivered", "failed"
STATES = (QUEUED, SENDING, SENT, DELIVERED, FAILED)
DONE = (SENT, DELIVERED)

EMAIL, PEPPOL, POST = "email", "peppol", "post"
CHANNELS = (PEPPOL, EMAIL, POST)

# What can go out: the outbox does not care what it carries, but the key and the templates do.
INVOICE, CREDIT_NOTE, REMINDER_LETTER, STATEMENT = "invoice", "credit_note", "reminder_letter", "statement"
ACCOUNTANT_PACK, QUOTE = "accountant_pack", "quote"
DOCUMENT_KINDS = (INVOICE, CREDIT_NOTE, REMINDER_LETTER, STATEMENT, ACCOUNTANT_PACK, QUOTE)
# What Peppol carries for us (BIS Billing 3.0): quotes, statements and letters go by e-mail or post.
BY_PEPPOL = (INVOICE, CREDIT_NOTE)

# The moves a delivery may make; anything else is a bug or a stale screen, refused.
MOVES = {
    QUEUED: (SENDING, FAILED),
    SENDING: (SENT, QUEUED, FAILED),
    SENT: (DELIVERED, FAILED),  # an access point may still report a delivery failure after accepting
    DELIVERED: (),
    FAILED: (QUEUED,),  # the user's Retry
}


class OutboxError(DomainError):
    """A refused outbox action, as an English msgid with values (said in the user's language at the edge)."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values))

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        return str(tr(self.message, **self.values))


def move(state: str, to: str) -> str:
    """The new state, or OutboxError when a delivery may not go from `state` to `to`."""
    if to not in MOVES.get(state, ()):
        raise OutboxError("a delivery that is {state} cannot become {to}", state=state, to=to)
    return to


@dataclass(frozen=True)
class Outcome:
    """What the remote side did with one attempt: accepted, or refused for now or for good, in its own words."""

    accepted: bool
    answer: str
    permanent: bool = False  # a refusal that retrying the same message will not change (5xx, bad login)
    delivered: bool = False  # the remote side says it reached the receiver (Peppol), not only that it took it
    remote_id: str = ""  # the remote side's id of the message (an access point's message id), to ask its status

    @property
    def state(self) -> str:
        if self.accepted:
            return DELIVERED if self.delivered else SENT
        return FAILED if self.permanent else QUEUED


class ChannelDown(Exception):
    """The channel cannot take any message now (server unreachable, TLS, login refused): the run stops for
    that channel and the delivery stays queued, with the remote side's words."""

    def __init__(self, answer: str, *, permanent: bool = False) -> None:
        super().__init__(answer)
        self.answer = answer
        self.permanent = permanent  # needs the user (settings, password) rather than time


def after_attempt(state: str, outcome: Outcome) -> str:
    """The state after an attempt that was 'sending'."""
    if state != SENDING:
        raise OutboxError("a delivery that is {state} cannot become {to}", state=state, to=outcome.state)
    return outcome.state


def after_crash(handed_over: bool, *, receiver_dedupes: bool = False) -> tuple[str, Message]:
    """A delivery found 'sending' after the app or a command was killed: its state and why (see the module).

    `receiver_dedupes`: the channel itself answers a resend under the same key with the earlier message
    (the Peppol adapter looks the key up among the messages sent before posting), so sending again is safe."""
    if handed_over and receiver_dedupes:
        return QUEUED, Message.of(
            "interrupted while the access point was being asked; queued again under the same key, which the access "
            "point answers with the earlier message if it already has it"
        )
    if handed_over:
        return FAILED, Message.of(
            "interrupted after the message was handed to the server: it may have been sent; check before retrying "
            "(a retry sends it again with the same message id)"
        )
    return QUEUED, Message.of("interrupted before the message was handed to the server; queued again")


def retry(state: str) -> str:
    """The user's Retry: a failed delivery goes back to the queue; nothing else may be retried."""
    if state != FAILED:
        raise OutboxError("only a failed delivery can be retried; this one is {state}", state=state)
    return QUEUED


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9.-]+")


def message_key(kind: str, number: str, delivery_id: int, seller: str) -> str:
    """The stable key of one delivery: the same document and delivery always give the same key, two
    different deliveries (or two books) never do. `seller` is the seller's VAT number or name."""
    seed = f"ledgerdesk|{seller}|{kind}|{number}|{delivery_id}"
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


def message_id(kind: str, number: str, delivery_id: int, seller: str, sender_address: str) -> str:
    """The e-mail Message-ID of a delivery (RFC 5322 msg-id), derived from `message_key`: a retry after
    a crash carries the same id, so a receiver that already has the message can drop the copy."""
    domain = sender_address.rpartition("@")[2].strip().lower() or "ledgerdesk.invalid"
    domain = _NOT_IN_ID.sub("-", domain).strip("-.") or "ledgerdesk.invalid"
    readable = _NOT_IN_ID.sub("-", number).strip("-.")[:40] or kind
    key = message_key(kind, number, delivery_id, seller).replace("-", "")
    return f"<{readable}.{key}@{domain}>"


def fingerprint(data: bytes) -> str:
    """The SHA-256 of the bytes that left: the archived copy of a message is checked against it."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Recipient:
    """What the channel choice knows about the receiver of one document."""

    consumer: bool
    email: str
    has_postal_address: bool
    peppol_id: str | None = None  # a valid Peppol participant id (scheme:value) when the customer has one
    on_peppol: bool | None = None  # registered for this document type: True / False / None (never looked up)


@dataclass(frozen=True)
class ChannelChoice:
    channel: str
    why: Message


def choose_channel(recipient: Recipient) -> ChannelChoice:
    """Peppol when the customer is registered for the document type, else e-mail, else post."""
    if peppol_refusal(recipient) is None and recipient.on_peppol:
        return ChannelChoice(PEPPOL, Message.of("registered on Peppol for this document type"))
    if looks_like_email(recipient.email):
        return ChannelChoice(EMAIL, Message.of("not on Peppol; the customer has an e-mail address"))
    return ChannelChoice(POST, Message.of("neither on Peppol nor an e-mail address: by post"))


def peppol_refusal(recipient: Recipient) -> Message | None:
    """Why this document may not go by Peppol, or None. A consumer never goes by Peppol without a real
    Peppol endpoint (an e-mail address as endpoint, scheme EM, is rejected by the Peppol rules)."""
    if not recipient.peppol_id or not PEPPOL_ID.fullmatch(recipient.peppol_id):
        if recipient.consumer:
            return Message.of("a consumer without a Peppol endpoint cannot receive by Peppol")
        return Message.of("the customer has no Peppol endpoint")
    if recipient.on_peppol is False:
        return Message.of("the customer is not registered on Peppol for this document type")
    return None


def channel_refusal(channel: str, recipient: Recipient) -> Message | None:
    """Why the user's chosen channel cannot carry this document, or None."""
    if channel == PEPPOL:
        return peppol_refusal(recipient)
    if channel == EMAIL and not looks_like_email(recipient.email):
        return Message.of("the customer has no e-mail address")
    if channel == POST and not recipient.has_postal_address:
        return Message.of("the customer has no postal address")
    if channel not in CHANNELS:
        return Message.of("'{channel}' is not a channel: peppol, email or post", channel=channel)
    return None


# A Peppol participant id: an ISO 6523 ICD (four digits) and its value. EM (e-mail) is no Peppol scheme.
PEPPOL_ID = re.compile(r"(?:iso6523-actorid-upis::)?[0-9]{4}:[A-Za-z0-9][A-Za-z0-9.:_-]{0,49}")
