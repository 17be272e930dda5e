"""Bills whose VAT the buyer owes: intra-EU goods (86/55), intra-EU services (88/55), co-contractor and other
reverse charge (87/56), import under licence (87/57), the deductible share in 59, credit notes received in
84/85 with 63/64; hand-computed, recorded from the editor, the command line and a supplier's UBL file."""

from __future__ import annotations

import io
import json
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from builders import bill, supplier
from builders import bill_line as line
from hypothesis import given
from hypothesis import strategies as st

from ledgerdesk.cli import main
from ledgerdesk.domain.document import DocumentKind
from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.domain.period import Period
from ledgerdesk.domain.purchase_grids import BillFacts, BillLineFacts, bill_grids
from ledgerdesk.domain.reverse_charge import ReverseCharge, case_of_ubl, self_assess
from ledgerdesk.domain.vat_return import DEDUCTIBLE, DUE, vat_return
from ledgerdesk.persistence.models import Purchase
from ledgerdesk.services.vat_return import preview

from .test_vat_return_purchases import _company

Q3 = Period.parse("2026-Q3")
NOW = datetime(2026, 10, 2, 9, 0)

# Hand-computed (cents). IC-1: goods 1000.00 from NL -> 81 and 86 1000.00, VAT 21 % 210.00 in 55 and 59.
# SV-1: services 500.00 from DE -> 82 and 88 500.00, 105.00 in 55 and 59. CC-1: co-contractor works 2000.00,
# a car cost at 50 % -> 82 and 87 2000.00, 420.00 in 56, 210.00 in 59. IM-1: import under licence 300.00 of
# goods at 6 % -> 81 and 87 300.00, 18.00 in 57 and 59. ICN-1: a credit note on intra-EU goods 100.00 -> 84
# 100.00, 21.00 recovered in 64 and paid back in 63. Due 315 + 420 + 18 + 21 = 774.00; deductible 543 + 21 =
# 564.00: 71 = 210.00, the half of CC-1's VAT the car cost does not deduct.
QUARTER = {
    "81": 130000,
    "82": 250000,
    "84": 10000,
    "86": 100000,
    "87": 230000,
    "88": 50000,
    "55": 31500,
    "56": 42000,
    "57": 1800,
    "59": 54300,
    "63": 2100,
    "64": 2100,
    "71": 21000,
}


def _quarter(book) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        _company(s)
        nl = supplier(s, "Holland Parts BV", vat="NL004495445B01", country="NL", iban="NL91ABNA0417164300")
        de = supplier(s, "Beratung GmbH", vat="DE136695976", country="DE", iban="DE89370400440532013000")
        be = supplier(s)
        cn = supplier(s, "Shenzhen Tools", vat="", country="CN", iban="")
        day = date(2026, 8, 3)
        bill(s, nl, "IC-1", line("1000", "0", "goods"), day=day, reverse_charge="intra_eu_goods")
        bill(s, de, "SV-1", line("500", "0", "other"), day=day, reverse_charge="intra_eu_services")
        bill(s, be, "CC-1", line("2000", "0", "car", "50"), day=day, reverse_charge="co_contractor")
        bill(s, cn, "IM-1", line("300", "0", "goods"), day=day, reverse_charge="import", reverse_charge_rate=Decimal(6))
        bill(
            s,
            nl,
            "ICN-1",
            line("100", "0", "goods"),
            day=day,
            kind=DocumentKind.PURCHASE_CREDIT_NOTE,
            reverse_charge="intra_eu_goods",
        )


def test_a_quarter_of_reverse_charge_bills_fills_the_hand_computed_grids(book):
    _quarter(book)
    with book.db.reading() as s:
        result = preview(s, Q3)
    assert result.filled == QUARTER and result.by_hand == ()
    documents = {line.grid: line.documents for line in result.lines}
    assert documents["86"] == ("IC-1",) and documents["88"] == ("SV-1",) and documents["57"] == ("IM-1",)
    assert documents["87"] == ("CC-1", "IM-1") and documents["84"] == ("ICN-1",)


