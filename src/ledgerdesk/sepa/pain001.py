"""SEPA credit transfer initiation, pain.001.001.09: paying suppliers' bills from the company's account.

One payment information block (one debit on the requested day, EUR, service level SEPA, charges
shared: SLEV) with one transfer per bill. Every party has a structured address (banks refuse
unstructured ones from 15 November 2026), every text is in the EPC character set, and a bill
with a Belgian structured communication carries it as a structured creditor reference (type
SCOR, issuer BBA) so the supplier's bank matches it; other bills say their number as free text.
Pure: values in, bytes out; `sepa.schema.check` holds the result to ISO's XSD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from ..domain.document import Party
from ..domain.errors import ValidationError
from .address import address_of
from .charset import check_identifier, fit
from .schema import namespace

MESSAGE = "pain.001.001.09"
NAME_MAX = 70
REMITTANCE_MAX = 140
MAX_CENTS = 99_999_999_999  # 999,999,999.99: the largest amount a SEPA credit transfer carries


@dataclass(frozen=True)
class Transfer:
    """One bill to pay: how much, to whom (name, address, IBAN, BIC if known), with which reference."""

    end_to_end_id: str
    amount_cents: int
    creditor: Party
    iban: str
    bic: str | None
    structured_communication: str | None  # 12 digits: sent as SCOR / BBA
    reference_text: str  # the bill's number, as free text when there is no structured communication


@dataclass(frozen=True)
class CreditTransferFile:
    message_id: str
    created_at: datetime
    execution_date: date
    debtor: Party
    debtor_iban: str
    debtor_bic: str | None
    transfers: tuple[Transfer, ...]

    @property
    def control_sum(self) -> Decimal:
        return sum((Decimal(t.amount_cents) / 100 for t in self.transfers), Decimal(0))


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{namespace(MESSAGE)}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def _party(parent: etree._Element, tag: str, party: Party, who: str) -> None:
    node = _sub(parent, tag)
    _sub(node, "Nm", fit(party.name, f"{who} (name)", NAME_MAX))
    address = _sub(node, "PstlAdr")
    for element, text in address_of(party, who).elements():
        _sub(address, element, text)


def _agent(parent: etree._Element, tag: str, bic: str | None) -> None:
    institution = _sub(_sub(parent, tag), "FinInstnId")
    if bic:
        _sub(institution, "BICFI", bic)
    else:  # within SEPA the IBAN is enough (IBAN-only since 2016); the EPC's placeholder
        _sub(_sub(institution, "Othr"), "Id", "NOTPROVIDED")


def check_transfers(transfers: Sequence[Transfer]) -> None:
    if not transfers:
        raise ValidationError("there is nothing to pay")
    seen: set[str] = set()
    for t in transfers:
        check_identifier(t.end_to_end_id, "the end-to-end id")
        if t.end_to_end_id in seen:
            raise ValidationError(f"the end-to-end id {t.end_to_end_id} is used twice")
        seen.add(t.end_to_end_id)
        if not 0 < t.amount_cents <= MAX_CENTS:
            raise ValidationError(f"{t.reference_text}: a credit transfer is between 0.01 and 999999999.99 euro")


def build(file: CreditTransferFile) -> bytes:
    """The pain.001.001.09 document; ValidationError (charset, address, identifier) names the party and field."""
    check_transfers(file.transfers)
    check_identifier(file.message_id, "the message id")
    root = etree.Element(f"{{{namespace(MESSAGE)}}}Document", nsmap={None: namespace(MESSAGE)})
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", file.message_id)
    _sub(header, "CreDtTm", file.created_at.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(file.transfers)))
    _sub(header, "CtrlSum", f"{file.control_sum:.2f}")
    _sub(_sub(header, "InitgPty"), "Nm", fit(file.debtor.name, "your company (name)", NAME_MAX))

    info = _sub(initiation, "PmtInf")
    _sub(info, "PmtInfId", file.message_id)
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "BtchBookg", "false")  # one debit line per bill on the statement: each matches its bill
    _sub(info, "NbOfTxs", str(len(file.transfers)))
    _sub(info, "CtrlSum", f"{file.control_sum:.2f}")
    _sub(_sub(_sub(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    _sub(_sub(info, "ReqdExctnDt"), "Dt", file.execution_date.isoformat())
    _party(info, "Dbtr", file.debtor, "your company")
    _sub(_sub(_sub(info, "DbtrAcct"), "Id"), "IBAN", file.debtor_iban)
    _agent(info, "DbtrAgt", file.debtor_bic)
    _sub(info, "ChrgBr", "SLEV")
    for t in file.transfers:
        who = f"the supplier {t.creditor.name}"
        tx = _sub(info, "CdtTrfTxInf")
        _sub(_sub(tx, "PmtId"), "EndToEndId", t.end_to_end_id)
        _sub(_sub(tx, "Amt"), "InstdAmt", _amount(t.amount_cents), Ccy="EUR")
        if t.bic:
            _agent(tx, "CdtrAgt", t.bic)
        _party(tx, "Cdtr", t.creditor, who)
        _sub(_sub(_sub(tx, "CdtrAcct"), "Id"), "IBAN", t.iban)
        remittance = _sub(tx, "RmtInf")
        if t.structured_communication:
            reference = _sub(_sub(remittance, "Strd"), "CdtrRefInf")
            kind = _sub(reference, "Tp")
            _sub(_sub(kind, "CdOrPrtry"), "Cd", "SCOR")
            _sub(kind, "Issr", "BBA")
            _sub(reference, "Ref", t.structured_communication)
        else:
            _sub(remittance, "Ustrd", fit(t.reference_text, f"{who} (reference)", REMITTANCE_MAX))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
