"""The SEPA direct debit collection file: pain.008.001.08 (structured addresses) or pain.008.001.02 (fallback).

A pure function of plain values: one payment-information block per scheme, sequence type and
collection date (the EPC forbids mixing them; `files_per_scheme` in the service writes one file per
scheme, because B2B must travel in a file of its own). Every text goes through the SEPA character
set, every identifier through its rules, and amounts are integer cents written with two decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from ..domain.errors import ValidationError
from .address import PostalAddress
from .charset import check_identifier, fit
from .schema import namespace

VERSIONS = ("pain.008.001.08", "pain.008.001.02")
NAME_MAX = 70
REMITTANCE_MAX = 140


@dataclass(frozen=True)
class Amendment:
    """What the debtor's bank must learn about a changed mandate (AmdmntInfDtls)."""

    original_reference: str | None = None
    original_iban: str | None = None
    other_bank: bool = False  # 'SMNDA': same mandate, new debtor agent


@dataclass(frozen=True)
class Debit:
    """One collection: an invoice's amount from one debtor under one mandate."""

    end_to_end: str
    amount_cents: int
    mandate_reference: str
    signed_on: date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str | None
    debtor_address: PostalAddress | None
    ogm: str | None = None  # Belgian structured communication, 12 digits
    remittance: str = ""
    amendment: Amendment | None = None


@dataclass(frozen=True)
class Batch:
    """Debits that share scheme, sequence type and collection date: one PmtInf block."""

    scheme: str  # CORE or B2B
    sequence: str  # FRST, RCUR, OOFF, FNAL
    collect_on: date
    debits: tuple[Debit, ...]

    @property
    def total_cents(self) -> int:
        return sum(d.amount_cents for d in self.debits)


@dataclass(frozen=True)
class Creditor:
    name: str
    address: PostalAddress | None
    iban: str
    bic: str | None
    creditor_id: str


def cents(amount: int) -> str:
    """Integer cents as the schema's decimal with two places: 12345 -> '123.45'."""
    if amount <= 0:
        raise ValidationError("a collection amount must be more than zero")
    return f"{amount // 100}.{amount % 100:02d}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _agent(parent: etree._Element, tag: str, bic: str | None, version: str) -> None:
    fin = _sub(_sub(parent, tag), "FinInstnId")
    if bic:
        _sub(fin, "BICFI" if version == "pain.008.001.08" else "BIC", bic)
    else:
        _sub(_sub(fin, "Othr"), "Id", "NOTPROVIDED")


def _party(parent: etree._Element, tag: str, name: str, address: PostalAddress | None, who: str) -> None:
    party = _sub(parent, tag)
    _sub(party, "Nm", fit(name, f"{who} (name)", NAME_MAX))
    if address is not None:
        adr = _sub(party, "PstlAdr")
        for child, text in address.elements():
            _sub(adr, child, text)


def _account(parent: etree._Element, tag: str, iban: str) -> None:
    _sub(_sub(_sub(parent, tag), "Id"), "IBAN", iban)


