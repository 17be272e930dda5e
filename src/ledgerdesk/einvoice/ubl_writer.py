"""Peppol BIS Billing 3.0 (UBL 2.1) writer for invoices and credit notes, built with lxml.

The writer is pure: it takes a `CommercialDocument` (the value the PDF prints too, made by the
service from the issued snapshots) and returns bytes. Element order follows the UBL 2.1 schema sequence,
which is strict; escaping is lxml's job.
"""

from __future__ import annotations

import base64
import re
from decimal import Decimal

from lxml import etree

from ..domain import references
from ..domain.document import CommercialDocument, Party
from ..domain.invoicing import LineInput
from ..domain.money import round_cents
from ..domain.supply import ServicePeriod
from ..domain.vat import CREDIT_NOTE_MENTION, UBL_CATEGORY, Exemption, VatTreatment, exemption_mention
from ..i18n import gettext
from ..user_files import safe_file_name
from . import codes

CAC = "{{{}}}".format(codes.NS["cac"])
CBC = "{{{}}}".format(codes.NS["cbc"])


def _payment_terms(doc: CommercialDocument) -> str:
    """The payment terms sentence (BT-20) in the document's language."""
    _ = gettext(doc.language)
    if doc.is_credit_note:
        return _("The amount is refunded or set off against open invoices.")
    if doc.payment_terms_days:
        due = doc.due_date.strftime("%d/%m/%Y") if doc.due_date else ""
        return _("Payment within {days} days, by {due}.", days=doc.payment_terms_days, due=due)
    return _("Payable on receipt.")


def _note(doc: CommercialDocument) -> str:
    """The one document note Peppol allows: the user's notes, a credit note's VAT mention, and the
    mandatory statement of a rated case (6 % renovation), which has no exemption reason to carry it."""
    notes = [doc.notes.strip()] if doc.notes.strip() else []
    if doc.is_credit_note:
        notes.append(CREDIT_NOTE_MENTION[doc.language])
    for case in doc.exemptions:
        if UBL_CATEGORY[case] == "S":
            notes.append(exemption_mention(case, doc.language, doc.issue_date))
    return " ".join(notes)


def _outside_scope(doc: CommercialDocument) -> bool:
    """A document not subject to VAT carries no VAT identifiers at all (EN 16931 BR-O-02)."""
    return Exemption.OUTSIDE_SCOPE in doc.exemptions


def _amount(cents: int) -> str:
    return format(Decimal(cents).scaleb(-2), "f")


def _decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


# Characters XML 1.0 cannot carry (control characters pasted into a description, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs) if attrs else etree.SubElement(parent, tag)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _money(parent: etree._Element, tag: str, cents: int, currency: str) -> None:
    _sub(parent, CBC + tag, _amount(cents), currencyID=currency)


def _party(
    parent: etree._Element, wrapper: str, party: Party, *, vat_id: bool = True, creditor_id: str | None = None
) -> None:
    p = _sub(_sub(parent, CAC + wrapper), CAC + "Party")
    address = codes.endpoint(party.country, party.vat, party.email)
    if address:
        _sub(p, CBC + "EndpointID", address[1], schemeID=address[0])
    if creditor_id:  # BT-90, the bank-assigned creditor identifier of a direct debit
        _sub(_sub(p, CAC + "PartyIdentification"), CBC + "ID", creditor_id, schemeID="SEPA")
    _sub(_sub(p, CAC + "PartyName"), CBC + "Name", party.name)
    postal = _sub(p, CAC + "PostalAddress")
    if party.street:
        _sub(postal, CBC + "StreetName", party.street)
    if party.city:
        _sub(postal, CBC + "CityName", party.city)
    if party.postcode:
        _sub(postal, CBC + "PostalZone", party.postcode)
    _sub(_sub(postal, CAC + "Country"), CBC + "IdentificationCode", party.country or "BE")
    if party.vat and vat_id:
        scheme = _sub(p, CAC + "PartyTaxScheme")
        _sub(scheme, CBC + "CompanyID", party.vat)
        _sub(_sub(scheme, CAC + "TaxScheme"), CBC + "ID", "VAT")
    legal = _sub(p, CAC + "PartyLegalEntity")
    _sub(legal, CBC + "RegistrationName", party.name)
    if party.enterprise_number:
        _sub(legal, CBC + "CompanyID", party.enterprise_number, schemeID=codes.BE_ENTERPRISE_EAS)
    if party.email or party.phone:
        contact = _sub(p, CAC + "Contact")
        if party.phone:
            _sub(contact, CBC + "Telephone", party.phone)
        if party.email:
            _sub(contact, CBC + "ElectronicMail", party.email)


def _period(parent: etree._Element, period: ServicePeriod | None) -> None:
    """An InvoicePeriod: the document's (BG-14, BT-73/74) or a line's (BG-26, BT-134/135)."""
    if period is not None:
        element = _sub(parent, CAC + "InvoicePeriod")
        _sub(element, CBC + "StartDate", period.start.isoformat())
        _sub(element, CBC + "EndDate", period.end.isoformat())