def test_the_quarter_goes_into_a_valid_intervat_return(book, tmp_path, monkeypatch):
    from lxml import etree

    from ledgerdesk.intervat import schemas
    from ledgerdesk.services.intervat import write_vat_return

    monkeypatch.setenv(schemas.ENV_SCHEMAS_DIR, str(tmp_path / "intervat"))
    try:
        folder = schemas.install(Path(os.environ["LEDGERDESK_TEST_INTERVAT_SOURCE"]))
    except (schemas.SchemasRefused, DomainError, OSError) as exc:
        pytest.skip(f"the official Intervat schemas are not installed on this machine ({exc})")
    _quarter(book)
    with book.db.reading() as s:
        assert write_vat_return(s, Q3, tmp_path / "q3.xml").checked
    xml = (tmp_path / "q3.xml").read_bytes()
    schema = etree.XMLSchema(etree.parse(str(folder / schemas.VAT_RETURN.schema)))
    assert schema.validate(etree.fromstring(xml)), schema.error_log
    for grid in ("84", "86", "87", "88", "55", "56", "57"):
        assert f'GridNumber="{grid}">{QUARTER[grid] // 100}.00<'.encode() in xml


def test_self_assessment_rounds_half_up_once_and_never_deducts_more_than_is_due():
    assert self_assess([(1005, Decimal(100))], Decimal(21)) == self_assess([(-1005, Decimal(100))], Decimal(21))
    owed = self_assess([(1005, Decimal(100)), (333, Decimal(50))], Decimal(21))
    # 13.38 x 21 % = 2.8098 -> 2.81; deductible (10.05 + 1.665) x 21 % = 2.46015 -> 2.46
    assert (owed.base_cents, owed.vat_cents, owed.deductible_cents) == (1338, 281, 246)


def test_the_ubl_category_and_the_suppliers_country_say_the_case():
    assert case_of_ubl(["K"], "NL") is ReverseCharge.INTRA_EU_GOODS
    assert case_of_ubl(["S", "AE"], "DE") is ReverseCharge.INTRA_EU_SERVICES
    assert case_of_ubl(["AE"], "GR") is ReverseCharge.INTRA_EU_SERVICES
    assert case_of_ubl(["AE"], "BE") is ReverseCharge.CO_CONTRACTOR
    assert case_of_ubl(["AE"], "US") is ReverseCharge.CO_CONTRACTOR
    assert case_of_ubl(["G"], "US") is None and case_of_ubl(["S", None], "BE") is None


def test_a_case_or_rate_that_does_not_exist_is_refused(book):
    with book.db.transaction() as s:
        _company(s)
        sid = supplier(s)
        with pytest.raises(ValidationError, match="is not a reverse-charge case"):
            bill(s, sid, "X-1", line("10", "0"), reverse_charge="domestic")
        with pytest.raises(ValidationError, match="is not a Belgian VAT rate to self-assess"):
            bill(s, sid, "X-2", line("10", "0"), reverse_charge="co_contractor", reverse_charge_rate=Decimal(9))


cents = st.integers(min_value=-(10**7), max_value=10**7)
bills = st.builds(
    BillFacts,
    number=st.text("ABC123", min_size=1, max_size=4),
    kind=st.sampled_from(["purchase_invoice", "purchase_credit_note"]),
    lines=st.lists(
        st.builds(
            BillLineFacts,
            net_cents=cents,
            category=st.sampled_from(["goods", "equipment", "car", "other"]),
            vat_category=st.sampled_from([None, "S", "AE", "K"]),
            deductible_pct=st.sampled_from([Decimal(0), Decimal(50), Decimal("75.5"), Decimal(100)]),
            supplier_vat=st.booleans(),
        ),
        max_size=4,
    ).map(tuple),
    deductible_vat_cents=st.integers(min_value=0, max_value=10**6),
    reverse_charge=st.sampled_from([None, *ReverseCharge]),
    reverse_charge_rate=st.sampled_from([Decimal(21), Decimal(12), Decimal(6)]),
)


