"""Articles: the catalogue's templates for a line (code, a name per language, unit, price, VAT case).

An article is a template, never a link: choosing one copies its name in the document's language,
its unit, price and VAT case into the line, so changing or archiving an article never changes a
document. `ArticleIndex` finds articles by code or by any word of a name in any language (prefix
match, accents and case ignored) through a sorted word list, so a keystroke stays fast on
thousands of articles.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import ValidationError
from .invoicing import LineInput
from .units import UNITS, known_code
from .vat import Exemption, VatTreatment

LANGUAGES = ("nl", "fr", "en")
FALLBACK = {"nl": ("nl", "fr", "en"), "fr": ("fr", "nl", "en"), "en": ("en", "nl", "fr")}
CODE_SHAPE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,29}$")
NAME_LIMIT = 200
CATEGORY_LIMIT = 40
PRICE_LIMIT = Decimal("1000000000")


@dataclass(frozen=True)
class ArticleInput:
    """An article as typed (in a dialog, on the command line or in a book file)."""

    code: str
    name_nl: str = ""
    name_fr: str = ""
    name_en: str = ""
    unit: str = "C62"
    unit_price: str | Decimal = "0"
    vat: str = "21"
    category: str = ""
    active: bool = True


@dataclass(frozen=True)
class Article:
    """A checked catalogue article; `vat` is a line's VAT key ('21', '6/renovation', '0/eu_services' ...)."""

    code: str
    name_nl: str
    name_fr: str
    name_en: str
    unit: str
    unit_price: Decimal
    vat: str
    category: str | None = None
    active: bool = True
    id: int | None = None

    def name(self, language: str) -> str:
        """The name in a language, else in the next one that has it (nl, fr, en)."""
        names = {"nl": self.name_nl, "fr": self.name_fr, "en": self.name_en}
        for candidate in FALLBACK.get(language, LANGUAGES):
            if names[candidate]:
                return names[candidate]
        return self.code

    @property
    def treatment(self) -> VatTreatment:
        rate, _, case = self.vat.partition("/")
        return VatTreatment.parse(rate, case or None)

    def as_line(self, language: str, quantity: Decimal | str | int = 1) -> LineInput:
        """A line copied from the article in a document's language: the line keeps no tie to it."""
        return LineInput(self.name(language), Decimal(quantity), self.unit_price, self.treatment, unit=self.unit)


def vat_key(text: str) -> str:
    """What a user may type for the VAT case -> a line's VAT key: '21', '6', '0', a case code
    ('renovation', 'eu_services') or both ('0/art44'); anything else is refused."""
    raw = text.strip().lower().replace(" ", "").rstrip("%")
    rate, _, case = raw.partition("/")
    if not case and rate in {e.value for e in Exemption}:
        rate, case = format(Exemption(rate).required_rate, "f"), rate
    try:
        return VatTreatment.parse(rate, case or None).key
    except (ValueError, ArithmeticError):
        raise ValidationError(f"'{text}' is not a VAT rate or VAT case code") from None


def check_code(text: str) -> str:
    code = text.strip().upper()
    if not code:
        raise ValidationError("the article's code is missing")
    if not CODE_SHAPE.match(code):
        raise ValidationError(f"'{text}' is not an article code (letters, digits, '.', '-', '_' or '/', at most 30)")
    return code


def check_name(text: str) -> str:
    name = " ".join(text.split())
    if len(name) > NAME_LIMIT:
        raise ValidationError("an article's name is longer than 200 characters")
    return name


def check_unit(text: str) -> str:
    unit = known_code(text)
    if unit is None or not text.strip():
        raise ValidationError(f"'{text}' is not a unit (a UN/ECE Recommendation 20 code such as HUR or C62)")
    return unit


def check_category(text: str) -> str | None:
    category = " ".join(text.split())
    if len(category) > CATEGORY_LIMIT:
        raise ValidationError("an article's category is longer than 40 characters")
    return category or None


