"""The user's own business and the customers it invoices."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ..domain import identifiers
from ..domain.email_address import validate_email
from ..domain.errors import DomainError, ValidationError
from ..domain.invoicing import LANGUAGES, check_number_format
from ..domain.vat_regime import regime_of
from ..persistence.models import Company, Customer, Setting


@dataclass
class CompanyData:
    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    vat: str | None = None
    vat_regime: str = "standard"
    iban: str | None = None
    bic: str | None = None
    email: str = ""
    phone: str = ""
    language: str = "nl"
    payment_terms_days: int = 30
    invoice_number_format: str = "{year}-{seq:04d}"
    credit_note_number_format: str = "CN{year}-{seq:04d}"
    late_payment_terms: bool = False


@dataclass
class CustomerData:
    name: str
    kind: str = "business"
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "BE"
    vat: str | None = None
    language: str = "nl"
    email: str = ""
    phone: str = ""
    payment_terms_days: int | None = None
    notes: str = ""
    receives_einvoice: bool = False
    ref: str | None = None
    requires_buyer_reference: bool = False  # no invoice without their buyer reference or order number


@dataclass
class Saved:
    """The saved row's id with the warnings the user should see."""

    id: int
    warnings: list[str] = field(default_factory=list)


def _language(value: str) -> str:
    if value not in LANGUAGES:
        raise ValidationError(f"language '{value}' is not one of nl, fr, en")
    return value


