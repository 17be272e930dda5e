"""What the command line prints for a person: its sentences, amounts and dates in the user's language.

English output stays as scripts have always read it (ISO dates, amounts as '1234.56'); Dutch and
French read amounts and dates the Belgian way (babel), as the app shows them. `--json` output never
goes through here: its keys and values stay English and ISO.
"""

from __future__ import annotations

from datetime import date


def language() -> str:
    from ..i18n.user import cli_language

    return cli_language()


def say(message: str, **values: object) -> str:
    """The message in the user's language with its values filled in as they are given (formatted by
    `money` and `day` first), so that English stays word for word what it was."""
    lang = language()
    if lang == "en":
        return message.format(**values) if values else message
    from ..i18n import catalog

    text = catalog(lang).get(message, message)
    return text.format(**values) if values else text


def money(cents: int) -> str:
    """'1234.56' in English, '€ 1.234,56' in Dutch, '1 234,56 €' in French."""
    from ..domain.money import fmt_cents

    lang = language()
    if lang == "en":
        return fmt_cents(cents)
    from ..i18n import format_money

    return format_money(cents, lang)


def amount(text: str) -> str:
    """An amount already written as '1234.56' (JSON-shaped data), shown as `money` shows cents."""
    from decimal import Decimal, InvalidOperation

    try:
        return money(int(Decimal(text) * 100))
    except (InvalidOperation, ValueError, TypeError):
        return text


def day(value: date | str | None, empty: str = "") -> str:
    """A date (or its ISO text) as the user writes it: 2026-12-02 in English, 02/12/2026 otherwise."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return str(value)
    if language() == "en":
        return value.isoformat()
    from ..i18n import format_date

    return format_date(value, language())


def number(value: object) -> str:
    """A decimal number (a rate, days) with the decimal sign of the user's language: 10.5 or 10,5."""
    lang = language()
    if lang == "en":
        return str(value)
    from decimal import Decimal

    from ..i18n import format_decimal

    return format_decimal(Decimal(str(value)), lang)


def labelled(label: str, text: str) -> str:
    """'label: text', with the space French puts before a colon."""
    return f"{label} : {text}" if language() == "fr" else f"{label}: {text}"


def word(text: str) -> str:
    """A status or a label, one word or a few, in the user's language."""
    return say(text)


def sentence(text: object) -> str:
    """A sentence made elsewhere in English (a rule's finding, a domain message) in the user's language."""
    lang = language()
    if lang == "en":
        return str(text)
    from ..i18n.sentences import sentence as translated

    return translated(text, lang, alone=False)
