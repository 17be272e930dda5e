"""Suppliers and bills in a real book: recording, the attached file and its hash, duplicates, the flow, lists."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date

import pytest
from builders import SUPPLIER_SINCE, bill, bill_line, supplier

from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.domain.purchases import CostCategory
from ledgerdesk.domain.suppliers import SupplierInput
from ledgerdesk.persistence.models import Purchase, PurchaseFile
from ledgerdesk.services import purchases
from ledgerdesk.services.purchase_list import bills_due, list_bills, list_suppliers


def test_a_typed_bill_keeps_its_lines_categories_deductible_vat_and_the_suppliers_pdf(book):
    pdf = b"%PDF-1.4 the supplier's bill\n%%EOF"
    with book.db.transaction() as s:
        sid = supplier(s, default_category="car", payment_terms_days=14)
        draft = purchases.BillDraft(
            sid,
            "F-2026-117",
            SUPPLIER_SINCE,
            (
                bill_line("100.00", "21", "car", "50"),
                bill_line("40.00", "6", "fuel", "50"),
                bill_line("30.00", "21", "restaurant", "0"),
            ),
            structured_communication="+++123/4567/89002+++",
        )
        recorded = purchases.record_bill(
            s, draft, on=SUPPLIER_SINCE, attachments=[purchases.Attachment("bill.pdf", pdf)]
        )
    with book.db.reading() as s:
        p = s.get(Purchase, recorded.id)
        assert (p.net_cents, p.vat_cents, p.total_cents, p.payable_cents) == (17000, 2970, 19970, 19970)
        assert p.deductible_vat_cents == 1050 + 120  # half of 21.00 and of 2.40; the restaurant's 6.30 none
        assert p.due_date == date(2026, 12, 15)  # the supplier's 14 days
        assert p.structured_communication == "123456789002" and p.iban == "BE71096123456769"
        assert [(x.category, x.deductible_pct) for x in p.lines] == [("car", 50), ("fuel", 50), ("restaurant", 0)]
        f = s.query(PurchaseFile).one()
        assert (f.content, f.sha256, f.media_type) == (pdf, hashlib.sha256(pdf).hexdigest(), "application/pdf")
    # kept as received: the database itself refuses to change it
    with sqlite3.connect(book.paths.book) as raw, pytest.raises(sqlite3.IntegrityError, match="cannot be changed"):
        raw.execute("UPDATE purchase_files SET content = x'00'")


def test_duplicates_are_refused_and_lookalikes_warned(book):
    with book.db.transaction() as s:
        sid = supplier(s)
        bill(s, sid, "F-1")
    with pytest.raises(DomainError, match="already in the book"), book.db.transaction() as s:
        bill(s, sid, "F 1".replace(" ", "-"))
    with book.db.transaction() as s:
        assert bill(s, sid, "F-2").warnings == ("bill F-1 of the same supplier has the same amount and date",)
    with book.db.reading() as s:
        assert [r.number for r in list_bills(s, SUPPLIER_SINCE)] == ["F-2", "F-1"]


def test_a_supplier_with_a_bad_number_or_a_known_vat_number_is_refused(book):
    with book.db.transaction() as s:
        supplier(s)
    with pytest.raises(DomainError, match="already exists"), book.db.transaction() as s:
        supplier(s, "Other name")
    with pytest.raises(ValidationError, match="not a valid VAT number"), book.db.transaction() as s:
        purchases.add_supplier(s, SupplierInput(name="X", vat="BE0123456788"), on=SUPPLIER_SINCE)


def test_approve_reject_and_pay_by_hand(book):
    with book.db.transaction() as s:
        sid = supplier(s)
        a = bill(s, sid, "A", bill_line("100")).id
        b = bill(s, sid, "B", bill_line("200")).id
        purchases.set_approvals_required(s, 2)
    with book.db.transaction() as s:
        assert purchases.approve_bill(s, a, "Ann", on=SUPPLIER_SINCE) == "received"
    with pytest.raises(DomainError, match="second person"), book.db.transaction() as s:
        purchases.approve_bill(s, a, "Ann", on=SUPPLIER_SINCE)
    with book.db.transaction() as s:
        assert purchases.approve_bill(s, a, "Bert", on=SUPPLIER_SINCE) == "approved"
        assert purchases.mark_paid(s, a, on=date(2026, 12, 10), amount_cents=5000) == "approved"
        assert purchases.mark_paid(s, a, on=date(2026, 12, 11)) == "paid"
        purchases.reject_bill(s, b, "not our order", on=SUPPLIER_SINCE)
    with pytest.raises(DomainError, match="rejected"), book.db.transaction() as s:
        purchases.mark_paid(s, b, on=SUPPLIER_SINCE)
    with book.db.reading() as s:
        rows = {r.number: r for r in list_bills(s, SUPPLIER_SINCE)}
        assert (rows["A"].status, rows["A"].paid_cents, rows["A"].open_cents) == ("paid", 12100, 0)
        assert rows["B"].status == "rejected" and s.get(Purchase, b).rejected_reason == "not our order"
        assert [r.number for r in list_bills(s, SUPPLIER_SINCE, status="rejected")] == ["B"]
        assert list_bills(s, SUPPLIER_SINCE, status="open") == []


def test_bills_due_and_filters(book):
    with book.db.transaction() as s:
        sid = supplier(s, payment_terms_days=0)
        bill(s, sid, "LATE", bill_line("10"), day=date(2026, 11, 1))
        bill(s, sid, "TODAY", bill_line("20"), day=date(2026, 12, 7))
        bill(s, sid, "WEEK", bill_line("30"), day=date(2026, 12, 1), due_date=date(2026, 12, 12))
        bill(s, sid, "LATER", bill_line("40"), day=date(2026, 12, 1), due_date=date(2027, 1, 31))
    with book.db.reading() as s:
        due = bills_due(s, date(2026, 12, 7))
        assert [[r.number for r in rows] for rows in (due.overdue, due.today, due.week)] == [
            ["LATE"],
            ["TODAY"],
            ["WEEK"],
        ]
        assert due.cents("overdue") == 1210
        assert [r.number for r in list_bills(s, date(2026, 12, 7), status="overdue")] == ["LATE"]
        assert [r.number for r in list_bills(s, date(2026, 12, 7), text="dubois")] != []
        assert [r.number for r in list_bills(s, date(2026, 12, 7), text="LAT")] == ["LATER", "LATE"]
        (row,) = list_suppliers(s)
        assert (row.bills, row.open_cents) == (4, 12100)
    with pytest.raises(ValidationError, match="not a bill status"), book.db.reading() as s:
        list_bills(s, SUPPLIER_SINCE, status="late")


def test_the_category_list_is_the_users_and_a_used_one_stays(book):
    with book.db.transaction() as s:
        supplier(s, default_category="car")
        cats = purchases.categories(s)
        assert "car" in [c.code for c in cats]
        with pytest.raises(DomainError, match="still used"):
            purchases.set_categories(s, [c for c in cats if c.code != "car"])
        purchases.set_categories(s, [*cats, CostCategory("boat", "Boat", 0)])
    with book.db.reading() as s:
        assert purchases.categories(s)[-1] == CostCategory("boat", "Boat", 0)
