"""Peppol BIS Invoice Response 3.0: the UBL ApplicationResponse saying what we do with a supplier's invoice.

Status codes (UNCL 4343 subset): AB acknowledged, IP in process, UQ under query, RE rejected, AP accepted,
PD paid. Under query and rejected must say why (rule T111-R001): status reason codes REF, LEG, REC, QUA,
DEL, PRI, QTY, ITM, PAY, UNR, FIN, PPD, OTH, NON, each with a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

NS = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:invoice_response:3"
PROFILE = "urn:fdc:peppol.eu:poacc:bis:invoice_response:3"

STATUSES = {
    "AB": "acknowledged",
    "IP": "in process",
    "UQ": "under query",
    "RE": "rejected",
    "AP": "accepted",
    "PD": "paid",
}
REASONS = {
    "NON": "no issue",
    "REF": "references incorrect",
    "LEG": "legal information incorrect",
    "REC": "receiver unknown",
    "QUA": "item quality insufficient",
    "DEL": "delivery issues",
    "PRI": "prices incorrect",
    "QTY": "quantity incorrect",
    "ITM": "items incorrect",
    "PAY": "payment terms incorrect",
    "UNR": "not recognized",
    "FIN": "finance terms not accepted",
    "PPD": "partially paid",
    "OTH": "other",
}
NEEDS_REASON = ("UQ", "RE")


@dataclass(frozen=True)
class ResponseParty:
    endpoint: str  # scheme:identifier
    name: str


def check_response(code: str, reasons: tuple[tuple[str, str], ...]) -> None:
    """ValueError in plain words when the response breaks the rules (unknown code, a reason missing)."""
    if code not in STATUSES:
        raise ValueError(f"'{code}' is not an invoice response status; use one of {', '.join(STATUSES)}")
    for reason, _text in reasons:
        if reason not in REASONS:
            raise ValueError(f"'{reason}' is not a status reason; use one of {', '.join(REASONS)}")
    if code in NEEDS_REASON and not reasons:
        raise ValueError(f"a response {code} ({STATUSES[code]}) must say why: give a reason code and a text")


def build_invoice_response(
    *,
    number: str,
    issue_date: date,
    sender: ResponseParty,
    receiver: ResponseParty,
    invoice_number: str,
    invoice_type_code: str,
    code: str,
    reasons: tuple[tuple[str, str], ...] = (),
) -> bytes:
    """The ApplicationResponse for the invoice (`380`) or credit note (`381`) numbered `invoice_number`."""
    check_response(code, reasons)
    root = etree.Element(f"{{{NS}}}ApplicationResponse", nsmap={None: NS, "cac": CAC[1:-1], "cbc": CBC[1:-1]})

    def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        element = etree.SubElement(parent, tag, **attrs)
        if text is not None:
            element.text = text
        return element

    sub(root, CBC + "CustomizationID", CUSTOMIZATION)
    sub(root, CBC + "ProfileID", PROFILE)
    sub(root, CBC + "ID", number)
    sub(root, CBC + "IssueDate", issue_date.isoformat())
    for tag, party in (("SenderParty", sender), ("ReceiverParty", receiver)):
        scheme, _, value = party.endpoint.partition(":")
        p = sub(root, CAC + tag)
        sub(p, CBC + "EndpointID", value, schemeID=scheme)
        sub(sub(p, CAC + "PartyLegalEntity"), CBC + "RegistrationName", party.name)
    document = sub(root, CAC + "DocumentResponse")
    response = sub(document, CAC + "Response")
    sub(response, CBC + "ResponseCode", code, listID="UNCL4343OpSubset")
    for reason, text in reasons:
        status = sub(response, CAC + "Status")
        sub(status, CBC + "StatusReasonCode", reason, listID="OPStatusReason")
        sub(status, CBC + "StatusReason", text)
    reference = sub(document, CAC + "DocumentReference")
    sub(reference, CBC + "ID", invoice_number)
    sub(reference, CBC + "DocumentTypeCode", invoice_type_code, listID="UNCL1001")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
