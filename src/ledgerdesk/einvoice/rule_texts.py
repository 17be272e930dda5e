"""The official rule texts LedgerDesk translates: the ones a small business meets most, word for word as the
CEN and OpenPeppol schematrons state them (English msgids, their Dutch and French in the catalog).

A rule whose business wording is in `findings.BUSINESS_WORDS` is said in our words instead; any other
rule keeps its official English text inside a translated frame ("Regel BR-XX-99: …", `RULE_FRAME`),
so the reader always knows which rule it is and that the words are the rule's own.
"""

from __future__ import annotations

RULE_FRAME = "Rule {rule}: {text}"

OFFICIAL_TEXTS: dict[str, str] = {
    # OpenPeppol BIS Billing 3.0 (release 3.0.19)
    "PEPPOL-EN16931-CL001": "Mime code must be according to subset of IANA code list.",
    "PEPPOL-EN16931-CL002": "Reason code MUST be according to subset of UNCL 5189 D.16B.",
    "PEPPOL-EN16931-CL006": "Invoice period description code must be according to UNCL 2005 D.16B.",
    "PEPPOL-EN16931-CL007": "Currency code must be according to ISO 4217:2005",
    "PEPPOL-EN16931-CL008": 'Electronic address identifier scheme must be from the codelist "Electronic Address '
    'Identifier Scheme"',
    "PEPPOL-EN16931-R005": "VAT accounting currency code MUST be different from invoice currency code when provided.",
    "PEPPOL-EN16931-R044": "Charge on price level is NOT allowed. Only value 'false' allowed.",
    "PEPPOL-EN16931-R046": "Item net price MUST equal (Gross price - Allowance amount) when gross price is provided.",
    "PEPPOL-EN16931-R054": "Only one tax total without tax subtotals MUST be provided when tax currency code is "
    "provided.",
    "PEPPOL-EN16931-R055": "Invoice total VAT amount and Invoice total VAT amount in accounting currency MUST have "
    "the same operational sign",
    "PEPPOL-EN16931-R061": "Mandate reference MUST be provided for direct debit.",
    "PEPPOL-EN16931-R080": "Only one project reference is allowed on document level",
    "PEPPOL-EN16931-R100": "Only one invoiced object is allowed pr line",
    "PEPPOL-EN16931-R101": "Element Document reference can only be used for Invoice line object",
    "PEPPOL-COMMON-R040": "GLN must have a valid format according to GS1 rules.",
    # CEN EN 16931 (validation 1.3.16)
    "BR-04": "An Invoice shall have an Invoice type code (BT-3).",
    "BR-12": "An Invoice shall have the Sum of Invoice line net amount (BT-106).",
    "BR-13": "An Invoice shall have the Invoice total amount without VAT (BT-109).",
    "BR-14": "An Invoice shall have the Invoice total amount with VAT (BT-112).",
    "BR-15": "An Invoice shall have the Amount due for payment (BT-115).",
    "BR-21": "Each Invoice line (BG-25) shall have an Invoice line identifier (BT-126).",
    "BR-22": "Each Invoice line (BG-25) shall have an Invoiced quantity (BT-129).",
    "BR-24": "Each Invoice line (BG-25) shall have an Invoice line net amount (BT-131).",
    "BR-25": "Each Invoice line (BG-25) shall contain the Item name (BT-153).",
    "BR-26": "Each Invoice line (BG-25) shall contain the Item net price (BT-146).",
    "BR-62": "The Seller electronic address (BT-34) shall have a Scheme identifier.",
    "BR-63": "The Buyer electronic address (BT-49) shall have a Scheme identifier.",
    "BR-CO-04": "Each Invoice line (BG-25) shall be categorized with an Invoiced item VAT category code (BT-151).",
    "BR-CO-13": "Invoice total amount without VAT (BT-109) = Σ Invoice line net amount (BT-131) - Sum of allowances "
    "on document level (BT-107) + Sum of charges on document level (BT-108).",
    "BR-CO-16": "Amount due for payment (BT-115) = Invoice total amount with VAT (BT-112) -Paid amount (BT-113) "
    "+Rounding amount (BT-114).",
    "BR-CO-18": "An Invoice shall at least have one VAT breakdown group (BG-23).",
    "BR-S-05": 'In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is "Standard rated" '
    "the Invoiced item VAT rate (BT-152) shall be greater than zero.",
    "BR-E-05": 'In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is "Exempt from VAT", '
    "the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
    "BR-AE-05": 'In an Invoice line (BG-25) where the Invoiced item VAT category code (BT-151) is "Reverse charge" '
    "the Invoiced item VAT rate (BT-152) shall be 0 (zero).",
    "BR-DEC-23": "The allowed maximum number of decimals for the Invoice line net amount (BT-131) is 2.",
    "BR-CL-14": "Country codes in an invoice MUST be coded using ISO code list 3166-1",
    "BR-CL-16": "Payment means in an invoice MUST be coded using UNCL4461 code list",
}
