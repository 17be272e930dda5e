"""Reminder letters as documents: fill the level's text in the customer's language, print, e-mail.

Placeholders in texts are filled by `domain.letter_template` (never `str.format`): only the known
`{name}`s are replaced, anything else (an unknown name, a format spec) is printed as written
rather than failing the whole batch or running as a format program.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import letter_template
from ..domain.document import Party, PaymentRequest
from ..domain.dunning import Scenario, compensation_cents
from ..domain.errors import DomainError
from ..domain.identifiers import format_vat
from ..domain.late_payment import InterestPeriod
from ..i18n import format_date, format_decimal, format_money, gettext
from ..persistence.models import Company, Customer, Invoice, InvoiceEvent, InvoiceLine, ReminderLetter
from ..reports.model import DocumentSettings, LetterDoc, LetterLine
from ..user_files import FileRefused, file_in, safe_file_name
from .company import get_company
from .documents import document_settings
from .dunning_setup import level_text, scenarios

__all__ = ["build_doc", "letter_doc", "preview_doc", "print_batch", "render", "render_letters_of", "write_emails"]


def _seller(company: Company) -> Party:
    return Party(
        name=company.name,
        street=company.street,
        postcode=company.postcode,
        city=company.city,
        country=company.country,
        vat=company.vat,
        email=company.email,
        phone=company.phone,
        iban=company.iban,
        bic=company.bic,
    )


def _headers(lang: str) -> tuple[str, ...]:
    """The columns the customer reads (the level is the creditor's business, not printed)."""
    _ = gettext(lang)
    return (_("Invoice"), _("Date"), _("Due date"), _("Open amount"), _("Compensation"), _("Interest"), _("Total"))


def _and(items: Sequence[str], lang: str) -> str:
    """'a, b and c' in the customer's language."""
    if len(items) <= 1:
        return "".join(items)
    return gettext(lang)("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def salutation(customer: Customer, lang: str) -> str:
    """A company is greeted as a company; a person by name."""
    _ = gettext(lang)
    if customer.kind == "consumer":
        return _("Dear {name},", name=customer.name)
    return _("Dear Sir or Madam,")


def closing(customer: Customer, lang: str) -> str:
    """The closing that answers the greeting: French repeats the form of address ('Veuillez agréer, Madame,
    Monsieur, …' after 'Madame, Monsieur,'; 'chère cliente, cher client' after greeting a person so)."""
    _ = gettext(lang)
    if customer.kind == "consumer":
        return _("Kind regards, [to a person greeted by name]")
    return _("Kind regards,")


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
    periods: Mapping[int, Sequence[InterestPeriod]] | None = None,  # invoice id -> how its interest was reckoned
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
            select(Invoice.id, Invoice.number, Invoice.issue_date, Invoice.due_date).where(
                Invoice.id.in_([it[0] for it in items])
            )
        )
    }
    lines, open_c, fee_c, int_c = [], 0, 0, 0
    for invoice_id, lv, open_cents, fee, interest in items:
        inv = invoices[invoice_id]
        lines.append(
            LetterLine(
                inv.number or "",
                format_date(inv.issue_date, lang),
                format_date(inv.due_date, lang) if inv.due_date else "",
                lv,
                money(open_cents),
                money(fee),
                money(interest),
                money(open_cents + fee + interest),
            )
        )
        open_c, fee_c, int_c = open_c + open_cents, fee_c + fee, int_c + interest
    total = open_c + fee_c + int_c
    debt_for = _debt_for(session, [invoices[it[0]] for it in items], lang)
    # Each invoice keeps its own due date: one date for several invoices would be untrue for all but one.
    due_dates = _and([format_date(invoices[it[0]].due_date, lang) for it in items if invoices[it[0]].due_date], lang)
    values = dict(
        salutation=salutation(customer, lang),
        customer=customer.name,
        creditor=company.name,
        enterprise_number=format_vat(company.vat)[3:]
        if company.vat and company.vat.startswith("BE")
        else (company.vat or ""),
        balance=money(open_c),
        damages=money(sum(compensation_cents(scenario, it[2]) for it in items)),
        debt_for=debt_for,
        due_date=due_dates or format_date(on, lang),
        pay_by=format_date(pay_by, lang),
        total=money(total),
        fees=money(fee_c),
        interest=money(int_c),
    )
    title, body = level_text(scenario.level(level), lang, count=len(items))
    return LetterDoc(
        number=number,
        language=lang,
        title=title,
        meta=((_("Reference"), number), (_("Date"), format_date(on, lang)), (_("Pay by"), format_date(pay_by, lang))),
        paragraphs=_paragraphs(body, values, number),
        seller=_seller(company),
        recipient=Party(
            name=customer.name,
            street=customer.street,
            postcode=customer.postcode,
            city=customer.city,
            country=customer.country,
            kind=customer.kind,
        ),
        lines=tuple(lines),
        totals=LetterLine(_("Total"), "", "", 0, money(open_c), money(fee_c), money(int_c), money(total)),
        claims=bool(fee_c or int_c),
        notes=_claim_notes(
            scenario,
            [(invoices[it[0]].number or "", it[4]) for it in items],
            periods or {},
            [it[0] for it in items],
            fee_c,
            lang,
        ),
        headers=_headers(lang),
        payment=PaymentRequest(
            amount_cents=total, due_date=pay_by, beneficiary=company.name, iban=company.iban, bic=company.bic, ogm=ogm
        ),
        note=note,
        closing=(closing(customer, lang), company.name),
        settings=settings or document_settings(session),
    )