@given(st.lists(bills, max_size=10))
def test_the_return_balances_whatever_the_bills(facts):
    """71 - 72 = VAT due (54-57, 61, 63) - VAT deducted (59, 62, 64); on the purchase side that is what
    the reverse charge leaves undeducted, less the suppliers' VAT deducted, plus what credit notes pay back."""
    result = vat_return(Q3, (), facts)
    assert result.cents("71") - result.cents("72") == sum(result.cents(g) for g in DUE) - sum(
        result.cents(g) for g in DEDUCTIBLE
    )
    expected = 0
    for b in facts:
        placed = bill_grids(b)
        if not placed.placed:
            continue
        sign = -1 if b.kind == "purchase_credit_note" else 1
        expected -= sign * b.deductible_vat_cents
        if b.reverse_charge is not None:
            owed = self_assess(
                ((x.net_cents, x.deductible_pct) for x in b.lines if not x.supplier_vat), b.reverse_charge_rate
            )
            expected += sign * (owed.vat_cents - owed.deductible_cents)
    assert result.cents("71") - result.cents("72") == expected
    assert all(line.cents >= 0 for line in result.lines)
    # Each reverse-charge base is in exactly one of 86, 87, 88 (bills) or 84, 85 (credit notes).
    cases = [b for b in facts if b.reverse_charge is not None and b.euro]
    assert sum(result.cents(g) for g in ("86", "87", "88")) == sum(
        abs(x.net_cents) for b in cases if b.kind == "purchase_invoice" for x in b.lines if not x.supplier_vat
    )
    assert result.cents("84") == sum(
        abs(x.net_cents)
        for b in cases
        if b.kind == "purchase_credit_note" and b.reverse_charge.value.startswith("intra_eu")  # type: ignore[union-attr]
        for x in b.lines
        if not x.supplier_vat
    )


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "RC-7: you owe the VAT at 12 % (base in grid 87, VAT in grid 56)"),
        ("nl", "RC-7: u bent de btw verschuldigd tegen 12 % (maatstaf in rooster 87, btw in rooster 56)"),
        ("fr", "RC-7 : vous devez la TVA au taux de 12 % (base en grille 87, TVA en grille 56)"),
    ],
)
def test_the_command_line_records_the_case_of_a_bill_left_to_place_by_hand(book, monkeypatch, language, said):
    with book.db.transaction() as s:
        _company(s)
        sid = supplier(s)
        recorded = bill(s, sid, "RC-7", line("1000", "0", "other"), day=date(2026, 9, 1))
        s.get(Purchase, recorded.id).lines[0].vat_category = "AE"  # as a supplier's UBL file would say
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", language)
    code, out, err = run("--data-dir", folder, "vat-return", "--period", "2026-Q3", "--json")
    assert '"bills_to_place_by_hand": [\n  "RC-7"\n ]' in out or '"RC-7"' in out
    code, out, err = run(
        "--data-dir",
        folder,
        "purchases",
        "reverse-charge",
        "RC-7",
        "--reverse-charge",
        "co_contractor",
        "--self-assess-rate",
        "12",
    )
    assert code == 0 and out == said + "\n", err
    code, out, err = run("--data-dir", folder, "vat-return", "--period", "2026-Q3", "--json")
    grids = json.loads(out)["grids"]
    assert (grids["87"]["amount"], grids["56"]["amount"], grids["59"]["amount"]) == ("1000.00", "120.00", "120.00")
    code, out, err = run("--data-dir", folder, "purchases", "reverse-charge", "RC-7", "--reverse-charge", "x")
    assert code == 1 and "x" in err
    code, out, err = run(
        "--data-dir",
        folder,
        "purchases",
        "add",
        "--supplier",
        "Garage Dubois",
        "--number",
        "RC-8",
        "--date",
        "2026-09-02",
        "--line",
        "200:0:other",
        "--reverse-charge",
        "intra_eu_services",
    )
    assert code == 0, err


