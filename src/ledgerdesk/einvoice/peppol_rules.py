"""Peppol BIS Billing 3.0 rules on top of EN 16931, as Python checks over the UBL tree.

Implemented (ids as in the Peppol BIS 3.0 rule set, docs.peppol.eu/poacc/billing/3.0):
  PEPPOL-EN16931-R001, R002, R003, R004, R007, R008, R010, R020, R040, R041, R042, R043, R051, R053,
  R110, R111, R120, R121, R130, F001, P0100, P0101 and PEPPOL-COMMON-R043 (Belgian enterprise number, 0208).
They are the ones a Belgian invoice can trip over; the national rules of other countries
(NO, SE, DK, IT, NL, DE, GR ...) do not apply to a Belgian seller and are not implemented.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from lxml import etree
from stdnum.be import vat as be_vat

from . import codes
from .findings import FATAL, Finding, finding

CAC, CBC = codes.NS["cac"], codes.NS["cbc"]
X = {"cac": CAC, "cbc": CBC}
PROFILE = re.compile(r"^urn:fdc:peppol\.eu:2017:poacc:billing:\d{2}:1\.0$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INVOICE_TYPES = {
    "71",
    "80",
    "82",
    "84",
    "102",
    "218",
    "219",
    "331",
    "380",
    "382",
    "383",
    "386",
    "388",
    "393",
    "395",
    "553",
    "575",
    "623",
    "780",
    "817",
    "870",
    "875",
    "876",
    "877",
}
CREDIT_NOTE_TYPES = {"81", "83", "261", "262", "296", "308", "325", "381", "396", "420", "456", "458", "532"}
SLACK = Decimal("0.02")  # Peppol's tolerance on computed line amounts


def _path(element: etree._Element) -> str:
    """A readable location like /Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        qname = etree.QName(node)
        prefix = {CAC: "cac:", CBC: "cbc:"}.get(qname.namespace or "", "")
        parent = node.getparent()
        same = [n for n in parent if n.tag == node.tag] if parent is not None else [node]
        index = f"[{same.index(node) + 1}]" if len(same) > 1 else ""
        steps.append(f"{prefix}{qname.localname}{index}")
        node = parent
    return "/" + "/".join(reversed(steps))


_DECIMAL = re.compile(r"[+-]?([0-9]{1,30}(\.[0-9]{0,20})?|\.[0-9]{1,20})")  # xs:decimal, bounded


def _dec(text: str | None) -> Decimal | None:
    """An xs:decimal (no exponent, NaN or Infinity: the XSD reports those), else None."""
    text = (text or "").strip()
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _first(element: etree._Element, xpath: str) -> etree._Element | None:
    found = element.xpath(xpath, namespaces=X)
    return found[0] if found else None


def _text(element: etree._Element, xpath: str) -> str:
    node = _first(element, xpath)
    return (node.text or "").strip() if node is not None else ""


def _header(root: etree._Element) -> list[Finding]:
    out: list[Finding] = []
    loc = _path(root)
    profile = _text(root, "cbc:ProfileID")
    if not profile:
        out.append(finding("PEPPOL-EN16931-R001", FATAL, loc, source="peppol"))
    elif not PROFILE.match(profile):
        out.append(finding("PEPPOL-EN16931-R007", FATAL, loc, source="peppol"))
    if _text(root, "cbc:CustomizationID") != codes.CUSTOMIZATION_ID:
        out.append(finding("PEPPOL-EN16931-R004", FATAL, loc, source="peppol"))
    if len(root.xpath("cbc:Note", namespaces=X)) > 1:
        out.append(finding("PEPPOL-EN16931-R002", FATAL, loc, source="peppol"))  # fatal, as in the official rules
    if not _text(root, "cbc:BuyerReference") and not _text(root, "cac:OrderReference/cbc:ID"):
        out.append(finding("PEPPOL-EN16931-R003", FATAL, loc, source="peppol"))
    type_code = _text(root, "cbc:InvoiceTypeCode")
    if etree.QName(root).localname == "Invoice" and type_code and type_code not in INVOICE_TYPES:
        out.append(finding("PEPPOL-EN16931-P0100", FATAL, loc, source="peppol", detail=type_code))
    type_code = _text(root, "cbc:CreditNoteTypeCode")
    if etree.QName(root).localname == "CreditNote" and type_code and type_code not in CREDIT_NOTE_TYPES:
        out.append(finding("PEPPOL-EN16931-P0101", FATAL, loc, source="peppol", detail=type_code))
    taxed = [t for t in root.xpath("cac:TaxTotal", namespaces=X) if t.xpath("cac:TaxSubtotal", namespaces=X)]
    if len(taxed) != 1:
        out.append(finding("PEPPOL-EN16931-R053", FATAL, loc, source="peppol"))
    return out


