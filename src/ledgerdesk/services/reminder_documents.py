"""Reminder letters as documents: fill the level's text in the customer's language, print, e-mail.

Placeholders in texts are filled with `str.format_map`; an unknown placeholder written by a
user stays visible as {name} rather than failing the whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.document import Party, PaymentRequest
from ..domain.dunning import Scenario, compensation_cents
from ..domain.errors import DomainError
from ..domain.identifiers import format_vat
from ..i18n import format_date, format_money, gettext
from ..persistence.models import Company, Customer, Invoice, InvoiceLine, ReminderLetter
from ..reports.model import DocumentSettings, LetterDoc, LetterLine
from .company import get_company
from .documents import document_settings
from .dunning_setup import level_text, scenarios

__all__ = ["build_doc", "letter_doc", "preview_doc", "print_batch", "render", "render_letters_of", "write_emails"]


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _seller(company: Company) -> Party:
    return Party(
        name=company.name, street=company.street, postcode=company.postcode, city=company.city, country=company.country,
        vat=company.vat, email=company.email, phone=company.phone, iban=company.iban, bic=company.bic,
    )


def _headers(lang: str) -> tuple[str, ...]:
    _ = gettext(lang)
    return (_("Invoice"), _("Date"), _("Due date"), _("Level"), _("Open amount"), _("Compensation"), _("Interest"), _("Total"))


def build_doc(
    session: Session,
    *,
    customer_id: int,
    scenario: Scenario,
    level: int,
    number: str,
    on: date,
    pay_by: date,
    ogm: str,
    items: Sequence[tuple[int, int, int, int, int]],  # invoice id, level, open, fee, interest (cents)
    note: str = "",
    settings: DocumentSettings | None = None,
) -> LetterDoc:
    company = get_company(session)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    lang = customer.language
    _ = gettext(lang)
    money = lambda cents: format_money(cents, lang)  # noqa: E731
    # Plain columns, not ORM invoices: a batch of a thousand letters must not load every invoice line.
    invoices = {
        row.id: row
        for row in session.execute(
            select(Invoice.id, Invoice.number, Invoice.issue_date, Invoice.due_date).where(Invoice.id.in_([it[0] for it in items]))
        )
    }
    lines, open_c, fee_c, int_c = [], 0, 0, 0
    for invoice_id, lv, open_cents, fee, interest in items:
        inv = invoices[invoice_id]
        lines.append(LetterLine(inv.number or "", format_date(inv.issue_date, lang), format_date(inv.due_date, lang) if inv.due_date else "",
                                lv, money(open_cents), money(fee), money(interest), money(open_cents + fee + interest)))
        open_c, fee_c, int_c = open_c + open_cents, fee_c + fee, int_c + interest
    total = open_c + fee_c + int_c
    debt_for = _debt_for(session, [invoices[it[0]] for it in items], lang)
    earliest_due = min((invoices[it[0]].due_date for it in items if invoices[it[0]].due_date), default=on)
    values = _Keep(
        customer=customer.name, creditor=company.name,
        enterprise_number=format_vat(company.vat)[3:] if company.vat and company.vat.startswith("BE") else (company.vat or ""),
        balance=money(open_c), damages=money(sum(compensation_cents(scenario, it[2]) for it in items)),
        debt_for=debt_for, due_date=format_date(earliest_due, lang), pay_by=format_date(pay_by, lang),
        total=money(total), fees=money(fee_c), interest=money(int_c),
    )
    title, body = level_text(scenario.level(level), lang)
    return LetterDoc(
        number=number,
        language=lang,
        title=title,
        meta=((_("Reference"), number), (_("Date"), format_date(on, lang)), (_("Pay by"), format_date(pay_by, lang))),
        paragraphs=tuple(p.format_map(values) for p in body.split("\n\n")),
        seller=_seller(company),
        recipient=Party(name=customer.name, street=customer.street, postcode=customer.postcode, city=customer.city,
                        country=customer.country, kind=customer.kind),
        lines=tuple(lines),
        totals=LetterLine(_("Total"), "", "", 0, money(open_c), money(fee_c), money(int_c), money(total)),
        headers=_headers(lang),
        payment=PaymentRequest(amount_cents=total, due_date=pay_by, beneficiary=company.name, iban=company.iban,
                               bic=company.bic, ogm=ogm),
        note=note,
        closing=(_("Kind regards,"), company.name),
        settings=settings or document_settings(session),
    )


def _debt_for(session: Session, invoices: Sequence, lang: str) -> str:  # type: ignore[type-arg]
    """What the debt is for (Book XIX asks the first letter to say it): numbers, dates and, for a
    few invoices, what the first line of each was about."""
    _ = gettext(lang)
    what: dict[int, str] = {}
    if len(invoices) <= 3:
        rows = session.execute(
            select(InvoiceLine.invoice_id, InvoiceLine.description)
            .where(InvoiceLine.invoice_id.in_([i.id for i in invoices]), InvoiceLine.position == 0)
        )
        what = {invoice_id: " ".join(text.split())[:40] for invoice_id, text in rows}
    first = invoices[0]
    if len(invoices) == 1:
        if what.get(first.id):
            return _("our invoice {number} of {date} ({what})", number=first.number, date=format_date(first.issue_date, lang),
                     what=what[first.id])
        return _("our invoice {number} of {date}", number=first.number, date=format_date(first.issue_date, lang))
    labels = [f"{i.number} ({what[i.id]})" if what.get(i.id) else (i.number or "") for i in invoices]
    return _("our invoices {numbers}", numbers=", ".join(labels))


def letter_doc(session: Session, letter: ReminderLetter, known: dict[str, Scenario] | None = None,
               settings: DocumentSettings | None = None) -> LetterDoc:
    known = known or scenarios(session)
    scenario = known.get(letter.scenario_code) or known["business"]
    return build_doc(
        session, customer_id=letter.customer_id, scenario=scenario, level=letter.level, number=letter.number,
        on=letter.letter_date, pay_by=letter.pay_by, ogm=letter.structured_communication, note=letter.note,
        settings=settings, items=[(i.invoice_id, i.level, i.open_cents, i.fee_cents, i.interest_cents) for i in letter.items],
    )


def preview_doc(session: Session, proposed, on: date, known: dict[str, Scenario] | None = None,  # type: ignore[no-untyped-def]
                settings: DocumentSettings | None = None) -> LetterDoc:
    """A proposed (not yet confirmed) letter of date `on`, for review on screen."""
    scenario = (known or scenarios(session))[proposed.scenario_code]
    return build_doc(
        session, customer_id=proposed.customer_id, scenario=scenario, level=proposed.level, number=proposed.number,
        on=on, pay_by=proposed.pay_by, ogm=proposed.structured_communication, note=proposed.note, settings=settings,
        items=[(i.invoice_id, i.level, i.open_cents, i.fee_cents, i.interest_cents) for i in proposed.items],
    )


def confirmed_letters(session: Session, on: date, *, channels: Sequence[str] = ("letter",)) -> list[ReminderLetter]:
    return list(
        session.scalars(
            select(ReminderLetter).where(ReminderLetter.letter_date == on, ReminderLetter.channel.in_(channels))
            .order_by(ReminderLetter.seq)
        )
    )


def docs_of(session: Session, letters: Sequence[ReminderLetter]) -> list[LetterDoc]:
    known, settings = scenarios(session), document_settings(session)
    return [letter_doc(session, letter, known, settings) for letter in letters]


def preview_docs(session: Session, proposed: Sequence, on: date) -> list[LetterDoc]:  # type: ignore[type-arg]
    known, settings = scenarios(session), document_settings(session)
    return [preview_doc(session, letter, on, known, settings) for letter in proposed]


def confirmed_docs(session: Session, on: date) -> list[LetterDoc]:
    """The documents of every confirmed postal letter of a date (plain values, renderable anywhere)."""
    letters = confirmed_letters(session, on)
    if not letters:
        raise DomainError(f"no reminder letters were confirmed on {on.isoformat()}")
    return docs_of(session, letters)


def render(docs: Sequence[LetterDoc], target: Path | None = None) -> bytes:
    """The letters as one PDF (reportlab is loaded here, when the first letter is drawn)."""
    from ..reports.reminder_letter import render as render_pdf

    return render_pdf(docs, target)


def render_letters_of(session: Session, on: date) -> bytes:
    """The PDF bytes of every confirmed postal letter of a date."""
    letters = confirmed_letters(session, on)
    if not letters:
        raise DomainError(f"no reminder letters were confirmed on {on.isoformat()}")
    return render(docs_of(session, letters))


def print_batch(session: Session, on: date, target: Path) -> int:
    """Every confirmed postal letter of a date in one PDF; returns how many letters."""
    letters = confirmed_letters(session, on)
    if not letters:
        raise DomainError(f"no reminder letters were confirmed on {on.isoformat()}")
    render(docs_of(session, letters), target)
    return len(letters)


def write_emails(session: Session, on: date, folder: Path) -> list[Path]:
    """An .eml per e-mailed reminder of a date, the letter attached as PDF, for the user's mail client."""
    folder.mkdir(parents=True, exist_ok=True)
    company = get_company(session)
    written = []
    for letter in confirmed_letters(session, on, channels=("email",)):
        customer = session.get(Customer, letter.customer_id)
        assert customer is not None
        doc = letter_doc(session, letter)
        _ = gettext(letter.language)
        message = EmailMessage()
        message["From"] = company.email or "noreply@invalid"
        message["To"] = customer.email or ""
        message["Subject"] = f"{doc.title} {letter.number} — {company.name}"
        # The moment the reminder was confirmed, not the clock: writing the drafts again gives the same files.
        message["Date"] = format_datetime(letter.created_at.astimezone())
        message["X-Unsent"] = "1"  # opens as a draft in Outlook and Thunderbird
        message.set_content("\n\n".join([*doc.paragraphs, _("Kind regards,"), company.name]))
        message.add_attachment(render([doc]), maintype="application", subtype="pdf", filename=f"{letter.number}.pdf")
        path = folder / f"{letter.number}.eml"
        path.write_bytes(bytes(message))
        written.append(path)
    return written
