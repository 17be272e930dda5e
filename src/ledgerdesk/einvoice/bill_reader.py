"""Reading a supplier's UBL invoice or credit note (Peppol BIS 3.0, e-fff, any EN 16931 UBL) as a received bill.

The bill keeps what the supplier states: its lines (description, quantity, unit, price, VAT
category and rate, line total), the document's allowances and charges as lines of their own, and
per VAT category the taxable amount, whose VAT must be that base times the rate (EN 16931
BR-CO-17) and which the lines must add up to (BR-CO-10, BR-S-08 and the other categories' -08
rules), the payable amount, the due date, the structured communication and the account to pay. A document that is not valid is never read: the service
validates first (`einvoice.validate`). Pure: bytes in, a value or a `Refused` out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from ..domain import references
from ..domain.document import DocumentKind, Party
from ..domain.errors import ValidationError
from ..domain.identifiers import validate_vat
from ..domain.invoicing import LineInput, vat_on
from ..domain.money import to_cents
from ..domain.vat import Exemption, VatTreatment
from .codes import CUSTOMIZATION_ID, NS

# EN 16931 VAT category codes (UNCL 5305) as the book's VAT treatments: the exempt and reverse-charge
# categories carry 0 % and the Belgian case whose meaning is the same.
_CATEGORY_EXEMPTION: dict[str, Exemption | None] = {
    "S": None,
    "Z": None,
    "L": None,
    "M": None,
    "E": Exemption.ART44,
    "AE": Exemption.REVERSE_CHARGE,
    "K": Exemption.INTRA_EU,
    "G": Exemption.EXPORT,
    "O": Exemption.OUTSIDE_SCOPE,
}
CREDIT_NOTE_TYPES = {"381", "396", "532"}  # UNCL 1001 credit note codes EN 16931 allows
# The EN 16931 rule that the lines, allowances and charges of a VAT category add up to its taxable amount.
_SUM_RULE = {"S": "S", "Z": "Z", "E": "E", "AE": "AE", "K": "IC", "G": "G", "O": "O", "L": "AF", "M": "AG"}
PRICE_PLACES = Decimal("0.000001")  # a unit price derived from a line total keeps at most six decimals


class Refused(ValidationError):
    """The document cannot become a bill: the rule it breaks and the field (an XPath-like location)."""

    def __init__(self, rule: str, location: str, problem: str) -> None:
        super().__init__(f"{rule} at {location}: {problem}")
        self.rule = rule
        self.location = location
        self.problem = problem


@dataclass(frozen=True)
class RateTotal:
    """One VAT category of the document as it states it (cents of the document currency)."""

    category: str
    rate: Decimal
    base_cents: int
    vat_cents: int

    @property
    def treatment(self) -> VatTreatment:
        return VatTreatment(self.rate, _CATEGORY_EXEMPTION.get(self.category))


@dataclass(frozen=True)
class ReceivedLine:
    """One line of the document (or one document allowance or charge) with its VAT category code."""

    line: LineInput
    category: str


@dataclass(frozen=True)
class ReceivedBill:
    """What a supplier's UBL document says, in the book's terms."""

    kind: DocumentKind
    number: str
    issue_date: date
    due_date: date | None
    currency: str
    supplier: Party
    rates: tuple[RateTotal, ...]
    received_lines: tuple[ReceivedLine, ...]  # the document's lines, then its allowances and charges
    tax_inclusive_cents: int
    payable_cents: int
    structured_communication: str | None
    payment_id: str
    iban: str | None
    bic: str | None
    customization: str
    corrects: str | None

    @property
    def is_peppol(self) -> bool:
        return self.customization == CUSTOMIZATION_ID

    def lines(self) -> tuple[LineInput, ...]:
        """The supplier's lines as stated; per VAT category their nets add up to its taxable amount."""
        return tuple(r.line for r in self.received_lines)


def _path(element: etree._Element) -> str:
    """Where the element is, as the validator's findings say it: /Invoice/cac:TaxTotal/cac:TaxSubtotal[2]."""
    tree = element.getroottree()
    path = str(tree.getpath(element))
    return "/" + etree.QName(tree.getroot()).localname + path[2:] if path.startswith("/*") else path


