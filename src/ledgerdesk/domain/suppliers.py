"""Suppliers: the checked normal form of what the user types (VAT and enterprise number, IBAN, BIC, terms)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import ValidationError
from .identifiers import bank_bic, check_iban, validate_bic, validate_vat


@dataclass(frozen=True)
class SupplierInput:
    """A supplier as typed; `checked()` gives its normal form or raises one clear error."""

    name: str
    vat: str = ""
    iban: str = ""
    bic: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    email: str = ""
    default_category: str = "other"
    payment_terms_days: int | None = None
    peppol_id: str = ""


@dataclass(frozen=True)
class CheckedSupplier:
    name: str
    vat: str | None
    iban: str | None
    bic: str | None
    street: str
    postcode: str
    city: str
    country: str
    email: str
    default_category: str
    payment_terms_days: int | None
    peppol_id: str | None
    warnings: tuple[str, ...] = field(default=())


def check_supplier(data: SupplierInput, categories: tuple[str, ...]) -> CheckedSupplier:
    """The supplier in normal form: VAT/enterprise number and IBAN checked by python-stdnum (as a
    customer's), the BIC typed or taken from the Belgian bank register, terms not negative."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("the supplier's name is missing")
    if len(name) > 200:
        raise ValidationError("the supplier's name is longer than 200 characters")
    country = (data.country.strip() or "BE").upper()
    if len(country) != 2 or not country.isalpha():
        raise ValidationError(f"'{data.country}' is not a country code (two letters, e.g. BE)")
    vat = validate_vat(data.vat, country) if data.vat.strip() else None
    warnings: tuple[str, ...] = ()
    iban = bic = None
    if data.iban.strip():
        checked = check_iban(data.iban)
        iban, warnings = checked.value, checked.warnings
    if data.bic.strip():
        bic = validate_bic(data.bic)
    elif iban:
        bic = bank_bic(iban)
    if data.default_category not in categories:
        raise ValidationError(f"'{data.default_category}' is not a cost category")
    terms = data.payment_terms_days
    if terms is not None and not 0 <= terms <= 365:
        raise ValidationError("payment terms are between 0 and 365 days")
    return CheckedSupplier(
        name=name,
        vat=vat,
        iban=iban,
        bic=bic,
        street=data.street.strip(),
        postcode=data.postcode.strip(),
        city=data.city.strip(),
        country=country,
        email=data.email.strip(),
        default_category=data.default_category,
        payment_terms_days=terms,
        peppol_id=data.peppol_id.strip() or None,
        warnings=warnings,
    )
