"""Why an access point, the keyring or a participant id refused: one sentence, kept as msgid and values.

The provider's own words travel verbatim in `answer` (shown to the user and stored with the
delivery); `retryable` says whether trying again later may work (no network, a timeout, a 5xx, a
429), as opposed to a refusal that will not change by itself (a validation error, a bad key).
"""

from __future__ import annotations

from ..domain.errors import DomainError


class PeppolError(DomainError):
    """An access point, the keyring or a Peppol identifier refused; str() is the English sentence."""

    def __init__(
        self, msgid: str, *, answer: str = "", status: int | None = None, retryable: bool = False, **values: object
    ) -> None:
        self.msgid = msgid
        self.values = {k: str(v) for k, v in values.items()}
        self.answer = answer
        self.status = status
        self.retryable = retryable
        super().__init__(msgid.format(**self.values) if self.values else msgid)

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        try:
            return str(tr(self.msgid, **self.values))
        except (KeyError, IndexError, ValueError):  # a translation with a broken placeholder
            return str(self)