def _tax_category(parent: etree._Element, tag: str, vat: VatTreatment, text: str | None = None) -> None:
    category = _sub(parent, CAC + tag)
    _sub(category, CBC + "ID", vat.ubl_category)
    if vat.ubl_category != "O":  # 'not subject to VAT' has no rate at all (BR-O-05, BR-O-09)
        _sub(category, CBC + "Percent", _decimal(vat.rate))
    if text is not None and vat.exemption is not None and vat.ubl_category != "S":
        if vat.exemption in codes.VATEX:
            _sub(category, CBC + "TaxExemptionReasonCode", codes.VATEX[vat.exemption])
        _sub(category, CBC + "TaxExemptionReason", text)
    _sub(_sub(category, CAC + "TaxScheme"), CBC + "ID", "VAT")


def _line(root: etree._Element, doc: CommercialDocument, position: int, line: LineInput) -> None:
    credit = doc.kind == "credit_note"
    element = _sub(root, CAC + ("CreditNoteLine" if credit else "InvoiceLine"))
    _sub(element, CBC + "ID", str(position))
    quantity, price = line.quantity, line.unit_price
    if price < 0:
        # EN 16931 forbids a negative price (BR-27): a negative line is a negative quantity instead.
        quantity, price = -quantity, -price
    _sub(
        element,
        CBC + ("CreditedQuantity" if credit else "InvoicedQuantity"),
        _decimal(quantity),
        unitCode=codes.unit_code(line.unit),
    )
    _money(element, "LineExtensionAmount", line.net_cents, doc.currency)
    _period(element, line.period)  # after the amount, before any allowance (UBL 2.1 sequence)
    if line.discount_pct:
        gross_cents = int(round_cents(quantity * price).scaleb(2))
        allowance = _sub(element, CAC + "AllowanceCharge")
        _sub(allowance, CBC + "ChargeIndicator", "false")
        _sub(allowance, CBC + "AllowanceChargeReasonCode", codes.DISCOUNT_REASON_CODE)
        _sub(allowance, CBC + "AllowanceChargeReason", gettext(doc.language)("Discount"))
        _sub(allowance, CBC + "MultiplierFactorNumeric", _decimal(line.discount_pct))
        _money(allowance, "Amount", gross_cents - line.net_cents, doc.currency)
        _money(allowance, "BaseAmount", gross_cents, doc.currency)
    item = _sub(element, CAC + "Item")
    description = _NOT_XML.sub("", line.description).strip()
    name = next((part.strip()[:200] for part in description.splitlines() if part.strip()), "-")
    if description and name != description:
        _sub(item, CBC + "Description", description)  # the full text when the name had to be cut
    _sub(item, CBC + "Name", name)
    _tax_category(item, "ClassifiedTaxCategory", line.vat)
    _sub(_sub(element, CAC + "Price"), CBC + "PriceAmount", _decimal(price), currencyID=doc.currency)


