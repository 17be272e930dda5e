"""Recommand (app.recommand.eu, open-source AGPL API, playground teams): the adapter over its REST API v1.

HTTP Basic with the API key as user and the secret as password (given as one `key:secret` string).
Send `POST {companyId}/send` with `{recipient, documentType: "xml", document, doctypeId, processId}`,
answered `{success, id, peppolMessageId, sentOverPeppol, …}`; a refusal is `{success: false, errors:
{field: [words]}}` with 400 (invalid document) or 422 (recipient not reachable). Documents `GET
documents` / `GET documents/{id}` (with their `xml`), inbox `GET inbox`, confirm `POST documents/{id}/
mark-as-read`, lookup `POST verify {peppolAddress}`. Its test environment is a playground team on the
same host (its own API key), so both base URLs are the same.
"""

from __future__ import annotations

import base64
from typing import Any

from .access_point import AccessPoint
from .errors import PeppolError
from .http import Answer, Client
from .model import Account, DocumentType, InboxItem, IncomingMessage, MessageStatus, Participant, Sent

PRODUCTION = "https://app.recommand.eu/api/v1/"
TEST = PRODUCTION  # a playground team: same host, its own key
PER_PAGE = 100


class Recommand(AccessPoint):
    name = "recommand"
    title = "Recommand"

    def __init__(self, client: Client, company_id: str) -> None:
        super().__init__(client)
        self.company_id = company_id

    @classmethod
    def connect(cls, base_url: str, api_key: str, timeout: float, company_id: str) -> Recommand:
        token = base64.b64encode(api_key.encode("utf-8")).decode("ascii")
        return cls(Client(cls.title, base_url, {"Authorization": f"Basic {token}"}, timeout), company_id)

    def _data(self, answer: Answer) -> dict[str, Any]:
        data = answer.json(self.title)
        if not isinstance(data, dict) or data.get("success") is False:
            raise self.refused_document(answer.text, answer.status)
        return data

    def _post(self, ubl: bytes, receiver: str, document_type: DocumentType) -> Sent:
        if not self.company_id:
            raise PeppolError("no {provider} company is set: run `ledgerdesk peppol setup`", provider=self.title)
        body = {
            "recipient": receiver,
            "documentType": "xml",
            "document": ubl.decode("utf-8"),
            "doctypeId": document_type.identifier,
            "processId": document_type.process,
        }
        answer = self.client.call("POST", f"{self.company_id}/send", body=body, accept_statuses=(400, 422))
        if answer.status in (400, 422):
            raise self.refused_document(answer.text, answer.status)
        data = self._data(answer)
        if not data.get("id"):
            raise PeppolError(
                "{provider} accepted the document but gave no message id: {words}",
                answer=answer.text,
                provider=self.title,
                words=answer.text[:4000],
            )
        return Sent(str(data["id"]), answer.text)

    def _documents(self, query: dict[str, str]) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            answer = self.client.call("GET", "documents", query={**query, "limit": str(PER_PAGE), "page": str(page)})
            batch = self._data(answer).get("documents") or []
            found.extend(d for d in batch if isinstance(d, dict))
            if len(batch) < PER_PAGE:
                return found
            page += 1

    def _xml(self, document: dict[str, Any]) -> bytes:
        xml = document.get("xml")
        if not isinstance(xml, str):
            answer = self.client.call("GET", f"documents/{document.get('id')}")
            xml = (self._data(answer).get("document") or {}).get("xml")
        return xml.encode("utf-8") if isinstance(xml, str) else b""

    def _sent_to(self, receiver: str) -> list[tuple[str, bytes, str]]:
        return [
            (str(d.get("id")), self._xml(d), "")
            for d in self._documents({"direction": "outgoing", "companyId": self.company_id})
            if str(d.get("receiverId", "")).lower() == receiver.lower()
        ]

    def account(self, vat: str | None) -> Account:
        answer = self.client.call("GET", "companies")
        companies = [c for c in self._data(answer).get("companies") or [] if isinstance(c, dict)]
        listed = ", ".join(f"{c.get('id')} ({c.get('name')})" for c in companies) or "(none)"
        if self.company_id:
            chosen = [c for c in companies if str(c.get("id")) == self.company_id]
            if not chosen:
                raise PeppolError(
                    "{provider} has no company {company_id}; its companies: {choices}",
                    answer=answer.text,
                    provider=self.title,
                    company_id=self.company_id,
                    choices=listed,
                )
        else:
            digits = "".join(ch for ch in (vat or "") if ch.isdigit())
            chosen = [
                c
                for c in companies
                if digits
                and digits
                in (
                    "".join(ch for ch in str(c.get(k) or "") if ch.isdigit()) for k in ("enterpriseNumber", "vatNumber")
                )
            ] or (companies if len(companies) == 1 else [])
            if len(chosen) != 1:
                raise PeppolError(
                    "choose the {provider} company to send from (--company-id): {choices}",
                    answer=answer.text,
                    provider=self.title,
                    choices=listed,
                )
        company = chosen[0]
        return Account(str(company.get("name") or ""), str(company.get("id")), answer.text)

    def status(self, message_id: str) -> MessageStatus:
        answer = self.client.call("GET", f"documents/{message_id}")
        document = self._data(answer).get("document") or {}
        if document.get("sentOverPeppol"):
            return MessageStatus(message_id, "sent", answer.text)
        return MessageStatus(message_id, "failed", answer.text, "not sent over Peppol")

    def inbox(self) -> list[InboxItem]:
        query = {"companyId": self.company_id} if self.company_id else None
        documents = self._data(self.client.call("GET", "inbox", query=query)).get("documents") or []
        items = [
            InboxItem(
                str(d.get("id")), str(d.get("senderId", "")), str(d.get("docTypeId", "")), str(d.get("createdAt", ""))
            )
            for d in documents
            if isinstance(d, dict)
        ]
        return sorted(items, key=lambda i: i.received_at)

    def fetch(self, message_id: str) -> IncomingMessage:
        answer = self.client.call("GET", f"documents/{message_id}")
        document = self._data(answer).get("document") or {}
        xml = document.get("xml")
        if not isinstance(xml, str):
            raise PeppolError(
                "{provider} gave document {message_id} without its XML", provider=self.title, message_id=message_id
            )
        return IncomingMessage(
            message_id,
            str(document.get("senderId", "")),
            str(document.get("docTypeId", "")),
            str(document.get("createdAt", "")),
            xml.encode("utf-8"),
        )

    def confirm(self, message_id: str) -> None:
        self.client.call("POST", f"documents/{message_id}/mark-as-read", body={"read": True}, accept_statuses=(404,))

    def lookup(self, participant: str) -> Participant:
        answer = self.client.call("POST", "verify", body={"peppolAddress": participant})
        data = answer.json(self.title)
        data = data if isinstance(data, dict) else {}
        types = tuple(
            str(d.get("docTypeId"))
            for d in data.get("supportedDocuments") or []
            if isinstance(d, dict) and d.get("docTypeId")
        )
        return Participant(participant, bool(data.get("isValid")), types, self.name, answer.text)
