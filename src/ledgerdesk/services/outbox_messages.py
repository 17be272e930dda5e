"""The messages the outbox sends: an e-mail per document kind in the customer's language, with its PDF
(and the UBL when the customer asks for e-invoices), built once when queued and kept byte for byte."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

from sqlalchemy.orm import Session

from ..domain.outbox import CREDIT_NOTE, INVOICE, QUOTE, REMINDER_LETTER, STATEMENT, OutboxError
from ..i18n import format_date, format_money, gettext
from ..persistence.models import Company, Customer, Invoice, Quote, ReminderLetter
from ..user_files import safe_file_name

# Subject and body per document kind; msgids are English, each language has its own wording.
SUBJECTS = {
    INVOICE: "Invoice {number} from {company}",
    CREDIT_NOTE: "Credit note {number} from {company}",
    REMINDER_LETTER: "Payment reminder {number} from {company}",
    QUOTE: "Quote {number} from {company}",
    STATEMENT: "Statement of account from {company}",
}
BODIES = {
    INVOICE: "Dear customer,\n\nPlease find attached our invoice {number} of {date} for {amount}, "
    "payable by {due} with the structured communication {ogm}.",
    CREDIT_NOTE: "Dear customer,\n\nPlease find attached our credit note {number} of {date} for {amount}.",
    REMINDER_LETTER: "Dear customer,\n\nPlease find attached our payment reminder {number}.",
    QUOTE: "Dear customer,\n\nPlease find attached our quote {number} of {date} for {amount}, valid until {valid_until}.",
    STATEMENT: "Dear customer,\n\nPlease find attached your statement of account from {start} to {end}. "
    "The balance on {end} is {balance}.",
}


def _header(text: str | None) -> str:
    """A header value on one line: a line break in a name can never add a header."""
    return " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text or "").split())


def _envelope(
    company: Company, to: str, subject: str, message_id: str, at: datetime, body: str, language: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((_header(company.name), _header(company.email)))
    message["To"] = _header(to)
    message["Subject"] = _header(subject)
    # The moment it was queued: the bytes are built once and a retry sends exactly the same message.
    message["Date"] = format_datetime(at.astimezone())
    message["Message-ID"] = message_id
    message["Content-Language"] = language
    message.set_content(body)
    return message


def _wire(message: EmailMessage) -> bytes:
    """The message as it goes over the wire (CRLF line ends): the archived bytes are exactly the bytes sent."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


def invoice_email(
    session: Session, invoice: Invoice, *, to: str, message_id: str, at: datetime, from_address: str
) -> bytes:
    """The e-mail of an issued invoice or credit note: the PDF, and the UBL when the customer receives e-invoices."""
    from .company import get_company
    from .documents import write_invoice_pdf

    company = get_company(session)
    language = invoice.language
    _ = gettext(language)
    values = {
        "number": invoice.number or "",
        "company": company.name,
        "date": format_date(invoice.issue_date, language),
        "amount": format_money(invoice.total_cents, language, currency=invoice.currency),
        "due": format_date(invoice.due_date, language) if invoice.due_date else "",
        "ogm": _ogm(invoice.structured_communication),
    }
    kind = CREDIT_NOTE if invoice.kind == CREDIT_NOTE else INVOICE
    body = "\n\n".join([_(BODIES[kind], **values), _("Kind regards,"), company.name])
    message = _envelope(company, to, _(SUBJECTS[kind], **values), message_id, at, body, language)
    message.replace_header("From", formataddr((_header(company.name), from_address)))
    pdf = io.BytesIO()
    write_invoice_pdf(session, invoice.id, pdf, as_of=at.date())
    name = invoice.number or "document"
    message.add_attachment(
        pdf.getvalue(), maintype="application", subtype="pdf", filename=safe_file_name(name, ".pdf", fallback=kind)
    )
    if invoice.customer.receives_einvoice:
        from .einvoicing import export_einvoice

        exported = export_einvoice(session, invoice.id, on=at.date())
        if exported.report.fatal:
            raise OutboxError(
                "the e-invoice of {number} breaks the rules ({rule}); fix it or send without it",
                number=name,
                rule=exported.report.fatal[0].rule,
            )
        message.add_attachment(
            exported.xml, maintype="application", subtype="xml", filename=safe_file_name(name, ".xml", fallback=kind)
        )
    return _wire(message)


def letter_email(
    session: Session, letter: ReminderLetter, *, to: str, message_id: str, at: datetime, from_address: str
) -> bytes:
    """The e-mail of a confirmed reminder letter: its text in the body and the letter attached as PDF."""
    from .company import get_company
    from .reminder_documents import letter_doc, render

    company = get_company(session)
    doc = letter_doc(session, letter)
    _ = gettext(letter.language)
    subject = _(SUBJECTS[REMINDER_LETTER], number=letter.number, company=company.name)
    body = "\n\n".join([*doc.paragraphs, _("Kind regards,"), company.name])
    message = _envelope(company, to, subject, message_id, at, body, letter.language)
    message.replace_header("From", formataddr((_header(company.name), from_address)))
    message.add_attachment(
        render([doc]),
        maintype="application",
        subtype="pdf",
        filename=safe_file_name(letter.number, ".pdf", fallback="reminder"),
    )
    return _wire(message)


