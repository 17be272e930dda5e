"""Sentences that arrive already formatted (domain errors, file problems) put into the user's language.

The domain and the services speak English with the values filled in ("'abc' is not a number"),
which is what the command line's scripts and the JSON show. At the edge, `sentence()` finds the
msgid the text was made from — by exact match, or by matching the literal parts of every msgid
with {placeholders} — and formats that msgid's translation with the same values. Values shaped
like an ISO date or a decimal amount are shown in the user's format; values that are themselves
sentences ("Line 1: {problem}") are translated too. A text no msgid matches stays as it is.
"""

from __future__ import annotations

import functools
import re
import string

from . import AMOUNT, LOCALES, MONEY_NAMES, catalog

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@functools.cache
def _patterns(language: str) -> list[tuple[re.Pattern[str], str, tuple[str, ...]]]:
    """(regex over the English text, translation, placeholder names) for every msgid with placeholders,
    the longest literal text first so that the most specific template wins."""
    found = []
    for msgid, translation in catalog(language).items():
        if "{" not in msgid:
            continue
        try:
            parts = list(string.Formatter().parse(msgid))
        except ValueError:
            continue
        regex, names, literal = "", [], 0
        for text, name, _spec, _conv in parts:
            regex += re.escape(text)
            literal += len(text)
            if name is None:
                continue
            if not name.isidentifier() or name in names:
                break
            names.append(name)
            regex += f"(?P<{name}>.+?)"
        else:
            if literal >= 4:
                found.append((literal, re.compile(regex, re.DOTALL), translation, tuple(names)))
    found.sort(key=lambda item: -item[0])
    return [(pattern, translation, names) for _, pattern, translation, names in found]


def localise_value(name: str, value: str, language: str, depth: int = 0) -> str:
    """A value as the user reads it: dates dd/mm/yyyy, amounts in EUR with the sign, sentences translated."""
    from . import format_date, format_money

    if ISO_DATE.fullmatch(value):
        from datetime import date

        try:
            return format_date(date.fromisoformat(value), language)
        except ValueError:
            return value
    if AMOUNT.fullmatch(value) and name.rstrip("0123456789_") in MONEY_NAMES:
        from decimal import Decimal

        return format_money(int(Decimal(value) * 100), language)
    if depth < 2 and " " in value:
        return translate(value, language, depth + 1, capital=False)
    return value


def _currency_written(text: str, name: str) -> bool:
    """Whether the sentence writes the currency beside the value itself ('EUR {amount}')."""
    field = "{" + name + "}"
    return any(mark in text for mark in (f"EUR {field}", f"€ {field}", f"{field} €", f"{field} EUR", f"{field}\u00a0€"))


def _number(value: str, language: str) -> str:
    """An amount as the user writes it, without the currency the sentence already names: '3 000,00'."""
    from . import format_money

    if not AMOUNT.fullmatch(value):
        return value
    from decimal import Decimal

    return format_money(int(Decimal(value) * 100), language).replace("€", "").strip()


MATCH_LIMIT = 600  # longer texts are not matched back: the patterns' lazy groups would backtrack for long


def translate(text: str, language: str, depth: int = 0, *, capital: bool = True) -> str:
    messages = catalog(language)
    if len(text) > MATCH_LIMIT:
        return _capital(text) if capital else text
    for candidate in (text, _capital(text)):
        if candidate in messages:
            return _capital(messages[candidate]) if capital else messages[candidate]
    for candidate in dict.fromkeys((text, _capital(text), text[:1].lower() + text[1:])):
        for pattern, translation, names in _patterns(language):
            match = pattern.fullmatch(candidate)
            if match is None:
                continue
            values = {
                name: _number(match.group(name), language)
                if _currency_written(translation, name)
                else localise_value(name, match.group(name), language, depth)
                for name in names
            }
            try:
                result = translation.format(**values)
            except (KeyError, IndexError, ValueError):
                continue
            return _capital(result) if capital else result
    return _capital(text) if capital else text


def sentence(text: object, language: str, *, alone: bool = True) -> str:
    """A message (an exception, or a text) in the user's language: a sentence of its own (capitalised),
    or with `alone=False` a part to put inside another sentence."""
    if language not in LOCALES:
        raise ValueError(f"unsupported language {language!r}")
    message = str(text).strip()
    return translate(message, language, capital=alone) if message else message