def _parties(root: etree._Element) -> list[Finding]:
    out: list[Finding] = []
    seller = _first(root, "cac:AccountingSupplierParty/cac:Party")
    buyer = _first(root, "cac:AccountingCustomerParty/cac:Party")
    if seller is not None and not _text(seller, "cbc:EndpointID"):
        out.append(finding("PEPPOL-EN16931-R020", FATAL, _path(seller), source="peppol"))
    if buyer is not None and not _text(buyer, "cbc:EndpointID"):
        rates = [
            r
            for r in root.xpath(
                "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory[cbc:ID='S']/cbc:Percent/text()", namespaces=X
            )
        ]
        has_vat = bool(_text(buyer, "cac:PartyTaxScheme/cbc:CompanyID"))
        if rates and not has_vat:
            rate = format(max(_dec(r) or Decimal(0) for r in rates).normalize(), "f")
            out.append(
                finding(
                    "PEPPOL-EN16931-R010", FATAL, _path(buyer), source="peppol", key="PEPPOL-EN16931-R010-S", rate=rate
                )
            )
        else:
            out.append(finding("PEPPOL-EN16931-R010", FATAL, _path(buyer), source="peppol"))
    for node in root.xpath("//cbc:EndpointID[@schemeID='0208'] | //cbc:CompanyID[@schemeID='0208']", namespaces=X):
        value = (node.text or "").strip()
        if not (len(value) == 10 and value.isdigit() and be_vat.is_valid(value)):
            out.append(finding("PEPPOL-COMMON-R043", FATAL, _path(node), source="peppol", detail=value))
    return out


def _lines(root: etree._Element) -> list[Finding]:
    out: list[Finding] = []
    for line in root.xpath("cac:InvoiceLine | cac:CreditNoteLine", namespaces=X):
        quantity_node = _first(line, "cbc:InvoicedQuantity | cbc:CreditedQuantity")
        quantity = _dec(quantity_node.text if quantity_node is not None else None)
        net = _dec(_text(line, "cbc:LineExtensionAmount"))
        price = _dec(_text(line, "cac:Price/cbc:PriceAmount"))
        base_node = _first(line, "cac:Price/cbc:BaseQuantity")
        base = _dec(base_node.text) if base_node is not None else Decimal(1)
        if base_node is not None:
            if base is None or base <= 0:
                out.append(finding("PEPPOL-EN16931-R121", FATAL, _path(base_node), source="peppol"))
                base = None
            unit = base_node.get("unitCode")
            if unit and quantity_node is not None and unit != quantity_node.get("unitCode"):
                out.append(finding("PEPPOL-EN16931-R130", FATAL, _path(base_node), source="peppol"))
        allowances = charges = Decimal(0)
        for ac in line.xpath("cac:AllowanceCharge", namespaces=X):
            amount = _dec(_text(ac, "cbc:Amount")) or Decimal(0)
            if _text(ac, "cbc:ChargeIndicator") == "true":
                charges += amount
            else:
                allowances += amount
            pct, base_amount = _dec(_text(ac, "cbc:MultiplierFactorNumeric")), _dec(_text(ac, "cbc:BaseAmount"))
            if pct is not None and base_amount is not None and abs(amount - base_amount * pct / 100) > SLACK:
                out.append(finding("PEPPOL-EN16931-R040", FATAL, _path(ac), source="peppol"))
        if None in (quantity, net, price, base):
            continue  # missing values are EN 16931's business (BR-22, BR-24, BR-26)
        expected = quantity * (price / base) + charges - allowances  # type: ignore[operator]
        if abs(net - expected) > SLACK:  # type: ignore[operator]
            out.append(
                finding("PEPPOL-EN16931-R120", FATAL, _path(line), source="peppol", detail=_text(line, "cbc:ID"))
            )
    return out


