"""What an access point answers, as frozen values: a sent message, its status, inbox items, a participant.

Every value keeps `answer`, the provider's response body as received (decoded as UTF-8), so that the
history can say exactly what the other side said.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from lxml import etree


@dataclass(frozen=True)
class DocumentType:
    """A Peppol document type identifier (without its scheme) and the process it travels in."""

    identifier: str
    process: str
    name: str  # invoice, credit_note, invoice_response


BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE = DocumentType(
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1",
    BILLING,
    "invoice",
)
CREDIT_NOTE = DocumentType(
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1",
    BILLING,
    "credit_note",
)
INVOICE_RESPONSE = DocumentType(
    "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2::ApplicationResponse"
    "##urn:fdc:peppol.eu:poacc:trns:invoice_response:3::2.1",
    "urn:fdc:peppol.eu:poacc:bis:invoice_response:3",
    "invoice_response",
)
DOCUMENT_TYPES = (INVOICE, CREDIT_NOTE, INVOICE_RESPONSE)
DOCTYPE_SCHEME = "busdox-docid-qns"
PROCESS_SCHEME = "cenbii-procid-ubl"


def document_type_named(text: str) -> DocumentType | None:
    """The known document type of an identifier, with or without its scheme (`busdox-docid-qns::…`)."""
    bare = text.split("::", 1)[1] if text.startswith(DOCTYPE_SCHEME + "::") else text
    return next((t for t in DOCUMENT_TYPES if t.identifier == bare), None)


@dataclass(frozen=True)
class Sent:
    """A document the access point accepted: its message id there and its answer verbatim.

    `earlier` is true when the document was found already sent under the same key (a retry after a
    crash or a lost answer): nothing was sent again."""

    message_id: str
    answer: str
    earlier: bool = False


State = Literal["pending", "sent", "failed"]


@dataclass(frozen=True)
class MessageStatus:
    """Where a sent message stands at the access point; `reason` is its own words when it failed."""

    message_id: str
    state: State
    answer: str
    reason: str = ""


@dataclass(frozen=True)
class InboxItem:
    """An incoming message not yet confirmed (marked read) at the access point."""

    message_id: str
    sender: str
    document_type: str
    received_at: str


@dataclass(frozen=True)
class IncomingMessage:
    """An incoming message with its document, byte for byte as the access point holds it."""

    message_id: str
    sender: str
    document_type: str
    received_at: str
    content: bytes
    answer: str = ""


@dataclass(frozen=True)
class Participant:
    """What a registry lookup says of a participant id: registered or not, and for which document types."""

    participant_id: str
    registered: bool
    document_types: tuple[str, ...]
    source: str  # "peppyrus", "recommand", "sml"
    answer: str = ""

    def accepts(self, document_type: DocumentType) -> bool:
        return any(
            (document_type_named(t) or DocumentType(t, "", "")).identifier == document_type.identifier
            for t in self.document_types
        )


@dataclass(frozen=True)
class Account:
    """Who the API key belongs to at the access point (checked when setting it up)."""

    name: str
    company_id: str
    answer: str


@dataclass(frozen=True)
class Envelope:
    """What the UBL itself says about its sending: the parties' endpoints, the type and the number."""

    sender: str
    receiver: str
    root: str
    number: str
    issue_date: str


_ROOTS = {"Invoice": INVOICE, "CreditNote": CREDIT_NOTE, "ApplicationResponse": INVOICE_RESPONSE}
_PARTIES = {
    "Invoice": ("AccountingSupplierParty", "AccountingCustomerParty"),
    "CreditNote": ("AccountingSupplierParty", "AccountingCustomerParty"),
    "ApplicationResponse": ("SenderParty", "ReceiverParty"),
}


def envelope_of(ubl: bytes) -> Envelope:
    """The envelope of a UBL invoice, credit note or invoice response; ValueError saying what is missing."""
    try:
        root = etree.fromstring(ubl, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not XML ({exc})") from None
    name = etree.QName(root).localname
    if name not in _PARTIES:
        raise ValueError(f"the root element is {name}, not Invoice, CreditNote or ApplicationResponse")

    def endpoint(party: str) -> str:
        found = root.find(f"{{*}}{party}/{{*}}Party/{{*}}EndpointID")
        if found is None:
            found = root.find(f"{{*}}{party}/{{*}}EndpointID")  # ApplicationResponse: SenderParty/EndpointID
        if found is None or not (found.text or "").strip():
            raise ValueError(f"{party} has no EndpointID")
        return f"{found.get('schemeID', '')}:{(found.text or '').strip()}"

    supplier, customer = _PARTIES[name]
    return Envelope(
        sender=endpoint(supplier),
        receiver=endpoint(customer),
        root=name,
        number=(root.findtext("{*}ID") or "").strip(),
        issue_date=(root.findtext("{*}IssueDate") or "").strip(),
    )


def document_type_of(ubl: bytes) -> DocumentType:
    """The Peppol document type of a UBL document (ValueError if it is none LedgerDesk sends)."""
    return _ROOTS[envelope_of(ubl).root]


def document_key(ubl: bytes) -> str:
    """A key derived from the document itself: sender, kind, number and date, so that the same document
    (even if its bytes were written again) always has the same key and a retry is recognised."""
    env = envelope_of(ubl)
    text = "|".join((env.sender.lower(), env.root, env.number, env.issue_date))
    return "ld-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]
