"""camt.053 reader (ISO 20022 BankToCustomerStatement, versions 001.02 and later) with lxml.

Elements are found by local name inside the document's own namespace, so every
version Belgian banks send (001.02 … 001.13) reads the same way; where later
versions moved a field (`Dbtr/Pty/Nm`, `BICFI`, `Sts/Cd`) both places are read.
Problems name the XML path ('/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt').
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from ..domain import references
from .model import BankLine, Problem, Statement

NS_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."


class _Bad(Exception):
    def __init__(self, element, message: str) -> None:  # type: ignore[no-untyped-def]
        super().__init__(message)
        self.element = element


def path_of(element) -> str:  # type: ignore[no-untyped-def]
    """'/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt': local names, index when a name repeats."""
    parts = []
    while element is not None and isinstance(element.tag, str):
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
    """Namespace-aware finds relative to an element: x.text(el, 'Acct/Id/IBAN')."""

    def __init__(self, ns: str) -> None:
        self.ns = ns

    def _q(self, path: str) -> str:
        return "/".join(f"{{{self.ns}}}{p}" for p in path.split("/"))

    def find(self, el, path: str):  # type: ignore[no-untyped-def]
        return el.find(self._q(path))

    def all(self, el, path: str) -> list:  # type: ignore[no-untyped-def]
        return el.findall(self._q(path))

    def text(self, el, *paths: str) -> str:  # type: ignore[no-untyped-def]
        for path in paths:
            found = el.find(self._q(path))
            if found is not None and found.text and found.text.strip():
                return found.text.strip()
        return ""


def _amount_cents(el) -> int:  # type: ignore[no-untyped-def]
    try:
        value = Decimal((el.text or "").strip())
    except InvalidOperation:
        raise _Bad(el, f"'{el.text}' is not an amount") from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise _Bad(el, f"'{el.text}' is not a positive amount in cents")
    return int(value * 100)


def _date(x: _X, el, what: str) -> date:  # type: ignore[no-untyped-def]
    node = x.find(el, "Dt") if el is not None else None
    text = node.text.strip() if node is not None and node.text else ""
    if not text and el is not None:
        node = x.find(el, "DtTm")
        text = node.text.strip()[:10] if node is not None and node.text else ""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise _Bad(node if node is not None else el, f"{what} '{text}' is not a date (YYYY-MM-DD)") from None


class CamtReader:
    name = "camt.053"

    def identify(self, path: Path) -> bool:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<") and b"camt.053" in head

    def extract(self, path: Path) -> tuple[list[Statement], list[Problem]]:
        name = Path(path).name
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            return [], [Problem(name, "file", f"cannot be read ({exc.strerror})")]
        return self.parse(raw, name)

    def parse(self, raw: bytes, name: str) -> tuple[list[Statement], list[Problem]]:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        try:
            root = etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as exc:
            line = exc.position[0] if exc.position else "?"
            return [], [Problem(name, f"line {line}", f"not well-formed XML ({exc.msg})")]
        ns = etree.QName(root).namespace or ""
        if not ns.startswith(NS_PREFIX) or etree.QName(root).localname != "Document":
            return [], [Problem(name, path_of(root), f"is not a camt.053 document (namespace '{ns}')")]
        version = ns[len(NS_PREFIX):]
        if not (version.isascii() and version.isdigit()) or int(version) < 2:
            return [], [Problem(name, path_of(root), f"camt.053 version 001.{version} is not supported (001.02 or later)")]
        x = _X(ns)
        statements: list[Statement] = []
        problems: list[Problem] = []
        stmts = x.all(root, "BkToCstmrStmt/Stmt")
        if not stmts:
            return [], [Problem(name, path_of(root), "holds no statement (BkToCstmrStmt/Stmt)")]
        for st in stmts:
            try:
                statements.append(self._statement(x, st, name, problems))
            except _Bad as exc:
                problems.append(Problem(name, path_of(exc.element), str(exc)))
        return ([] if problems else statements), problems

    def _statement(self, x: _X, st, name: str, problems: list[Problem]) -> Statement:  # type: ignore[no-untyped-def]
        account = x.text(st, "Acct/Id/IBAN", "Acct/Id/Othr/Id").replace(" ", "").upper()
        if not account:
            raise _Bad(st, "the statement has no account (Acct/Id/IBAN)")
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
            raise _Bad(st, "the statement needs an opening (OPBD) and a closing (CLBD) balance")
        currency = x.text(st, "Acct/Ccy") or (x.find(st, "Bal/Amt").get("Ccy", "") if x.find(st, "Bal/Amt") is not None else "")
        lines: list[BankLine] = []
        booked_total = 0
        for e_index, entry in enumerate(x.all(st, "Ntry"), start=1):
            status = x.text(entry, "Sts/Cd", "Sts")
            if status and status != "BOOK":
                continue  # pending or information-only entries are not on the balance
            try:
                entry_lines = self._entry(x, entry, e_index)
            except _Bad as exc:
                problems.append(Problem(name, path_of(exc.element), str(exc)))
                continue
            booked_total += sum(line.amount_cents for line in entry_lines)
            lines.extend(entry_lines)
        if opening[0] + booked_total != closing[0]:
            problems.append(Problem(
                name, path_of(st),
                f"opening balance {opening[0] / 100:.2f} + entries {booked_total / 100:.2f} does not give the "
                f"closing balance {closing[0] / 100:.2f}",
            ))
        summary = x.find(st, "TxsSummry/TtlNtries/NbOfNtries")
        if summary is not None and summary.text and summary.text.strip() != str(len(x.all(st, "Ntry"))):
            problems.append(Problem(name, path_of(summary),
                                    f"says {summary.text.strip()} entries, the statement has {len(x.all(st, 'Ntry'))}"))
        return Statement(
            format="camt.053", account=account, currency=currency, number=number,
            opening_date=opening[1], opening_balance_cents=opening[0], closing_date=closing[1],
            closing_balance_cents=closing[0], holder=x.text(st, "Acct/Ownr/Nm", "Acct/Ownr/Pty/Nm"), lines=tuple(lines),
        )

    def _entry(self, x: _X, entry, e_index: int) -> list[BankLine]:  # type: ignore[no-untyped-def]
        amt = x.find(entry, "Amt")
        if amt is None:
            raise _Bad(entry, "an entry without an amount (Amt)")
        indicator = x.text(entry, "CdtDbtInd")
        if indicator not in ("CRDT", "DBIT"):
            raise _Bad(entry, f"CdtDbtInd '{indicator}' is neither CRDT nor DBIT")
        # A reversal (RvslInd) still states the direction the money really moved in CdtDbtInd.
        sign = 1 if indicator == "CRDT" else -1
        total = _amount_cents(amt) * sign
        booking = _date(x, x.find(entry, "BookgDt"), "booking date")
        value = x.find(entry, "ValDt")
        value_date = _date(x, value, "value date") if value is not None else None
        entry_ref = x.text(entry, "AcctSvcrRef", "NtryRef")
        entry_info = x.text(entry, "AddtlNtryInf")
        details = x.all(entry, "NtryDtls/TxDtls")
        if not details:
            return [BankLine(
                sequence=f"{e_index:04d}", bank_reference=entry_ref, booking_date=booking, value_date=value_date,
                amount_cents=total, communication=entry_info, transaction_code=self._code(x, entry),
                source=path_of(entry),
            )]
        lines = []
        amounts = []
        for tx in details:
            tx_amt = x.find(tx, "Amt")
            if tx_amt is None:
                tx_amt = x.find(tx, "AmtDtls/TxAmt/Amt")
            tx_sign = {"CRDT": 1, "DBIT": -1}.get(x.text(tx, "CdtDbtInd"), sign)
            amounts.append(None if tx_amt is None else _amount_cents(tx_amt) * tx_sign)
        if len(details) == 1 and amounts[0] is None:
            amounts = [total]
        if any(a is None for a in amounts):
            raise _Bad(entry, "an entry with several transaction details must give each one's amount")
        if sum(amounts) != total:  # type: ignore[arg-type]
            raise _Bad(entry, f"its transaction details add up to {sum(amounts) / 100:.2f}, "  # type: ignore[arg-type]
                              f"the entry says {total / 100:.2f}")
        for t_index, (tx, cents) in enumerate(zip(details, amounts), start=1):
            lines.append(self._tx(x, entry, tx, cents, booking, value_date, entry_ref, entry_info,
                                  f"{e_index:04d}" if len(details) == 1 else f"{e_index:04d}/{t_index:04d}"))
        return lines

    def _code(self, x: _X, el) -> str:  # type: ignore[no-untyped-def]
        return x.text(el, "BkTxCd/Prtry/Cd", "BkTxCd/Domn/Fmly/SubFmlyCd")

    def _tx(self, x, entry, tx, cents, booking, value_date, entry_ref, entry_info, sequence) -> BankLine:  # type: ignore[no-untyped-def]
        party = "Dbtr" if cents > 0 else "Cdtr"
        ogm = rf = None
        texts: list[str] = []
        for cri in x.all(tx, "RmtInf/Strd/CdtrRefInf"):
            ref = x.text(cri, "Ref").replace(" ", "")
            issuer = x.text(cri, "Tp/Issr")
            compact = ref.replace("+", "").replace("/", "").replace("*", "")
            if issuer.upper() == "BBA" and compact.isascii() and compact.isdigit() and references.is_valid(compact):
                ogm = ogm or compact
            elif ref.upper().startswith("RF"):
                try:
                    rf = rf or references.rf_validate(ref)
                except Exception:  # an invalid RF stays readable text
                    texts.append(ref)
            elif ref:
                texts.append(ref)
        texts += [u.text.strip() for u in x.all(tx, "RmtInf/Ustrd") if u.text and u.text.strip()]
        texts += [x.text(tx, "AddtlTxInf"), entry_info]
        return BankLine(
            sequence=sequence,
            bank_reference=x.text(tx, "Refs/AcctSvcrRef") or entry_ref,
            booking_date=booking, value_date=value_date, amount_cents=cents,
            counterparty_name=x.text(tx, f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm"),
            counterparty_iban=x.text(tx, f"RltdPties/{party}Acct/Id/IBAN").replace(" ", "").upper(),
            counterparty_bic=x.text(tx, f"RltdAgts/{party}Agt/FinInstnId/BIC", f"RltdAgts/{party}Agt/FinInstnId/BICFI"),
            ogm=ogm, rf_reference=rf,
            communication=" ".join(t for t in texts if t),
            end_to_end=x.text(tx, "Refs/EndToEndId").replace("NOTPROVIDED", ""),
            transaction_code=self._code(x, tx) or self._code(x, entry),
            source=path_of(tx),
        )
