"""Checking a received Peppol BIS Invoice Response 3.0 before it may touch one of our invoices.

An invoice response can open a dispute and hold reminders back, so a malformed one must not: it is
checked like an invoice is. First the UBL 2.1 schema (the ApplicationResponse document element in
resources/einvoice/invoice-response, with the OASIS common components), then the BIS rules that can
be run without the sender's context: the specification and profile identifiers, exactly one document
response, the status code from the BIS subset of UNCL 4343, clarification codes from the published
code lists (status reasons, OPStatusReason; actions, OPStatusAction) with a reason required for
UQ, CA and RE (T111-R001), and the reference to the invoice answered. Whether that invoice is ours
is asked by the inbox (it needs the book).

The rule ids are the BIS one where it has one (T111-R001); the others are named IMR-… by LedgerDesk.
"""

from __future__ import annotations

import importlib.resources
import threading
from pathlib import Path

from lxml import etree

from ..paths import resources_dir
from .findings import FATAL, Finding
from .response_writer import CUSTOMIZATION, PROFILE, REASONS

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
# The BIS Invoice Response 3.0 subset of UNCL 4343 (CA, conditionally accepted, is in the published list).
RESPONSE_CODES = {
    "AB": "acknowledged",
    "IP": "in process",
    "UQ": "under query",
    "CA": "conditionally accepted",
    "RE": "rejected",
    "AP": "accepted",
    "PD": "paid",
}
ACTIONS = {
    "NOA": "no action required",
    "PIN": "provide information",
    "NIN": "issue new invoice",
    "CNF": "credit fully",
    "CNP": "credit partially",
    "CNA": "credit the amount",
    "OTH": "other",
}
NEEDS_REASON = ("UQ", "CA", "RE")
INVOICE_TYPES = (
    "380",
    "381",
    "383",
    "384",
    "386",
    "389",
    "751",
    "261",
    "262",
    "296",
    "308",
    "325",
    "326",
    "396",
    "532",
)

# Sentences per rule: English msgids with values, translated at the edge like every finding.
WORDS = {
    "IMR-XSD": "The invoice response is not valid UBL 2.1: {detail}",
    "IMR-XML": "The invoice response is not readable XML: {detail}",
    "IMR-CUSTOMIZATION": "The invoice response does not declare Peppol BIS Invoice Response 3.0 (it says '{value}').",
    "IMR-PROFILE": "The invoice response does not declare the Peppol invoice response process (it says '{value}').",
    "IMR-DOCUMENT-RESPONSE": "An invoice response answers exactly one invoice; this one has {count} document responses.",
    "IMR-CODE": "'{value}' is not an invoice response status: AB, IP, UQ, CA, RE, AP or PD.",
    "IMR-REASON": "'{value}' is not a status reason code (NON, REF, LEG, REC, QUA, DEL, PRI, QTY, ITM, PAY, UNR, "
    "FIN, PPD, OTH).",
    "IMR-ACTION": "'{value}' is not a status action code (NOA, PIN, NIN, CNF, CNP, CNA, OTH).",
    "IMR-LIST": "The clarification code '{value}' names no known code list ('{list}'): OPStatusReason or "
    "OPStatusAction.",
    "T111-R001": "A response '{value}' must say why: a status reason code is missing.",
    "IMR-REFERENCE": "The invoice response does not say which invoice it answers (DocumentReference ID).",
    "IMR-DOCUMENT-TYPE": "The invoice response answers a document of type '{value}', which is not an invoice "
    "or credit note.",
    "IMR-NOT-OURS": "The invoice response answers invoice {value}, which is not an issued invoice of this book.",
}

_lock = threading.Lock()
_schema: list[etree.XMLSchema] = []


def _xsd() -> etree.XMLSchema:
    """Compiled once; the common components are imported relative to the OASIS maindoc folder."""
    with _lock:
        if not _schema:
            maindoc = Path(str(importlib.resources.files("peppol") / "schema" / "maindoc"))
            source = resources_dir() / "einvoice" / "invoice-response" / "ApplicationResponse-2.1.xsd"
            tree = etree.parse(str(source), base_url=(maindoc / "UBL-ApplicationResponse-2.1.xsd").as_uri())
            _schema.append(etree.XMLSchema(tree))
        return _schema[0]


def problem(rule: str, location: str = "", **values: str) -> Finding:
    msgid = WORDS[rule]
    return Finding(rule, FATAL, msgid.format(**values), location, "imr", msgid, dict(values))


def check(content: bytes) -> list[Finding]:
    """Every broken rule of a received invoice response (empty: it may be applied)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.ElementTree(etree.fromstring(content, parser))
    except (etree.XMLSyntaxError, ValueError) as exc:
        return [problem("IMR-XML", "line 1", detail=str(exc))]
    schema = _xsd()
    if not schema.validate(tree):
        return [
            problem("IMR-XSD", f"line {e.line}", detail=_short(e.message))
            for e in schema.error_log  # type: ignore[attr-defined]
        ]
    return _bis(tree.getroot())


def _short(message: str) -> str:
    for prefix, uri in NS.items():
        message = message.replace("{" + uri + "}", prefix + ":")
    return message.replace("{urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2}", "")


def _bis(root: etree._Element) -> list[Finding]:
    found = []

    def text(node: etree._Element, path: str) -> str:
        return " ".join("".join(node.xpath(f"{path}/text()", namespaces=NS)).split())

    customization, profile = text(root, "cbc:CustomizationID"), text(root, "cbc:ProfileID")
    if customization != CUSTOMIZATION:
        found.append(problem("IMR-CUSTOMIZATION", "/ApplicationResponse/cbc:CustomizationID", value=customization))
    if profile != PROFILE:
        found.append(problem("IMR-PROFILE", "/ApplicationResponse/cbc:ProfileID", value=profile))
    responses = root.xpath("cac:DocumentResponse", namespaces=NS)
    if len(responses) != 1:
        found.append(problem("IMR-DOCUMENT-RESPONSE", "/ApplicationResponse", count=str(len(responses))))
        return found
    response = responses[0]
    where = "/ApplicationResponse/cac:DocumentResponse"
    code = text(response, "cac:Response/cbc:ResponseCode")
    if code not in RESPONSE_CODES:
        found.append(problem("IMR-CODE", f"{where}/cac:Response/cbc:ResponseCode", value=code))
    reasons = 0
    for index, status in enumerate(response.xpath("cac:Response/cac:Status", namespaces=NS), start=1):
        at = f"{where}/cac:Response/cac:Status[{index}]/cbc:StatusReasonCode"
        for node in status.xpath("cbc:StatusReasonCode", namespaces=NS):
            value, listed = " ".join((node.text or "").split()), node.get("listID", "")
            if listed == "OPStatusReason":
                reasons += 1
                if value not in REASONS:
                    found.append(problem("IMR-REASON", at, value=value))
            elif listed == "OPStatusAction":
                if value not in ACTIONS:
                    found.append(problem("IMR-ACTION", at, value=value))
            else:
                found.append(problem("IMR-LIST", at, value=value, list=listed))
    if code in NEEDS_REASON and not reasons:
        found.append(problem("T111-R001", f"{where}/cac:Response", value=code))
    if not text(response, "cac:DocumentReference/cbc:ID"):
        found.append(problem("IMR-REFERENCE", f"{where}/cac:DocumentReference"))
    kind = text(response, "cac:DocumentReference/cbc:DocumentTypeCode")
    if kind and kind not in INVOICE_TYPES:
        found.append(problem("IMR-DOCUMENT-TYPE", f"{where}/cac:DocumentReference/cbc:DocumentTypeCode", value=kind))
    return found
