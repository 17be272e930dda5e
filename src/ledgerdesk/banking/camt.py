"""camt.053 reader (ISO 20022 BankToCustomerStatement, versions 001.02 and later) with lxml.

Elements are found by local name inside the document's own namespace, so every
version Belgian banks send (001.02 … 001.13) reads the same way; where later
versions moved a field (`Dbtr/Pty/Nm`, `BICFI`, `Sts/Cd`) both places are read.
Problems name the XML path ('/Document/BkToCstmrStmt/Stmt[1]/Ntry[3]/Amt').
"""

from __future__ import annotations

from datetime import date
from sys import intern
from typing import BinaryIO

from lxml import etree

from ..domain import references
from .camt_fields import (
    COMMUNICATION_LIMIT,
    ElementError,
    Finder,
    Leaves,
    amount_cents,
    drop,
    element_date,
    leaf_date,
    path_of,
    syntax_problem,
)
from .model import (
    COMMUNICATION_CUT,
    BankLine,
    Problem,
    Statement,
    StreamReader,
    cut_note,
)

NS_PREFIX = "urn:iso:std:iso:20022:tech:xsd:camt.053.001."
MAX_PROBLEMS = 1000  # a file broken everywhere stops being read here


class CamtReader(StreamReader):
    name = "camt.053"

    @staticmethod
    def looks_like(head: bytes) -> bool:
        if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte order mark
            head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
        return head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<") and b"camt.053" in head

    def read_stream(self, source: BinaryIO, name: str) -> tuple[list[Statement], list[Problem]]:
        """Read entry by entry (lxml iterparse): each entry is dropped once read, so a 200 MB file
        needs the memory of its lines, not of its XML tree. DOCTYPEs are refused before anything
        else: a bank never sends one, and entities are how XML files blow up or reach outside."""
        problems: list[Problem] = []
        statements: list[Statement] = []
        events = etree.iterparse(
            source,
            events=("start", "end"),
            tag=("{*}Document", "{*}Stmt", "{*}Ntry"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        x: Finder | None = None
        stmt_index = entry_index = 0
        lines: list[BankLine] = []
        booked_total = 0
        try:
            for event, el in events:
                if x is None:
                    refusal = self._check_root(el, name)
                    if refusal is not None:
                        return [], [refusal]
                    x = Finder(etree.QName(el).namespace or "")
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
                        except ElementError as exc:
                            problems.append(Problem(name, exc.path(), str(exc)))
                    drop(el)
                elif local == "Stmt":
                    try:
                        statements.append(
                            self._statement(x, el, base, lines, booked_total, entry_index, name, problems)
                        )
                    except ElementError as exc:
                        problems.append(Problem(name, exc.path(el, base), str(exc)))
                    drop(el)
        except etree.XMLSyntaxError as exc:
            return [], [syntax_problem(exc, name, source)]
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
            return Problem(
                name,
                "line 1",
                "holds a DOCTYPE declaration (entities, external files): a bank statement "
                "never does, so the file is refused unread",
            )
        ns = etree.QName(el).namespace or ""
        where = "/" + etree.QName(el).localname
        if el.getparent() is not None or not ns.startswith(NS_PREFIX):
            return Problem(name, path_of(el), f"is not a camt.053 document (namespace '{ns}')")
        version = ns[len(NS_PREFIX) :]
        if not (version.isascii() and version.isdigit()) or int(version) < 2:
            return Problem(name, where, f"camt.053 version 001.{version} is not supported (001.02 or later)")
        return None

    def _statement(
        self,
        x: Finder,
        st,
        base: str,
        lines: list[BankLine],
        booked_total: int,  # type: ignore[no-untyped-def]
        entries: int,
        name: str,
        problems: list[Problem],
    ) -> Statement:
        account = x.text(st, "Acct/Id/IBAN", "Acct/Id/Othr/Id").replace(" ", "").upper()
        if not account:
            raise ElementError(None, "the statement has no account (Acct/Id/IBAN)", base)
        number = x.text(st, "LglSeqNb", "ElctrncSeqNb", "Id")
        balances: dict[str, tuple[int, date]] = {}
        for bal in x.all(st, "Bal"):
            code = x.text(bal, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry")
            amt = x.find(bal, "Amt")
            if amt is None:
                raise ElementError(bal, "a balance without an amount (Amt)")
            cents = amount_cents(amt) * (-1 if x.text(bal, "CdtDbtInd") == "DBIT" else 1)
            balances.setdefault(code, (cents, element_date(x, x.find(bal, "Dt"), "balance date")))
        opening = balances.get("OPBD") or balances.get("PRCD")
        closing = balances.get("CLBD")
        if opening is None or closing is None:
            raise ElementError(None, "the statement needs an opening (OPBD) and a closing (CLBD) balance", base)
        currency = x.text(st, "Acct/Ccy") or (
            x.find(st, "Bal/Amt").get("Ccy", "") if x.find(st, "Bal/Amt") is not None else ""
        )
        if opening[0] + booked_total != closing[0]:
            problems.append(
                Problem(
                    name,
                    base,
                    f"opening balance {opening[0] / 100:.2f} + entries {booked_total / 100:.2f} does not give the "
                    f"closing balance {closing[0] / 100:.2f}",
                )
            )
        summary = x.find(st, "TxsSummry/TtlNtries/NbOfNtries")
        if summary is not None and summary.text and summary.text.strip() != str(entries):
            problems.append(
                Problem(
                    name,
                    f"{base}/TxsSummry/TtlNtries/NbOfNtries",
                    f"says {summary.text.strip()[:20]} entries, the statement has {entries}",
                )
            )
        return Statement(
            format="camt.053",
            account=account,
            currency=currency,
            number=number,
            opening_date=opening[1],
            opening_balance_cents=opening[0],
            closing_date=closing[1],
            closing_balance_cents=closing[0],
            holder=x.text(st, "Acct/Ownr/Nm", "Acct/Ownr/Pty/Nm"),
            lines=tuple(lines),
        )

    def _entry(self, x: Finder, entry, e_index: int, where: str) -> list[BankLine]:  # type: ignore[no-untyped-def]
        f = Leaves(entry, skip="NtryDtls")
        amt = f.el("Amt")
        if amt is None:
            raise ElementError(entry, "an entry without an amount (Amt)", where)
        indicator = f.text("CdtDbtInd")
        if indicator not in ("CRDT", "DBIT"):
            raise ElementError(entry, f"CdtDbtInd '{indicator}' is neither CRDT nor DBIT", where)
        # A reversal (RvslInd) still states the direction the money really moved in CdtDbtInd.
        sign = 1 if indicator == "CRDT" else -1
        total = amount_cents(amt, f"{where}/Amt") * sign
        booking = leaf_date(f, "BookgDt", "booking date", where)
        if booking is None:
            raise ElementError(entry, "an entry without a booking date (BookgDt)", where)
        value_date = leaf_date(f, "ValDt", "value date", where)
        entry_ref = f.text("AcctSvcrRef", "NtryRef")
        entry_info = f.text("AddtlNtryInf")
        code = self._code(f)
        details = x.all(entry, "NtryDtls/TxDtls")
        if not details:
            return [
                BankLine(
                    sequence=f"{e_index:04d}",
                    bank_reference=entry_ref,
                    booking_date=booking,
                    value_date=value_date,
                    amount_cents=total,
                    communication=entry_info,
                    transaction_code=code,
                    source=where,
                    notes=tuple(f.notes),
                )
            ]
        flats = [Leaves(tx) for tx in details]
        sources = [
            f"{where}/NtryDtls/TxDtls" + (f"[{i}]" if len(details) > 1 else "") for i in range(1, len(details) + 1)
        ]
        amounts: list[int | None] = []
        for tf, source in zip(flats, sources, strict=False):
            tx_amt = tf.el("Amt")
            path = f"{source}/Amt"
            if tx_amt is None:
                tx_amt, path = tf.el("AmtDtls/TxAmt/Amt"), f"{source}/AmtDtls/TxAmt/Amt"
            tx_sign = {"CRDT": 1, "DBIT": -1}.get(tf.text("CdtDbtInd"), sign)
            amounts.append(None if tx_amt is None else amount_cents(tx_amt, path) * tx_sign)
        if len(details) == 1 and amounts[0] is None:
            amounts = [total]
        if any(a is None for a in amounts):
            raise ElementError(entry, "an entry with several transaction details must give each one's amount", where)
        if sum(amounts) != total:  # type: ignore[arg-type]
            raise ElementError(
                entry,
                f"its transaction details add up to {sum(amounts) / 100:.2f}, "  # type: ignore[arg-type]
                f"the entry says {total / 100:.2f}",
                where,
            )
        return [
            self._tx(
                x,
                tf,
                cents,
                booking,
                value_date,
                entry_ref,
                entry_info,
                code,  # type: ignore[arg-type]
                f"{e_index:04d}" if len(details) == 1 else f"{e_index:04d}/{t_index:04d}",
                source,
                list(f.notes),
            )
            for t_index, (tf, cents, source) in enumerate(zip(flats, amounts, sources, strict=False), start=1)
        ]

    def _code(self, f: Leaves) -> str:
        return f.text("BkTxCd/Prtry/Cd", "BkTxCd/Domn/Fmly/SubFmlyCd")

    def _tx(
        self,
        x,
        f,
        cents,
        booking,
        value_date,
        entry_ref,
        entry_info,
        entry_code,
        sequence,
        source,  # type: ignore[no-untyped-def]
        entry_notes,
    ) -> BankLine:
        party = "Dbtr" if cents > 0 else "Cdtr"
        ogm = rf = None
        texts: list[str] = []
        for ref_el in f.leaves.get("RmtInf/Strd/CdtrRefInf/Ref", ()):
            ref = f._value("RmtInf/Strd/CdtrRefInf/Ref", ref_el).replace(" ", "")
            issuer = x.text(ref_el.getparent(), "Tp/Issr")
            kind = x.text(ref_el.getparent(), "Tp/CdOrPrtry/Cd")
            compact = ref.replace("+", "").replace("/", "").replace("*", "")
            # SCOR = a structured creditor reference; some banks leave the code out, none send another with BBA
            if (
                issuer.upper() == "BBA"
                and kind.upper() in ("SCOR", "")
                and compact.isascii()
                and compact.isdigit()
                and references.is_valid(compact)
            ):
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
            booking_date=booking,
            value_date=value_date,
            amount_cents=cents,
            # interned: payers, accounts and codes repeat through a statement (memory of a 200 MB file)
            counterparty_name=intern(f.text(f"RltdPties/{party}/Nm", f"RltdPties/{party}/Pty/Nm")),
            counterparty_iban=intern(f.text(f"RltdPties/{party}Acct/Id/IBAN").replace(" ", "").upper()),
            counterparty_bic=intern(
                f.text(f"RltdAgts/{party}Agt/FinInstnId/BIC", f"RltdAgts/{party}Agt/FinInstnId/BICFI")
            ),
            ogm=ogm,
            rf_reference=rf,
            communication=communication,
            end_to_end=f.text("Refs/EndToEndId").replace("NOTPROVIDED", ""),
            transaction_code=intern(self._code(f) or entry_code),
            source=source,
            notes=tuple(notes),
        )
