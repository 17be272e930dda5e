"""Units of measure: UN/ECE Recommendation 20 codes, their names in nl/fr/en, and the words people type.

A line stores its unit as the Rec. 20 code (`HUR`, `DAY`, `C62` ...); the PDF names it in the
document's language (singular or plural by the quantity) and the UBL file writes the code as
`unitCode`. Older lines hold a typed word ('uur', 'stuk'): a word we know is read as its code, any
other text is printed as it was typed and counts as pieces (C62) in the e-invoice.
"""

from __future__ import annotations

import re
from decimal import Decimal

# code -> language -> (singular, plural); the order is the order the editor offers them in.
UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "C62": {"nl": ("stuk", "stuks"), "fr": ("pièce", "pièces"), "en": ("piece", "pieces")},
    "HUR": {"nl": ("uur", "uren"), "fr": ("heure", "heures"), "en": ("hour", "hours")},
    "DAY": {"nl": ("dag", "dagen"), "fr": ("jour", "jours"), "en": ("day", "days")},
    "WEE": {"nl": ("week", "weken"), "fr": ("semaine", "semaines"), "en": ("week", "weeks")},
    "MON": {"nl": ("maand", "maanden"), "fr": ("mois", "mois"), "en": ("month", "months")},
    "ANN": {"nl": ("jaar", "jaar"), "fr": ("an", "ans"), "en": ("year", "years")},
    "MIN": {"nl": ("minuut", "minuten"), "fr": ("minute", "minutes"), "en": ("minute", "minutes")},
    "LS": {"nl": ("forfait", "forfaits"), "fr": ("forfait", "forfaits"), "en": ("lump sum", "lump sums")},
    "KMT": {"nl": ("km", "km"), "fr": ("km", "km"), "en": ("km", "km")},
    "MTR": {"nl": ("m", "m"), "fr": ("m", "m"), "en": ("m", "m")},
    "MTK": {"nl": ("m²", "m²"), "fr": ("m²", "m²"), "en": ("m²", "m²")},
    "MTQ": {"nl": ("m³", "m³"), "fr": ("m³", "m³"), "en": ("m³", "m³")},
    "KGM": {"nl": ("kg", "kg"), "fr": ("kg", "kg"), "en": ("kg", "kg")},
    "GRM": {"nl": ("g", "g"), "fr": ("g", "g"), "en": ("g", "g")},
    "LTR": {"nl": ("liter", "liter"), "fr": ("litre", "litres"), "en": ("litre", "litres")},
    "KWH": {"nl": ("kWh", "kWh"), "fr": ("kWh", "kWh"), "en": ("kWh", "kWh")},
    "SET": {"nl": ("set", "sets"), "fr": ("ensemble", "ensembles"), "en": ("set", "sets")},
    "PR": {"nl": ("paar", "paar"), "fr": ("paire", "paires"), "en": ("pair", "pairs")},
    "IE": {"nl": ("persoon", "personen"), "fr": ("personne", "personnes"), "en": ("person", "persons")},
}

# Words people type on an invoice line (and older books hold) -> Rec. 20 code.
_WORDS: dict[str, str] = {}
for _code, _words in {
    "C62": [
        "",
        "st",
        "stk",
        "stuk",
        "stuks",
        "pc",
        "pcs",
        "piece",
        "pieces",
        "pièce",
        "pièces",
        "unit",
        "units",
        "unité",
        "unités",
        "x",
        "eenheid",
        "eenheden",
        "ea",
        "each",
    ],
    "HUR": ["h", "hr", "hrs", "hour", "hours", "u", "uur", "uren", "heure", "heures"],
    "DAY": ["d", "day", "days", "dag", "dagen", "jour", "jours", "j"],
    "WEE": ["week", "weeks", "weken", "semaine", "semaines", "wk"],
    "MON": ["month", "months", "maand", "maanden", "mois", "mnd"],
    "ANN": ["year", "years", "jaar", "jaren", "an", "ans", "année", "années"],
    "MIN": ["min", "mins", "minute", "minutes", "minuut", "minuten"],
    "KMT": ["km", "kilometer", "kilometers", "kilomètre", "kilomètres"],
    "MTR": ["m", "meter", "meters", "mètre", "mètres", "lm"],
    "MTK": ["m2", "m²", "vierkante meter"],
    "MTQ": ["m3", "m³", "kubieke meter"],
    "KGM": ["kg", "kilo", "kilogram", "kilogramme"],
    "GRM": ["g", "gram", "gramme"],
    "LTR": ["l", "liter", "litre", "liters", "litres"],
    "LS": ["forfait", "forfaits", "lump sum", "fixed price", "pauschal"],
    "KWH": ["kwh"],
    "SET": ["set", "sets"],
    "PR": ["pair", "paar", "paire"],
    "IE": ["persoon", "personen", "person", "persons", "personne", "personnes", "pers"],
}.items():
    for _word in _words:
        _WORDS[_word] = _code

_REC20 = re.compile(r"^[A-Z0-9]{2,3}$")


def known_code(unit: str) -> str | None:
    """The Rec. 20 code a stored unit stands for (a code we list, or a word we know), else None."""
    text = unit.strip()
    if text in UNITS:
        return text
    return _WORDS.get(text.lower().rstrip("."))


def unit_code(unit: str) -> str:
    """'uur' -> 'HUR', 'days' -> 'DAY', '' -> 'C62'; text we do not know counts as pieces (C62)."""
    return known_code(unit) or "C62"


def unit_name(unit: str, language: str, quantity: Decimal = Decimal(1)) -> str:
    """A line's unit as the document's language writes it; text we do not know, as it was typed."""
    code = known_code(unit)
    if code is None or not unit.strip():
        return unit.strip()
    singular, plural = UNITS[code][language if language in ("nl", "fr", "en") else "en"]
    return singular if abs(quantity) <= 1 else plural


def is_code(unit: str) -> bool:
    """Whether a text has the shape of a Rec. 20 code (two or three capitals or digits)."""
    return bool(_REC20.match(unit))
