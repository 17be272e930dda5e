"""One translation catalog for the UI, PDFs and letters (nl, fr, en), plus Belgian formats.

Messages are English source strings (gettext msgids). Translations live in
`resources/i18n/<lang>/*.po`, one file per area (ui.po, documents.po, reminders.po ...)
so capabilities do not collide; they are merged into one catalog per language.
Formatting of amounts and dates follows Belgian conventions through babel.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from typing import Protocol

from ..domain.os_errors import REASONS
from ..paths import resources_dir

LANGUAGES = ("nl", "fr", "en")
# Placeholders whose values are amounts in EUR, written by the domain and services as '1234.56'.
MONEY_NAMES = frozenset({"amount", "open", "left", "total", "planned", "chosen", "transfer", "credit"})
AMOUNT = re.compile(r"-?\d+\.\d{2}")
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_BE"}
LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


@functools.cache
def catalog(language: str) -> dict[str, str]:
    """msgid -> translation for a language, merged from every .po file of that language.

    Parsing the .po files with babel costs about 50 ms at every start; the merged result is kept in
    the user's cache folder, keyed by the files' names, sizes and times, and parsed again when any
    of them changes (or the cache cannot be read)."""
    folder = resources_dir() / "i18n" / language
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    key = [[po.name, st.st_size, st.st_mtime_ns] for po in files for st in (po.stat(),)]
    cached = _read_cache(language, key)
    if cached is not None:
        return cached
    messages = _parse(language, files)
    _write_cache(language, key, messages)
    return messages


def _parse(language: str, files: list) -> dict[str, str]:  # type: ignore[type-arg]
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for po in files:
        with open(po, "rb") as fh:
            for message in read_po(fh, locale=LOCALES.get(language)):
                if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
                    messages[message.id] = message.string  # type: ignore[assignment]
    return messages


def _cache_file(language: str):  # type: ignore[no-untyped-def]
    from ..paths import cache_dir

    return cache_dir() / f"catalog-{language}.json"


def _read_cache(language: str, key: list) -> dict[str, str] | None:  # type: ignore[type-arg]
    import json

    try:
        data = json.loads(_cache_file(language).read_text(encoding="utf-8"))
        return data["messages"] if data.get("key") == key and isinstance(data.get("messages"), dict) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(language: str, key: list, messages: dict[str, str]) -> None:  # type: ignore[type-arg]
    """Written whole then renamed, so a reader never sees half a file; a cache that cannot be written
    only costs the next start its 50 ms."""
    import json
    import os

    target = _cache_file(language)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"key": key, "messages": messages}, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


class Translate(Protocol):
    """A `_`: the message in one language, with `{name}` placeholders filled from keyword values."""

    def __call__(self, message: str, **values: object) -> str: ...


def gettext(language: str) -> Translate:
    """A `_` for one language; unknown messages fall back to the English source."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    messages = catalog(language)

    def _(message: str, **values: object) -> str:
        text = messages.get(message, message)
        if not values:
            return text
        # A file's trouble is said in our words (domain.os_errors), which are msgids themselves.
        values = {k: messages.get(v, v) if isinstance(v, str) and v in REASONS else v for k, v in values.items()}
        # The domain hands dates over as ISO text ("already reminded on 2026-12-02") and amounts as
        # "6330.72"; the user reads them in the format of every other date and amount on screen.
        return text.format(**{k: _local_money(k, _local_date(v), language, text) for k, v in values.items()})

    _.language = language  # type: ignore[attr-defined]  # for sentences made before a context exists
    return _


def _local_money(name: str, value: object, language: str, text: str) -> object:
    """An amount the domain wrote as '6330.72' under an amount's name, in the user's money format (unless
    the sentence writes the currency itself, 'EUR {amount}')."""
    field = "{" + name + "}"
    if any(mark in text for mark in (f"EUR {field}", f"€ {field}", f"{field} €", f"{field} EUR", f"{field}\u00a0€")):
        return value
    if isinstance(value, str) and name.rstrip("0123456789_") in MONEY_NAMES and AMOUNT.fullmatch(value):
        return format_money(int(Decimal(value) * 100), language)
    return value


def _local_date(value: object) -> object:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value), "")
        except ValueError:
            return value
    return value


def format_money(cents: int, language: str, *, currency: str = "EUR") -> str:
    """'€ 1.234,56' (nl), '1 234,56 €' (fr), '€1,234.56' (en) — Belgian locales."""
    from babel.numbers import format_currency

    return format_currency(Decimal(cents) / 100, currency, locale=LOCALES[language])


def format_amount(cents: int, language: str) -> str:
    """An amount without currency sign, two decimals: '1.234,56'."""
    from babel.numbers import format_decimal

    return format_decimal(Decimal(cents) / 100, format="#,##0.00", locale=LOCALES[language])


def format_decimal(value: Decimal, language: str) -> str:
    from babel.numbers import format_decimal as fmt

    return fmt(value, locale=LOCALES[language], decimal_quantization=False)


def format_date(value: date, language: str) -> str:
    """23/11/2026 in every language, the Belgian way."""
    return value.strftime("%d/%m/%Y")
