"""Peppyrus (api.peppyrus.be, free, pull inbox): the access point adapter over its REST API v1.

Header `X-Api-Key`. Send `POST message` with sender, recipient, processType, documentType (both with
their scheme) and fileContent (the UBL in base64), answered with the message (its `id`); a document
its validation refuses is answered 422. Status `GET message/{id}` (folder `sent` or `failed`, else
still on its way) and `GET message/{id}/report` for why it failed. Inbox `GET message/list?folder=INBOX
&confirmed=false`, confirm `PATCH message/{id}/confirm`. Lookup `GET peppol/lookup?participantId=`.
As documented by Peppyrus and used by Tryton's edocument_peppol_peppyrus module (docs/peppol.md).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from .access_point import AccessPoint
from .errors import PeppolError
from .http import Client
from .model import (
    DOCTYPE_SCHEME,
    PROCESS_SCHEME,
    Account,
    DocumentType,
    InboxItem,
    IncomingMessage,
    MessageStatus,
    Participant,
    Sent,
    envelope_of,
)

PRODUCTION = "https://api.peppyrus.be/v1/"
TEST = "https://api.test.peppyrus.be/v1/"
PER_PAGE = 100
PENDING_FOLDERS = ("outbox", "sent")  # where a message sent (or on its way) is listed; `failed` may be sent again


class Peppyrus(AccessPoint):
    name = "peppyrus"
    title = "Peppyrus"

    @classmethod
    def connect(cls, base_url: str, api_key: str, timeout: float) -> Peppyrus:
        return cls(Client(cls.title, base_url, {"X-Api-Key": api_key}, timeout))

    def _post(self, ubl: bytes, receiver: str, document_type: DocumentType) -> Sent:
        try:
            sender = envelope_of(ubl).sender
        except ValueError as exc:
            raise PeppolError("the document cannot be sent: {reason}", reason=str(exc)) from None
        body = {
            "sender": sender,
            "recipient": receiver,
            "processType": f"{PROCESS_SCHEME}::{document_type.process}",
            "documentType": f"{DOCTYPE_SCHEME}::{document_type.identifier}",
            "fileContent": base64.b64encode(ubl).decode("ascii"),
        }
        answer = self.client.call("POST", "message", body=body, accept_statuses=(422,))
        if answer.status == 422:
            raise self.refused_document(answer.text, answer.status)
        message = answer.json(self.title)
        if not isinstance(message, dict) or not message.get("id"):
            raise PeppolError(
                "{provider} accepted the document but gave no message id: {words}",
                answer=answer.text,
                provider=self.title,
                words=answer.text[:4000],
            )
        return Sent(str(message["id"]), answer.text)

    def _list(self, query: dict[str, str]) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.client.call(
                "GET", "message/list", query={**query, "perPage": str(PER_PAGE), "page": str(page)}
            )
            data = answer.json(self.title)
            batch = data.get("items", []) if isinstance(data, dict) else []
            items.extend(item for item in batch if isinstance(item, dict))
            if len(batch) < PER_PAGE:
                return items
            page += 1

    def _sent_to(self, receiver: str) -> list[tuple[str, bytes, str]]:
        found = []
        for folder in PENDING_FOLDERS:
            for item in self._list({"folder": folder, "receiver": receiver}):
                if str(item.get("recipient", receiver)).lower() != receiver.lower():
                    continue
                found.append((str(item.get("id")), _content(item, self.title), ""))
        return found

    def account(self, vat: str | None) -> Account:
        answer = self.client.call("GET", "organization/info")
        data = answer.json(self.title)
        name = str(data.get("name") or "") if isinstance(data, dict) else ""
        return Account(name, "", answer.text)

    def status(self, message_id: str) -> MessageStatus:
        answer = self.client.call("GET", f"message/{message_id}")
        message = answer.json(self.title)
        folder = str(message.get("folder", "")).lower() if isinstance(message, dict) else ""
        if folder == "sent":
            return MessageStatus(message_id, "sent", answer.text)
        if folder == "failed":
            report = self.client.call("GET", f"message/{message_id}/report")
            data = report.json(self.title)
            reason = data.get("transmissionRules") if isinstance(data, dict) else None
            return MessageStatus(message_id, "failed", report.text, str(reason or report.text))
        return MessageStatus(message_id, "pending", answer.text)

    def inbox(self) -> list[InboxItem]:
        return [
            InboxItem(
                str(item.get("id")),
                str(item.get("sender", "")),
                str(item.get("documentType", "")),
                str(item.get("created", "")),
            )
            for item in self._list({"folder": "INBOX", "confirmed": "false"})
        ]

    def fetch(self, message_id: str) -> IncomingMessage:
        answer = self.client.call("GET", f"message/{message_id}")
        item = answer.json(self.title)
        if not isinstance(item, dict):
            raise PeppolError(
                "{provider} answered something that is not a message: {words}",
                answer=answer.text,
                provider=self.title,
                words=answer.text[:4000],
            )
        return IncomingMessage(
            message_id,
            str(item.get("sender", "")),
            str(item.get("documentType", "")),
            str(item.get("created", "")),
            _content(item, self.title),
        )

    def confirm(self, message_id: str) -> None:
        # A 404 means it is gone from the inbox already (confirmed by an earlier run): nothing to do.
        self.client.call("PATCH", f"message/{message_id}/confirm", accept_statuses=(404,))

    def lookup(self, participant: str) -> Participant:
        answer = self.client.call("GET", "peppol/lookup", query={"participantId": participant}, accept_statuses=(404,))
        if answer.status == 404:
            return Participant(participant, False, (), self.name, answer.text)
        data = answer.json(self.title)
        services = data.get("services") if isinstance(data, dict) else None
        types = tuple(
            str(s.get("documentType", s) if isinstance(s, dict) else s) for s in (services or []) if s is not None
        )
        return Participant(participant, bool(types), types, self.name, answer.text)


def _content(item: dict[str, Any], provider: str) -> bytes:
    try:
        return base64.b64decode(str(item.get("fileContent") or ""), validate=True)
    except (binascii.Error, ValueError):
        raise PeppolError(
            "{provider} gave message {message_id} with a fileContent that is not base64",
            provider=provider,
            message_id=str(item.get("id")),
        ) from None