def _line_periods(root: etree._Element) -> list[Finding]:
    """R110/R111: a line's period lies inside the document's period, when the document has one.

    ISO dates compare as text; a malformed date is F001's business."""
    start, end = _text(root, "cac:InvoicePeriod/cbc:StartDate"), _text(root, "cac:InvoicePeriod/cbc:EndDate")
    out: list[Finding] = []
    for line in root.xpath("cac:InvoiceLine | cac:CreditNoteLine", namespaces=X):
        own_start = _text(line, "cac:InvoicePeriod/cbc:StartDate")
        own_end = _text(line, "cac:InvoicePeriod/cbc:EndDate")
        detail = _text(line, "cbc:ID")
        if start and own_start and ISO_DATE.match(start) and ISO_DATE.match(own_start) and own_start < start:
            out.append(finding("PEPPOL-EN16931-R110", FATAL, _path(line), source="peppol", detail=detail))
        if end and own_end and ISO_DATE.match(end) and ISO_DATE.match(own_end) and own_end > end:
            out.append(finding("PEPPOL-EN16931-R111", FATAL, _path(line), source="peppol", detail=detail))
    return out


def _allowances(root: etree._Element) -> list[Finding]:
    """R041/R042/R043 on every allowance or charge, document or line level."""
    out: list[Finding] = []
    for ac in root.xpath("cac:AllowanceCharge | */cac:AllowanceCharge", namespaces=X):
        pct, base = _text(ac, "cbc:MultiplierFactorNumeric"), _text(ac, "cbc:BaseAmount")
        if pct and not base:
            out.append(finding("PEPPOL-EN16931-R041", FATAL, _path(ac), source="peppol"))
        if base and not pct:
            out.append(finding("PEPPOL-EN16931-R042", FATAL, _path(ac), source="peppol"))
        if _text(ac, "cbc:ChargeIndicator") not in ("true", "false"):
            out.append(finding("PEPPOL-EN16931-R043", FATAL, _path(ac), source="peppol"))
    return out


def _syntax(root: etree._Element) -> list[Finding]:
    out: list[Finding] = []
    currency = _text(root, "cbc:DocumentCurrencyCode")
    tax_currency = _text(root, "cbc:TaxCurrencyCode")
    wrong_currency = False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if len(element) == 0 and not (element.text or "").strip():
            out.append(
                finding(
                    "PEPPOL-EN16931-R008", FATAL, _path(element), source="peppol", detail=etree.QName(element).localname
                )
            )
        cid = element.get("currencyID")
        if cid and currency and cid != currency and not (tax_currency and cid == tax_currency):
            wrong_currency = True
        if element.tag.startswith(f"{{{CBC}}}") and element.tag.endswith("Date") and element.text:
            if not ISO_DATE.match(element.text.strip()):
                out.append(
                    finding("PEPPOL-EN16931-F001", FATAL, _path(element), source="peppol", detail=element.text.strip())
                )
    if wrong_currency:
        out.append(finding("PEPPOL-EN16931-R051", FATAL, _path(root), source="peppol"))
    return out


def check(root: etree._Element) -> list[Finding]:
    """Every Peppol finding for a parsed Invoice or CreditNote root element."""
    return _header(root) + _parties(root) + _lines(root) + _line_periods(root) + _allowances(root) + _syntax(root)