def test_a_supplier_ubl_with_reverse_charge_records_its_case(book):
    from .supplier_ubl import _document

    xml = _document("RC-UBL-1", [("Renovatie", Decimal(1), Decimal("800.00"), "AE", Decimal(0))]).decode()
    reason = (
        "<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>"
        "<cbc:TaxExemptionReason>Verlegging van heffing</cbc:TaxExemptionReason>"
    )
    xml = xml.replace(
        "<cbc:Percent>0</cbc:Percent><cac:TaxScheme>", f"<cbc:Percent>0</cbc:Percent>{reason}<cac:TaxScheme>", 1
    )
    xml = xml.replace(reason, "", 1) if xml.count(reason) > 1 else xml
    from ledgerdesk.services.purchase_import import import_ubl

    with book.db.transaction() as s:
        imported = import_ubl(s, xml.encode(), name="rc.xml", on=date(2026, 12, 6))
        stored = s.get(Purchase, imported.recorded.id)
        assert (stored.reverse_charge, stored.reverse_charge_rate) == ("co_contractor", Decimal(21))
    with book.db.reading() as s:
        result = preview(s, Period.parse("2026-Q4"))
    assert (result.cents("87"), result.cents("56"), result.cents("59"), result.by_hand) == (80000, 16800, 16800, ())


def test_the_bill_editor_records_who_owes_the_vat(qtbot, book, artifacts_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.bill_editor import BillEditor

    messages: list[str] = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _parent, _title, text, *a, **k: messages.append(text))

    with book.db.transaction() as s:
        supplier(s, "Holland Parts BV", vat="NL004495445B01", country="NL", iban="NL91ABNA0417164300")
    shots = artifacts_dir / "intervat"
    shots.mkdir(exist_ok=True)
    for language, label in (("nl", "Goederen gekocht in een ander EU-land"), ("fr", "Biens achetés dans un autre")):
        editor = BillEditor(AppContext(book, language=language, today=lambda: date(2026, 9, 30)))
        qtbot.addWidget(editor)
        assert not editor.self_assess_rate.isEnabled()
        editor.who_owes.setCurrentIndex(editor.who_owes.findData("intra_eu_goods"))
        assert editor.who_owes.currentText().startswith(label) and editor.self_assess_rate.isEnabled()
        editor.self_assess_rate.setCurrentIndex(editor.self_assess_rate.findData("6"))
        editor.number.setText(f"NL-{language}")
        editor.table.item(0, 1).setText("400")
        editor.table.cellWidget(0, 2).setCurrentIndex(3)  # 0 %: the supplier charged none
        editor.resize(900, 700)
        editor.grab().save(str(shots / f"bill-editor-{language}.png"))
        assert editor.save() is not None, messages
    with book.db.reading() as s:
        stored = s.query(Purchase).filter_by(number="NL-nl").one()
        assert (stored.reverse_charge, stored.reverse_charge_rate) == ("intra_eu_goods", Decimal(6))
        result = preview(s, Q3)
    assert (result.cents("86"), result.cents("55"), result.cents("59")) == (80000, 4800, 4800)


def test_the_book_file_keeps_the_case(book, tmp_path):
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book
    from ledgerdesk.services.bookfile import export_book, import_book
    from ledgerdesk.services.bookfile.fields import BookFileError

    _quarter(book)
    with book.db.reading() as s:
        data = json.loads(json.dumps(export_book(s), default=str))
    assert {b["number"]: b.get("reverse_charge") for b in data["purchases"]}["IM-1"] == "import"
    other = open_book(BookPaths.in_dir(tmp_path / "other"))
    try:
        with other.db.transaction() as s:
            import_book(s, data)
        with other.db.reading() as s:
            assert preview(s, Q3).filled == QUARTER
        data["purchases"][0]["reverse_charge"] = "domestic"
        third = open_book(BookPaths.in_dir(tmp_path / "third"))
        with pytest.raises(BookFileError) as refused, third.db.transaction() as s:
            import_book(s, data)
        third.close()
        assert any("$.purchases[0].reverse_charge" in p and "domestic" in p for p in refused.value.problems)
    finally:
        other.close()