def _debit(parent: etree._Element, debit: Debit, version: str) -> None:
    tx = _sub(parent, "DrctDbtTxInf")
    _sub(_sub(tx, "PmtId"), "EndToEndId", check_identifier(debit.end_to_end, "the end-to-end reference"))
    _sub(tx, "InstdAmt", cents(debit.amount_cents), Ccy="EUR")
    mandate = _sub(_sub(tx, "DrctDbtTx"), "MndtRltdInf")
    _sub(mandate, "MndtId", check_identifier(debit.mandate_reference, "the mandate reference"))
    _sub(mandate, "DtOfSgntr", debit.signed_on.isoformat())
    change = debit.amendment
    if change is not None and (change.original_reference or change.original_iban or change.other_bank):
        _sub(mandate, "AmdmntInd", "true")
        details = _sub(mandate, "AmdmntInfDtls")
        if change.original_reference:
            _sub(details, "OrgnlMndtId", check_identifier(change.original_reference, "the former mandate reference"))
        if change.other_bank:
            # EPC: a new account at another bank is announced as 'SMNDA' (same mandate, new debtor agent).
            _sub(_sub(_sub(_sub(details, "OrgnlDbtrAcct"), "Id"), "Othr"), "Id", "SMNDA")
        elif change.original_iban:
            _account(details, "OrgnlDbtrAcct", change.original_iban)
    else:
        _sub(mandate, "AmdmntInd", "false")
    _agent(tx, "DbtrAgt", debit.debtor_bic, version)
    who = f"the debtor {debit.debtor_name}"
    _party(tx, "Dbtr", debit.debtor_name, debit.debtor_address, who)
    _account(tx, "DbtrAcct", debit.debtor_iban)
    if debit.ogm:
        ref = _sub(_sub(_sub(tx, "RmtInf"), "Strd"), "CdtrRefInf")
        tp = _sub(ref, "Tp")
        _sub(_sub(tp, "CdOrPrtry"), "Cd", "SCOR")
        _sub(tp, "Issr", "BBA")
        _sub(ref, "Ref", debit.ogm)
    elif debit.remittance:
        _sub(_sub(tx, "RmtInf"), "Ustrd", fit(debit.remittance, f"{who} (remittance)", REMITTANCE_MAX))


def build(
    *,
    message_id: str,
    created_at: datetime,
    creditor: Creditor,
    batches: Sequence[Batch],
    version: str = "pain.008.001.08",
) -> bytes:
    """The collection file as UTF-8 XML bytes; ValidationError names the field that cannot be written."""
    if version not in VERSIONS:
        raise ValidationError(f"the file version '{version}' is not pain.008.001.08 or pain.008.001.02")
    batches = [b for b in batches if b.debits]
    if not batches:
        raise ValidationError("there is nothing to collect")
    ns = namespace(version)
    root = etree.Element("Document", nsmap={None: ns})
    init = _sub(root, "CstmrDrctDbtInitn")
    header = _sub(init, "GrpHdr")
    _sub(header, "MsgId", check_identifier(message_id, "the message identification"))
    _sub(header, "CreDtTm", created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(sum(len(b.debits) for b in batches)))
    _sub(header, "CtrlSum", cents(sum(b.total_cents for b in batches)))
    _sub(_sub(header, "InitgPty"), "Nm", fit(creditor.name, "the creditor (name)", NAME_MAX))
    for number, batch in enumerate(batches, start=1):
        info = _sub(init, "PmtInf")
        _sub(info, "PmtInfId", check_identifier(f"{message_id}-{number}", "the payment information identification"))
        _sub(info, "PmtMtd", "DD")
        _sub(info, "NbOfTxs", str(len(batch.debits)))
        _sub(info, "CtrlSum", cents(batch.total_cents))
        kind = _sub(info, "PmtTpInf")
        _sub(_sub(kind, "SvcLvl"), "Cd", "SEPA")
        _sub(_sub(kind, "LclInstrm"), "Cd", batch.scheme)
        _sub(kind, "SeqTp", batch.sequence)
        _sub(info, "ReqdColltnDt", batch.collect_on.isoformat())
        _party(info, "Cdtr", creditor.name, creditor.address, "the creditor")
        _account(info, "CdtrAcct", creditor.iban)
        _agent(info, "CdtrAgt", creditor.bic, version)
        _sub(info, "ChrgBr", "SLEV")
        scheme_id = _sub(_sub(_sub(_sub(info, "CdtrSchmeId"), "Id"), "PrvtId"), "Othr")
        _sub(scheme_id, "Id", creditor.creditor_id)
        _sub(_sub(scheme_id, "SchmeNm"), "Prtry", "SEPA")
        for debit in batch.debits:
            _debit(info, debit, version)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