def build_ubl(doc: CommercialDocument, *, pdf: bytes | None = None) -> bytes:
    """The UBL 2.1 XML of an invoice or credit note, UTF-8 with declaration, with its PDF embedded if given."""
    if doc.number is None:
        raise ValueError("a document needs a number (or the number it would take) to become a UBL file")
    credit = doc.is_credit_note
    note = _note(doc)
    payment_terms = _payment_terms(doc)
    root_ns = codes.NS["cn" if credit else "inv"]
    nsmap = {None: root_ns, "cac": codes.NS["cac"], "cbc": codes.NS["cbc"]}
    root = etree.Element("{{{}}}{}".format(root_ns, "CreditNote" if credit else "Invoice"), nsmap=nsmap)
    _sub(root, CBC + "CustomizationID", codes.CUSTOMIZATION_ID)
    _sub(root, CBC + "ProfileID", codes.PROFILE_ID)
    _sub(root, CBC + "ID", doc.number)
    _sub(root, CBC + "IssueDate", doc.issue_date.isoformat())
    if not credit and doc.due_date:
        _sub(root, CBC + "DueDate", doc.due_date.isoformat())  # a CreditNote has no DueDate in UBL 2.1
    _sub(
        root,
        CBC + ("CreditNoteTypeCode" if credit else "InvoiceTypeCode"),
        codes.CREDIT_NOTE_TYPE if credit else codes.INVOICE_TYPE,
    )
    if note.strip():
        _sub(root, CBC + "Note", note.strip())  # Peppol allows a single document note (R002)
    _sub(root, CBC + "DocumentCurrencyCode", doc.currency)
    refs = doc.customer_references
    # Peppol needs a buyer reference or an order reference (R003): without the customer's own, the
    # document number stands in as before.
    if refs.buyer_reference or not refs.order_reference:
        _sub(root, CBC + "BuyerReference", refs.buyer_reference or doc.number)
    _period(root, doc.service_period)
    if refs.order_reference:
        _sub(_sub(root, CAC + "OrderReference"), CBC + "ID", refs.order_reference)  # BT-13
    if credit and doc.corrects:
        reference = _sub(_sub(root, CAC + "BillingReference"), CAC + "InvoiceDocumentReference")
        _sub(reference, CBC + "ID", doc.corrects.number)
        if doc.corrects.issue_date:
            _sub(reference, CBC + "IssueDate", doc.corrects.issue_date.isoformat())
    if refs.contract_reference:
        _sub(_sub(root, CAC + "ContractDocumentReference"), CBC + "ID", refs.contract_reference)  # BT-12
    if pdf:
        attachment_ref = _sub(root, CAC + "AdditionalDocumentReference")
        _sub(attachment_ref, CBC + "ID", doc.number)
        _sub(attachment_ref, CBC + "DocumentDescription", "Credit note" if credit else "Invoice")
        _sub(
            _sub(attachment_ref, CAC + "Attachment"),
            CBC + "EmbeddedDocumentBinaryObject",
            base64.b64encode(pdf).decode("ascii"),
            mimeCode="application/pdf",
            filename=safe_file_name(doc.number, ".pdf"),
        )  # the customer's software saves it under this name
    debit = doc.direct_debit if not credit else None
    _party(
        root,
        "AccountingSupplierParty",
        doc.seller,
        vat_id=not _outside_scope(doc),
        creditor_id=debit.creditor_id if debit else None,
    )
    _party(root, "AccountingCustomerParty", doc.buyer, vat_id=not _outside_scope(doc))
    if any(v.exemption is Exemption.INTRA_EU for v in doc.breakdown):
        # Intra-community supplies need the delivery date and the country goods go to (BR-IC-11/12).
        delivery = _sub(root, CAC + "Delivery")
        _sub(delivery, CBC + "ActualDeliveryDate", (doc.delivery_date or doc.issue_date).isoformat())
        location = _sub(_sub(delivery, CAC + "DeliveryLocation"), CAC + "Address")
        _sub(_sub(location, CAC + "Country"), CBC + "IdentificationCode", doc.buyer.country)
    elif doc.delivery_date:
        _sub(_sub(root, CAC + "Delivery"), CBC + "ActualDeliveryDate", doc.delivery_date.isoformat())
    iban, bic = doc.seller.iban, doc.seller.bic
    if debit is not None:
        # SEPA direct debit (UNCL 4461 code 59): mandate reference BT-89, debited account BT-91.
        means = _sub(root, CAC + "PaymentMeans")
        _sub(means, CBC + "PaymentMeansCode", codes.SEPA_DIRECT_DEBIT)
        if doc.structured_communication:
            _sub(means, CBC + "PaymentID", references.format(doc.structured_communication))
        mandate = _sub(means, CAC + "PaymentMandate")
        _sub(mandate, CBC + "ID", debit.mandate_reference)
        _sub(_sub(mandate, CAC + "PayerFinancialAccount"), CBC + "ID", debit.debtor_iban)
    elif iban and not credit:
        means = _sub(root, CAC + "PaymentMeans")
        code = codes.SEPA_CREDIT_TRANSFER if doc.currency == "EUR" else codes.CREDIT_TRANSFER
        _sub(means, CBC + "PaymentMeansCode", code)
        if doc.structured_communication:
            _sub(means, CBC + "PaymentID", references.format(doc.structured_communication))
        account = _sub(means, CAC + "PayeeFinancialAccount")
        _sub(account, CBC + "ID", iban)
        _sub(account, CBC + "Name", doc.seller.name)
        if bic:
            _sub(_sub(account, CAC + "FinancialInstitutionBranch"), CBC + "ID", bic)
    if payment_terms.strip():
        _sub(_sub(root, CAC + "PaymentTerms"), CBC + "Note", payment_terms.strip())
    tax_total = _sub(root, CAC + "TaxTotal")
    _money(tax_total, "TaxAmount", doc.vat_cents, doc.currency)
    for vat_line in doc.breakdown:
        subtotal = _sub(tax_total, CAC + "TaxSubtotal")
        _money(subtotal, "TaxableAmount", vat_line.base_cents, doc.currency)
        _money(subtotal, "TaxAmount", vat_line.vat_cents, doc.currency)
        treatment = VatTreatment(vat_line.rate, vat_line.exemption)
        text = (
            exemption_mention(vat_line.exemption, doc.language, doc.issue_date)
            if vat_line.exemption and treatment.ubl_category != "S"
            else None
        )
        _tax_category(subtotal, "TaxCategory", treatment, text or None)
    totals = _sub(root, CAC + "LegalMonetaryTotal")
    _money(totals, "LineExtensionAmount", doc.net_cents, doc.currency)
    _money(totals, "TaxExclusiveAmount", doc.net_cents, doc.currency)
    _money(totals, "TaxInclusiveAmount", doc.total_cents, doc.currency)
    prepaid = min(doc.prepaid_cents, doc.total_cents) if doc.prepaid_cents is not None else None
    if prepaid is not None:  # BR-CO-16: payable = total with VAT − prepaid
        _money(totals, "PrepaidAmount", prepaid, doc.currency)
    _money(totals, "PayableAmount", doc.total_cents - (prepaid or 0), doc.currency)
    for position, line in enumerate(doc.lines, start=1):
        _line(root, doc, position, line)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
