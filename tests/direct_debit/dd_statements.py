"""Statements with SEPA direct debit R-transactions, as banks write them: CODA 2 (communication type 127) and camt.053."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledgerdesk.banking.samples import amount, ddmmyy, record, sign

ACCOUNT = "BE71096123456769"


@dataclass(frozen=True)
class Refused:
    end_to_end: str
    mandate: str
    amount_cents: int  # positive; booked as a debit
    reason: str
    day: date
    r_type: str = "2"  # 1 reject, 2 return, 3 refund
    creditor_id: str = ""


def _comm127(r: Refused) -> str:
    """The 146 characters of a type-127 structured communication."""
    text = (
        ddmmyy(r.day)
        + "1"  # recurrent
        + "1"  # SEPA core
        + "4"  # refused: debtor's account problem
        + r.creditor_id.ljust(35)[:35]
        + r.mandate.ljust(35)[:35]
        + "".ljust(62)
        + r.r_type
        + r.reason.ljust(4)[:4]
    )
    assert len(text) == 146
    return text


def coda_returns(
    refused: list[Refused], *, number: str = "001", opening_cents: int = 100000, r_in_22: bool = False
) -> bytes:
    """`r_in_22`: the type of R-transaction and the reason in record 2.2's own fields (positions 113-117),
    the communication's last five characters left blank, as a bank may write them."""
    body: list[str] = [
        record((0, "1"), (1, "2"), (2, number), (5, ACCOUNT), (39, "EUR"), (42, sign(opening_cents) + amount(opening_cents)),
               (58, ddmmyy(refused[0].day)), (64, "Atelier Janssens"), (125, number)),
    ]  # fmt: skip
    debit = 0
    for seq, r in enumerate(refused, start=1):
        comm = _comm127(r)
        extra: tuple[tuple[int, str], ...] = ()
        if r_in_22:
            comm, extra = comm[:141] + "     ", ((112, r.r_type + r.reason.ljust(4)),)
        body.append(
            record((0, "21"), (2, f"{seq:04d}0000"), (10, f"RTN{seq:04d}"), (31, "1" + amount(r.amount_cents)),
                   (47, ddmmyy(r.day)), (53, "00503000"), (61, "1127" + comm[:50]), (115, ddmmyy(r.day)),
                   (121, "001"), (124, "0"), (125, "1"), (127, "0"))
        )  # fmt: skip
        body.append(
            record(
                (0, "22"),
                (2, f"{seq:04d}0000"),
                (10, comm[50:103]),
                (63, r.end_to_end[:35]),
                *extra,
                (125, "1"),
                (127, "0"),
            )
        )
        body.append(record((0, "23"), (2, f"{seq:04d}0000"), (82, comm[103:146]), (125, "0"), (127, "0")))
        debit += r.amount_cents
    closing = opening_cents - debit
    body.append(record((0, "8"), (1, number), (4, ACCOUNT), (38, "EUR"), (41, sign(closing) + amount(closing)),
                       (57, ddmmyy(refused[-1].day)), (127, "0")))  # fmt: skip
    lines = [record((0, "00000"), (5, ddmmyy(refused[0].day)), (11, "725"), (14, "05"), (24, "RETURNS"),
                    (34, "Atelier Janssens"), (60, "GKCCBEBB"), (127, "2"))]  # fmt: skip
    lines += body
    lines.append(record((0, "9"), (16, f"{len(body):06d}"), (22, amount(debit)), (37, amount(0)), (127, "2")))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def camt_returns(refused: list[Refused], *, number: str = "1", opening_cents: int = 100000) -> bytes:
    day = refused[0].day.isoformat()
    closing = opening_cents - sum(r.amount_cents for r in refused)

    def bal(code: str, cents: int) -> str:
        return (
            f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">{abs(cents) / 100:.2f}</Amt>'
            f"<CdtDbtInd>{'DBIT' if cents < 0 else 'CRDT'}</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>"
        )

    entries = "".join(
        f'<Ntry><NtryRef>R{i}</NtryRef><Amt Ccy="EUR">{r.amount_cents / 100:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
        f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{r.day.isoformat()}</Dt></BookgDt><ValDt><Dt>{r.day.isoformat()}</Dt></ValDt>"
        f"<AcctSvcrRef>RTN{i}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd>"
        f"<NtryDtls><TxDtls><Refs><AcctSvcrRef>RTN{i}</AcctSvcrRef><EndToEndId>{r.end_to_end}</EndToEndId>"
        f"<MndtId>{r.mandate}</MndtId></Refs>"
        f'<Amt Ccy="EUR">{r.amount_cents / 100:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
        f"<RtrInf><Rsn><Cd>{r.reason}</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>"
        for i, r in enumerate(refused, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">'
        "<BkToCstmrStmt><GrpHdr><MsgId>RTN</MsgId><CreDtTm>2026-03-02T08:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>STMT-R{number}</Id><ElctrncSeqNb>{number}</ElctrncSeqNb><LglSeqNb>{number}</LglSeqNb>"
        f"<CreDtTm>{day}T08:00:00</CreDtTm><Acct><Id><IBAN>{ACCOUNT}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + bal("OPBD", opening_cents)
        + bal("CLBD", closing)
        + entries
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode("utf-8")
