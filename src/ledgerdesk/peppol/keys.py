"""The access point's API key in the operating system's keyring (the `keyring` package), never in the book.

One entry per provider and base URL (a test key and a production key are different keys), under the
service name "LedgerDesk Peppol". A computer without a usable keyring is told so in one sentence.
"""

from __future__ import annotations

from .errors import PeppolError
from .providers import AccessPointSettings

SERVICE = "LedgerDesk Peppol"


def _account(settings: AccessPointSettings) -> str:
    return f"{settings.provider} {settings.base_url}"


def _unusable(exc: Exception) -> PeppolError:
    return PeppolError(
        "the keyring of this computer cannot be used for the API key: {reason}",
        reason=str(exc) or type(exc).__name__,
    )


def store_api_key(settings: AccessPointSettings, api_key: str) -> None:
    import keyring
    import keyring.errors

    try:
        keyring.set_password(SERVICE, _account(settings), api_key)
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        raise _unusable(exc) from None


def load_api_key(settings: AccessPointSettings) -> str:
    import keyring
    import keyring.errors

    try:
        key = keyring.get_password(SERVICE, _account(settings))
    except (keyring.errors.KeyringError, RuntimeError) as exc:
        raise _unusable(exc) from None
    if not key:
        raise PeppolError(
            "there is no {provider} API key in this computer's keyring: run `ledgerdesk peppol setup`",
            provider=settings.title,
        )
    return key