def _claim_notes(
    scenario: Scenario,
    numbers: Sequence[tuple[str, int]],
    periods: Mapping[int, Sequence[InterestPeriod]],
    ids: Sequence[int],
    fee_cents: int,
    lang: str,
) -> tuple[str, ...]:
    """What the debtor needs to check the claims: each interest amount with its rates and periods,
    and the legal basis of the compensation and the interest."""
    _ = gettext(lang)
    notes: list[str] = []
    for invoice_id, (number, interest) in zip(ids, numbers, strict=False):
        spans = periods.get(invoice_id) or ()
        if not interest or not spans:
            continue
        parts = [
            _(
                "{balance} at {rate} % from {start} to {end} ({days} days)",
                balance=format_money(p.balance_cents, lang),
                rate=format_decimal(p.rate, lang),
                start=format_date(p.start, lang),
                end=format_date(p.end, lang),
                days=p.days,
            )
            for p in spans
        ]
        notes.append(
            _(
                "Interest on invoice {number}: {periods}; {amount} in all (simple interest, year of 365 days).",
                number=number,
                periods="; ".join(parts),
                amount=format_money(interest, lang),
            )
        )
    any_interest = any(interest for _n, interest in numbers)
    if scenario.kind == "consumer":
        if fee_cents:
            notes.append(
                _("Damages: Code of Economic Law, Book XIX, within the caps it sets on the outstanding balance.")
            )
        if any_interest:
            notes.append(
                _(
                    "Interest: Code of Economic Law, Book XIX, at most the rate of the law of 2 August 2002, "
                    "from the end of the period the free reminder granted."
                )
            )
    else:
        if fee_cents:
            notes.append(
                _(
                    "Compensation: € 40 per late invoice, law of 2 August 2002 on combating late payment in "
                    "commercial transactions, article 6."
                )
            )
        if any_interest:
            notes.append(
                _("Interest: law of 2 August 2002, article 5, at the reference rate published for each semester.")
            )
    return tuple(notes)


def _paragraphs(body: str, values: dict[str, str], number: str) -> tuple[str, ...]:
    try:
        return tuple(letter_template.render(p, values) for p in body.split("\n\n"))
    except DomainError as exc:
        raise DomainError(f"reminder {number}: {exc}") from None


def _debt_for(session: Session, invoices: Sequence, lang: str) -> str:  # type: ignore[type-arg]
    """What the debt is for (Book XIX asks the first letter to say it): numbers, dates and, for a
    few invoices, what the first line of each was about."""
    _ = gettext(lang)
    what: dict[int, str] = {}
    if len(invoices) <= 3:
        rows = session.execute(
            select(InvoiceLine.invoice_id, InvoiceLine.description).where(
                InvoiceLine.invoice_id.in_([i.id for i in invoices]), InvoiceLine.position == 0
            )
        )
        # Said in brackets: brackets of its own become square ones, "(Hosting en onderhoud [maand])",
        # not the double "(Hosting en onderhoud (maand))".
        nested = str.maketrans("()", "[]")
        what = {invoice_id: " ".join(text.split())[:40].translate(nested) for invoice_id, text in rows}
    first = invoices[0]
    if len(invoices) == 1:
        if what.get(first.id):
            return _(
                "our invoice {number} of {date} ({what})",
                number=first.number,
                date=format_date(first.issue_date, lang),
                what=what[first.id],
            )
        return _("our invoice {number} of {date}", number=first.number, date=format_date(first.issue_date, lang))
    labels = [f"{i.number} ({what[i.id]})" if what.get(i.id) else (i.number or "") for i in invoices]
    return _("our invoices {numbers}", numbers=_and(labels, lang))