def _text(root: etree._Element, xpath: str) -> str:
    found = root.find(xpath, NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def _amount(element: etree._Element | None, rule: str, where: str) -> int:
    if element is None:
        raise Refused(rule, where, "the amount is missing")
    try:
        value = Decimal((element.text or "").strip())
        cents = to_cents(value)
    except (InvalidOperation, ValueError):
        raise Refused(rule, _path(element), f"'{element.text}' is not an amount") from None
    if value != Decimal(cents) / 100:
        raise Refused("BR-DEC", _path(element), f"the amount {value} has more than two decimals")
    return cents


def _day(root: etree._Element, xpath: str, rule: str) -> date | None:
    found = root.find(xpath, NS)
    if found is None or not (found.text or "").strip():
        return None
    try:
        return date.fromisoformat(found.text.strip())
    except ValueError:
        raise Refused(rule, _path(found), f"'{found.text}' is not a date") from None


def _party(root: etree._Element) -> Party:
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    if party is None:
        raise Refused("BR-06", "/cac:AccountingSupplierParty", "the seller is missing")
    name = _text(party, "cac:PartyName/cbc:Name") or _text(party, "cac:PartyLegalEntity/cbc:RegistrationName")
    if not name:
        raise Refused("BR-06", _path(party), "the seller's name is missing")
    vat_raw = ""
    for scheme in party.iterfind("cac:PartyTaxScheme", NS):
        if _text(scheme, "cac:TaxScheme/cbc:ID").upper() == "VAT":
            vat_raw = _text(scheme, "cbc:CompanyID")
            break
    vat: str | None = None
    if vat_raw:
        try:
            vat = validate_vat(vat_raw)
        except ValidationError:
            # Outside the EU (NO…MVA, GB…) stdnum has no check; the schematron accepted it: keep it as stated.
            vat = "".join(vat_raw.split()).upper()[:20]
    address = party.find("cac:PostalAddress", NS)
    street = city = postcode = ""
    country = "BE"
    if address is not None:
        street = " ".join(
            t for t in (_text(address, "cbc:StreetName"), _text(address, "cbc:AdditionalStreetName")) if t
        )
        city, postcode = _text(address, "cbc:CityName"), _text(address, "cbc:PostalZone")
        country = _text(address, "cac:Country/cbc:IdentificationCode").upper() or "BE"
    return Party(
        name=name[:200],
        street=street[:200],
        postcode=postcode[:20],
        city=city[:100],
        country=country[:2],
        vat=vat,
        email=_text(party, "cac:Contact/cbc:ElectronicMail")[:200],
    )


def _decimal(element: etree._Element, xpath: str, default: str, rule: str) -> Decimal:
    text = _text(element, xpath) or default
    try:
        return Decimal(text)
    except InvalidOperation:
        raise Refused(rule, _path(element), f"'{text}' is not a number") from None


def _treatment(
    element: etree._Element, xpath: str, treatments: dict[tuple[str, Decimal], VatTreatment]
) -> tuple[str, VatTreatment]:
    """The VAT category of a line, allowance or charge, which the document's VAT breakdown must state."""
    category = _text(element, f"{xpath}/cbc:ID").upper()
    rate = _decimal(element, f"{xpath}/cbc:Percent", "0", "BR-CO-18")
    found = treatments.get((category, rate))
    if found is None:
        rule = f"BR-{_SUM_RULE.get(category, category)}-08" if category in _SUM_RULE else "BR-CO-18"
        raise Refused(rule, _path(element), f"VAT category {category} at {rate} % is not in the VAT breakdown")
    return category, found


def _line(element: etree._Element, treatments: dict[tuple[str, Decimal], VatTreatment]) -> ReceivedLine:
    """A document line as the book's line: its quantity, unit and price when they give its stated total,
    else the price per unit its total gives (line allowances and charges included), else one of its total."""
    category, vat = _treatment(element, "cac:Item/cac:ClassifiedTaxCategory", treatments)
    net = _amount(element.find("cbc:LineExtensionAmount", NS), "BR-CO-10", _path(element))
    quantity_tag = (
        "cbc:CreditedQuantity" if element.find("cbc:CreditedQuantity", NS) is not None else "cbc:InvoicedQuantity"
    )
    quantity = _decimal(element, quantity_tag, "1", "BR-22")
    found = element.find(quantity_tag, NS)
    unit = ((found.get("unitCode") if found is not None else "") or "")[:20]
    price = _decimal(element, "cac:Price/cbc:PriceAmount", "0", "BR-26")
    per = _decimal(element, "cac:Price/cbc:BaseQuantity", "1", "BR-26") or Decimal(1)
    name = _text(element, "cac:Item/cbc:Name") or _text(element, "cbc:ID")
    description = (name or "-")[:500]
    for candidate in _prices(quantity, price / per, net):
        line = LineInput(description, quantity, candidate, vat, unit=unit)
        if line.net_cents == net:
            return ReceivedLine(line, category)
    return ReceivedLine(LineInput(description, Decimal(1), Decimal(net) / 100, vat, unit=unit), category)


def _prices(quantity: Decimal, stated: Decimal, net_cents: int) -> list[Decimal]:
    if quantity == 0:
        return []
    derived = (Decimal(net_cents) / 100 / quantity).quantize(PRICE_PLACES).normalize()
    return [stated, Decimal(format(derived, "f"))]


def _allowance_charge(element: etree._Element, treatments: dict[tuple[str, Decimal], VatTreatment]) -> ReceivedLine:
    """A document allowance (negative) or charge as a line of one at its amount, named by its reason."""
    charge = _text(element, "cbc:ChargeIndicator").lower() == "true"
    category, vat = _treatment(element, "cac:TaxCategory", treatments)
    cents = _amount(element.find("cbc:Amount", NS), "BR-CO-13", _path(element))
    reason = _text(element, "cbc:AllowanceChargeReason") or _text(element, "cbc:AllowanceChargeReasonCode")
    sign = 1 if charge else -1
    return ReceivedLine(LineInput((reason or "-")[:500], Decimal(1), Decimal(sign * cents) / 100, vat), category)


def _check_lines_per_category(root: etree._Element, rates: list[RateTotal], received: list[ReceivedLine]) -> None:
    """Per VAT category, the lines, allowances and charges add up to the taxable amount stated."""
    sums: dict[tuple[str, Decimal], int] = {}
    for r in received:
        key = (r.category, r.line.vat.rate)
        sums[key] = sums.get(key, 0) + r.line.net_cents
    subtotals = [sub for total in root.iterfind("cac:TaxTotal", NS) for sub in total.iterfind("cac:TaxSubtotal", NS)]
    for rate in rates:
        got = sums.get((rate.category, rate.rate), 0)
        if got != rate.base_cents:
            where = next(
                (
                    _path(sub.find("cbc:TaxableAmount", NS))
                    for sub in subtotals
                    if _text(sub, "cac:TaxCategory/cbc:ID").upper() == rate.category
                    and sub.find("cbc:TaxableAmount", NS) is not None
                ),
                "/cac:TaxTotal",
            )
            raise Refused(
                f"BR-{_SUM_RULE.get(rate.category, rate.category)}-08",
                where,
                f"the lines of VAT category {rate.category} at {rate.rate} % add up to {got / 100:.2f}, "
                f"not the taxable amount {rate.base_cents / 100:.2f}",
            )


def _ogm(payment_id: str) -> str | None:
    """A payment id that is a Belgian structured communication (+++…+++ or the 12 digits)."""
    digits = references.compact(payment_id) if payment_id else ""
    return digits if len(digits) == 12 and digits.isdigit() and references.is_valid(digits) else None


def read_bill(xml: bytes) -> ReceivedBill:
    """The bill a (validated) UBL invoice or credit note states; `Refused` names the rule and the field."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise Refused("XML", f"line {exc.lineno}", str(exc)) from None
    local = etree.QName(root).localname
    if local not in ("Invoice", "CreditNote"):
        raise Refused("UBL-XSD", "/", f"the root element is {local}, not Invoice or CreditNote")
    type_code = _text(root, "cbc:InvoiceTypeCode") or _text(root, "cbc:CreditNoteTypeCode")
    credit = local == "CreditNote" or type_code in CREDIT_NOTE_TYPES
    kind = DocumentKind.PURCHASE_CREDIT_NOTE if credit else DocumentKind.PURCHASE_INVOICE
    number = _text(root, "cbc:ID")
    if not number:
        raise Refused("BR-02", f"/{local}/cbc:ID", "the document has no number")
    issue = _day(root, "cbc:IssueDate", "BR-03")
    if issue is None:
        raise Refused("BR-03", f"/{local}/cbc:IssueDate", "the document has no issue date")
    due = _day(root, "cbc:DueDate", "BR-CO-25") or _day(root, "cac:PaymentMeans/cbc:PaymentDueDate", "BR-CO-25")
    currency = _text(root, "cbc:DocumentCurrencyCode").upper()
    if not currency:
        raise Refused("BR-05", f"/{local}/cbc:DocumentCurrencyCode", "the document has no currency")

    rates: list[RateTotal] = []
    for total in root.iterfind("cac:TaxTotal", NS):
        amount = total.find("cbc:TaxAmount", NS)
        if amount is None or amount.get("currencyID", currency).upper() != currency:
            continue  # the VAT total in the VAT accounting currency (BT-111) repeats it in another currency
        for sub in total.iterfind("cac:TaxSubtotal", NS):
            category = _text(sub, "cac:TaxCategory/cbc:ID").upper()
            percent_text = _text(sub, "cac:TaxCategory/cbc:Percent") or "0"
            try:
                rate = Decimal(percent_text)
            except InvalidOperation:
                raise Refused("BR-CO-17", _path(sub), f"'{percent_text}' is not a VAT rate") from None
            base = _amount(sub.find("cbc:TaxableAmount", NS), "BR-CO-17", _path(sub))
            vat = _amount(sub.find("cbc:TaxAmount", NS), "BR-CO-17", _path(sub))
            if category not in _CATEGORY_EXEMPTION:
                raise Refused("BR-CL-17", _path(sub), f"'{category}' is not a VAT category of EN 16931")
            if vat_on(base, rate) != vat:
                raise Refused("BR-CO-17", _path(sub), f"the VAT {vat / 100:.2f} is not {rate} % of {base / 100:.2f}")
            if any(r.category == category and r.rate == rate for r in rates):
                raise Refused("BR-CO-17", _path(sub), f"VAT category {category} at {rate} % is stated twice")
            rates.append(RateTotal(category, rate, base, vat))
    if not rates:
        raise Refused("BR-CO-18", f"/{local}/cac:TaxTotal", "the VAT breakdown is missing")

    treatments = {(r.category, r.rate): r.treatment for r in rates}
    line_tag = "cac:CreditNoteLine" if local == "CreditNote" else "cac:InvoiceLine"
    received = [_line(line, treatments) for line in root.iterfind(line_tag, NS)]
    line_total = sum(r.line.net_cents for r in received)
    received += [_allowance_charge(ac, treatments) for ac in root.iterfind("cac:AllowanceCharge", NS)]

    totals = root.find("cac:LegalMonetaryTotal", NS)
    if totals is None:
        raise Refused("BR-CO-13", f"/{local}/cac:LegalMonetaryTotal", "the document totals are missing")
    inclusive = _amount(totals.find("cbc:TaxInclusiveAmount", NS), "BR-14", _path(totals))
    payable = _amount(totals.find("cbc:PayableAmount", NS), "BR-15", _path(totals))
    stated_lines = totals.find("cbc:LineExtensionAmount", NS)
    if stated_lines is not None and _amount(stated_lines, "BR-CO-10", _path(totals)) != line_total:
        raise Refused(
            "BR-CO-10",
            _path(stated_lines),
            f"the sum of the line totals {line_total / 100:.2f} is not the stated {stated_lines.text}",
        )
    _check_lines_per_category(root, rates, received)
    stated = sum(r.base_cents + r.vat_cents for r in rates)
    if stated != inclusive:
        raise Refused(
            "BR-CO-15",
            _path(totals.find("cbc:TaxInclusiveAmount", NS)),
            f"the total with VAT {inclusive / 100:.2f} is not the VAT breakdown's {stated / 100:.2f}",
        )

    means = root.find("cac:PaymentMeans", NS)
    payment_id = iban = bic = ""
    if means is not None:
        payment_id = _text(means, "cbc:PaymentID")
        iban = "".join(_text(means, "cac:PayeeFinancialAccount/cbc:ID").split()).upper()
        bic = _text(means, "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID").upper()
    supplier = _party(root)
    from ..domain.identifiers import check_iban, validate_bic

    try:
        iban = check_iban(iban).value if iban else ""
    except ValidationError:
        iban = ""  # an account number that is not an IBAN (BBAN, giro): paid by hand, not in a SEPA file
    try:
        bic = validate_bic(bic) if bic else ""
    except ValidationError:
        bic = ""
    return ReceivedBill(
        kind=kind,
        number=number[:60],
        issue_date=issue,
        due_date=due if due is None or due >= issue else None,
        currency=currency,
        supplier=supplier,
        rates=tuple(rates),
        received_lines=tuple(received),
        tax_inclusive_cents=inclusive,
        payable_cents=payable,
        structured_communication=_ogm(payment_id),
        payment_id=payment_id,
        iban=iban or None,
        bic=bic or None,
        customization=_text(root, "cbc:CustomizationID"),
        corrects=_text(root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID") or None,
    )
