"""A validation finding (rule id, severity, message in business words, location) and the wording table.

Messages are English gettext msgids with `{placeholders}`; the UI translates them with the
`values` kept on the finding. Rules not in the table fall back to the official rule text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FATAL = "fatal"
WARNING = "warning"

# Plain sentences for the rules a Belgian sole trader's invoice can actually fail.
BUSINESS_WORDS: dict[str, str] = {
    "UBL-XSD": "The file is not valid UBL 2.1: {detail}",
    "XML": "The file is not readable XML: {detail}",
    "XML-AT": "The file is not readable XML (line {line}, column {column}).",
    "XML-START": "The file is not XML: it does not start with an element such as <Invoice> (line {line}, column {column}).",
    "XML-EXTRA": "The file is not readable XML: more follows the end of the document (line {line}, column {column}).",
    "XML-CHARACTER": "The file is not readable XML: a character that XML does not allow, or that is not in the file's "
    "encoding (line {line}, column {column}).",
    "XML-ENTITY": "The file is not readable XML: it uses an entity it does not declare (line {line}, column {column}).",
    "XML-MISMATCH": "The file is not readable XML: an element is closed by another element's end tag "
    "(line {line}, column {column}).",
    "XML-CUT": "The file is not readable XML: it ends before its elements are closed (line {line}, column {column}).",
    "XML-DOCTYPE": "The file declares a DOCTYPE (entities or a DTD), which a UBL document never has; its entities were not expanded.",
    "BR-01": "The document does not say it follows the European e-invoice standard (specification identifier).",
    "BR-02": "The document has no number.",
    "BR-03": "The document has no issue date.",
    "BR-05": "The document has no currency.",
    "BR-06": "Your company name is missing.",
    "BR-07": "The customer's name is missing.",
    "BR-08": "Your postal address is missing.",
    "BR-09": "Your country is missing in your address.",
    "BR-10": "The customer's postal address is missing.",
    "BR-11": "The customer's country is missing in its address.",
    "BR-16": "The document has no lines.",
    "BR-27": "A line has a negative price.",
    "BR-55": "The credit note does not say which invoice it corrects.",
    "BR-61": "Your bank account (IBAN) is missing although payment is by credit transfer.",
    "BR-CO-09": "A VAT number does not start with its country code (for example BE).",
    "BR-CO-10": "The sum of the lines does not match the total without VAT.",
    "BR-CO-15": "The total with VAT is not the total without VAT plus the VAT.",
    "BR-CO-17": "The VAT of a rate is not the base times the rate.",
    "BR-CO-25": "The amount is due but neither a due date nor payment terms are given.",
    "BR-CO-26": "Your company has no VAT number nor enterprise number.",
    "BR-S-02": "Your VAT number is missing although the invoice charges VAT.",
    "BR-S-08": "The VAT summary of a rate does not match its lines.",
    "BR-Z-02": "Your VAT number is missing on a 0 % invoice.",
    "BR-E-02": "Your VAT number is missing on an invoice under the franchise regime.",
    "BR-E-10": "The reason for the VAT exemption is missing.",
    "BR-AE-02": "The customer has no VAT number although the invoice applies reverse charge.",
    "BR-AE-10": "The reverse-charge mention is missing in the VAT summary.",
    "BR-IC-02": "The customer has no VAT number although the invoice is an exempt intra-Community supply.",
    "BR-IC-10": "The intra-Community exemption mention is missing in the VAT summary.",
    "BR-IC-11": "An intra-Community supply needs the delivery date.",
    "BR-IC-12": "An intra-Community supply needs the country of delivery.",
    "BR-G-02": "Your VAT number is missing on an export invoice.",
    "BR-CL-23": "A line's unit is not a recognised unit code.",
    "BR-CL-25": "A Peppol address uses an unknown identifier scheme.",
    "PEPPOL-EN16931-R001": "The Peppol business process (profile) is missing.",
    "PEPPOL-EN16931-R002": "The document has more than one note; Peppol allows one.",
    "PEPPOL-EN16931-R003": "Neither a buyer reference nor a purchase order reference is given.",
    "PEPPOL-EN16931-R004": "The document does not declare Peppol BIS Billing 3.0.",
    "PEPPOL-EN16931-R007": "The Peppol business process (profile) has the wrong format.",
    "PEPPOL-EN16931-R008": "The document contains an empty element ({detail}).",
    "PEPPOL-EN16931-R010": "The customer has no Peppol address: enter its enterprise or VAT number.",
    "PEPPOL-EN16931-R010-S": "The customer has no VAT number (so no Peppol address) although the invoice "
    "charges {rate} % VAT.",
    "PEPPOL-EN16931-R020": "Your company has no Peppol address: enter your VAT number in the company settings.",
    "PEPPOL-EN16931-R040": "A line discount does not match its percentage.",
    "PEPPOL-EN16931-R041": "A discount or charge gives a percentage but not the amount it applies to.",
    "PEPPOL-EN16931-R042": "A discount or charge gives the amount it applies to but not its percentage.",
    "PEPPOL-EN16931-R043": "A discount or charge does not say whether it is a discount or a charge.",
    "PEPPOL-EN16931-R051": "Amounts use a currency other than the document currency.",
    "PEPPOL-EN16931-R053": "The document must contain exactly one VAT total with its summary.",
    "PEPPOL-EN16931-R110": "Line {detail}: its service period starts before the invoice's service period.",
    "PEPPOL-EN16931-R111": "Line {detail}: its service period ends after the invoice's service period.",
    "PEPPOL-EN16931-R120": "Line {detail}: the line amount is not quantity times price minus discount.",
    "PEPPOL-EN16931-R121": "A price base quantity is not above zero.",
    "PEPPOL-EN16931-R130": "A price base quantity uses another unit than the line quantity.",
    "PEPPOL-EN16931-F001": "A date is not written as YYYY-MM-DD ({detail}).",
    "PEPPOL-EN16931-P0100": "The invoice type code {detail} is not allowed in Peppol.",
    "PEPPOL-EN16931-P0101": "The credit note type code {detail} is not allowed in Peppol.",
    "PEPPOL-COMMON-R043": "The Belgian enterprise number {detail} is not valid.",
}


@dataclass(frozen=True)
class Finding:
    """One failed rule. `message` is the English sentence; `msgid`/`values` let the UI translate it."""

    rule: str
    severity: str
    message: str
    location: str = ""
    source: str = ""  # 'xsd', 'cen', 'peppol'
    msgid: str = ""
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_fatal(self) -> bool:
        return self.severity == FATAL

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "severity": self.severity, "message": self.message, "location": self.location}

    def translated(self, tr) -> str:  # type: ignore[no-untyped-def]
        """The message in another language through a gettext-style `tr(msgid, **values)`; an official rule
        text nobody translated keeps its English words inside a translated frame naming the rule."""
        if self.msgid:
            return str(tr(self.msgid, **self.values))
        from .rule_texts import RULE_FRAME

        return str(tr(RULE_FRAME, rule=self.rule, text=self.message))


def finding(
    rule: str,
    severity: str,
    location: str = "",
    *,
    source: str = "",
    fallback: str = "",
    key: str | None = None,
    **values: Any,
) -> Finding:
    """A finding worded from the table (by `key`, default the rule id), else the official text."""
    msgid = BUSINESS_WORDS.get(key or rule)
    if msgid is None:
        from .rule_texts import OFFICIAL_TEXTS

        official = " ".join(fallback.split())
        if official and OFFICIAL_TEXTS.get(rule) == official:  # one we translated, word for word
            return Finding(rule, severity, official, location, source, official)
        return Finding(rule, severity, fallback.strip() or rule, location, source)
    try:
        message = msgid.format(**values)
    except (KeyError, IndexError):
        message = msgid
    return Finding(rule, severity, message, location, source, msgid, dict(values))
