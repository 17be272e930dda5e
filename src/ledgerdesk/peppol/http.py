"""JSON over HTTPS for the access points (the standard library's client): one call, one answer or one PeppolError.

Network trouble becomes a retryable PeppolError in plain words; an HTTP error keeps the provider's
body verbatim as `answer`. Headers (which carry the API key) are never put in a message or a log.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from .errors import PeppolError

DEFAULT_TIMEOUT = 30.0
ANSWER_LIMIT = 4000  # what is kept of a provider's answer in a message (the whole body stays in `answer`)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self, provider: str) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            raise PeppolError(
                "{provider} answered something that is not JSON: {words}",
                answer=self.text,
                status=self.status,
                provider=provider,
                words=self.text.strip()[:ANSWER_LIMIT] or "(no text)",
            ) from None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener()


class Client:
    """Requests to one base URL with fixed headers; `call` raises PeppolError for anything but 2xx."""

    def __init__(self, provider: str, base_url: str, headers: dict[str, str], timeout: float = DEFAULT_TIMEOUT):
        self.provider = provider
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._headers = dict(headers)
        self.timeout = timeout
        self._opener = _opener()

    def url(self, path: str, query: dict[str, str] | None = None) -> str:
        url = urllib.parse.urljoin(self.base_url, path.lstrip("/"))
        return url + ("?" + urllib.parse.urlencode(query) if query else "")

    def call(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        body: Any = None,
        accept_statuses: tuple[int, ...] = (),
    ) -> Answer:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Accept": "application/json", **self._headers}
        if data is not None:
            headers["Content-Type"] = "application/json"
        url = self.url(path, query)
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as exc:
            answer = Answer(exc.code, _read(exc))
            if exc.code in accept_statuses:
                return answer
            raise self.refused(answer) from None
        except TimeoutError:
            raise PeppolError(
                "{provider} did not answer within {seconds} seconds",
                retryable=True,
                provider=self.provider,
                seconds=f"{self.timeout:g}",
            ) from None
        except (http.client.RemoteDisconnected, ConnectionResetError, http.client.IncompleteRead):
            raise PeppolError(
                "{provider} closed the connection without an answer", retryable=True, provider=self.provider
            ) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            if isinstance(reason, TimeoutError):
                raise PeppolError(
                    "{provider} did not answer within {seconds} seconds",
                    retryable=True,
                    provider=self.provider,
                    seconds=f"{self.timeout:g}",
                ) from None
            raise PeppolError(
                "cannot reach {provider} at {url}: {reason}",
                retryable=True,
                provider=self.provider,
                url=self.base_url,
                reason=str(reason),
            ) from None

    def refused(self, answer: Answer) -> PeppolError:
        """The error for an HTTP status that is not success, with the provider's words verbatim."""
        words = answer.text.strip()[:ANSWER_LIMIT] or "(no text)"
        if answer.status in (401, 403):
            return PeppolError(
                "{provider} refused the API key ({code}): {words}",
                answer=answer.text,
                status=answer.status,
                provider=self.provider,
                code=answer.status,
                words=words,
            )
        retryable = answer.status >= 500 or answer.status in (408, 429)
        return PeppolError(
            "{provider} answered {code}: {words}",
            answer=answer.text,
            status=answer.status,
            retryable=retryable,
            provider=self.provider,
            code=answer.status,
            words=words,
        )


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read() or b""
    except (OSError, http.client.HTTPException):
        return b""
