"""The official Intervat XML schemas: installed once by the user, pinned by SHA-256, used to check every file.

The FPS Finance publishes the schemas (NewTVA-in, NewICO-in, NewLK-in and the common and ISO types they
import) on its Intervat "technical documentation" page, without a licence that lets us ship them inside
the package. So, as with OpenPeppol's rules (`einvoice.official_rules`), the user installs them once from
a folder or a zip they downloaded; a file whose bytes differ from the pinned hash is refused and nothing
is written. Until they are installed, files are written unchecked and the caller says so.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..atomic import write_atomic
from ..user_files import UBL_FILE_LIMIT, read_input

ENV_SCHEMAS_DIR = "LEDGERDESK_INTERVAT_DIR"
_APP_NAME = "LedgerDesk"
_FILE_LIMIT = 2 * 1024 * 1024  # the largest published schema is under 40 kB

# Version 0.9 of the input schemas, as the FPS Finance publishes them.
PINNED: dict[str, str] = {
    "NewTVA-in_v0_9.xsd": "b8584b28560ddc1878c8141cb79aff8794c174dcbfae33d54ba8907a37188170",
    "NewICO-in_v0_9.xsd": "e006297806d3b3571ad4e0033faad3909717c51f85ff500c285182f6e138ed83",
    "NewLK-in_v0_9.xsd": "f5db0a5b81b85aba9414eb5a155b28cca6a76106e12936113ae6ba39e9f0add0",
    "IntervatInputCommon_v0_9.xsd": "e87269075d9a069a1ecb7d8b5d96f2b8e197beea4b991deb63d9cf80d64b84ad",
    "IntervatIsoTypes_v0_9.xsd": "e04d5af235041eec21f49943d000575ffeea8e6fb6185997aaaa672a2320a4e7",
    "commontypes_v1.xsd": "f4432da5b0a8c5b77cb6a7c6589026cbf471746196a4a71c3cca57c0de8be4cb",
    "isotypes_v1.xsd": "4ae569afcaa005c4612e868a7341750d18f82b58be2024ba9d01574d83a97845",
}


@dataclass(frozen=True)
class Kind:
    """One Intervat file kind: its root schema and what the user calls it."""

    schema: str
    name: str


VAT_RETURN = Kind("NewTVA-in_v0_9.xsd", "VAT return XML")
EC_SALES_LIST = Kind("NewICO-in_v0_9.xsd", "EC sales list XML")
CLIENT_LISTING = Kind("NewLK-in_v0_9.xsd", "client listing XML")
INSTALL_HINT = "ledgerdesk intervat-schemas install --from DIR_OR_ZIP"


class SchemasRefused(ValueError):
    """The schemas could not be installed; the message says why, and nothing was changed."""

    def __init__(self, message: str, **values: object) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values))

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        return tr(self.message, **self.values)


def schemas_dir() -> Path:
    """$LEDGERDESK_INTERVAT_DIR, else `schemas/intervat` in the platform's user data folder (all books)."""
    env = os.environ.get(ENV_SCHEMAS_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(_APP_NAME, appauthor=False)) / "schemas" / "intervat"


def installed() -> Path | None:
    """The folder holding every pinned schema with its exact bytes, or None (not installed, or damaged)."""
    folder = schemas_dir()
    for name, digest in PINNED.items():
        try:
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
                return None
        except OSError:
            return None
    return folder


def _from_zip(source: Path) -> dict[str, bytes]:
    """The pinned files found anywhere in a zip (by base name); nested zips as published are opened too."""
    found: dict[str, bytes] = {}

    def walk(data: bytes, depth: int) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if info.file_size > _FILE_LIMIT:
                    continue
                if base in PINNED and base not in found:
                    found[base] = archive.read(info)
                elif base.lower().endswith(".zip") and depth < 2:
                    walk(archive.read(info), depth + 1)

    try:
        walk(read_input(source, limit=UBL_FILE_LIMIT), 0)
    except zipfile.BadZipFile as exc:
        raise SchemasRefused("{source} is not a zip file ({reason})", source=str(source), reason=str(exc)) from exc
    return found


def _from_folder(source: Path) -> dict[str, bytes]:
    return {name: read_input(source / name, limit=_FILE_LIMIT) for name in PINNED if (source / name).is_file()}


def install(source: Path) -> Path:
    """Install the pinned schemas from a folder or a zip; every file must be there with its pinned SHA-256
    and the three root schemas must compile, or nothing is written. Returns the folder they are in."""
    files = _from_folder(source) if source.is_dir() else _from_zip(source)
    missing = [name for name in PINNED if name not in files]
    if missing:
        raise SchemasRefused("{source} does not hold {files}", source=str(source), files=", ".join(missing))
    for name, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        if digest != PINNED[name]:
            raise SchemasRefused(
                "{file} is not the published Intervat schema: its SHA-256 is {digest}, expected {expected}",
                file=name,
                digest=digest,
                expected=PINNED[name],
            )
    folder = schemas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(folder / name, data)
    _schema.cache_clear()
    return folder


@functools.cache
def _schema(folder: Path, root: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(folder / root)))


def problems(kind: Kind, xml: bytes) -> list[str] | None:
    """What the official schema finds wrong in `xml` (empty: valid), or None when it is not installed."""
    folder = installed()
    if folder is None:
        return None
    schema = _schema(folder, kind.schema)
    if schema.validate(etree.fromstring(xml)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]  # type: ignore[attr-defined]
