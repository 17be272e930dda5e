"""camt.053 reader (ISO 20022 BankToCustomerStatement, versions 001.02 and later) with lxml.

Elements are found by local name inside the document's own namespace, so every
version Belgian banks send (001.02 … 001.13) reads the same way; where later
versions moved a field (`Dbtr/Pty/Nm`, `BICFI`, `Sts/Cd`) both places are read.
Problems name the XML path ('/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt').
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from sys import intern
from typing import BinaryIO
from zoneinfo import ZoneInfo

from lxml import etree

from ..domain import references
from .model import (
    COMMUNICATION_CUT,
    FIELD_CUT,
    BankLine,
    BytesReader,
    Note,
    Problem,
    Statement,
    cut_note,
)

BRUSSELS = ZoneInfo("Europe/Brussels")  # the bank's day is the Belgian day (tzdata on Windows)
NS_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
# Subtrees no line needs (addresses, charges, tax, card and securities details): not walked.
UNUSED = frozenset({"PstlAdr", "Chrgs", "Tax", "RltdDts", "RltdPric", "RltdQties", "FinInstrmId", "CorpActn",
                    "SfkpgAcct", "CshDpst", "CardTx", "Intrst", "Btch"})


class _Bad(Exception):
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


class _X:
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
                    "string(" + "/".join(f"c:{p}" for p in path.split("/")) + ")", namespaces={"c": self.ns})
            found = xpath(el).strip()
            if found:
                return found
        return ""


# What the standard lets a bank send in each text element (Max35Text, Max140Text...): longer text is cut
# there, and the cut is noted on the line. Anything else is at most Max500Text.
TEXT_LIMITS = {"Ustrd": 140, "AddtlRmtInf": 140, "Ref": 35, "AcctSvcrRef": 35, "NtryRef": 35, "EndToEndId": 35,
               "Nm": 140, "IBAN": 34, "BIC": 11, "BICFI": 11, "Id": 35}
TEXT_LIMIT = 500
COMMUNICATION_LIMIT = 2000  # all of a line's texts together (a bank may repeat Ustrd)
MAX_PROBLEMS = 1000  # a file broken everywhere stops being read here


class _Flat:
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


def _drop(el) -> None:  # type: ignore[no-untyped-def]
    """Free a read element and the read ones of its kind before it (iterparse's idiom for bounded memory)."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is None:
        return
    previous = el.getprevious()
    while previous is not None and previous.tag == el.tag:  # earlier entries; the statement's header stays
        parent.remove(previous)
        previous = el.getprevious()


def _syntax_problem(exc: etree.XMLSyntaxError, name: str, source: BinaryIO) -> Problem:
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
        return Problem(name, f"line {line}", f"not well-formed XML: the file is not {encoding} text as it "
                                             f"declares ({message})")
    if "huge" in message.lower() or "depth" in message.lower():
        return Problem(name, f"line {line}", f"a text or a nesting is larger than any bank statement's ({message})")
    return Problem(name, f"line {line}", f"not well-formed XML ({message})")


_AMOUNT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
AMOUNT_DIGITS = 13  # before the decimal point: ten thousand billion euros, far above any statement


def _amount_cents(el, where: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Cents of a camt amount ('121.50'). Checked as text before Decimal sees it: Decimal would also take
    '1_0.00', 'NaN' and '1e30' (whose quantize then raises)."""
    text = (el.text or "").strip()
    shown = text if len(text) <= 40 else text[:40] + "…"
    if not _AMOUNT.fullmatch(text):
        raise _Bad(el, f"'{shown}' is not an amount", where)
    whole, _, fraction = text.lstrip("+-").partition(".")
    if len(whole.lstrip("0")) > AMOUNT_DIGITS:
        raise _Bad(el, f"'{shown}' is larger than any amount a statement holds", where)
    if text.startswith("-") or fraction.rstrip("0")[2:]:
        raise _Bad(el, f"'{shown}' is not a positive amount in cents", where)
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


def _flat_date(f: _Flat, base: str, what: str, where: str) -> date | None:
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
        return _DAYS[text] if text in _DAYS else _DAYS.setdefault(
            text, brussels_day(text) if leaf == "DtTm" else date.fromisoformat(text[:10]))  # xs:date may carry a zone
    except ValueError:
        shape = "YYYY-MM-DDThh:mm:ss" if leaf == "DtTm" else "YYYY-MM-DD"
        raise _Bad(None, f"{what} '{text[:40]}' is not a date ({shape})", f"{where}/{base}/{leaf}") from None


def _date(x: _X, el, what: str) -> date:  # type: ignore[no-untyped-def]
    node = x.find(el, "Dt") if el is not None else None
    text = node.text.strip() if node is not None and node.text else ""
    timed = False
    if not text and el is not None:
        node = x.find(el, "DtTm")
        text, timed = (node.text.strip() if node is not None and node.text else ""), True
    try:
        return brussels_day(text) if timed else date.fromisoformat(text[:10])
    except ValueError:
        raise _Bad(node if node is not None else el, f"{what} '{text[:40]}' is not a date (YYYY-MM-DD)") from None


class CamtReader(BytesReader):
    name = "camt.053"

    @staticmethod
    def looks_like(head: bytes) -> bool:
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte order mark
            head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
        return head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<") and b"camt.053" in head

    def identify(self, path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return self.looks_like(head)

    def extract(self, path: Path) -> tuple[list[Statement], list[Problem]]:
        name = Path(path).name
        try:
            with open(path, "rb") as fh:
                return self.read_stream(fh, name)
        except OSError as exc:
            return [], [Problem(name, "file", f"cannot be read ({exc.strerror})")]

    def parse(self, raw: bytes, name: str) -> tuple[list[Statement], list[Problem]]:
        return self.read_stream(io.BytesIO(raw), name)

    def read_stream(self, source: BinaryIO, name: str) -> tuple[list[Statement], list[Problem]]:
        """Read entry by entry (lxml iterparse): each entry is dropped once read, so a 200 MB file
        needs the memory of its lines, not of its XML tree. DOCTYPEs are refused before anything
        else: a bank never sends one, and entities are how XML files blow up or reach outside."""
        problems: list[Problem] = []
        statements: list[Statement] = []
        events = etree.iterparse(source, events=("start", "end"), tag=("{*}Document", "{*}Stmt", "{*}Ntry"),
                                 resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                                 remove_comments=True, remove_pis=True)
        x: _X | None = None
        stmt_index = entry_index = 0
        lines: list[BankLine] = []
        booked_total = 0
        try:
            for event, el in events:
                if x is None:
                    refusal = self._check_root(el, name)
                    if refusal is not None:
                        return [], [refusal]
                    x = _X(etree.QName(el).namespace or "")
                    continue
                local = el.tag.rpartition("}")[2]
                if event == "start":
                    if local == "Stmt":
                        stmt_index += 1
                        entry_index, lines, booked_total = 0, [], 0
                    continue
                base = f"/Document/BkToCstmrStmt/Stmt[{stmt_index}]"
                if len(problems) >= MAX_PROBLEMS:
                    problems.append(Problem(name, base, f"more than {MAX_PROBLEMS} problems: reading stopped"))
                    return [], problems
                if local == "Ntry" and stmt_index:
                    entry_index += 1
                    where = f"{base}/Ntry[{entry_index}]"
                    status = x.text(el, "Sts/Cd", "Sts")
                    if not status or status == "BOOK":  # pending or information-only entries are not on the balance
                        try:
                            entry_lines = self._entry(x, el, entry_index, where)
                            booked_total += sum(line.amount_cents for line in entry_lines)
                            lines.extend(entry_lines)
                        except _Bad as exc:
                            problems.append(Problem(name, exc.path(), str(exc)))
                    _drop(el)
                elif local == "Stmt":
                    try:
                        statements.append(self._statement(x, el, base, lines, booked_total, entry_index, name,
                                                          problems))
                    except _Bad as exc:
                        problems.append(Problem(name, exc.path(el, base), str(exc)))
                    _drop(el)
        except etree.XMLSyntaxError as exc:
            return [], [_syntax_problem(exc, name, source)]
        if x is None:
            root = events.root if hasattr(events, "root") else None
            where = path_of(root) if root is not None else "file"
            return [], [Problem(name, where, "is not a camt.053 document (no Document element)")]
        if not stmt_index and not problems:
            return [], [Problem(name, "/Document", "holds no statement (BkToCstmrStmt/Stmt)")]
        return ([] if problems else statements), problems

    def _check_root(self, el, name: str) -> Problem | None:  # type: ignore[no-untyped-def]
        docinfo = el.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
            return Problem(name, "line 1", "holds a DOCTYPE declaration (entities, external files): a bank statement "
                                           "never does, so the file is refused unread")
        ns = etree.QName(el).namespace or ""
        where = "/" + etree.QName(el).localname
        if el.getparent() is not None or not ns.startswith(NS_PREFIX):
            return Problem(name, path_of(el), f"is not a camt.053 document (namespace '{ns}')")
        version = ns[len(NS_PREFIX):]
        if not (version.isascii() and version.isdigit()) or int(version) < 2:
            return Problem(name, where, f"camt.053 version 001.{version} is not supported (001.02 or later)")
        return None

    def _statement(self, x: _X, st, base: str, lines: list[BankLine], booked_total: int,  # type: ignore[no-untyped-def]
                   entries: int, name: str, problems: list[Problem]) -> Statement:
        account = x.text(st, "Acct/Id/IBAN", "Acct/Id/Othr/Id").replace(" ", "").upper()
        if not account:
            raise _Bad(None, "the statement has no account (Acct/Id/IBAN)", base)
        number = x.text(st, "LglSeqNb", "ElctrncSeqNb", "Id")
        balances: dict[str, tuple[int, date]] = {}
        for bal in x.all(st, "Bal"):
            code = x.text(bal, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
            amt = x.find(bal, "Amt")
            if amt is None:
                raise _Bad(bal, "a balance without an amount (Amt)")
            cents = _amount_cents(amt) * (-1 if x.text(bal, "CdtDbtInd") == "DBIT" else 1)
            balances.setdefault(code, (cents, _date(x, x.find(bal, "Dt"), "balance date")))
        opening = balances.get("OPBD") or balances.get("PRCD")
        closing = balances.get("CLBD")
        if opening is None or closing is None:
            raise _Bad(None, "the statement needs an opening (OPBD) and a closing (CLBD) balance", base)
        currency = x.text(st, "Acct/Ccy") or (x.find(st, "Bal/Amt").get("Ccy", "") if x.find(st, "Bal/Amt") is not None else "")
        if opening[0] + booked_total != closing[0]:
            problems.append(Problem(
                name, base,
                f"opening balance {opening[0] / 100:.2f} + entries {booked_total / 100:.2f} does not give the "
                f"closing balance {closing[0] / 100:.2f}",
            ))
        summary = x.find(st, "TxsSummry/TtlNtries/NbOfNtries")
        if summary is not None and summary.text and summary.text.strip() != str(entries):
            problems.append(Problem(name, f"{base}/TxsSummry/TtlNtries/NbOfNtries",
                                    f"says {summary.text.strip()[:20]} entries, the statement has {entries}"))
        return Statement(
            format="camt.053", account=account, currency=currency, number=number,
            opening_date=opening[1], opening_balance_cents=opening[0], closing_date=closing[1],
            closing_balance_cents=closing[0], holder=x.text(st, "Acct/Ownr/Nm", "Acct/Ownr/Pty/Nm"), lines=tuple(lines),
        )

    def _entry(self, x: _X, entry, e_index: int, where: str) -> list[BankLine]:  # type: ignore[no-untyped-def]
        f = _Flat(entry, skip="NtryDtls")
        amt = f.el("Amt")
        if amt is None:
            raise _Bad(entry, "an entry without an amount (Amt)", where)
        indicator = f.text("CdtDbtInd")
        if indicator not in ("CRDT", "DBIT"):
            raise _Bad(entry, f"CdtDbtInd '{indicator}' is neither CRDT nor DBIT", where)
        # A reversal (RvslInd) still states the direction the money really moved in CdtDbtInd.
        sign = 1 if indicator == "CRDT" else -1
        total = _amount_cents(amt, f"{where}/Amt") * sign
        booking = _flat_date(f, "BookgDt", "booking date", where)
        if booking is None:
            raise _Bad(entry, "an entry without a booking date (BookgDt)", where)
        value_date = _flat_date(f, "ValDt", "value date", where)
        entry_ref = f.text("AcctSvcrRef", "NtryRef")
        entry_info = f.text("AddtlNtryInf")
        code = self._code(f)
        details = x.all(entry, "NtryDtls/TxDtls")
        if not details:
            return [BankLine(
                sequence=f"{e_index:04d}", bank_reference=entry_ref, booking_date=booking, value_date=value_date,
                amount_cents=total, communication=entry_info, transaction_code=code, source=where,
                notes=tuple(f.notes),
            )]
        flats = [_Flat(tx) for tx in details]
        sources = [f"{where}/NtryDtls/TxDtls" + (f"[{i}]" if len(details) > 1 else "") for i in range(1, len(details) + 1)]
        amounts: list[int | None] = []
        for tf, source in zip(flats, sources):
            tx_amt = tf.el("Amt")
            path = f"{source}/Amt"
            if tx_amt is None:
                tx_amt, path = tf.el("AmtDtls/TxAmt/Amt"), f"{source}/AmtDtls/TxAmt/Amt"
            tx_sign = {"CRDT": 1, "DBIT": -1}.get(tf.text("CdtDbtInd"), sign)
            amounts.append(None if tx_amt is None else _amount_cents(tx_amt, path) * tx_sign)
        if len(details) == 1 and amounts[0] is None:
            amounts = [total]
        if any(a is None for a in amounts):
            raise _Bad(entry, "an entry with several transaction details must give each one's amount", where)
        if sum(amounts) != total:  # type: ignore[arg-type]
            raise _Bad(entry, f"its transaction details add up to {sum(amounts) / 100:.2f}, "  # type: ignore[arg-type]
                              f"the entry says {total / 100:.2f}", where)
        return [
            self._tx(x, tf, cents, booking, value_date, entry_ref, entry_info, code,  # type: ignore[arg-type]
                     f"{e_index:04d}" if len(details) == 1 else f"{e_index:04d}/{t_index:04d}", source, list(f.notes))
            for t_index, (tf, cents, source) in enumerate(zip(flats, amounts, sources), start=1)
        ]

    def _code(self, f: _Flat) -> str:
        return f.text("BkTxCd/Prtry/Cd", "BkTxCd/Domn/Fmly/SubFmlyCd")

    def _tx(self, x, f, cents, booking, value_date, entry_ref, entry_info, entry_code, sequence, source,  # type: ignore[no-untyped-def]
            entry_notes) -> BankLine:
        party = "Dbtr" if cents > 0 else "Cdtr"
        ogm = rf = None
        texts: list[str] = []
        for ref_el in f.leaves.get("RmtInf/Strd/CdtrRefInf/Ref", ()):
            ref = f._value("RmtInf/Strd/CdtrRefInf/Ref", ref_el).replace(" ", "")
            issuer = x.text(ref_el.getparent(), "Tp/Issr")
            kind = x.text(ref_el.getparent(), "Tp/CdOrPrtry/Cd")
            compact = ref.replace("+", "").replace("/", "").replace("*", "")
            # SCOR = a structured creditor reference; some banks leave the code out, none send another with BBA
            if issuer.upper() == "BBA" and kind.upper() in ("SCOR", "") and compact.isascii() and compact.isdigit() and references.is_valid(compact):
                ogm = ogm or compact
            elif ref.upper().startswith("RF"):
                try:
                    rf = rf or references.rf_validate(ref)
                except Exception:  # an invalid RF stays readable text
                    texts.append(ref)
            elif ref:
                texts.append(ref)
        texts += f.texts("RmtInf/Ustrd") + f.texts("RmtInf/Strd/AddtlRmtInf")
        texts += [f.text("AddtlTxInf"), entry_info]
        communication = " ".join(t for t in texts if t)
        notes = entry_notes + f.notes
        if len(communication) > COMMUNICATION_LIMIT:
            notes.append(cut_note(COMMUNICATION_CUT, COMMUNICATION_LIMIT, len(communication)))
            communication = communication[:COMMUNICATION_LIMIT]
        return BankLine(
            sequence=sequence,
            bank_reference=f.text("Refs/AcctSvcrRef") or entry_ref,
            booking_date=booking, value_date=value_date, amount_cents=cents,
            # interned: payers, accounts and codes repeat through a statement (memory of a 200 MB file)
            counterparty_name=intern(f.text(f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm")),
            counterparty_iban=intern(f.text(f"RltdPties/{party}Acct/Id/IBAN").replace(" ", "").upper()),
            counterparty_bic=intern(f.text(f"RltdAgts/{party}Agt/FinInstnId/BIC",
                                           f"RltdAgts/{party}Agt/FinInstnId/BICFI")),
            ogm=ogm, rf_reference=rf,
            communication=communication,
            end_to_end=f.text("Refs/EndToEndId").replace("NOTPROVIDED", ""),
            transaction_code=intern(self._code(f) or entry_code),
            source=source, notes=tuple(notes),
        )
