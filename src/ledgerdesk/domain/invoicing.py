"""Invoice arithmetic and rules: line nets, VAT per rate, totals, due dates, numbers, status.

Rounding: each line's net is rounded half up to the cent; the VAT of each rate is
computed on the sum of that rate's line nets and rounded once (per rate, not per
line), which is what the VAT summary on the invoice shows and what sums without drift.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .errors import DomainError, ValidationError
from .money import D, round_cents, to_cents
from .supply import ServicePeriod
from .vat import Exemption, VatTreatment

HUNDRED = Decimal(100)
LANGUAGES = ("nl", "fr", "en")


@dataclass(frozen=True)
class LineInput:
    """What the user typed for one line, as exact values."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    vat: VatTreatment
    discount_pct: Decimal = Decimal(0)
    unit: str = ""
    period: ServicePeriod | None = None  # the line's own service period (BG-26), when it differs

    @classmethod
    def of(
        cls,
        description: str,
        quantity: str | int | Decimal,
        unit_price: str | int | Decimal,
        vat_rate: str | int | Decimal | None = "21",
        *,
        discount_pct: str | int | Decimal = 0,
        exemption: str | None = None,
        unit: str = "",
        period: ServicePeriod | None = None,
    ) -> LineInput:
        line = cls(
            description=description.strip(),
            quantity=D(quantity),
            unit_price=D(unit_price),
            vat=VatTreatment.parse(vat_rate, exemption),
            discount_pct=D(discount_pct),
            unit=unit.strip(),
            period=period,
        )
        line.check()
        return line

    def check(self) -> None:
        if not self.description:
            raise ValidationError("a line needs a description")
        if self.quantity == 0:
            raise ValidationError(f"line '{self.description}': the quantity cannot be 0")
        if not Decimal(0) <= self.discount_pct <= HUNDRED:
            raise ValidationError(f"line '{self.description}': a discount is between 0 and 100 %")
        if abs(self.unit_price) > Decimal("99999999"):
            raise ValidationError(f"line '{self.description}': the unit price is too large")

    @property
    def net_cents(self) -> int:
        gross = self.quantity * self.unit_price
        return to_cents(round_cents(gross * (HUNDRED - self.discount_pct) / HUNDRED))


@dataclass(frozen=True)
class VatLine:
    """One row of the VAT summary: the taxable base and VAT of one rate or exemption."""

    rate: Decimal
    exemption: Exemption | None
    base_cents: int
    vat_cents: int

    @property
    def key(self) -> str:
        return VatTreatment(self.rate, self.exemption).key

    @property
    def category(self) -> str:
        return VatTreatment(self.rate, self.exemption).ubl_category


@dataclass(frozen=True)
class Totals:
    net_cents: int
    vat_cents: int
    total_cents: int
    breakdown: tuple[VatLine, ...]


def vat_on(base_cents: int, rate: Decimal) -> int:
    """VAT on a base, rounded half up to the cent."""
    return to_cents(Decimal(base_cents) * rate / HUNDRED / HUNDRED)


def compute_totals(lines: Iterable[tuple[int, VatTreatment]]) -> Totals:
    """Totals from (line net cents, VAT treatment) pairs; VAT rounded once per rate."""
    bases: dict[VatTreatment, int] = {}
    for net, treatment in lines:
        bases[treatment] = bases.get(treatment, 0) + net
    breakdown = tuple(
        VatLine(t.rate, t.exemption, base, vat_on(base, t.rate))
        for t, base in sorted(bases.items(), key=lambda kv: (-kv[0].rate, kv[0].key))
    )
    net = sum(v.base_cents for v in breakdown)
    vat = sum(v.vat_cents for v in breakdown)
    return Totals(net, vat, net + vat, breakdown)


def totals_of(lines: Sequence[LineInput]) -> Totals:
    return compute_totals((line.net_cents, line.vat) for line in lines)


def due_date(issue_date: date, terms_days: int) -> date:
    if terms_days < 0:
        raise ValidationError("payment terms cannot be negative")
    return issue_date + timedelta(days=terms_days)


# A numbering format is literal text with {seq} once and {year} at most once, each optionally written
# {seq:04d} (zero-padded to at most 9 digits). Python's full format mini-language is not allowed: a
# width such as {seq:999999999} would build a gigabyte string, and fields could reach attributes.
NUMBER_FORMAT_LIMIT = 60  # the column's size
NUMBER_FORMAT_RULE = (
    "numbering format '{format}' is not valid: it must use {{seq}} once and may use {{year}}, each "
    "optionally zero-padded to at most 9 digits (e.g. {{year}}-{{seq:04d}}), with at most {limit} "
    "characters, no other braces and no '..'"
)
_FIELD = re.compile(r"\{(year|seq)(?::(?:0([1-9]))?d?)?\}")  # a width is zero-padded: no spaces in numbers
_LITERAL = re.compile(r"[^{}\\\x00-\x1f\x7f-\x9f]*")


