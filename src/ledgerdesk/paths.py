"""Where a user's book, backups and logs live (platformdirs), overridable per run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "LedgerDesk"
BOOK_FILENAME = "ledgerdesk.sqlite"
ENV_DATA_DIR = "LEDGERDESK_DATA_DIR"
ENV_CACHE_DIR = "LEDGERDESK_CACHE_DIR"
ENV_LOG_DIR = "LEDGERDESK_LOG_DIR"
_PACKAGE_DIR = Path(__file__).resolve().parent


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir wins, then $LEDGERDESK_DATA_DIR, then the platform's user data folder."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def cache_dir() -> Path:
    """Throw-away files (parsed translations, PDF previews): $LEDGERDESK_CACHE_DIR or the
    platform's user cache folder. Deleting it is always safe."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The rotating log file's folder: $LEDGERDESK_LOG_DIR or the platform's user log folder
    (Linux ~/.local/state/LedgerDesk/log, macOS ~/Library/Logs/LedgerDesk, Windows %LOCALAPPDATA%\\LedgerDesk\\Logs)."""
    env = os.environ.get(ENV_LOG_DIR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def previews_dir() -> Path:
    """PDFs written for the system viewer to show; created on demand."""
    folder = cache_dir() / "previews"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class BookPaths:
    """The files that belong to one book."""

    book: Path

    @classmethod
    def in_dir(cls, data_dir: Path) -> BookPaths:
        return cls(Path(data_dir) / BOOK_FILENAME)

    @property
    def folder(self) -> Path:
        return self.book.parent

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    @property
    def lock(self) -> Path:
        return self.book.with_name(self.book.name + ".lock")

    @property
    def logs(self) -> Path:
        return self.folder / "logs"


def _shipped(name: str) -> Path:
    """A top-level folder of the project: the repo's in a checkout, the wheel's copy when installed."""
    in_repo = _PACKAGE_DIR.parent.parent / name
    if in_repo.is_dir():
        return in_repo
    return _PACKAGE_DIR / f"_{name}"


def migrations_dir() -> Path:
    return _shipped("migrations")


def resources_dir() -> Path:
    return _shipped("resources")
