"""Local stand-ins for the Peppyrus and Recommand access points: their published APIs, on 127.0.0.1.

Used by the tests, the benchmark and the README demo (`uv run python tests/peppol/peppol_standin.py
--provider peppyrus`). Each serves the requests and answers as the provider documents them (see
src/ledgerdesk/peppol/peppyrus.py and recommand.py) and can inject, for the next matching request:
a validation refusal, a 5xx, a timeout (no answer in time), a crash between accepting a document and
answering (the document is stored, the connection closed), and duplicate inbox items.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lxml import etree

INVOICE_DOCTYPE = (
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)


@dataclass
class Fault:
    kind: str  # validation, server_error, timeout, crash_after_send, bad_gateway_text
    on: str  # send, status, inbox, fetch, confirm, lookup, list, any
    times: int = 1
    words: str = ""


@dataclass
class Message:
    id: str
    direction: str  # IN or OUT
    sender: str
    recipient: str
    document_type: str
    process_type: str
    content: bytes
    created: str
    folder: str  # INBOX, outbox, sent, failed
    confirmed: bool = False
    reason: str = ""


@dataclass
class State:
    api_key: str
    participant: str = "0208:0403170701"  # who we are at this access point
    messages: dict[str, Message] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)  # inbox ids listed twice
    faults: list[Fault] = field(default_factory=list)
    registered: dict[str, tuple[str, ...]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    deliver_at_once: bool = True
    timeout_seconds: float = 2.0
    counter: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_id(self, prefix: str) -> str:
        with self.lock:
            self.counter += 1
            return f"{prefix}{self.counter:06d}"

    def take_fault(self, on: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.on in (on, "any"):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None


def _envelope(content: bytes) -> tuple[str, str, str]:
    """(root, sender endpoint, receiver endpoint) of a UBL document; ValueError if it is not one."""
    root = etree.fromstring(content)
    name = etree.QName(root).localname
    parties = {
        "Invoice": ("AccountingSupplierParty", "AccountingCustomerParty"),
        "CreditNote": ("AccountingSupplierParty", "AccountingCustomerParty"),
        "ApplicationResponse": ("SenderParty", "ReceiverParty"),
    }
    if name not in parties:
        raise ValueError(f"unsupported document {name}")

    def endpoint(party: str) -> str:
        found = root.find(f"{{*}}{party}/{{*}}Party/{{*}}EndpointID")
        if found is None:
            found = root.find(f"{{*}}{party}/{{*}}EndpointID")
        if found is None:
            raise ValueError(f"{party} has no EndpointID")
        return f"{found.get('schemeID')}:{(found.text or '').strip()}"

    return name, endpoint(parties[name][0]), endpoint(parties[name][1])


class StandIn:
    """One stand-in access point on a free port: `with StandIn("peppyrus") as ap: ap.base_url …`."""

    def __init__(self, provider: str, *, api_key: str = "test-key", port: int = 0, company_id: str = "c_standin"):
        if provider not in ("peppyrus", "recommand"):
            raise ValueError(provider)
        self.provider = provider
        self.company_id = company_id
        self.state = State(api_key=api_key)
        self.organization = "Atelier Janssens"
        self.companies = [(company_id, "Atelier Janssens", "0403170701")]
        handler = _PeppyrusHandler if provider == "peppyrus" else _RecommandHandler
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.server.daemon_threads = True
        self.server.standin = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        path = "/v1/" if self.provider == "peppyrus" else "/api/v1/"
        return f"http://{host}:{port}{path}"

    @property
    def api_key(self) -> str:
        return self.state.api_key

    def start(self) -> StandIn:
        self._thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), name=f"standin-{self.provider}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # What a test arranges -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every message, fault and registration (one server for many examples)."""
        self.state = State(api_key=self.state.api_key, timeout_seconds=self.state.timeout_seconds)

    def fail_next(self, kind: str, on: str = "send", times: int = 1, words: str = "") -> None:
        self.state.faults.append(Fault(kind, on, times, words))

    def deliver(self, content: bytes, *, sender: str | None = None, document_type: str = INVOICE_DOCTYPE) -> str:
        """An incoming document, as if another access point had delivered it to us."""
        if sender is None:
            try:
                sender = _envelope(content)[1]
            except (ValueError, etree.XMLSyntaxError):
                sender = "0208:0000000097"
        message_id = self.state.next_id("in-")
        self.state.messages[message_id] = Message(
            message_id, "IN", sender, self.state.participant, document_type, "", content, _now(), "INBOX"
        )
        return message_id

    def duplicate_in_inbox(self, message_id: str) -> None:
        """List an inbox item twice (as a provider retrying a webhook or a paging overlap would)."""
        self.state.duplicates.append(message_id)

    def register(self, participant: str, *document_types: str) -> None:
        self.state.registered[participant] = document_types or (INVOICE_DOCTYPE,)

    def set_folder(self, message_id: str, folder: str, reason: str = "") -> None:
        self.state.messages[message_id].folder = folder
        self.state.messages[message_id].reason = reason

    def sent(self) -> list[Message]:
        return [m for m in self.state.messages.values() if m.direction == "OUT"]

    def unconfirmed(self) -> list[Message]:
        return [m for m in self.state.messages.values() if m.direction == "IN" and not m.confirmed]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "StandIn/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the tests read the state instead
        pass

    @property
    def standin(self) -> StandIn:
        return self.server.standin  # type: ignore[attr-defined,no-any-return]

    @property
    def state(self) -> State:
        return self.standin.state

    def reply(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else None

    def route(self) -> tuple[str, dict[str, str]]:
        parts = urllib.parse.urlsplit(self.path)
        return parts.path, {k: v[-1] for k, v in urllib.parse.parse_qs(parts.query).items()}

    def fault(self, on: str) -> Fault | None:
        """Apply a generic fault (5xx, timeout) for this request; a document fault is returned to the route."""
        fault = self.state.take_fault(on)
        if fault is None:
            return None
        if fault.kind == "server_error":
            self.reply(503, fault.words.encode() or b"Service Unavailable: upstream Peppol network not reachable")
            return Fault("handled", on)
        if fault.kind == "timeout":
            time.sleep(self.state.timeout_seconds)
            self.close_connection = True
            return Fault("handled", on)
        return fault

    def _dispatch(self, method: str) -> None:
        path, query = self.route()
        self.state.requests.append((method, path))
        if not self.authorised():
            return
        self.handle_route(method, path, query)

    def authorised(self) -> bool:
        raise NotImplementedError

    def handle_route(self, method: str, path: str, query: dict[str, str]) -> None:
        raise NotImplementedError

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def store_sent(self, content: bytes, recipient: str, document_type: str, process: str) -> Message:
        _root, sender, _receiver = _envelope(content)
        message_id = self.state.next_id("out-" if self.standin.provider == "peppyrus" else "doc_")
        message = Message(
            message_id,
            "OUT",
            sender,
            recipient,
            document_type,
            process,
            content,
            _now(),
            "sent" if self.state.deliver_at_once else "outbox",
        )
        self.state.messages[message_id] = message
        return message

    def inbox_items(self) -> list[Message]:
        items = [m for m in self.state.messages.values() if m.direction == "IN" and not m.confirmed]
        for dup in self.state.duplicates:
            if dup in self.state.messages and not self.state.messages[dup].confirmed:
                items.append(self.state.messages[dup])
        return items


class _PeppyrusHandler(_Handler):
    def authorised(self) -> bool:
        if self.headers.get("X-Api-Key") != self.state.api_key:
            self.reply(401, {"message": "Invalid API key"})
            return False
        return True

    def message_json(self, m: Message) -> dict[str, Any]:
        return {
            "id": m.id,
            "folder": m.folder,
            "direction": m.direction,
            "sender": m.sender,
            "recipient": m.recipient,
            "processType": m.process_type,
            "documentType": m.document_type,
            "fileContent": base64.b64encode(m.content).decode(),
            "created": m.created,
            "confirmed": m.confirmed,
        }

    def handle_route(self, method: str, path: str, query: dict[str, str]) -> None:
        if method == "POST" and path == "/v1/message":
            return self.send_message()
        if method == "GET" and path == "/v1/organization/info":
            return self.reply(200, {"name": self.standin.organization, "vatNumber": "BE0403170701", "country": "BE"})
        if method == "GET" and path == "/v1/message/list":
            if self.fault("list" if query.get("folder") != "INBOX" else "inbox"):
                return None
            return self.list_messages(query)
        if method == "GET" and path == "/v1/peppol/lookup":
            if self.fault("lookup"):
                return None
            participant = query.get("participantId", "")
            types = self.state.registered.get(participant)
            if types is None:
                return self.reply(404, {"message": f"Participant {participant} not found"})
            services = [{"documentType": f"busdox-docid-qns::{t}"} for t in types]
            return self.reply(200, {"participantId": participant, "services": services})
        match = re.fullmatch(r"/v1/message/([^/]+)(/report|/confirm)?", path)
        if match:
            message = self.state.messages.get(match.group(1))
            on = {"/report": "status", "/confirm": "confirm"}.get(match.group(2) or "", "status")
            if method == "GET" and not match.group(2) and message is not None and message.direction == "IN":
                on = "fetch"
            if self.fault(on):
                return None
            if message is None:
                return self.reply(404, {"message": f"Message {match.group(1)} not found"})
            if match.group(2) == "/confirm" and method == "PATCH":
                message.confirmed = True
                return self.reply(200, True)
            if match.group(2) == "/report":
                return self.reply(200, {"id": message.id, "transmissionRules": message.reason})
            if method == "GET":
                return self.reply(200, self.message_json(message))
        return self.reply(404, {"message": "Not found"})

    def send_message(self) -> None:
        fault = self.fault("send")
        if fault is not None and fault.kind == "handled":
            return
        body = self.body() or {}
        missing = [k for k in ("sender", "recipient", "processType", "documentType", "fileContent") if not body.get(k)]
        if missing:
            return self.reply(
                422,
                {"message": "Validation failed", "errors": {k: ["This value should not be blank."] for k in missing}},
            )
        try:
            content = base64.b64decode(body["fileContent"], validate=True)
            _root, sender, receiver = _envelope(content)
        except (ValueError, etree.XMLSyntaxError) as exc:
            return self.reply(422, {"message": "Validation failed", "errors": {"fileContent": [str(exc)]}})
        if fault is not None and fault.kind == "validation":
            words = (
                fault.words
                or "[BR-CO-15]-Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110)."
            )
            return self.reply(422, {"message": "Validation failed", "errors": {"fileContent": [words]}})
        if sender != body["sender"] or receiver != body["recipient"]:
            return self.reply(
                422,
                {
                    "message": "Validation failed",
                    "errors": {
                        "recipient": [f"The recipient {body['recipient']} does not match the document's {receiver}."]
                    },
                },
            )
        message = self.store_sent(content, body["recipient"], body["documentType"], body["processType"])
        if fault is not None and fault.kind == "crash_after_send":
            self.close_connection = True  # stored, but the client never hears of it
            return None
        return self.reply(200, self.message_json(message))

    def list_messages(self, query: dict[str, str]) -> None:
        folder = query.get("folder", "")
        per_page = int(query.get("perPage", "20"))
        page = int(query.get("page", "1"))
        if folder == "INBOX":
            items = self.inbox_items()
            if query.get("confirmed") == "false":
                items = [m for m in items if not m.confirmed]
        else:
            items = [m for m in self.state.messages.values() if m.direction == "OUT" and m.folder == folder]
            if query.get("receiver"):
                items = [m for m in items if m.recipient == query["receiver"]]
        chunk = items[(page - 1) * per_page : page * per_page]
        return self.reply(200, {"items": [self.message_json(m) for m in chunk], "total": len(items), "page": page})


class _RecommandHandler(_Handler):
    def authorised(self) -> bool:
        expected = "Basic " + base64.b64encode(self.state.api_key.encode()).decode()
        if self.headers.get("Authorization") != expected:
            self.reply(401, {"success": False, "errors": {"root": ["Unauthorized"]}})
            return False
        return True

    def document_json(self, m: Message, *, xml: bool = True) -> dict[str, Any]:
        doc = {
            "id": m.id,
            "teamId": "team_standin",
            "companyId": self.standin.company_id,
            "direction": "incoming" if m.direction == "IN" else "outgoing",
            "senderId": m.sender,
            "receiverId": m.recipient,
            "docTypeId": m.document_type,
            "processId": m.process_type,
            "type": "invoice",
            "readAt": _now() if m.confirmed else None,
            "createdAt": m.created,
            "sentOverPeppol": m.direction == "OUT" and m.folder != "failed",
        }
        if xml:
            doc["xml"] = m.content.decode("utf-8")
        return doc

    def handle_route(self, method: str, path: str, query: dict[str, str]) -> None:
        base = "/api/v1/"
        if method == "POST" and path == f"{base}{self.standin.company_id}/send":
            return self.send_document()
        if method == "GET" and path == f"{base}companies":
            companies = [
                {"id": cid, "name": name, "enterpriseNumber": number, "vatNumber": "BE" + number}
                for cid, name, number in self.standin.companies
            ]
            return self.reply(200, {"success": True, "companies": companies})
        if method == "GET" and path == f"{base}inbox":
            if self.fault("inbox"):
                return None
            return self.reply(
                200, {"success": True, "documents": [self.document_json(m, xml=False) for m in self.inbox_items()]}
            )
        if method == "GET" and path == f"{base}documents":
            if self.fault("list"):
                return None
            items = list(self.state.messages.values())
            if query.get("direction"):
                items = [m for m in items if (m.direction == "OUT") == (query["direction"] == "outgoing")]
            limit, page = int(query.get("limit", "10")), int(query.get("page", "1"))
            chunk = items[(page - 1) * limit : page * limit]
            return self.reply(200, {"success": True, "documents": [self.document_json(m) for m in chunk]})
        if method == "POST" and path == f"{base}verify":
            if self.fault("lookup"):
                return None
            address = (self.body() or {}).get("peppolAddress", "")
            types = self.state.registered.get(address)
            if types is None:
                return self.reply(200, {"success": True, "isValid": False})
            return self.reply(
                200,
                {
                    "success": True,
                    "isValid": True,
                    "supportedDocuments": [{"name": "Invoice", "docTypeId": t} for t in types],
                },
            )
        match = re.fullmatch(rf"{base}documents/([^/]+)(/mark-as-read)?", path)
        if match:
            message = self.state.messages.get(match.group(1))
            on = (
                "confirm"
                if match.group(2)
                else ("fetch" if message is not None and message.direction == "IN" else "status")
            )
            if self.fault(on):
                return None
            if message is None:
                return self.reply(404, {"success": False, "errors": {"root": ["Document not found"]}})
            if match.group(2) and method == "POST":
                message.confirmed = bool((self.body() or {}).get("read", True))
                return self.reply(200, {"success": True})
            if method == "GET":
                return self.reply(200, {"success": True, "document": self.document_json(message)})
        return self.reply(404, {"success": False, "errors": {"root": ["Not found"]}})

    def send_document(self) -> None:
        fault = self.fault("send")
        if fault is not None and fault.kind == "handled":
            return
        body = self.body() or {}
        if body.get("documentType") != "xml" or not isinstance(body.get("document"), str):
            return self.reply(400, {"success": False, "errors": {"root": ["Invalid document data provided."]}})
        content = body["document"].encode("utf-8")
        try:
            _envelope(content)
        except (ValueError, etree.XMLSyntaxError) as exc:
            return self.reply(400, {"success": False, "errors": {"root": [f"Document could not be parsed. {exc}"]}})
        if fault is not None and fault.kind == "validation":
            words = (
                fault.words
                or "BR-CO-15: Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110)."
            )
            return self.reply(
                400,
                {
                    "success": False,
                    "errors": {
                        "root": [
                            "Document validation failed. Please ensure your document complies with all requirements (e.g. EN16931, PEPPOL BIS 3.0, etc.)."
                        ],
                        "legalMonetaryTotal": [words],
                    },
                },
            )
        recipient = str(body.get("recipient") or "")
        if recipient and ":" not in recipient:
            recipient = "0208:" + re.sub(r"[^0-9]", "", recipient)
        message = self.store_sent(
            content, recipient, str(body.get("doctypeId") or INVOICE_DOCTYPE), str(body.get("processId") or "")
        )
        if fault is not None and fault.kind == "crash_after_send":
            self.close_connection = True
            return None
        return self.reply(
            200,
            {
                "success": True,
                "sentOverPeppol": True,
                "sentOverEmail": False,
                "emailRecipients": [],
                "teamId": "team_standin",
                "companyId": self.standin.company_id,
                "id": message.id,
                "peppolMessageId": f"pm-{message.id}",
                "envelopeId": f"env-{message.id}",
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="Run a local stand-in Peppol access point until Ctrl+C.")
    parser.add_argument("--provider", choices=("peppyrus", "recommand"), default="peppyrus")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--api-key", default="demo-key", help="the key it accepts (Recommand: key:secret)")
    parser.add_argument("--deliver", nargs="*", default=[], help="UBL files to put in the inbox")
    parser.add_argument("--register", nargs="*", default=[], help="participant ids its lookup knows")
    args = parser.parse_args()
    standin = StandIn(args.provider, api_key=args.api_key, port=args.port)
    for path in args.deliver:
        with open(path, "rb") as f:
            standin.deliver(f.read())
    for participant in args.register:
        standin.register(participant)
    standin.start()
    print(f"{args.provider} stand-in at {standin.base_url} (API key {args.api_key!r}); Ctrl+C stops it", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        standin.stop()


if __name__ == "__main__":
    main()
