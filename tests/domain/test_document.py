"""The commercial document value: built from what is stored, numbered by one issue step, previewed without a number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import references
from ledgerdesk.domain.document import (
    CommercialDocument,
    DocumentKind,
    Numbering,
    Party,
    document_of,
    issue_step,
    line_columns,
    line_of,
)
from ledgerdesk.domain.invoicing import LineInput, totals_of

SELLER = Party("Atelier Janssens", vat="BE0403170701", iban="BE71096123456769")
BUYER = Party("Bakkerij Peeters", vat="BE0202239951")


@dataclass
class _Row:
    """What a stored line has (an InvoiceLine or RecurringLine row)."""

    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: Decimal
    vat_exemption: str | None
    position: int = 0
    period_start: date | None = None
    period_end: date | None = None


@dataclass
class _Stored:
    kind: str = "invoice"
    status: str = "draft"
    number: str | None = None
    language: str = "fr"
    issue_date: date = date(2026, 3, 2)
    currency: str = "EUR"
    due_date: date | None = None
    delivery_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    buyer_reference: str = ""
    order_reference: str = ""
    contract_reference: str = ""
    payment_terms_days: int | None = None
    structured_communication: str | None = None
    notes: str = ""
    seller: dict | None = None
    buyer: dict | None = None
    lines: list[_Row] = field(default_factory=list)


def _draft(**changes) -> CommercialDocument:  # type: ignore[no-untyped-def]
    lines = [_Row(**line_columns(LineInput.of("Brood", 3, "2.50", "6"), 0))]
    return document_of(_Stored(lines=lines, **changes))


def test_issuing_numbers_the_document_and_fills_in_terms_due_date_and_reference():
    issued = issue_step(
        _draft(),
        numbering=Numbering("2026-0017", 2026, 17),
        seller=SELLER,
        buyer=BUYER,
        customer_terms=None,
        company_terms=30,
    )
    assert issued.number == "2026-0017" and not issued.draft
    assert issued.payment_terms_days == 30 and issued.due_date == date(2026, 4, 1)
    assert issued.structured_communication == references.for_document(2026, references.INVOICE, 17)
    assert issued.seller == SELLER and issued.buyer == BUYER
    assert issued.total_cents == 795 and issued.vat_cents == 45


def test_terms_come_from_the_document_then_the_customer_then_the_company():
    step = dict(numbering=None, seller=SELLER, buyer=BUYER, company_terms=30)
    assert issue_step(_draft(payment_terms_days=0), customer_terms=14, **step).payment_terms_days == 0
    assert issue_step(_draft(), customer_terms=14, **step).payment_terms_days == 14
    assert issue_step(_draft(), customer_terms=None, **step).due_date == date(2026, 4, 1)


def test_a_preview_is_the_same_step_without_a_number_or_reference():
    preview = issue_step(_draft(), numbering=None, seller=SELLER, buyer=BUYER, customer_terms=None, company_terms=30)
    issued = issue_step(
        _draft(),
        numbering=Numbering("2026-0001", 2026, 1),
        seller=SELLER,
        buyer=BUYER,
        customer_terms=None,
        company_terms=30,
    )
    assert preview.number is None and preview.structured_communication is None and preview.draft
    assert (preview.due_date, preview.payment_terms_days, preview.totals) == (
        issued.due_date,
        issued.payment_terms_days,
        issued.totals,
    )


def test_a_credit_note_asks_for_no_payment_and_has_no_due_date():
    note = issue_step(
        _draft(kind="credit_note", payment_terms_days=0),
        numbering=Numbering("CN-1", 2026, 1),
        seller=SELLER,
        buyer=BUYER,
        customer_terms=None,
        company_terms=30,
    )
    assert note.kind is DocumentKind.CREDIT_NOTE and note.due_date is None
    assert note.payment_request(open_cents=795) is None
    assert note.structured_communication == references.for_document(2026, references.CREDIT_NOTE, 1)


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        _draft(kind="quote_for_tomorrow")


def test_a_party_snapshot_is_read_leniently_and_trimmed():
    party = Party.from_snapshot({"name": " Bakkerij ", "country": "be", "vat": "", "street": None, "extra": 1})
    assert party == Party("Bakkerij", country="BE")
    assert Party.from_snapshot(None).name == "" and BUYER.enterprise_number == "0202239951"


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(9999), places=2)


@given(
    st.lists(st.tuples(st.integers(1, 20), amounts, st.sampled_from(["21", "12", "6", "0"])), min_size=1, max_size=8)
)
def test_stored_lines_come_back_as_the_same_line_and_the_same_totals(lines):
    inputs = [LineInput.of(f"L{i}", q, p, r) for i, (q, p, r) in enumerate(lines)]
    rows = [_Row(**line_columns(line, i)) for i, line in enumerate(inputs)]
    assert [line_of(row) for row in rows] == inputs
    assert document_of(_Stored(lines=rows)).totals == totals_of(inputs)