def _number_tokens(fmt: str) -> list[tuple[str, str, int, bool]] | None:
    """(kind, text, width, zero-padded) per piece, kind 'text', 'year' or 'seq'; None when not valid."""
    tokens, pos = [], 0
    while pos < len(fmt):
        literal = _LITERAL.match(fmt, pos)
        if literal and literal.end() > pos:
            tokens.append(("text", literal.group(), 0, False))
            pos = literal.end()
            continue
        field = _FIELD.match(fmt, pos)
        if not field:
            return None
        tokens.append((field.group(1), "", int(field.group(2) or 0), field.group(2) is not None))
        pos = field.end()
    return tokens


def check_number_format(fmt: str) -> str:
    """A numbering format uses {seq} once and may use {year}, e.g. '{year}-{seq:04d}' or 'F{year}/{seq:05d}'."""
    tokens = _number_tokens(fmt) if len(fmt) <= NUMBER_FORMAT_LIMIT else None
    kinds = [kind for kind, *_ in tokens or [] if kind != "text"]
    path_like = ".." in fmt or fmt.startswith(("/", "."))  # numbers name files: never '../x' or '/x'
    if tokens is None or kinds.count("seq") != 1 or kinds.count("year") > 1 or path_like:
        shown = fmt if len(fmt) <= NUMBER_FORMAT_LIMIT else fmt[:NUMBER_FORMAT_LIMIT] + "…"
        raise ValidationError(NUMBER_FORMAT_RULE.format(format=shown, limit=NUMBER_FORMAT_LIMIT))
    return fmt


def format_number(fmt: str, year: int, seq: int) -> str:
    return check_number_format(fmt).format(year=year, seq=seq)


def parse_number(fmt: str, number: str) -> tuple[int | None, int] | None:
    """(year, seq) of a document number written in a numbering format, or None when it does not follow it.

    Only ASCII digits count, a zero-padded field has at least its width, and a sequence has at most
    9 digits: '12,50' is not a number of '{year}-{seq:04d}', nor is '2026-²'."""
    pattern = ""
    for kind, text, width, padded in _number_tokens(check_number_format(fmt)) or []:
        if kind == "text":
            pattern += re.escape(text)
        elif kind == "year":
            pattern += "(?P<year>[0-9]{4})"
        else:
            pattern += f"(?P<seq>[0-9]{{{max(width, 1) if padded else 1},9}})"
    found = re.fullmatch(pattern, number)
    if not found or int(found.group("seq")) == 0:
        return None
    year = found.groupdict().get("year")
    return (int(year) if year else None), int(found.group("seq"))


def open_amount(*, kind: str, issued: bool, total_cents: int, settled_cents: int, credited_cents: int) -> int:
    """What is left to pay on a document: the total less allocated payments and issued credit notes
    (both as of the date asked for), never below 0. Nobody owes a credit note; a draft (previewed)
    is owed in full. SQL keeps copies of this for speed (persistence.queries, services.documents);
    tests/services/test_open_amount.py checks they agree."""
    if kind == "credit_note":
        return 0
    if not issued:
        return total_cents
    return max(total_cents - settled_cents - credited_cents, 0)


# The status words a user reads (msgids: the list, the invoice window and the command line translate them).
STATUS_WORDS = {
    "draft": "Draft",
    "open": "Awaiting payment",
    "overdue": "Past due",
    "paid": "Paid",
    "credited": "Credited",
    "credit_note": "Credit note",
}


def invoice_status(
    *, issued: bool, total_cents: int, settled_cents: int, credited_cents: int, due: date | None, as_of: date
) -> str:
    """draft, open, overdue, paid or credited, as of a date."""
    if not issued:
        return "draft"
    if credited_cents >= total_cents and total_cents > 0:
        return "credited"
    if total_cents - settled_cents - credited_cents <= 0:
        return "paid"
    if due is not None and due < as_of:
        return "overdue"
    return "open"


def check_credit(invoice_total_cents: int, already_credited_cents: int, credit_total_cents: int) -> None:
    """A credit note cannot credit more than what is left of the invoice."""
    if credit_total_cents <= 0:
        raise DomainError("a credit note must credit a positive amount")
    remaining = invoice_total_cents - already_credited_cents
    if credit_total_cents > remaining:
        from .money import fmt_cents

        raise DomainError(
            f"the credit note ({fmt_cents(credit_total_cents)}) exceeds what is left to credit on the "
            f"invoice ({fmt_cents(remaining)})"
        )
