"""Reading a UBL document that arrives (invoice, credit note, Peppol invoice response): its header, lines and PDF.

Only what LedgerDesk shows, files and later books: who sent it, its number, dates, currency and totals
(Decimal, to cents with ROUND_HALF_UP, explicit), the lines for a readable rendering, the embedded PDF
when there is one, and for an invoice response its status, reasons and the document it answers. Never
raises for a missing field (the validators say what is wrong); raises ValueError for what is not XML
or not one of the three documents.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree

KINDS = {"Invoice": "invoice", "CreditNote": "credit_note", "ApplicationResponse": "invoice_response"}


@dataclass(frozen=True)
class Reason:
    code: str  # e.g. REF, PRI, QTY (UNCL 7161 / Peppol status reasons) or an action code
    text: str


@dataclass(frozen=True)
class ReadLine:
    description: str
    quantity: Decimal | None
    unit: str
    net_cents: int | None
    vat_percent: Decimal | None


@dataclass(frozen=True)
class IncomingHeader:
    kind: str  # invoice, credit_note, invoice_response
    number: str
    issue_date: date | None
    due_date: date | None
    currency: str
    supplier_name: str
    supplier_vat: str | None
    supplier_endpoint: str
    buyer_endpoint: str
    net_cents: int | None = None
    vat_cents: int | None = None
    payable_cents: int | None = None
    iban: str | None = None
    payment_reference: str | None = None
    lines: tuple[ReadLine, ...] = ()
    pdf: bytes | None = field(default=None, repr=False)
    response_code: str | None = None  # an invoice response: AB, IP, UQ, RE, AP, PD
    reasons: tuple[Reason, ...] = ()
    refers_to: str | None = None  # the number of the invoice it answers

    @property
    def supplier_key(self) -> str:
        """Who sent it, for recognising the same document twice: the VAT number, else the endpoint."""
        return (self.supplier_vat or self.supplier_endpoint).upper().replace(" ", "")


def cents(text: str | None) -> int | None:
    """A UBL amount ("1234.5") in cents, rounded half up; None if absent or not a number."""
    if text is None or not text.strip():
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _decimal(text: str | None) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _text(node: etree._Element | None, path: str) -> str:
    if node is None:
        return ""
    return (node.findtext(path) or "").strip()


def _endpoint(node: etree._Element | None) -> str:
    if node is None:
        return ""
    return f"{node.get('schemeID', '')}:{(node.text or '').strip()}"


def read_header(content: bytes) -> IncomingHeader:
    try:
        root = etree.fromstring(
            content, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        )
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not XML ({exc})") from None
    name = etree.QName(root).localname
    if name not in KINDS:
        raise ValueError(f"the root element is {name}, not Invoice, CreditNote or ApplicationResponse")
    if name == "ApplicationResponse":
        return _response(root)
    supplier = root.find("{*}AccountingSupplierParty/{*}Party")
    buyer = root.find("{*}AccountingCustomerParty/{*}Party")
    currency = _text(root, "{*}DocumentCurrencyCode")
    vat_total = next(
        (t.text for t in root.findall("{*}TaxTotal/{*}TaxAmount") if t.get("currencyID", currency) == currency),
        None,
    )
    due = _text(root, "{*}DueDate") or _text(root, "{*}PaymentMeans/{*}PaymentDueDate")
    lines = []
    for line in root.findall("{*}InvoiceLine") + root.findall("{*}CreditNoteLine"):
        quantity = line.find("{*}InvoicedQuantity")
        if quantity is None:
            quantity = line.find("{*}CreditedQuantity")
        lines.append(
            ReadLine(
                _text(line, "{*}Item/{*}Name") or _text(line, "{*}Item/{*}Description"),
                _decimal(quantity.text if quantity is not None else None),
                quantity.get("unitCode", "") if quantity is not None else "",
                cents(line.findtext("{*}LineExtensionAmount")),
                _decimal(line.findtext("{*}Item/{*}ClassifiedTaxCategory/{*}Percent")),
            )
        )
    return IncomingHeader(
        kind=KINDS[name],
        number=_text(root, "{*}ID"),
        issue_date=_day(root.findtext("{*}IssueDate")),
        due_date=_day(due),
        currency=currency,
        supplier_name=_text(supplier, "{*}PartyLegalEntity/{*}RegistrationName")
        or _text(supplier, "{*}PartyName/{*}Name"),
        supplier_vat=_text(supplier, "{*}PartyTaxScheme/{*}CompanyID") or None,
        supplier_endpoint=_endpoint(supplier.find("{*}EndpointID") if supplier is not None else None),
        buyer_endpoint=_endpoint(buyer.find("{*}EndpointID") if buyer is not None else None),
        net_cents=cents(root.findtext("{*}LegalMonetaryTotal/{*}TaxExclusiveAmount")),
        vat_cents=cents(vat_total),
        payable_cents=cents(root.findtext("{*}LegalMonetaryTotal/{*}PayableAmount")),
        iban=_text(root, "{*}PaymentMeans/{*}PayeeFinancialAccount/{*}ID") or None,
        payment_reference=_text(root, "{*}PaymentMeans/{*}PaymentID") or None,
        lines=tuple(lines),
        pdf=_embedded_pdf(root),
    )


def _embedded_pdf(root: etree._Element) -> bytes | None:
    for obj in root.findall("{*}AdditionalDocumentReference/{*}Attachment/{*}EmbeddedDocumentBinaryObject"):
        if obj.get("mimeCode") == "application/pdf" and obj.text:
            try:
                data = base64.b64decode(obj.text.strip(), validate=False)
            except (binascii.Error, ValueError):
                continue
            if data.startswith(b"%PDF"):
                return data
    return None


def _response(root: etree._Element) -> IncomingHeader:
    sender = root.find("{*}SenderParty")
    receiver = root.find("{*}ReceiverParty")
    response = root.find("{*}DocumentResponse")
    reasons = []
    if response is not None:
        for status in response.findall("{*}Response/{*}Status"):
            code = _text(status, "{*}StatusReasonCode")
            text = _text(status, "{*}StatusReason")
            if code or text:
                reasons.append(Reason(code, text))
    return IncomingHeader(
        kind="invoice_response",
        number=_text(root, "{*}ID"),
        issue_date=_day(root.findtext("{*}IssueDate")),
        due_date=None,
        currency="",
        supplier_name=_text(sender, "{*}PartyLegalEntity/{*}RegistrationName") or _text(sender, "{*}PartyName/{*}Name"),
        supplier_vat=None,
        supplier_endpoint=_endpoint(sender.find("{*}EndpointID") if sender is not None else None),
        buyer_endpoint=_endpoint(receiver.find("{*}EndpointID") if receiver is not None else None),
        response_code=_text(response, "{*}Response/{*}ResponseCode") or None,
        reasons=tuple(reasons),
        refers_to=_text(response, "{*}DocumentReference/{*}ID") or None,
    )