def check_article(data: ArticleInput) -> Article:
    """The article in normal form, or a ValidationError naming the field that is wrong."""
    code = check_code(data.code)
    names = {lang: check_name(getattr(data, f"name_{lang}")) for lang in LANGUAGES}
    if not any(names.values()):
        raise ValidationError("the article needs a name in at least one language")
    return Article(
        code=code,
        name_nl=names["nl"],
        name_fr=names["fr"],
        name_en=names["en"],
        unit=check_unit(data.unit),
        unit_price=check_price(data.unit_price),
        vat=vat_key(data.vat),
        category=check_category(data.category),
        active=data.active,
    )


def price_text(price: Decimal) -> str:
    """A price as it is shown and written: at least its cents ('65.00', '0.42', '0.125')."""
    exponent = price.as_tuple().exponent
    shown = price if isinstance(exponent, int) and exponent <= -2 else price.quantize(Decimal("0.01"))
    return format(shown, "f")


def check_price(value: str | Decimal) -> Decimal:
    text = str(value).strip().replace("€", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        price = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"'{value}' is not a unit price (e.g. 65.00)") from None
    if not price.is_finite() or price < 0 or price >= PRICE_LIMIT:
        raise ValidationError(f"'{value}' is not a unit price (e.g. 65.00)")
    exponent = price.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        raise ValidationError("a unit price has at most 6 decimals")
    return price


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Rénovation' and 'renovation' are the same word to a search."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


_WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    """The words of a text, folded ('m²' is 'm2', as NFKD writes it)."""
    return _WORD.findall(fold(text))


class ArticleIndex:
    """The articles searchable by code and by the words of their names, in every language.

    A query matches an article when each of its words starts a word of the article (its code
    counts as a word, and so does each whole name); the code's own matches come first, then
    names that start with the query, then the others, each in code order."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles = sorted(articles, key=lambda a: a.code)
        entries: set[tuple[str, int]] = set()
        self._starts: list[tuple[str, ...]] = []
        for position, article in enumerate(self.articles):
            code = article.code.lower()  # a code is ASCII by its shape
            names = [fold(n) for n in dict.fromkeys((article.name_nl, article.name_fr, article.name_en)) if n]
            entries.add((code, position))
            for name in names:
                entries.update((word, position) for word in _WORD.findall(name))
            self._starts.append((code, *names))
        ordered = sorted(entries)
        self._words = [word for word, _ in ordered]
        self._positions = [position for _, position in ordered]

    def __len__(self) -> int:
        return len(self.articles)

    def _with_prefix(self, prefix: str) -> set[int]:
        """The positions of the articles with a word that starts with the prefix (two bisections)."""
        start = bisect_left(self._words, prefix)
        end = bisect_left(self._words, prefix + "\U0010ffff", start)
        return set(self._positions[start:end])

    def search(self, text: str, limit: int = 20) -> list[Article]:
        """The articles the text names, best first, at most `limit`; all of them (to the limit) for ''."""
        query = fold(" ".join(text.split()))
        if not query:
            return self.articles[:limit]
        positions: set[int] | None = None
        for word in words_of(query) or [query]:
            matches = self._with_prefix(word)
            positions = matches if positions is None else positions & matches
            if not positions:
                break
        whole = query.replace(" ", "")
        code_hits = {p for p in self._with_prefix(whole) if self._starts[p][0].startswith(whole)}
        candidates = (positions or set()) | code_hits

        def rank(position: int) -> tuple[int, int]:
            starts = self._starts[position]
            if starts[0].startswith(whole):
                return (0, position)
            if any(name.startswith(query) for name in starts[1:]):
                return (1, position)
            return (2, position)

        return [self.articles[p] for p in heapq.nsmallest(limit, candidates, key=rank)]


def unit_codes() -> tuple[str, ...]:
    """The Rec. 20 codes an article may carry, in the order the editor offers them."""
    return tuple(UNITS)
