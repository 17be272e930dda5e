"""SEPA direct debit R-transactions (rejects, returns, refunds) in a CODA 2 or camt.053 statement, as values.

The statement readers book every movement; this module reads what only a creditor needs on top:
for each collection that came back, its end-to-end reference, mandate, amount, date and the ISO
reason code. CODA carries them in the structured communication type 127 (European direct debit:
settlement date 6, type 1, scheme 1, paid or refused 1, creditor identifier 35, mandate reference
35, communication 62, type of R-transaction 1, reason 4), spread over records 2.1 (positions
66-115), 2.2 (11-63) and 2.3 (83-125); the end-to-end reference is in record 2.2 (64-98), and record 2.2
repeats the type of R-transaction (113) and the reason (114-117) in fields of its own, read when the
communication leaves them blank. camt.053
has them in the transaction details: Refs/EndToEndId, Refs/MndtId and RtrInf/Rsn/Cd, on a debit
entry of the issued direct debits family (IDDT).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from lxml import etree

R_TYPES = {"1": "reject", "2": "return", "3": "refund", "4": "reversal", "5": "cancellation"}
MAX_MEMBER = 200 * 1024 * 1024


@dataclass(frozen=True)
class DirectDebitReturn:
    """One collection the debtor's bank sent back (or the debtor had refunded)."""

    end_to_end: str
    mandate_reference: str
    amount_cents: int  # positive: what left the creditor's account again
    booked_on: date | None
    reason: str  # ISO 20022 external return reason code ('AM04'), '' when the bank gave none
    kind: str  # reject, return, refund, reversal, cancellation or '' when not said
    source: str  # 'line 12' or an XML path, for messages


def returns_in(data: bytes) -> list[DirectDebitReturn]:
    """Every R-transaction of a statement file (CODA, camt.053 or a zip of them); [] for anything else."""
    if data[:4] == b"PK\x03\x04":
        return _zip(data)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        return _camt(data)
    if head.startswith(b"0"):
        return _coda(data)
    return []


def _zip(data: bytes) -> list[DirectDebitReturn]:
    found: list[DirectDebitReturn] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.is_dir() or info.file_size > MAX_MEMBER:
                    continue
                found += returns_in(archive.read(info))
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return found  # the statement reader reports a damaged archive; nothing to add here
    return found


# ---------------------------------------------------------------- CODA


def _coda_date(text: str) -> date | None:
    try:
        return date(2000 + int(text[4:6]), int(text[2:4]), int(text[0:2]))
    except ValueError:
        return None


def _coda(data: bytes) -> list[DirectDebitReturn]:
    text = data.decode("latin-1")
    found: list[DirectDebitReturn] = []
    current: dict[str, object] | None = None

    def close() -> None:
        if current is None:
            return
        comm = str(current["comm"]).ljust(146)
        # the type of R-transaction and its reason: in the communication, else in record 2.2's own fields
        r_type = comm[141] if comm[141] in R_TYPES else str(current.get("r_type", " "))
        reason = comm[142:146].strip() or str(current.get("reason", ""))
        paid = comm[8]
        if r_type in R_TYPES or (paid not in ("0", " ") and int(str(current["cents"])) < 0):
            found.append(
                DirectDebitReturn(
                    end_to_end=str(current["e2e"]),
                    mandate_reference=comm[44:79].strip(),
                    amount_cents=abs(int(str(current["cents"]))),
                    booked_on=current["booked"],  # type: ignore[arg-type]
                    reason=reason,
                    kind=R_TYPES.get(r_type, ""),
                    source=str(current["source"]),
                )
            )

    for number, raw in enumerate(text.splitlines(), start=1):
        rec = raw.ljust(128)
        if rec[0] != "2":
            continue
        if rec[1] == "1":
            close()
            current = None
            if rec[61] == "1" and rec[62:65] == "127":
                try:
                    cents = int(rec[32:47]) // 10  # CODA amounts have 3 decimals
                except ValueError:
                    continue
                current = {
                    "comm": rec[65:115],
                    "e2e": "",
                    "cents": -cents if rec[31] == "1" else cents,
                    "booked": _coda_date(rec[115:121]) or _coda_date(rec[47:53]),
                    "source": f"line {number}",
                }
        elif current is not None and rec[1] == "2":
            current["comm"] = str(current["comm"]) + rec[10:63]
            current["e2e"] = rec[63:98].strip()
            current["r_type"], current["reason"] = rec[112], rec[113:117].strip()
        elif current is not None and rec[1] == "3":
            current["comm"] = str(current["comm"]) + rec[82:125]
    close()
    return found


# ---------------------------------------------------------------- camt.053


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _child(element: etree._Element | None, *path: str) -> etree._Element | None:
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if isinstance(c.tag, str) and _local(c) == name), None)
    return element


def _text(element: etree._Element | None, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _cents(text: str) -> int:
    units, _, fraction = text.strip().partition(".")
    return int(units or "0") * 100 + int((fraction + "00")[:2] or "0")


def _camt(data: bytes) -> list[DirectDebitReturn]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return []
    if "camt.053" not in (etree.QName(root).namespace or ""):
        return []
    found: list[DirectDebitReturn] = []
    tree = root.getroottree()
    for entry in root.iter("{*}Ntry"):
        if _text(entry, "CdtDbtInd") != "DBIT":
            continue
        booked_text = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10]
        try:
            booked = date.fromisoformat(booked_text) if booked_text else None
        except ValueError:
            booked = None
        family = _text(entry, "BkTxCd", "Domn", "Fmly", "Cd")
        for tx in entry.iter("{*}TxDtls"):
            reason_element = _child(tx, "RtrInf")
            if reason_element is None and family != "IDDT":
                continue
            amount = _text(tx, "Amt") or _text(tx, "AmtDtls", "TxAmt", "Amt") or _text(entry, "Amt")
            try:
                cents = _cents(amount)
            except ValueError:
                continue
            sub = _text(tx, "BkTxCd", "Domn", "Fmly", "SubFmlyCd") or _text(
                entry, "BkTxCd", "Domn", "Fmly", "SubFmlyCd"
            )
            found.append(
                DirectDebitReturn(
                    end_to_end=_text(tx, "Refs", "EndToEndId").replace("NOTPROVIDED", ""),
                    mandate_reference=_text(tx, "Refs", "MndtId"),
                    amount_cents=cents,
                    booked_on=booked,
                    reason=_text(reason_element, "Rsn", "Cd") or _text(reason_element, "Rsn", "Prtry"),
                    kind={"UPDD": "return", "RCDD": "reversal", "PRDD": "reversal"}.get(sub, "return"),
                    source=tree.getpath(tx),
                )
            )
    return found
