"""camt.053 XML helpers: element paths, namespace-aware finds, an entry's leaves, amounts and Brussels days.

Every helper raises `ElementError` at an element or an XML path; the reader turns it
into a Problem ('/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt: …').
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO
from zoneinfo import ZoneInfo

from lxml import etree

from .model import FIELD_CUT, Note, Problem, cut_note

BRUSSELS = ZoneInfo("Europe/Brussels")  # the bank's day is the Belgian day (tzdata on Windows)
# Subtrees no line needs (addresses, charges, tax, card and securities details): not walked.
UNUSED = frozenset(
    {
        "PstlAdr",
        "Chrgs",
        "Tax",
        "RltdDts",
        "RltdPric",
        "RltdQties",
        "FinInstrmId",
        "CorpActn",
        "SfkpgAcct",
        "CshDpst",
        "CardTx",
        "Intrst",
        "Btch",
    }
)


class ElementError(Exception):
    """A problem at an element, or at a path already spelled out (`where`)."""

    def __init__(self, element, message: str, where: str | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(message)
        self.element = element
        self.where = where

    def path(self, top=None, top_path: str = "") -> str:  # type: ignore[no-untyped-def]
        """The XML path; below `top` (whose earlier siblings may be gone when streaming) it is `top_path` + the rest."""
        if self.where:
            return self.where
        if top is not None and top_path:
            return top_path + path_of(self.element, stop=top)
        return path_of(self.element)


def path_of(element, stop=None) -> str:  # type: ignore[no-untyped-def]
    """'/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt': local names, index when a name repeats (below `stop`)."""
    parts = []
    while element is not None and isinstance(element.tag, str) and element is not stop:
        name = etree.QName(element).localname
        parent = element.getparent()
        if parent is not None:
            same = [e for e in parent if isinstance(e.tag, str) and etree.QName(e).localname == name]
            if len(same) > 1:
                name += f"[{same.index(element) + 1}]"
        parts.append(name)
        element = parent
    return "/" + "/".join(reversed(parts))


class Finder:
    """Namespace-aware finds relative to an element: x.text(el, 'Acct/Id/IBAN').

    Qualified paths are built once per relative path (a 10,000-entry statement asks
    the same dozen paths 100,000 times).
    """

    def __init__(self, ns: str) -> None:
        self.ns = ns
        self._paths: dict[str, str] = {}
        self._text: dict[str, etree.XPath] = {}

    def _q(self, path: str) -> str:
        q = self._paths.get(path)
        if q is None:
            q = self._paths[path] = "/".join(f"{{{self.ns}}}{p}" for p in path.split("/"))
        return q

    def find(self, el, path: str):  # type: ignore[no-untyped-def]
        return el.find(self._q(path))

    def all(self, el, path: str) -> list:  # type: ignore[no-untyped-def]
        return el.findall(self._q(path))

    def text(self, el, *paths: str) -> str:  # type: ignore[no-untyped-def]
        for path in paths:
            xpath = self._text.get(path)
            if xpath is None:
                # compiled once: libxml2 evaluates it in C, several times faster than ElementPath's findtext
                xpath = self._text[path] = etree.XPath(
                    "string(" + "/".join(f"c:{p}" for p in path.split("/")) + ")", namespaces={"c": self.ns}
                )
            found = xpath(el).strip()
            if found:
                return found
        return ""


# What the standard lets a bank send in each text element (Max35Text, Max140Text...): longer text is cut
# there, and the cut is noted on the line. Anything else is at most Max500Text.
TEXT_LIMITS = {
    "Ustrd": 140,
    "AddtlRmtInf": 140,
    "Ref": 35,
    "AcctSvcrRef": 35,
    "NtryRef": 35,
    "EndToEndId": 35,
    "Nm": 140,
    "IBAN": 34,
    "BIC": 11,
    "BICFI": 11,
    "Id": 35,
}
TEXT_LIMIT = 500
COMMUNICATION_LIMIT = 2000  # all of a line's texts together (a bank may repeat Ustrd)


class Leaves:
    """The leaves under one element by relative local path ('RltdPties/Dbtr/Nm' -> [elements]).

    One walk per entry and per transaction instead of a dozen path searches each:
    a 10,000-entry statement reads in a fraction of the time. Texts longer than the
    standard allows are cut to it, each cut noted in `notes`.
    """

    def __init__(self, element, skip: str = "") -> None:  # type: ignore[no-untyped-def]
        self.leaves: dict[str, list] = {}  # type: ignore[type-arg]
        self.notes: list[Note] = []
        self._walk(element, "", skip)

    def _value(self, path: str, el) -> str:  # type: ignore[no-untyped-def]
        value = el.text.strip() if el.text else ""
        limit = TEXT_LIMITS.get(path.rpartition("/")[2], TEXT_LIMIT)
        if len(value) > limit:
            self.notes.append(cut_note(FIELD_CUT, limit, len(value), path))
            value = value[:limit]
        return value

    def _walk(self, node, prefix: str, skip: str) -> None:  # type: ignore[no-untyped-def]
        for child in node:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # comments, processing instructions
            local = tag.rpartition("}")[2]
            name = prefix + local
            if name == skip or local in UNUSED:
                continue
            if len(child):
                self._walk(child, name + "/", skip)
            else:
                self.leaves.setdefault(name, []).append(child)

    def el(self, path: str):  # type: ignore[no-untyped-def]
        found = self.leaves.get(path)
        return found[0] if found else None

    def text(self, *paths: str) -> str:
        for path in paths:
            for el in self.leaves.get(path, ()):
                if el.text and (value := self._value(path, el)):
                    return value
        return ""

    def texts(self, path: str) -> list[str]:
        return [value for el in self.leaves.get(path, ()) if el.text and (value := self._value(path, el))]


def drop(el) -> None:  # type: ignore[no-untyped-def]
    """Free a read element and the read ones of its kind before it (iterparse's idiom for bounded memory)."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is None:
        return
    previous = el.getprevious()
    while previous is not None and previous.tag == el.tag:  # earlier entries; the statement's header stays
        parent.remove(previous)
        previous = el.getprevious()


def syntax_problem(exc: etree.XMLSyntaxError, name: str, source: BinaryIO) -> Problem:
    line = exc.position[0] if exc.position else "?"
    message = exc.msg or str(exc)
    if "encoding" in message.lower():
        try:
            source.seek(0)
            head = source.read(200)
        except (OSError, ValueError):
            head = b""
        declared = re.match(rb"""\s*<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)""", head)
        encoding = declared.group(1).decode("ascii").upper() if declared else "UTF-8"
        return Problem(
            name, f"line {line}", f"not well-formed XML: the file is not {encoding} text as it declares ({message})"
        )
    if "huge" in message.lower() or "depth" in message.lower():
        return Problem(name, f"line {line}", f"a text or a nesting is larger than any bank statement's ({message})")
    return Problem(name, f"line {line}", f"not well-formed XML ({message})")


_AMOUNT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
AMOUNT_DIGITS = 13  # before the decimal point: ten thousand billion euros, far above any statement


def amount_cents(el, where: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Cents of a camt amount ('121.50'). Checked as text before Decimal sees it: Decimal would also take
    '1_0.00', 'NaN' and '1e30' (whose quantize then raises)."""
    text = (el.text or "").strip()
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not _AMOUNT.fullmatch(text):
        raise ElementError(el, f"'{shown}' is not an amount", where)
    whole, _, fraction = text.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > AMOUNT_DIGITS:
        raise ElementError(el, f"'{shown}' is larger than any amount a statement holds", where)
    if text.startswith("-") or fraction.rstrip("0")[2:]:
        raise ElementError(el, f"'{shown}' is not a positive amount in cents", where)
    return int(Decimal(text.lstrip("+")).quantize(Decimal("0.01")) * 100)


def brussels_day(text: str) -> date:
    """The Belgian calendar day of an ISO date or date-time ('2014-01-04T23:00:00.000Z' is 5 January).

    A time with an offset (or 'Z') is converted to Europe/Brussels; a local time without
    one is taken as the bank's own, Belgian, time. Raises ValueError.
    """
    if len(text) <= 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(BRUSSELS)
    return moment.date()


_DAYS: dict[str, date] = {}  # one date object per day written in a file, not one per line


def leaf_date(f: Leaves, base: str, what: str, where: str) -> date | None:
    """The date of '<base>/Dt' or '<base>/DtTm'; None when the element is absent."""
    text = f.text(f"{base}/Dt")
    leaf = "Dt"
    if not text:
        text, leaf = f.text(f"{base}/DtTm"), "DtTm"
    if not text and f.el(f"{base}/Dt") is None and f.el(f"{base}/DtTm") is None:
        return None
    if len(_DAYS) > 4096:  # date-times all differ: keep the cache small
        _DAYS.clear()
    try:
        return (
            _DAYS[text]
            if text in _DAYS
            else _DAYS.setdefault(text, brussels_day(text) if leaf == "DtTm" else date.fromisoformat(text[:10]))
        )  # xs:date may carry a zone
    except ValueError:
        shape = "YYYY-MM-DDThh:mm:ss" if leaf == "DtTm" else "YYYY-MM-DD"
        raise ElementError(None, f"{what} '{text[:40]}' is not a date ({shape})", f"{where}/{base}/{leaf}") from None


def element_date(x: Finder, el, what: str) -> date:  # type: ignore[no-untyped-def]
    node = x.find(el, "Dt") if el is not None else None
    text = node.text.strip() if node is not None and node.text else ""
    timed = False
    if not text and el is not None:
        node = x.find(el, "DtTm")
        text, timed = (node.text.strip() if node is not None and node.text else ""), True
    try:
        return brussels_day(text) if timed else date.fromisoformat(text[:10])
    except ValueError:
        raise ElementError(
            node if node is not None else el, f"{what} '{text[:40]}' is not a date (YYYY-MM-DD)"
        ) from None
