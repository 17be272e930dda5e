"""OAuth2 for SMTP (XOAUTH2) with Microsoft 365 and Google: authorization code with PKCE through a loopback
redirect (RFC 8252), the refresh token kept in the OS keyring, a fresh access token per sending run.

Both providers are ending plain passwords for SMTP (Microsoft: basic auth off by default from the end of
December 2026; Google: app passwords only with 2-step verification), so a desktop app signs in as the
user in the browser. The token endpoint is a parameter so tests run against a local HTTP server.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer

from ..domain.outbox import OutboxError

KEYRING_SERVICE = "LedgerDesk SMTP OAuth2"
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class OAuthProvider:
    name: str
    authorize_url: str
    token_url: str
    scope: str


PROVIDERS = {
    "microsoft": OAuthProvider(
        "microsoft",
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/common/oauth2/v2.0/token",
        "https://outlook.office.com/SMTP.Send offline_access",
    ),
    "google": OAuthProvider(
        "google",
        "https://accounts.google.com/o/oauth2/v2/auth",
        "https://oauth2.googleapis.com/token",
        "https://mail.google.com/",
    ),
}


def provider_named(name: str) -> OAuthProvider:
    found = PROVIDERS.get(name)
    if found is None:
        raise OutboxError("'{name}' is not an OAuth2 provider: microsoft or google", name=name)
    return found


def pkce_pair() -> tuple[str, str]:
    """(code verifier, S256 code challenge) per RFC 7636."""
    verifier = secrets.token_urlsafe(64)[:96]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorization_url(
    provider: OAuthProvider, client_id: str, redirect_uri: str, state: str, challenge: str, login_hint: str = ""
) -> str:
    query = {
        "client_id": client_id,
        "response_type": "code",
        "redirect_uri": redirect_uri,
        "scope": provider.scope,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if provider.name == "google":
        query.update(access_type="offline", prompt="consent")
    if login_hint:
        query["login_hint"] = login_hint
    return f"{provider.authorize_url}?{urllib.parse.urlencode(query)}"


class _Catch(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.server.answer = {k: v[0] for k, v in query.items()}  # type: ignore[attr-defined]
        body = b"<html><body>LedgerDesk: you can close this window.</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # the query holds the code: never logged
        pass


def _post_form(url: str, form: dict[str, str]) -> dict[str, object]:
    data = urllib.parse.urlencode(form).encode("ascii")
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        words = exc.read().decode("utf-8", "replace")
        raise OutboxError("the sign-in was refused: {answer}", answer=f"{exc.code} {words}".strip()) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise OutboxError("cannot reach the sign-in server: {reason}", reason=str(exc)) from None
    if not isinstance(answer, dict):
        raise OutboxError("the sign-in was refused: {answer}", answer=str(answer))
    return answer


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str


def _tokens(answer: dict[str, object], refresh_token: str = "") -> Tokens:
    access = answer.get("access_token")
    if not isinstance(access, str) or not access:
        raise OutboxError("the sign-in was refused: {answer}", answer=json.dumps(answer)[:500])
    refresh = answer.get("refresh_token")
    return Tokens(access, refresh if isinstance(refresh, str) and refresh else refresh_token)


def sign_in(
    provider: OAuthProvider,
    client_id: str,
    open_browser: Callable[[str], object],
    *,
    login_hint: str = "",
    timeout: float = 300.0,
) -> Tokens:
    """The authorization code flow with PKCE: the browser goes to the provider, which redirects to a
    one-shot server on 127.0.0.1; the code is exchanged for tokens. The state is checked."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(24)
    server = HTTPServer(("127.0.0.1", 0), _Catch)
    server.timeout = timeout
    server.answer = {}  # type: ignore[attr-defined]
    redirect_uri = f"http://127.0.0.1:{server.server_address[1]}/"
    waiting = threading.Thread(target=server.handle_request, daemon=True)
    waiting.start()
    try:
        open_browser(authorization_url(provider, client_id, redirect_uri, state, challenge, login_hint))
        waiting.join(timeout)
    finally:
        server.server_close()
    answer: dict[str, str] = server.answer  # type: ignore[attr-defined]
    if not answer:
        raise OutboxError("no answer from the browser sign-in within {seconds} seconds", seconds=int(timeout))
    if answer.get("state") != state:
        raise OutboxError("the sign-in answer did not come from this request; nothing was stored")
    if "error" in answer or "code" not in answer:
        words = answer.get("error_description") or answer.get("error") or "no code"
        raise OutboxError("the sign-in was refused: {answer}", answer=words)
    form = {
        "grant_type": "authorization_code",
        "client_id": client_id,
        "code": answer["code"],
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    return _tokens(_post_form(provider.token_url, form))


def refresh(provider: OAuthProvider, client_id: str, refresh_token: str) -> Tokens:
    """A fresh access token from the refresh token (the provider may rotate the refresh token too)."""
    form = {"grant_type": "refresh_token", "client_id": client_id, "refresh_token": refresh_token}
    if provider.name == "microsoft":
        form["scope"] = provider.scope
    return _tokens(_post_form(provider.token_url, form), refresh_token)


def keyring_user(provider: OAuthProvider, user: str) -> str:
    return f"{provider.name}:{user}"


def store_refresh_token(provider: OAuthProvider, user: str, token: str) -> None:
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_user(provider, user), token)


def access_token_source(provider: OAuthProvider, client_id: str, user: str) -> Callable[[], str]:
    """For SmtpTransport(xoauth2_token=…): refreshes with the keyring's refresh token at the first message."""

    def token() -> str:
        import keyring

        stored = keyring.get_password(KEYRING_SERVICE, keyring_user(provider, user))
        if not stored:
            raise OutboxError(
                "not signed in to {provider} for {user}: sign in again", provider=provider.name, user=user
            )
        tokens = refresh(provider, client_id, stored)
        if tokens.refresh_token != stored:
            store_refresh_token(provider, user, tokens.refresh_token)
        return tokens.access_token

    return token
