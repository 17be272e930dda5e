"""The access points LedgerDesk knows, their test and production base URLs, and the settings that choose one.

The settings (provider, base URL, Recommand's company id) live in the book, as plain values; the API
key never does: it lives in the operating system's keyring (`keys.py`).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from . import peppyrus, recommand
from .access_point import AccessPoint
from .errors import PeppolError
from .http import DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Provider:
    name: str
    title: str
    production: str
    test: str
    key_hint: str  # what the API key looks like, for the setup's help


PROVIDERS = {
    "peppyrus": Provider("peppyrus", "Peppyrus", peppyrus.PRODUCTION, peppyrus.TEST, "the API key"),
    "recommand": Provider("recommand", "Recommand", recommand.PRODUCTION, recommand.TEST, "key:secret"),
}


@dataclass(frozen=True)
class AccessPointSettings:
    """Which access point the book sends and receives through."""

    provider: str
    base_url: str
    environment: str  # production, test, or custom (a base URL given by hand, e.g. the local stand-in)
    company_id: str = ""  # Recommand: the sending company's id there

    @property
    def title(self) -> str:
        return PROVIDERS[self.provider].title

    def as_json(self) -> dict[str, str]:
        return {
            "provider": self.provider,
            "base_url": self.base_url,
            "environment": self.environment,
            "company_id": self.company_id,
        }

    @classmethod
    def from_json(cls, value: Any) -> AccessPointSettings | None:
        if not isinstance(value, dict) or value.get("provider") not in PROVIDERS:
            return None
        return cls(
            str(value["provider"]),
            str(value.get("base_url") or PROVIDERS[str(value["provider"])].production),
            str(value.get("environment") or "production"),
            str(value.get("company_id") or ""),
        )


def provider_named(name: str) -> Provider:
    found = PROVIDERS.get(name.strip().lower())
    if found is None:
        raise PeppolError(
            "'{name}' is not a Peppol access point LedgerDesk knows; choose {choices}",
            name=name,
            choices=", ".join(PROVIDERS),
        )
    return found


def check_base_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise PeppolError("'{url}' is not a web address (https://…)", url=url)
    return url.strip() if url.strip().endswith("/") else url.strip() + "/"


def settings_for(
    name: str, *, test: bool = False, base_url: str | None = None, company_id: str = ""
) -> AccessPointSettings:
    """The settings for a provider: its production or test URL, or a base URL given by hand."""
    provider = provider_named(name)
    if base_url:
        return AccessPointSettings(provider.name, check_base_url(base_url), "custom", company_id.strip())
    url = provider.test if test else provider.production
    return AccessPointSettings(provider.name, url, "test" if test else "production", company_id.strip())


def connect(settings: AccessPointSettings, api_key: str, *, timeout: float = DEFAULT_TIMEOUT) -> AccessPoint:
    """The adapter for the settings, with its API key."""
    if settings.provider == "recommand":
        return recommand.Recommand.connect(settings.base_url, api_key, timeout, settings.company_id)
    return peppyrus.Peppyrus.connect(settings.base_url, api_key, timeout)
