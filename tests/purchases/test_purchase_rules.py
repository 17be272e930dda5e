"""The purchase rules without a book: deductible VAT, the approval flow, duplicates, suppliers, bills due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.domain import purchases as rules
from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.domain.invoicing import LineInput, totals_of
from ledgerdesk.domain.purchases import BillLine, PurchaseStatus
from ledgerdesk.domain.suppliers import SupplierInput, check_supplier
from ledgerdesk.domain.vat import VatTreatment

CODES = tuple(c.code for c in rules.DEFAULT_CATEGORIES)


def _line(cents: int, rate: int, pct: int) -> BillLine:
    return BillLine(
        LineInput("x", Decimal(1), Decimal(cents) / 100, VatTreatment(Decimal(rate))), "other", Decimal(pct)
    )


def test_a_car_bill_deducts_half_its_vat_and_a_restaurant_none():
    split = rules.vat_split([_line(10000, 21, 50), _line(3333, 12, 0)])
    assert split == rules.VatSplit(deductible_cents=1050, non_deductible_cents=1050 + 400)


def test_mixed_shares_within_one_rate_are_weighted_by_net_and_rounded_once():
    # 21 % of 100.01 + 200.00 = 63.00 VAT; deductible share (100.01*100 + 200*50)/300.01 -> 42.00
    split = rules.vat_split([_line(10001, 21, 100), _line(20000, 21, 50)])
    assert split.deductible_cents + split.non_deductible_cents == 6300
    assert split.deductible_cents == 4200


@given(
    st.lists(
        st.tuples(st.integers(1, 10_000_000), st.sampled_from([0, 6, 12, 21]), st.integers(0, 100)),
        min_size=1,
        max_size=8,
    )
)
def test_deductible_and_non_deductible_vat_always_add_up_to_the_bills_vat(items):
    lines = [_line(c, r, p) for c, r, p in items]
    split = rules.vat_split(lines)
    vat = totals_of([b.line for b in lines]).vat_cents
    assert split.deductible_cents + split.non_deductible_cents == vat
    assert 0 <= split.deductible_cents <= vat
    if all(p == 100 for _, _, p in items):
        assert split.non_deductible_cents == 0


def test_one_approver_approves_at_once():
    result = rules.approve(PurchaseStatus.RECEIVED, None, "Ann", on=date(2026, 12, 1))
    assert result == rules.Approval(PurchaseStatus.APPROVED, "Ann", None)


def test_with_two_approvals_the_second_must_be_another_person():
    first = rules.approve(PurchaseStatus.RECEIVED, None, "Ann", on=date(2026, 12, 1), approvals_required=2)
    assert first.status is PurchaseStatus.RECEIVED and first.approved_by == "Ann"
    with pytest.raises(DomainError, match="second person"):
        rules.approve(PurchaseStatus.RECEIVED, "Ann", "ann", on=date(2026, 12, 1), approvals_required=2)
    second = rules.approve(PurchaseStatus.RECEIVED, "Ann", "Bert", on=date(2026, 12, 1), approvals_required=2)
    assert second == rules.Approval(PurchaseStatus.APPROVED, "Ann", "Bert")


def test_the_flow_refuses_steps_out_of_order():
    with pytest.raises(DomainError, match="already approved"):
        rules.approve(PurchaseStatus.APPROVED, "Ann", "Bert", on=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="why"):
        rules.reject(PurchaseStatus.RECEIVED, "  ")
    assert rules.reject(PurchaseStatus.APPROVED, "wrong price") is PurchaseStatus.REJECTED
    with pytest.raises(DomainError, match="already paid"):
        rules.reject(PurchaseStatus.PAID, "late")
    with pytest.raises(DomainError, match="rejected"):
        rules.status_after_payment(PurchaseStatus.REJECTED, 100, 100)
    with pytest.raises(DomainError, match="not approved yet"):
        rules.check_paying(PurchaseStatus.RECEIVED)
    assert rules.status_after_payment(PurchaseStatus.APPROVED, 100, 60) is PurchaseStatus.APPROVED
    assert rules.status_after_payment(PurchaseStatus.APPROVED, 100, 100) is PurchaseStatus.PAID


def _known(number="F-1", supplier=1, total=12100, day=date(2026, 12, 1), peppol=None):
    return rules.KnownBill(supplier, "purchase_invoice", number, day, total, peppol)


def test_the_same_suppliers_number_or_peppol_message_is_refused_and_a_lookalike_warned():
    kind = DocumentKind.PURCHASE_INVOICE
    refusal, _ = rules.duplicates(1, kind, "f-1 ", date(2026, 12, 2), 5, None, [_known()])
    assert refusal == "the supplier's bill F-1 is already in the book"
    refusal, _ = rules.duplicates(2, kind, "X", date(2026, 12, 2), 5, "msg-1", [_known(peppol="msg-1")])
    assert refusal is not None and "Peppol message" in refusal
    refusal, warnings = rules.duplicates(1, kind, "F-2", date(2026, 12, 1), 12100, None, [_known()])
    assert refusal is None and warnings == ("bill F-1 of the same supplier has the same amount and date",)
    assert rules.duplicates(2, kind, "F-1", date(2026, 12, 1), 12100, None, [_known()]) == (None, ())
    # a credit note may carry the number of an invoice of the same supplier
    assert (
        rules.duplicates(1, DocumentKind.PURCHASE_CREDIT_NOTE, "F-1", date(2026, 12, 5), 1, None, [_known()])[0] is None
    )


def test_a_supplier_is_checked_like_a_customer():
    checked = check_supplier(
        SupplierInput(name=" Garage  Dubois ", vat="0202.239.951", iban="BE71 0961 2345 6769"), CODES
    )
    assert (checked.name, checked.vat, checked.iban, checked.bic) == (
        "Garage Dubois",
        "BE0202239951",
        "BE71096123456769",
        "GKCCBEBB",
    )
    with pytest.raises(ValidationError, match="not a valid VAT number"):
        check_supplier(SupplierInput(name="X", vat="BE0202239952"), CODES)
    with pytest.raises(ValidationError, match="not a valid IBAN"):
        check_supplier(SupplierInput(name="X", iban="BE71096123456768"), CODES)
    with pytest.raises(ValidationError, match="not a cost category"):
        check_supplier(SupplierInput(name="X", default_category="yachts"), CODES)
    with pytest.raises(ValidationError, match="payment terms"):
        check_supplier(SupplierInput(name="X", payment_terms_days=-1), CODES)


def test_the_category_list_is_checked():
    assert rules.check_categories(rules.DEFAULT_CATEGORIES) == rules.DEFAULT_CATEGORIES
    with pytest.raises(ValidationError, match="twice"):
        rules.check_categories([rules.CostCategory("a", "A"), rules.CostCategory("a", "B")])
    with pytest.raises(ValidationError, match="between 0 and 100"):
        rules.check_categories([rules.CostCategory("a", "A", Decimal(120))])


def test_bills_due_today_this_week_or_overdue():
    today = date(2026, 12, 7)
    assert rules.due_bucket(date(2026, 12, 6), today) == "overdue"
    assert rules.due_bucket(today, today) == "today"
    assert rules.due_bucket(date(2026, 12, 14), today) == "week"
    assert rules.due_bucket(date(2026, 12, 15), today) is None
    assert rules.due_bucket(None, today) is None


def test_a_bill_is_the_one_document_value_with_the_supplier_as_seller():
    from ledgerdesk.domain.document import Party

    bill = rules.Bill(
        DocumentKind.PURCHASE_INVOICE,
        "F-1",
        date(2026, 12, 1),
        Party("Garage Dubois", vat="BE0202239951", iban="BE71096123456769"),
        Party("Atelier Janssens"),
        (_line(10000, 21, 100), _line(5000, 6, 100)),
        due_date=date(2026, 12, 31),
        structured_communication="123456789002",
    )
    doc = bill.document()
    assert doc.kind.is_purchase and doc.total_cents == 17400 and bill.payable == 17400
    request = doc.payment_request(17400)
    assert request is not None and (request.beneficiary, request.iban, request.ogm) == (
        "Garage Dubois",
        "BE71096123456769",
        "123456789002",
    )
    with pytest.raises(ValidationError, match="before the invoice date"):
        rules.check_bill(
            rules.Bill(**{**bill.__dict__, "due_date": date(2026, 11, 1)}),  # type: ignore[arg-type]
            CODES,
        )


def test_a_foreign_iban_gets_no_bic_from_the_belgian_bank_register():
    checked = check_supplier(SupplierInput(name="X", iban="FR1420041010050500013M02606", country="FR"), CODES)
    assert (checked.iban, checked.bic) == ("FR1420041010050500013M02606", None)  # it was GEBABEBB, a Belgian bank
