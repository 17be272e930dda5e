"""A real local SMTP server (aiosmtpd) for the outbox tests, with failures to inject: replies, a
disconnect in the middle of DATA, a refused login, TLS or STARTTLS with a test certificate (trustme)."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Faults:
    rcpt_reply: str | None = None  # e.g. "450 4.2.1 Mailbox busy, try later"
    data_reply: str | None = None  # e.g. "554 5.7.1 Message refused"
    disconnect_in_data: bool = False
    hold_rcpt: float = 0.0  # seconds the server waits before answering RCPT (a kill happens meanwhile)
    hold_after_store: float = 0.0  # seconds it waits after storing a message, before answering 250
    in_rcpt: threading.Event = field(default_factory=threading.Event)
    stored: threading.Event = field(default_factory=threading.Event)


class Recorder:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.faults = Faults()

    def message_ids(self) -> list[str]:
        return [str(message_from_bytes(m)["Message-ID"]).strip() for m in self.messages]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        self.faults.in_rcpt.set()
        if self.faults.hold_rcpt:
            await asyncio.sleep(self.faults.hold_rcpt)
        if self.faults.rcpt_reply:
            return self.faults.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.faults.disconnect_in_data:
            server.transport.close()
            return "421 closing"
        if self.faults.data_reply:
            return self.faults.data_reply
        self.messages.append(envelope.content)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.faults.stored.set()
        if self.faults.hold_after_store:
            await asyncio.sleep(self.faults.hold_after_store)
        return f"250 2.0.0 Ok: queued as Q{len(self.messages):04d}"


class LocalSmtp:
    """A started server: `.port`, `.recorder`, `.stop()`; with `tls` ("starttls" or "tls") a test CA signs it."""

    def __init__(
        self,
        *,
        security: str = "none",
        users: dict[str, str] | None = None,
        recorder: Recorder | None = None,
        port: int | None = None,
    ) -> None:
        self.recorder = recorder or Recorder()
        self.port = port or free_port()
        self.client_context: ssl.SSLContext | None = None
        kwargs: dict[str, object] = {}
        server_context = None
        if security in ("starttls", "tls"):
            import trustme

            ca = trustme.CA()
            cert = ca.issue_cert("127.0.0.1", "localhost")
            server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(server_context)
            self.client_context = ssl.create_default_context()
            ca.configure_trust(self.client_context)
        if security == "starttls":
            kwargs.update(tls_context=server_context, require_starttls=True)
        if users is not None:

            def authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
                if isinstance(auth_data, LoginPassword):
                    ok = users.get(auth_data.login.decode()) == auth_data.password.decode()
                    return AuthResult(success=ok, handled=False)
                return AuthResult(success=False, handled=False)

            kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=security == "starttls")
        if security == "tls":
            kwargs["ssl_context"] = server_context
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, **kwargs)
        if security == "tls":
            # The readiness check of aiosmtpd cannot speak implicit TLS; start and wait for the port instead.
            self.controller.ready_timeout = 5
            self._start_tls()
        else:
            self.controller.start()

    def _start_tls(self) -> None:
        try:
            self.controller.start()
        except Exception:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", self.port)) == 0:
                        return
                time.sleep(0.05)
            raise

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> LocalSmtp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
