"""OpenPeppol's BIS Billing 3.0 rules: installed once by the user, pinned by release and SHA-256.

OpenPeppol publishes the rules (Schematron) without a licence that lets us ship them inside the
package, so LedgerDesk fetches the exact release once, from OpenPeppol's own repository or from a
file the user already has, refuses any byte that differs from the pinned hash, and keeps it in the
user's data folder. Until then validation runs a partial check and says so (`validate.Report`).
The compiled stylesheet is cached beside the source; both are written atomically.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..user_files import UBL_FILE_LIMIT, read_input
from .schematron import SchematronError, compile_bytes

ENV_RULES_DIR = "LEDGERDESK_RULES_DIR"
_APP_NAME = "LedgerDesk"


@dataclass(frozen=True)
class RuleSet:
    """One pinned release of a published rule set."""

    name: str
    version: str
    url: str
    sha256: str
    file_name: str


PEPPOL_BIS_BILLING = RuleSet(
    name="OpenPeppol BIS Billing 3.0",
    version="3.0.19",
    url=("https://raw.githubusercontent.com/OpenPEPPOL/peppol-bis-invoice-3/v3.0.19/rules/sch/PEPPOL-EN16931-UBL.sch"),
    sha256="2840f5158f7bbdbf3b3f5d2ea391b9ac9e649e1fdbba8502bd8c15ec52924f23",
    file_name="PEPPOL-EN16931-UBL.sch",
)


class RulesRefused(ValueError):
    """The rules could not be installed; the message says why and nothing was changed."""


def rules_dir() -> Path:
    """$LEDGERDESK_RULES_DIR, else `rules` in the platform's user data folder (shared by all books)."""
    env = os.environ.get(ENV_RULES_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(_APP_NAME, appauthor=False)) / "rules"


def _folder(rules: RuleSet) -> Path:
    return rules_dir() / f"peppol-bis-billing-{rules.version}"


def installed_xslt(rules: RuleSet | None = None) -> Path | None:
    """The compiled stylesheet of the installed release, or None when it is not installed (or damaged)."""
    rules = rules or PEPPOL_BIS_BILLING
    folder = _folder(rules)
    source, compiled = folder / rules.file_name, folder / "compiled.xslt"
    try:
        if hashlib.sha256(source.read_bytes()).hexdigest() != rules.sha256:
            return None
    except OSError:
        return None
    if not compiled.is_file():
        try:
            write_atomic(compiled, compile_bytes(source.read_bytes()))
        except (OSError, SchematronError):
            return None
    return compiled


def _download(url: str, timeout: float) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - a pinned https URL or a test's
            data: bytes = answer.read(UBL_FILE_LIMIT + 1)
    except urllib.error.HTTPError as exc:
        raise RulesRefused(f"{url} answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RulesRefused(f"{url} cannot be reached ({reason})") from exc
    if len(data) > UBL_FILE_LIMIT:
        raise RulesRefused(f"{url} sent more than {UBL_FILE_LIMIT} bytes")
    return data


def install(
    rules: RuleSet | None = None, *, source: Path | None = None, url: str | None = None, timeout: float = 30
) -> Path:
    """Install the pinned release from `source` (a file) or by downloading it; return the stylesheet.

    The bytes must hash to the pinned SHA-256 and compile, or nothing is written.
    """
    rules = rules or PEPPOL_BIS_BILLING
    data = read_input(source, limit=UBL_FILE_LIMIT) if source else _download(url or rules.url, timeout)
    digest = hashlib.sha256(data).hexdigest()
    if digest != rules.sha256:
        origin = str(source) if source else (url or rules.url)
        raise RulesRefused(
            f"{origin} is not {rules.name} {rules.version}: its SHA-256 is {digest}, expected {rules.sha256}"
        )
    try:
        compiled = compile_bytes(data)
    except SchematronError as exc:
        raise RulesRefused(f"{rules.name} {rules.version} cannot be compiled: {exc}") from exc
    folder = _folder(rules)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "compiled.xslt", compiled)
    write_atomic(folder / rules.file_name, data)  # last: its presence with the right hash marks the install
    return folder / "compiled.xslt"