def _country(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 2 or not value.isalpha():
        raise ValidationError(f"country '{value}' is not a two-letter ISO code")
    return value


def clean_company(data: CompanyData) -> tuple[dict[str, object], list[str]]:
    """Validated column values and warnings for the company."""
    warnings: list[str] = []
    if not data.name.strip():
        raise ValidationError("the company needs a name")
    regime_of(data.vat_regime)  # standard, franchise or art44
    values: dict[str, object] = {
        "name": data.name.strip(),
        "street": data.street.strip(),
        "postcode": data.postcode.strip(),
        "city": data.city.strip(),
        "country": _country(data.country),
        "vat": identifiers.validate_vat(data.vat) if data.vat else None,
        "vat_regime": data.vat_regime,
        "bic": identifiers.validate_bic(data.bic) if data.bic else None,
        "email": validate_email(data.email),
        "phone": data.phone.strip(),
        "language": _language(data.language),
        "payment_terms_days": int(data.payment_terms_days),
        "invoice_number_format": check_number_format(data.invoice_number_format),
        "credit_note_number_format": check_number_format(data.credit_note_number_format),
        "late_payment_terms": bool(data.late_payment_terms),
    }
    if data.iban:
        checked = identifiers.check_iban(data.iban)
        values["iban"] = checked.value
        warnings.extend(checked.warnings)
        if values["bic"] is None:  # a Belgian bank's BIC follows from its IBAN: not typed twice
            values["bic"] = identifiers.bank_bic(checked.value)
    else:
        values["iban"] = None
        warnings.append("without an IBAN, invoices carry no payment details or QR code")
    if not values["vat"] and values["country"] == "BE":
        warnings.append("a Belgian business needs its enterprise (VAT) number on every invoice")
    if not 0 <= int(data.payment_terms_days) <= 365:
        raise ValidationError("payment terms are between 0 and 365 days")
    return values, warnings


def company_data_of(company: Company) -> CompanyData:
    """The stored company as the setup form and `company set` start from."""
    return CompanyData(
        name=company.name,
        street=company.street or "",
        postcode=company.postcode or "",
        city=company.city or "",
        country=company.country or "BE",
        vat=company.vat,
        vat_regime=company.vat_regime,
        iban=company.iban,
        bic=company.bic,
        email=company.email or "",
        phone=company.phone or "",
        language=company.language,
        payment_terms_days=company.payment_terms_days,
        invoice_number_format=company.invoice_number_format,
        credit_note_number_format=company.credit_note_number_format,
        late_payment_terms=bool(company.late_payment_terms),
    )


def save_company(session: Session, data: CompanyData) -> Saved:
    values, warnings = clean_company(data)
    store_company(session, values)
    return Saved(1, warnings)


def store_company(session: Session, values: dict[str, object]) -> Company:
    """Write already-cleaned values as the book's one company (id 1), created on first use."""
    company = session.get(Company, 1)
    if company is None:
        company = Company(id=1, **values)
        session.add(company)
    else:
        for key, value in values.items():
            setattr(company, key, value)
    session.flush()
    return company


def get_company(session: Session) -> Company:
    company = session.get(Company, 1)
    if company is None:
        raise DomainError("the company is not set up yet")
    return company


def invoice_language(session: Session) -> str:
    """The language the company writes its documents in: a new customer's default."""
    company = session.get(Company, 1)
    return company.language if company is not None else "nl"


def has_company(session: Session) -> bool:
    return session.get(Company, 1) is not None


def expects_einvoice(data: CustomerData) -> bool:
    """Since 1 January 2026 Belgian VAT-registered businesses exchange Peppol e-invoices: the
    default for a new Belgian business customer with a valid VAT number (the user may untick it)."""
    if data.kind != "business" or (data.country or "BE").upper() != "BE" or not data.vat:
        return False
    try:
        identifiers.validate_vat(data.vat, default_country="BE")
    except ValidationError:
        return False
    return True


def clean_customer(session: Session, data: CustomerData) -> tuple[dict[str, object], list[str]]:
    warnings: list[str] = []
    if not data.name.strip():
        raise ValidationError("a customer needs a name")
    if data.kind not in ("business", "consumer"):
        raise ValidationError("a customer is a 'business' or a 'consumer'")
    country = _country(data.country)
    vat = identifiers.validate_vat(data.vat, default_country=country) if data.vat else None
    if data.kind == "business" and country == "BE" and not vat:
        warnings.append(f"{data.name.strip()} is a Belgian business without a VAT number")
    if data.payment_terms_days is not None and not 0 <= int(data.payment_terms_days) <= 365:
        raise ValidationError("payment terms are between 0 and 365 days")
    email = validate_email(data.email)
    return (
        {
            "name": data.name.strip(),
            "kind": data.kind,
            "street": data.street.strip(),
            "postcode": data.postcode.strip(),
            "city": data.city.strip(),
            "country": country,
            "vat": vat,
            "language": _language(data.language),
            "email": email,
            "phone": data.phone.strip(),
            "payment_terms_days": data.payment_terms_days,
            "notes": data.notes,
            "receives_einvoice": bool(data.receives_einvoice),
            "requires_buyer_reference": bool(data.requires_buyer_reference),
            "ref": data.ref,
        },
        warnings,
    )


def create_customer(session: Session, data: CustomerData, *, today: date) -> Saved:
    values, warnings = clean_customer(session, data)
    customer = Customer(created_on=today, **values)
    session.add(customer)
    session.flush()
    return Saved(customer.id, warnings)


def update_customer(session: Session, customer_id: int, data: CustomerData) -> Saved:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError(f"there is no customer {customer_id}")
    values, warnings = clean_customer(session, data)
    if values["ref"] is None:
        values.pop("ref")
    for key, value in values.items():
        setattr(customer, key, value)
    session.flush()
    return Saved(customer.id, warnings)


def customer_data(customer: Customer) -> CustomerData:
    return CustomerData(
        name=customer.name,
        kind=customer.kind,
        street=customer.street,
        postcode=customer.postcode,
        city=customer.city,
        country=customer.country,
        vat=customer.vat,
        language=customer.language,
        email=customer.email,
        phone=customer.phone,
        payment_terms_days=customer.payment_terms_days,
        notes=customer.notes,
        receives_einvoice=customer.receives_einvoice,
        ref=customer.ref,
        requires_buyer_reference=customer.requires_buyer_reference,
    )


def get_setting(session: Session, key: str, default: object = None) -> object:
    row = session.get(Setting, key)
    return default if row is None else row.value


def int_setting(session: Session, key: str, default: int) -> int:
    """A whole-number setting (stored as JSON: a number, or its text in older books)."""
    value = get_setting(session, key, default)
    return int(value) if isinstance(value, int | str) else default


def set_setting(session: Session, key: str, value: object) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