def letter_doc(
    session: Session,
    letter: ReminderLetter,
    known: dict[str, Scenario] | None = None,
    settings: DocumentSettings | None = None,
) -> LetterDoc:
    known = known or scenarios(session)
    scenario = known.get(letter.scenario_code) or known["business"]
    return build_doc(
        session,
        customer_id=letter.customer_id,
        scenario=scenario,
        level=letter.level,
        number=letter.number,
        on=letter.letter_date,
        pay_by=letter.pay_by,
        ogm=letter.structured_communication,
        note=letter.note,
        settings=settings,
        items=[(i.invoice_id, i.level, i.open_cents, i.fee_cents, i.interest_cents) for i in letter.items],
        periods=_recorded_periods(session, letter),
    )


def _recorded_periods(session: Session, letter: ReminderLetter) -> dict[int, list[InterestPeriod]]:
    """The interest periods recorded when the letter was confirmed (its 'reminded' events), so a letter
    printed again reads exactly as sent even after a rate was added."""
    ids = [i.invoice_id for i in letter.items if i.interest_cents]
    if not ids:
        return {}
    result: dict[int, list[InterestPeriod]] = {}
    for invoice_id, detail in session.execute(
        select(InvoiceEvent.invoice_id, InvoiceEvent.detail).where(
            InvoiceEvent.invoice_id.in_(ids),
            InvoiceEvent.kind == "reminded",
            InvoiceEvent.on_date == letter.letter_date,
        )
    ):
        if isinstance(detail, dict) and detail.get("letter") == letter.number and detail.get("interest_periods"):
            try:
                result[invoice_id] = [InterestPeriod.from_json(p) for p in detail["interest_periods"]]
            except (TypeError, ValueError, ArithmeticError):
                continue  # a damaged record (an edited book file): the letter goes out without the breakdown
    return result


def preview_doc(
    session: Session,
    proposed,
    on: date,
    known: dict[str, Scenario] | None = None,  # type: ignore[no-untyped-def]
    settings: DocumentSettings | None = None,
) -> LetterDoc:
    """A proposed (not yet confirmed) letter of date `on`, for review on screen."""
    scenario = (known or scenarios(session))[proposed.scenario_code]
    return build_doc(
        session,
        customer_id=proposed.customer_id,
        scenario=scenario,
        level=proposed.level,
        number=proposed.number,
        on=on,
        pay_by=proposed.pay_by,
        ogm=proposed.structured_communication,
        note=proposed.note,
        settings=settings,
        items=[(i.invoice_id, i.level, i.open_cents, i.fee_cents, i.interest_cents) for i in proposed.items],
        periods={i.invoice_id: i.interest_periods for i in proposed.items},
    )


def confirmed_letters(session: Session, on: date, *, channels: Sequence[str] = ("letter",)) -> list[ReminderLetter]:
    return list(
        session.scalars(
            select(ReminderLetter)
            .where(ReminderLetter.letter_date == on, ReminderLetter.channel.in_(channels))
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


def _header(text: str | None) -> str:
    """A header value on one line: a line break in a name (from a book file, say) can never add a header."""
    return " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text or "").split())


def write_emails(session: Session, on: date, folder: Path) -> list[Path]:
    """An .eml per e-mailed reminder of a date, the letter attached as PDF, for the user's mail client."""
    if folder.exists() and not folder.is_dir():
        raise FileRefused("{folder} is a file, not a folder; give a folder for the e-mails", folder=str(folder))
    folder.mkdir(parents=True, exist_ok=True)
    company = get_company(session)
    written = []
    for letter in confirmed_letters(session, on, channels=("email",)):
        customer = session.get(Customer, letter.customer_id)
        assert customer is not None
        doc = letter_doc(session, letter)
        _ = gettext(letter.language)
        message = EmailMessage()
        message["From"] = _header(company.email) or "noreply@invalid"
        message["To"] = _header(customer.email)
        message["Subject"] = _header(f"{doc.title} {letter.number} — {company.name}")
        # The moment the reminder was confirmed, not the clock: writing the drafts again gives the same files.
        message["Date"] = format_datetime(letter.created_at.astimezone())
        message["X-Unsent"] = "1"  # opens as a draft in Outlook and Thunderbird
        message.set_content("\n\n".join([*doc.paragraphs, closing(customer, letter.language), company.name]))
        message.add_attachment(
            render([doc]),
            maintype="application",
            subtype="pdf",
            filename=safe_file_name(letter.number, ".pdf", fallback="reminder"),
        )
        path = file_in(folder, letter.number, ".eml", fallback="reminder")
        partial = path.with_name(path.name + ".part")  # whole or not at all, even if the process is killed
        partial.write_bytes(bytes(message))
        os.replace(partial, path)
        written.append(path)
    return written
