"""The purchase side of the VAT return: bases by cost category (81, 82, 83), credit notes (85), deductible VAT
(59) and VAT to pay back (63), hand-computed; bills the buyer owes the VAT on are named, not placed."""

from __future__ import annotations

import io
import json
from datetime import date

from builders import bill, bill_line, supplier
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.cli import main
from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.domain.period import Period
from ledgerdesk.domain.purchase_grids import BillFacts, BillLineFacts, purchase_side
from ledgerdesk.services import company as company_service
from ledgerdesk.services import purchases
from ledgerdesk.services.vat_return import preview

Q4 = Period.parse("2026-Q4")


def _company(s) -> None:  # type: ignore[no-untyped-def]
    company_service.save_company(
        s,
        company_service.CompanyData(
            name="Atelier Janssens", street="Kerkstraat 1", postcode="9000", city="Gent", vat="BE0403170701"
        ),
    )


def _quarter(book) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        _company(s)
        sid = supplier(s)
        bill(s, sid, "G-1", bill_line("100", "21", "goods"), day=date(2026, 10, 2))  # 81: 100.00, VAT 21.00 all
        bill(s, sid, "C-1", bill_line("200", "21", "car", "50"), day=date(2026, 10, 9))  # 82: 200.00, VAT 42 -> 21
        bill(s, sid, "E-1", bill_line("1000", "21", "equipment"), day=date(2026, 11, 3))  # 83: 1000.00, 210.00
        credit = purchases.BillDraft(
            sid, "CN-1", date(2026, 12, 1), (bill_line("50", "21", "goods"),), kind=DocumentKind.PURCHASE_CREDIT_NOTE
        )
        purchases.record_bill(s, credit, on=date(2026, 12, 1))  # 85: 50.00, 63: 10.50
        refused = bill(s, sid, "X-1", bill_line("999", "21", "goods"), day=date(2026, 12, 2))
        purchases.reject_bill(s, refused.id, "not ours", on=date(2026, 12, 2))  # a rejected bill: no purchase
        bill(s, sid, "L-1", bill_line("77", "21", "goods"), day=date(2027, 1, 2))  # next quarter
        bill(s, sid, "USD-1", bill_line("500", "21", "goods"), day=date(2026, 11, 20), currency="USD")  # by hand


def test_the_purchase_grids_of_a_quarter_by_hand(book):
    _quarter(book)
    with book.db.reading() as s:
        result = preview(s, Q4)
    filled = result.filled
    assert {g: filled.get(g, 0) for g in ("81", "82", "83", "85", "59", "63")} == {
        "81": 10000,
        "82": 20000,
        "83": 100000,
        "85": 5000,
        "59": 2100 + 2100 + 21000,  # deductible: all of G-1, half of C-1's 42.00, all of E-1
        "63": 1050,
    }
    assert result.by_hand == ("USD-1",)
    assert [line.documents for line in result.lines if line.grid == "59"] == [("G-1", "C-1", "E-1")]
    # Nothing sold: 72 is the deductible VAT less what credit notes take back.
    assert (filled.get("71", 0), filled.get("72", 0)) == (0, 25200 - 1050)


def test_the_command_line_shows_the_purchase_grids_and_what_to_place_by_hand(book, monkeypatch):
    _quarter(book)
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", folder, "vat-return", "--period", "2026-Q4", "--json"], out=out, err=err) == 0
    data = json.loads(out.getvalue())
    assert data["grids"]["83"] == {"amount": "1000.00", "documents": ["E-1"]}
    assert data["bills_to_place_by_hand"] == ["USD-1"]
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", folder, "vat-return", "--period", "2026-Q4"], out=out, err=err) == 0
    assert "to place by hand" in out.getvalue() and "USD-1" in out.getvalue()


cents = st.integers(min_value=-(10**7), max_value=10**7)
facts = st.builds(
    BillFacts,
    number=st.text("ABC123", min_size=1, max_size=4),
    kind=st.sampled_from(["purchase_invoice", "purchase_credit_note"]),
    lines=st.lists(
        st.builds(
            BillLineFacts,
            net_cents=cents,
            category=st.sampled_from(["goods", "materials", "equipment", "car", "other"]),
            vat_category=st.sampled_from([None, "S", "Z", "E", "AE", "K"]),
        ),
        max_size=5,
    ).map(tuple),
    deductible_vat_cents=cents,
    euro=st.booleans(),
)


def test_a_line_whose_vat_the_buyer_owes_leaves_its_bill_to_place_by_hand():
    reverse = BillFacts("RC-1", "purchase_invoice", (BillLineFacts(75000, "services", "AE"),), 0)
    normal = BillFacts("N-1", "purchase_invoice", (BillLineFacts(10000, "services", "S"),), 2100)
    assert purchase_side([reverse, normal]) == ({"82": (10000, ("N-1",)), "59": (2100, ("N-1",))}, ("RC-1",))


def _placed(bill: BillFacts) -> bool:
    return bill.euro and not any(x.vat_category in ("AE", "K", "G") for x in bill.lines)


@given(st.lists(facts, max_size=12))
def test_every_placed_base_is_in_exactly_one_grid_and_nothing_is_negative(bills):
    grids, by_hand = purchase_side(bills)
    assert sum(grids.get(g, (0, ()))[0] for g in ("81", "82", "83", "85")) == sum(
        abs(x.net_cents) for b in bills if _placed(b) for x in b.lines
    )
    assert sum(grids.get(g, (0, ()))[0] for g in ("59", "63")) == sum(
        abs(b.deductible_vat_cents) for b in bills if _placed(b)
    )
    assert all(amount > 0 for amount, _ in grids.values())
    assert list(by_hand) == [b.number for b in bills if not _placed(b)]
