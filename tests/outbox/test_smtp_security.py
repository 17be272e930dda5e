"""SMTP security against a real local server: STARTTLS and TLS with a test CA, a certificate the computer does
not trust, a server without STARTTLS, and OAuth2 (XOAUTH2) with a local token endpoint and PKCE."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import urllib.parse
import urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import keyring
import pytest
from aiosmtpd.smtp import AuthResult

from ledgerdesk.domain.outbox import ChannelDown, OutboxError
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import oauth, outbox
from ledgerdesk.services.mail import MailSettings, SmtpTransport

from .conftest import make_book
from .smtp_server import LocalSmtp, Recorder
from .test_outbox_window import MemoryKeyring

MESSAGE = b"From: f@janssens.be\r\nTo: a@b.be\r\nSubject: test\r\nMessage-ID: <x@janssens.be>\r\n\r\nHello\r\n"


def _send(transport: SmtpTransport) -> str:
    try:
        return transport.send(MESSAGE, "a@b.be", "k", lambda: None).answer
    finally:
        transport.close()


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_tls_with_a_trusted_certificate_send_and_log_in(security):
    server = LocalSmtp(security=security, users={"jan": "app-password"})
    try:
        settings = MailSettings("localhost", server.port, security, "jan", "f@janssens.be")
        answer = _send(SmtpTransport(settings, lambda: "app-password", tls_context=server.client_context))
        assert answer.startswith("250 2.0.0 Ok: queued as Q0001")
        assert len(server.recorder.messages) == 1
    finally:
        server.stop()


def test_a_certificate_the_computer_does_not_trust_stops_the_queue_and_says_why(tmp_path):
    server = LocalSmtp(security="starttls")
    try:
        settings = MailSettings("localhost", server.port, "starttls", "", "f@janssens.be")
        with pytest.raises(ChannelDown) as refused:
            _send(SmtpTransport(settings, lambda: None))  # the system's CAs: the test CA is unknown
        assert refused.value.permanent and "TLS with localhost" in refused.value.answer
        assert "CERTIFICATE_VERIFY_FAILED" in refused.value.answer
        assert server.recorder.messages == []
    finally:
        server.stop()


def test_a_server_without_starttls_is_refused_before_any_password_goes_out(smtp):
    settings = MailSettings("127.0.0.1", smtp.port, "starttls", "jan", "f@janssens.be")
    asked = []
    with pytest.raises(ChannelDown, match="does not offer STARTTLS; nothing was sent"):
        _send(SmtpTransport(settings, lambda: asked.append(1) or "secret"))
    assert asked == []


# --- OAuth2 ---------------------------------------------------------------------------------------------------


class TokenServer:
    """A local authorization server: checks the PKCE verifier against the challenge, issues and refreshes tokens."""

    def __init__(self) -> None:
        self.challenges: dict[str, str] = {}  # code -> challenge
        self.issued: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                status, body = outer.answer(form)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.provider = oauth.OAuthProvider(
            "microsoft", base + "/authorize", base + "/token", "SMTP.Send offline_access"
        )

    def answer(self, form: dict[str, str]) -> tuple[int, dict[str, str]]:
        if form.get("grant_type") == "authorization_code":
            challenge = self.challenges.get(form.get("code", ""))
            verifier = form.get("code_verifier", "").encode()
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            if challenge != expected:
                return 400, {"error": "invalid_grant", "error_description": "AADSTS501481: code verifier mismatch"}
            token = f"access-{len(self.issued)}"
            self.issued.append(token)
            return 200, {"access_token": token, "refresh_token": "refresh-1", "expires_in": "3600"}
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token", "").startswith("refresh-"):
            token = f"access-{len(self.issued)}"
            self.issued.append(token)
            return 200, {"access_token": token, "refresh_token": "refresh-2"}
        return 400, {"error": "invalid_grant", "error_description": "AADSTS70000: the refresh token has expired"}

    def browser(self, url: str) -> None:
        """The user signs in: the provider redirects to the loopback address with a code and the state."""
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        assert query["code_challenge_method"] == "S256" and query["response_type"] == "code"
        self.challenges["the-code"] = query["code_challenge"]
        back = f"{query['redirect_uri']}?code=the-code&state={urllib.parse.quote(query['state'])}"
        threading.Thread(target=lambda: urllib.request.urlopen(back, timeout=10).read(), daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def tokens():
    server = TokenServer()
    yield server
    server.stop()


@pytest.fixture
def ring():
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


class XOAuth2Recorder:
    """aiosmtpd handler part: accepts XOAUTH2 with a token the token server issued."""

    def __init__(self, valid: list[str]) -> None:
        self.valid = valid
        self.seen: list[str] = []

    async def auth_XOAUTH2(self, server, args):  # type: ignore[no-untyped-def]  # noqa: N802
        text = base64.b64decode(args[1]).decode()
        user, bearer = text.split("\x01")[0], text.split("\x01")[1]
        self.seen.append(text)
        token = bearer.removeprefix("auth=Bearer ")
        if user == "user=jan@janssens.be" and token in self.valid:
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False, message="535 5.7.3 Authentication unsuccessful")


def test_sign_in_with_pkce_then_xoauth2_sends_with_a_refreshed_token_from_the_keyring(tokens, ring, tmp_path):
    signed = oauth.sign_in(tokens.provider, "client-4711", tokens.browser, login_hint="jan@janssens.be", timeout=10)
    assert signed.access_token == "access-0" and signed.refresh_token == "refresh-1"
    oauth.store_refresh_token(tokens.provider, "jan@janssens.be", signed.refresh_token)

    checker = XOAuth2Recorder(tokens.issued)
    server = _xoauth_server(checker)
    try:
        settings = MailSettings("localhost", server.port, "starttls", "jan@janssens.be", "f@janssens.be")
        token = oauth.access_token_source(tokens.provider, "client-4711", "jan@janssens.be")
        transport = SmtpTransport(settings, lambda: None, tls_context=server.client_context, xoauth2_token=token)
        assert _send(transport).startswith("250")
        assert checker.seen[-1] == "user=jan@janssens.be\x01auth=Bearer access-1\x01\x01"  # refreshed, not reused
        assert ring.store[(oauth.KEYRING_SERVICE, "microsoft:jan@janssens.be")] == "refresh-2"  # rotated
    finally:
        server.stop()


def test_an_expired_sign_in_stops_the_queue_in_the_providers_words_and_loses_nothing(tokens, ring, tmp_path):
    oauth.store_refresh_token(tokens.provider, "jan@janssens.be", "expired")
    checker = XOAuth2Recorder(tokens.issued)
    server = _xoauth_server(checker)
    folder = tmp_path / "book"
    numbers = make_book(folder, 1)
    book = open_book(BookPaths.in_dir(folder))
    try:
        with book.db.transaction() as s:
            outbox.queue(s, numbers[0], now=datetime(2026, 3, 2, 9))
        settings = MailSettings("localhost", server.port, "starttls", "jan@janssens.be", "f@janssens.be")
        token = oauth.access_token_source(tokens.provider, "client-4711", "jan@janssens.be")
        transport = SmtpTransport(settings, lambda: None, tls_context=server.client_context, xoauth2_token=token)
        report = outbox.send_queue(book.db, {"email": transport}, clock=datetime.now)
        assert "AADSTS70000: the refresh token has expired" in report.stopped["email"]
        assert [r.state for r in report.queued] == ["queued"] and server.recorder.messages == []
    finally:
        book.close()
        server.stop()


def test_an_answer_from_another_request_is_refused(tokens):
    def forged(url: str) -> None:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        back = f"{query['redirect_uri']}?code=stolen&state=someone-else"
        threading.Thread(target=lambda: urllib.request.urlopen(back, timeout=10).read(), daemon=True).start()

    with pytest.raises(OutboxError, match="did not come from this request"):
        oauth.sign_in(tokens.provider, "client-4711", forged, timeout=10)


def _xoauth_server(checker: XOAuth2Recorder) -> LocalSmtp:
    """A STARTTLS server whose handler offers XOAUTH2 (aiosmtpd reads auth_* methods when it starts)."""

    class Handler(Recorder):
        async def auth_XOAUTH2(self, server, args):  # type: ignore[no-untyped-def]  # noqa: N802
            return await checker.auth_XOAUTH2(server, args)

    return LocalSmtp(security="starttls", users={}, recorder=Handler())
