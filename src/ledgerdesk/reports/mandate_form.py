"""The SEPA direct debit mandate form (Core or B2B) for the debtor to sign, in nl/fr/en, on the letter layout.

It carries what the EPC rulebooks require on a paper mandate: the title, the mandate reference,
the creditor's name, address and identifier, the authorisation text of the scheme (the refund
right for Core, its absence for B2B), the debtor's name, address, IBAN and BIC, the type of
payment, and a place for place, date and signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..domain.document import Party
from ..domain.identifiers import format_iban
from ..i18n import gettext
from .layout import CONTENT_WIDTH, LIGHT, RULE, LetterPages, address_lines, build_document, esc, styles
from .model import DocumentSettings


@dataclass(frozen=True)
class MandateForm:
    """Everything the form shows; the debtor's account may be left blank for them to fill in."""

    creditor: Party
    debtor: Party
    reference: str
    creditor_id: str
    scheme: str  # CORE or B2B
    recurrent: bool
    language: str
    debtor_iban: str = ""
    debtor_bic: str = ""
    settings: DocumentSettings = field(default_factory=DocumentSettings)


CORE_TEXT = (
    "By signing this mandate form, you authorise (A) {creditor} to send instructions to your bank to debit "
    "your account and (B) your bank to debit your account in accordance with the instructions from {creditor}. "
    "As part of your rights, you are entitled to a refund from your bank under the terms and conditions of your "
    "agreement with your bank. A refund must be claimed within 8 weeks starting from the date on which your "
    "account was debited. Your rights are explained in a statement that you can obtain from your bank."
)
B2B_TEXT = (
    "By signing this mandate form, you authorise (A) {creditor} to send instructions to your bank to debit "
    "your account and (B) your bank to debit your account in accordance with the instructions from {creditor}. "
    "This mandate is only intended for business-to-business transactions. You are not entitled to a refund from "
    "your bank after your account has been debited, but you are entitled to request your bank not to debit your "
    "account up until the day on which the payment is due."
)


def story(form: MandateForm) -> list[Flowable]:
    _ = gettext(form.language)
    st = styles()
    creditor_address = ", ".join(
        p
        for p in (form.creditor.street, f"{form.creditor.postcode} {form.creditor.city}".strip(), form.creditor.country)
        if p
    )
    debtor_address = ", ".join(
        p for p in (form.debtor.street, f"{form.debtor.postcode} {form.debtor.city}".strip(), form.debtor.country) if p
    )
    blank = "_" * 34

    def table(rows: list[tuple[str, str]]) -> Table:
        return Table(
            [[Paragraph(esc(label), st["small"]), Paragraph(esc(value), st["body"])] for label, value in rows],
            colWidths=[55 * mm, CONTENT_WIDTH - 55 * mm],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            ),
        )

    text = CORE_TEXT if form.scheme == "CORE" else B2B_TEXT
    kind = _("Recurrent payment") if form.recurrent else _("One-off payment")
    heading = (
        _("SEPA Business-to-Business Direct Debit Mandate") if form.scheme == "B2B" else _("SEPA Direct Debit Mandate")
    )
    return [
        Paragraph(esc(heading), st["heading"]),
        Spacer(1, 3 * mm),
        table([(_("Mandate reference"), form.reference)]),
        Spacer(1, 3 * mm),
        Paragraph(esc(_(text, creditor=form.creditor.name)), st["body"]),
        Spacer(1, 4 * mm),
        Table(
            [[Paragraph(esc(_("Creditor")), st["bold"])]],
            colWidths=[CONTENT_WIDTH],
            style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), LIGHT)]),
        ),
        table(
            [
                (_("Name"), form.creditor.name),
                (_("Address"), creditor_address),
                (_("Creditor identifier"), form.creditor_id),
            ]
        ),
        Spacer(1, 3 * mm),
        Table(
            [[Paragraph(esc(_("Debtor")), st["bold"])]],
            colWidths=[CONTENT_WIDTH],
            style=TableStyle([("BACKGROUND", (0, 0), (-1, -1), LIGHT)]),
        ),
        table(
            [
                (_("Name"), form.debtor.name),
                (_("Address"), debtor_address),
                ("IBAN", format_iban(form.debtor_iban) if form.debtor_iban else blank),
                ("BIC", form.debtor_bic or blank),
                (_("Type of payment"), kind),
                (_("Place and date"), blank),
                (_("Signature"), blank),
            ]
        ),
    ]


def render(form: MandateForm, target: str | Path | IO[bytes]) -> None:
    _ = gettext(form.language)
    title = _("SEPA Direct Debit Mandate")
    pages = LetterPages(
        seller=form.creditor,
        language=form.language,
        settings=form.settings,
        recipient=address_lines(form.debtor, form.language, form.creditor.country or "BE"),
        title=title,
        meta=[(_("Mandate reference"), form.reference)],
        running_title=f"{title} {form.reference}",
    )
    build_document(target, story(form), pages, title=f"{title} {form.reference}", author=form.creditor.name)
