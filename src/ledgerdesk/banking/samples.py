"""Writers of CODA 2.x and camt.053 files from the specifications: demo statements, tests, benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape


@dataclass
class Tx:
    amount_cents: int
    ogm: str | None = None
    text: str = ""
    name: str = ""
    iban: str = ""
    bic: str = ""
    ref: str = ""
    day: date = date(2026, 3, 2)
    details: list[Tx] = field(default_factory=list)  # a globalised total's details
    rf: str | None = None
    info: str = ""  # 3.x information text: 3.1, continued in 3.2 and 3.3 when longer than 73 characters
    free: str = ""  # a free-communication record 4 after the movement (CODA only)
    info_name: str = ""  # a structured 3.1 (type 001: name and address) instead of a 2.3 name (CODA only)
    end_to_end: str = ""


@dataclass
class Stmt:
    account: str = "BE71096123456769"
    number: str = "001"
    opening_cents: int = 0
    txs: list[Tx] = field(default_factory=list)
    day: date = date(2026, 3, 2)
    holder: str = "Atelier Janssens"

    @property
    def closing_cents(self) -> int:
        return self.opening_cents + sum(t.amount_cents for t in self.txs)


def _put(line: list[str], at: int, text: str) -> None:
    for i, ch in enumerate(text):
        line[at + i] = ch


def record(*fields: tuple[int, str]) -> str:
    line = [" "] * 128
    for at, text in fields:
        _put(line, at, text)
    return "".join(line)


def ddmmyy(d: date) -> str:
    return d.strftime("%d%m%y")


def amount(cents: int, width: int = 15) -> str:
    return f"{abs(cents) * 10:0{width}d}"


def sign(cents: int) -> str:
    return "1" if cents < 0 else "0"


def _movement(seq: int, detail: int, tx: Tx, code: str, glob: str) -> list[str]:
    comm = ("1101" + tx.ogm).ljust(53) if tx.ogm else "0" + tx.text[:53].ljust(53)
    rest = tx.text[53:]
    out = [
        record(
            (0, "21"),
            (2, f"{seq:04d}{detail:04d}"),
            (10, (tx.ref or f"REF{seq:04d}{detail:04d}")[:21]),
            (31, sign(tx.amount_cents) + amount(tx.amount_cents)),
            (47, ddmmyy(tx.day)),
            (53, code),
            (61, comm if tx.ogm else comm),
            (115, ddmmyy(tx.day)),
            (121, "001"),
            (124, glob),
            (125, "1"),
            (127, "0"),
        )
    ]
    out.append(
        record(
            (0, "22"),
            (2, f"{seq:04d}{detail:04d}"),
            (10, rest[:53]),
            (63, tx.end_to_end[:35]),
            (98, tx.bic[:11]),
            (125, "1"),
            (127, "0"),
        )
    )
    out.append(
        record(
            (0, "23"),
            (2, f"{seq:04d}{detail:04d}"),
            (10, tx.iban[:34]),
            (44, "EUR" if tx.iban else ""),
            (47, tx.name[:35]),
            (82, rest[53:96]),
            (125, "1" if tx.info else "0"),
            (127, "1" if tx.info else "0"),
        )
    )
    if tx.info_name:
        out.append(
            record(
                (0, "31"),
                (2, f"{seq:04d}{detail:04d}"),
                (10, (tx.ref or "X")[:21]),
                (31, code),
                (39, "1"),
                (40, "001"),
                (43, tx.info_name[:35]),
                (125, "1" if tx.info else "0"),
                (127, "1" if tx.info else "0"),
            )
        )
    if tx.info:
        # 3.1 carries 73 characters, 3.2 another 105, 3.3 the last 90
        parts = [tx.info[:73], tx.info[73:178], tx.info[178:268]]
        used = [part for part in parts if part] or [""]
        for n, (part, at) in enumerate(zip(used, (40, 10, 10), strict=False), start=1):
            more = "1" if n < len(used) else "0"
            fields = [(0, f"3{n}"), (2, f"{seq:04d}{detail:04d}"), (at, part), (125, more), (127, "0")]
            if n == 1:
                fields += [(10, (tx.ref or "X")[:21]), (31, code), (39, "0")]
            out.append(record(*fields))
    if tx.free:
        out.append(record((0, "4 "), (2, f"{seq:04d}{detail:04d}"), (32, tx.free[:80]), (127, "0")))
    return out


def coda(statements: list[Stmt], *, created: date = date(2026, 3, 2)) -> bytes:
    lines: list[str] = []
    for st in statements:
        body: list[str] = []
        body.append(
            record(
                (0, "1"),
                (1, "2"),
                (2, st.number),
                (5, st.account),
                (39, "EUR"),
                (42, sign(st.opening_cents) + amount(st.opening_cents)),
                (58, ddmmyy(st.day)),
                (64, st.holder[:26]),
                (125, st.number),
            )
        )
        seq = 0
        debit = credit = 0
        for tx in st.txs:
            seq += 1
            if tx.details:
                body += _movement(seq, 0, tx, "10150000", "1")
                for d_index, d in enumerate(tx.details, start=1):
                    body += _movement(seq, d_index, d, "50150000", "0")
            else:
                body += _movement(seq, 0, tx, "00150000", "0")
            if tx.amount_cents < 0:
                debit -= tx.amount_cents
            else:
                credit += tx.amount_cents
        body.append(
            record(
                (0, "8"),
                (1, st.number),
                (4, st.account),
                (38, "EUR"),
                (41, sign(st.closing_cents) + amount(st.closing_cents)),
                (57, ddmmyy(st.day)),
                (127, "0"),
            )
        )
        lines.append(
            record(
                (0, "00000"),
                (5, ddmmyy(created)),
                (11, "725"),
                (14, "05"),
                (24, "TESTFILE"),
                (34, "Atelier Janssens"),
                (60, "GKCCBEBB"),
                (127, "2"),
            )
        )
        lines += body
        lines.append(record((0, "9"), (16, f"{len(body):06d}"), (22, amount(debit)), (37, amount(credit)), (127, "2")))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}"


def _camt_tx(tx: Tx, version: str, with_amount: bool) -> str:
    party = "Dbtr" if tx.amount_cents > 0 else "Cdtr"
    name = f"<Pty><Nm>{escape(tx.name)}</Nm></Pty>" if int(version) >= 8 else f"<Nm>{escape(tx.name)}</Nm>"
    strd = ""
    if tx.ogm:
        strd = (
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>"
            f"<Ref>{tx.ogm}</Ref></CdtrRefInf></Strd>"
        )
    elif tx.rf:
        strd = f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>{tx.rf}</Ref></CdtrRefInf></Strd>"
    ustrd = f"<Ustrd>{escape(tx.text)}</Ustrd>" if tx.text else ""
    amt = (
        f'<Amt Ccy="EUR">{abs(tx.amount_cents) / 100:.2f}</Amt><CdtDbtInd>{"CRDT" if tx.amount_cents > 0 else "DBIT"}</CdtDbtInd>'
        if with_amount
        else ""
    )
    return (
        f"<TxDtls><Refs><AcctSvcrRef>{tx.ref}</AcctSvcrRef><EndToEndId>{tx.end_to_end or 'NOTPROVIDED'}</EndToEndId></Refs>"
        f"{amt}<RltdPties><{party}>{name}</{party}><{party}Acct><Id><IBAN>{tx.iban}</IBAN></Id></{party}Acct></RltdPties>"
        f"<RltdAgts><{party}Agt><FinInstnId><{'BICFI' if int(version) >= 8 else 'BIC'}>{tx.bic}</{'BICFI' if int(version) >= 8 else 'BIC'}></FinInstnId></{party}Agt></RltdAgts>"
        f"<RmtInf>{ustrd}{strd}</RmtInf>"
        f"{'<AddtlTxInf>' + escape(tx.info) + '</AddtlTxInf>' if tx.info else ''}</TxDtls>"
    )


def camt(statements: list[Stmt], *, version: str = "02") -> bytes:
    out = [
        f'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="{NS.format(version=version)}"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>MSG1</MsgId><CreDtTm>2026-03-02T08:00:00</CreDtTm></GrpHdr>"
    ]
    for st in statements:

        def bal(code: str, cents: int) -> str:
            return (
                f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt>'
                f"<CdtDbtInd>{'DBIT' if cents < 0 else 'CRDT'}</CdtDbtInd>"
                f"<Dt><Dt>{st.day.isoformat()}</Dt></Dt></Bal>"  # noqa: B023
            )

        out.append(
            f"<Stmt><Id>STMT-{st.number}</Id><ElctrncSeqNb>{int(st.number)}</ElctrncSeqNb>"
            f"<LglSeqNb>{int(st.number)}</LglSeqNb><CreDtTm>2026-03-02T08:00:00</CreDtTm>"
            f"<Acct><Id><IBAN>{st.account}</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>{escape(st.holder)}</Nm></Ownr></Acct>"
            + bal("OPBD", st.opening_cents)
            + bal("CLBD", st.closing_cents)
            + f"<TxsSummry><TtlNtries><NbOfNtries>{len(st.txs)}</NbOfNtries></TtlNtries></TxsSummry>"
        )
        for tx in st.txs:
            details = tx.details or [tx]
            out.append(
                f'<Ntry><NtryRef>{tx.ref}</NtryRef><Amt Ccy="EUR">{abs(tx.amount_cents) / 100:.2f}</Amt>'
                f"<CdtDbtInd>{'CRDT' if tx.amount_cents > 0 else 'DBIT'}</CdtDbtInd>"
                f"<Sts>{'<Cd>BOOK</Cd>' if int(version) >= 8 else 'BOOK'}</Sts>"
                f"<BookgDt><Dt>{tx.day.isoformat()}</Dt></BookgDt><ValDt><Dt>{tx.day.isoformat()}</Dt></ValDt>"
                f"<AcctSvcrRef>{tx.ref}</AcctSvcrRef>"
                "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
                "<NtryDtls>"
                + "".join(_camt_tx(d, version, bool(tx.details)) for d in details)
                + "</NtryDtls>"
                + (f"<AddtlNtryInf>{escape(tx.info)}</AddtlNtryInf>" if tx.info and tx.details else "")
                + "</Ntry>"
            )
        out.append("</Stmt>")
    out.append("</BkToCstmrStmt></Document>")
    return "".join(out).encode("utf-8")


def big_camt(path, entries: int, *, account: str = "BE71096123456769", number: str = "1") -> int:  # type: ignore[no-untyped-def]
    """Write a camt.053 statement of `entries` entries of 1.00 each to `path`, streamed (a 200 MB file is
    written without holding it); returns the file's size. For the streaming and reliability tests."""
    one = camt(
        [
            Stmt(
                account=account,
                number=number,
                txs=[
                    Tx(100, ref="R0000000", text="betaling factuur 2026-0000", name="Klant NV", iban="BE68539007547034")
                ],
            )
        ]
    )
    text = one.decode("utf-8")
    head, _, rest = text.partition("<Ntry>")
    entry = "<Ntry>" + rest[: rest.index("</Ntry>") + len("</Ntry>")]
    tail = rest[rest.index("</Ntry>") + len("</Ntry>") :]
    head = head.replace("<NbOfNtries>1</NbOfNtries>", f"<NbOfNtries>{entries}</NbOfNtries>")
    closing = '<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1.00</Amt>'
    head = head.replace(closing, closing.replace("1.00", f"{entries}.00"))
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(head)
        for i in range(entries):
            fh.write(entry.replace("R0000000", f"R{i:07d}").replace("2026-0000", f"2026-{i % 10000:04d}"))
        fh.write(tail)
    return path.stat().st_size if hasattr(path, "stat") else 0
