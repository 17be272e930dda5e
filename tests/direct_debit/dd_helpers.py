"""Builders for the direct debit tests: a creditor set up, customers with mandates, monthly invoices."""

from __future__ import annotations

from datetime import date, datetime

from builders import customer

from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.sepa.identifiers import for_enterprise
from ledgerdesk.services import direct_debit, recurring

CREDITOR_ID = for_enterprise("0403170701")  # the `book` fixture's company
NOW = datetime(2026, 1, 1, 9, 0)


def belgian_iban(bank: str, number: int) -> str:
    """A valid Belgian IBAN at a bank code ('734' KBC, '001' BNP Paribas Fortis, '363' ING, '068' Belfius)."""
    first = f"{bank}{number:07d}"
    check = int(first) % 97 or 97
    bban = f"{first}{check:02d}"
    digits = int(bban + "1114" + "00")  # B=11, E=14
    return f"BE{98 - digits % 97:02d}{bban}"


def set_up_creditor(session, *, core: bool = True, b2b: bool = False, version: str = "pain.008.001.08") -> None:
    direct_debit.save_creditor(
        session,
        direct_debit.CreditorSetup(
            creditor_id=CREDITOR_ID, iban="BE71096123456769", bic="GKCCBEBB", core=core, b2b=b2b, pain_version=version
        ),
    )


def customer_with_mandate(
    session,
    name: str,
    *,
    iban: str | None = None,
    reference: str | None = None,
    scheme: str = "CORE",
    kind: str = "consumer",
    signed_on: date = date(2025, 12, 1),
    street: str = "Kerkstraat 12 bus 3",
    vat: str | None = None,
) -> tuple[int, int]:
    """(customer id, mandate id)."""
    customer_id = customer(
        session,
        name,
        kind=kind,
        street=street,
        postcode="3000",
        city="Leuven",
        vat=vat,
        receives_einvoice=bool(vat),
        since=date(2025, 12, 1),
    )
    mandate_id = direct_debit.add_mandate(
        session,
        direct_debit.MandateData(
            reference=reference or f"LD-{customer_id:05d}",
            customer_id=customer_id,
            signed_on=signed_on,
            debtor_iban=iban or belgian_iban("734", customer_id),
            scheme=scheme,
        ),
        today=date(2026, 1, 1),
        now=NOW,
    )
    return customer_id, mandate_id


def monthly_template(session, customer_id: int, price: str = "50.00", start: date = date(2026, 1, 1)) -> int:
    return recurring.create_template(
        session,
        recurring.TemplateData(
            customer_id=customer_id,
            frequency="monthly",
            start_date=start,
            lines=[LineInput.of("Abonnement", 1, price, "21")],
            mode="issued",
            payment_terms_days=14,
        ),
        now=NOW,
    )
