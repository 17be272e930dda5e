"""Setting up the Peppol access point: the provider and its address in the book, the API key in the keyring.

Two steps, so that no write transaction waits on the network: `check_access_point` asks the provider
who the key belongs to (and, for Recommand, which company sends), then `save_access_point` stores the
key in the keyring and the settings in the book. `open_access_point` gives the adapter the outbox and
the inbox use.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from ..peppol import AccessPoint, AccessPointSettings, PeppolError, connect
from ..peppol.http import DEFAULT_TIMEOUT
from ..peppol.keys import load_api_key, store_api_key
from .company import get_company, get_setting, has_company, set_setting

SETTING_KEY = "peppol.access_point"


@dataclass(frozen=True)
class Checked:
    """The settings as checked (Recommand's company filled in) and who the key belongs to there."""

    settings: AccessPointSettings
    account_name: str


def access_point_settings(session: Session) -> AccessPointSettings | None:
    """The book's access point, or None when Peppol is not set up."""
    return AccessPointSettings.from_json(get_setting(session, SETTING_KEY))


def own_vat(session: Session) -> str | None:
    return get_company(session).vat if has_company(session) else None


def check_access_point(
    settings: AccessPointSettings, api_key: str, vat: str | None, *, timeout: float = DEFAULT_TIMEOUT
) -> Checked:
    """Ask the provider who `api_key` belongs to: proves address and key work before anything is stored."""
    if not api_key.strip():
        raise PeppolError("the API key is empty")
    if settings.provider == "recommand" and ":" not in api_key:
        raise PeppolError("a Recommand API key is given as key:secret (both from its dashboard)")
    account = connect(settings, api_key.strip(), timeout=timeout).account(vat)
    if account.company_id and account.company_id != settings.company_id:
        settings = replace(settings, company_id=account.company_id)
    return Checked(settings, account.name)


def save_access_point(session: Session, settings: AccessPointSettings, api_key: str) -> None:
    """Use this access point from now on: the key into the keyring, the settings into the book."""
    store_api_key(settings, api_key.strip())
    set_setting(session, SETTING_KEY, settings.as_json())


def open_access_point(session: Session, *, timeout: float = DEFAULT_TIMEOUT) -> AccessPoint:
    """The adapter of the book's access point, with its key from the keyring."""
    settings = access_point_settings(session)
    if settings is None:
        raise PeppolError("Peppol is not set up: run `ledgerdesk peppol setup` or use File ▸ Peppol access point…")
    return connect(settings, load_api_key(settings), timeout=timeout)
