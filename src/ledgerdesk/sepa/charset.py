"""The SEPA banking character set (EPC Latin subset): text transliterated into it, or refused with its field named.

EPC's Implementation Guidelines allow only a-z A-Z 0-9 / - ? : ( ) . , ' + and space in every
SEPA file; Belgian banks (Febelfin guidelines) check the same set. Accented letters are written
without their accent (é -> e), a few common signs have a fixed replacement (& -> +, typographic
quotes and dashes -> their plain form); anything else (a Greek or Chinese name, an emoji) is refused
with the field it stands in, never dropped silently: a debtor must recognise their own name.
"""

from __future__ import annotations

import re
import string
import unicodedata

from ..domain.errors import ValidationError

ALLOWED = frozenset(string.ascii_letters + string.digits + "/-?:().,'+ ")

# Replacements that keep the meaning: EPC217-08's conversions for the common signs, and letters that
# Unicode does not decompose into a base letter and an accent.
_REPLACE = {
    "&": "+",
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
    "‘": "'",
    "’": "'",
    "‚": "'",
    "`": "'",
    "´": "'",
    '"': "'",
    "“": "'",
    "”": "'",
    "„": "'",
    "«": "'",
    "»": "'",
    "–": "-",
    "—": "-",
    "‐": "-",
    "_": "-",
    ";": ",",
    "!": ".",
    "*": ".",
    "#": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\u00a0": " ",
}

_SPACES = re.compile(r" {2,}")


class CharsetError(ValidationError):
    """A text holds a character that cannot be written in a SEPA file."""


def is_sepa_text(text: str) -> bool:
    """True if every character is in the SEPA set already."""
    return all(ch in ALLOWED for ch in text)


def _one(ch: str) -> str | None:
    if ch in ALLOWED:
        return ch
    if ch in _REPLACE:
        return _REPLACE[ch]
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and all(c in ALLOWED for c in base):
        return base
    return None


def transliterate(text: str, field: str) -> str:
    """The text in the SEPA set (accents dropped, known signs replaced, spaces collapsed), or CharsetError
    naming the field and the first character that has no SEPA form."""
    out = []
    for ch in text:
        got = _one(ch)
        if got is None:
            raise CharsetError(f"{field}: the character '{ch}' cannot be written in a SEPA file")
        out.append(got)
    return _SPACES.sub(" ", "".join(out)).strip()


def fit(text: str, field: str, max_length: int) -> str:
    """Free text (a name, a remittance line) transliterated and cut to the length the field allows.

    Cutting is the EPC's own advice for names and remittance text; identifiers are never cut
    (`check_identifier` refuses them instead)."""
    return transliterate(text, field)[:max_length].rstrip()


def check_identifier(value: str, field: str, max_length: int = 35) -> str:
    """An identifier (message, end-to-end, mandate reference) as it must appear: 1 to max_length characters of
    the SEPA set, no space at either end, not starting or ending with '/' and without '//' (EPC rule)."""
    if not value or not value.strip():
        raise CharsetError(f"{field} is empty")
    if value != value.strip():
        raise CharsetError(f"{field} '{value}' starts or ends with a space")
    bad = next((ch for ch in value if ch not in ALLOWED), None)
    if bad is not None:
        raise CharsetError(f"{field}: the character '{bad}' cannot be written in a SEPA file")
    if len(value) > max_length:
        raise CharsetError(f"{field} '{value}' is longer than {max_length} characters")
    if value.startswith("/") or value.endswith("/") or "//" in value:
        raise CharsetError(f"{field} '{value}' may not start or end with '/' nor contain '//'")
    return value