PACK_SUBJECT = "Accounting documents {period} from {company}"
PACK_BODY = (
    "Dear accountant,\n\nPlease find attached the accounting documents of {period}: the e-invoices of every "
    "invoice and credit note, the bank statement files, the sales journal and the payments (SHA-256 {sha256})."
)


def pack_email(
    session: Session, pack: bytes, *, period: str, file_name: str, sha256: str, to: str, message_id: str,
    at: datetime, from_address: str,
) -> bytes:  # fmt: skip
    """The e-mail to the accountant with a period's pack attached, in the company's language."""
    from .company import get_company

    company = get_company(session)
    _ = gettext(company.language)
    body = "\n\n".join([_(PACK_BODY, period=period, sha256=sha256), _("Kind regards,"), company.name])
    subject = _(PACK_SUBJECT, period=period, company=company.name)
    message = _envelope(company, to, subject, message_id, at, body, company.language)
    message.replace_header("From", formataddr((_header(company.name), from_address)))
    message.add_attachment(pack, maintype="application", subtype="zip", filename=safe_file_name(file_name, ".zip"))
    return _wire(message)


def quote_email(session: Session, quote: Quote, *, to: str, message_id: str, at: datetime, from_address: str) -> bytes:
    """The e-mail of a quote made final, in the quote's language, with its PDF."""
    from .company import get_company

    company = get_company(session)
    language = quote.language
    _ = gettext(language)
    values = {
        "number": quote.number or "",
        "company": company.name,
        "date": format_date(quote.issue_date, language),
        "amount": format_money(quote.total_cents, language, currency=quote.currency),
        "valid_until": format_date(quote.valid_until, language),
    }
    body = "\n\n".join([_(BODIES[QUOTE], **values), _("Kind regards,"), company.name])
    message = _envelope(company, to, _(SUBJECTS[QUOTE], **values), message_id, at, body, language)
    message.replace_header("From", formataddr((_header(company.name), from_address)))
    message.add_attachment(
        quote_pdf_bytes(session, quote, at),
        maintype="application",
        subtype="pdf",
        filename=safe_file_name(quote.number or "quote", ".pdf", fallback="quote"),
    )
    return _wire(message)


def quote_pdf_bytes(session: Session, quote: Quote, at: datetime) -> bytes:
    from .quotes import write_quote_pdf

    pdf = io.BytesIO()
    write_quote_pdf(session, quote.id, pdf, as_of=at.date())
    return pdf.getvalue()


def statement_email(
    session: Session, customer_id: int, start: date, end: date, *, to: str, message_id: str, at: datetime,
    from_address: str,
) -> bytes:  # fmt: skip
    """The e-mail of a customer's statement of account of a period, in the customer's language, with its PDF."""
    from .company import get_company
    from .receivables import statement_document

    company = get_company(session)
    document = statement_document(session, customer_id, start, end)
    language = document.statement.language
    _ = gettext(language)
    values = {
        "company": company.name,
        "start": format_date(start, language),
        "end": format_date(end, language),
        "balance": format_money(document.statement.closing_cents, language),
    }
    body = "\n\n".join([_(BODIES[STATEMENT], **values), _("Kind regards,"), company.name])
    message = _envelope(company, to, _(SUBJECTS[STATEMENT], **values), message_id, at, body, language)
    message.replace_header("From", formataddr((_header(company.name), from_address)))
    message.add_attachment(
        _statement_pdf(document),
        maintype="application",
        subtype="pdf",
        filename=safe_file_name(f"{_('Statement of account')} {end.isoformat()}", ".pdf", fallback="statement"),
    )
    return _wire(message)


def statement_pdf_bytes(session: Session, customer_id: int, start: date, end: date) -> bytes:
    from .receivables import statement_document

    return _statement_pdf(statement_document(session, customer_id, start, end))


def _statement_pdf(document) -> bytes:  # type: ignore[no-untyped-def]
    from ..reports.statement_pdf import render

    pdf = io.BytesIO()
    render(document, pdf)
    return pdf.getvalue()


def invoice_pdf_bytes(session: Session, invoice: Invoice, at: datetime) -> bytes:
    """The PDF kept for a document that goes by post (what the user prints and posts)."""
    from .documents import write_invoice_pdf

    pdf = io.BytesIO()
    write_invoice_pdf(session, invoice.id, pdf, as_of=at.date())
    return pdf.getvalue()


def letter_pdf_bytes(session: Session, letter: ReminderLetter) -> bytes:
    from .reminder_documents import letter_doc, render

    return render([letter_doc(session, letter)])


def postal_address(customer: Customer) -> str:
    parts = [customer.name, customer.street, f"{customer.postcode} {customer.city}".strip(), customer.country]
    return ", ".join(p for p in parts if p)


def _ogm(digits: str | None) -> str:
    if not digits:
        return ""
    from ..domain import references

    return references.format(digits)
