"""The user's interface preferences (language, window, recent books) kept in QSettings.

These belong to the person at this computer, not to a book, so they live in QSettings
rather than in the book's `settings` table. Tests pass an INI file of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QLocale, QSettings

from ..i18n import LANGUAGES

MAX_RECENT = 8


def system_language() -> str:
    """The first of the system's preferred languages that is one of ours (a French-speaking user on an
    English system that lists French second gets French), else English: the one a user of any other
    language is likeliest to read. The user confirms or changes it on the first screen."""
    locale = QLocale.system()
    for tag in [*locale.uiLanguages(), locale.name()]:
        code = tag.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or QSettings("LedgerDesk", "LedgerDesk")

    @classmethod
    def in_file(cls, path: Path) -> Preferences:
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    # language -----------------------------------------------------------
    def language(self) -> str:
        value = self.settings.value("ui/language", "")
        return value if value in LANGUAGES else system_language()

    def has_language(self) -> bool:
        """Whether the user has chosen (or confirmed) an interface language."""
        return self.settings.value("ui/language", "") in LANGUAGES

    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(language)
        self.settings.setValue("ui/language", language)

    # window ---------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self.settings.setValue("window/geometry", value)

    def open_tab(self) -> str:
        return str(self.settings.value("window/tab", "") or "")

    def set_open_tab(self, key: str) -> None:
        self.settings.setValue("window/tab", key)

    # file dialogs --------------------------------------------------------------
    def last_folder(self, kind: str) -> Path | None:
        value = self.settings.value(f"files/{kind}", "")
        return Path(str(value)) if value else None

    def set_last_folder(self, kind: str, folder: Path) -> None:
        self.settings.setValue(f"files/{kind}", str(folder))

    # books ------------------------------------------------------------------
    def recent_books(self) -> list[Path]:
        value: Any = self.settings.value("books/recent", []) or []
        if isinstance(value, str):
            value = [value]
        return [Path(v) for v in value if v]

    def add_recent_book(self, path: Path) -> None:
        path = Path(path).resolve()
        books = [path] + [p for p in self.recent_books() if p != path]
        self.settings.setValue("books/recent", [str(p) for p in books[:MAX_RECENT]])

    def sync(self) -> None:
        self.settings.sync()
