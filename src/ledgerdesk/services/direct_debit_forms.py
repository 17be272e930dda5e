"""The printable mandate form of a customer, in the customer's language (or the one asked for)."""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain import direct_debit as dd
from ..domain.document import Party
from ..domain.errors import DomainError, ValidationError
from ..domain.invoicing import LANGUAGES
from ..persistence.models import Customer, Mandate
from ..sepa import identifiers as sepa_ids
from . import direct_debit
from .company import get_company
from .documents import document_settings


def mandate_form_pdf(
    session: Session, customer_id: int, reference: str, *, scheme: str = "CORE", language: str | None = None
) -> bytes:
    """The PDF of a mandate form for the customer to sign: the reference and creditor filled in, and the
    account too when a mandate with that reference is already recorded."""
    from ..reports.mandate_form import MandateForm, render

    setup = direct_debit.require_creditor(session)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    reference = sepa_ids.validate_mandate_reference(reference)
    scheme = dd.check_scheme(scheme)
    if scheme == "B2B" and customer.kind == "consumer":
        raise ValidationError("a consumer cannot sign a B2B mandate: use the Core scheme")
    language = language or customer.language
    if language not in LANGUAGES:
        raise ValidationError(f"language '{language}' is not one of nl, fr, en")
    recorded = session.scalar(select(Mandate).where(Mandate.reference == reference))
    if recorded is not None and recorded.customer_id != customer_id:
        raise ValidationError(f"mandate '{reference}' belongs to another customer")
    company = get_company(session)
    creditor = Party(
        name=company.name,
        street=company.street,
        postcode=company.postcode,
        city=company.city,
        country=company.country,
        vat=company.vat,
        email=company.email,
        phone=company.phone,
        iban=setup.iban,
        bic=setup.bic,
    )
    debtor = Party(
        name=customer.name,
        street=customer.street,
        postcode=customer.postcode,
        city=customer.city,
        country=customer.country,
        kind=customer.kind,
    )
    form = MandateForm(
        creditor=creditor,
        debtor=debtor,
        reference=reference,
        creditor_id=setup.creditor_id,
        scheme=recorded.scheme if recorded else scheme,
        recurrent=recorded.recurrent if recorded else True,
        language=language,
        debtor_iban=recorded.debtor_iban if recorded else "",
        debtor_bic=(recorded.debtor_bic or "") if recorded else "",
        settings=document_settings(session),
    )
    buffer = io.BytesIO()
    render(form, buffer)
    return buffer.getvalue()
