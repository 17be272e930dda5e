"""The EC sales list: intra-EU goods (L) and services (S) per customer VAT number, credit notes deducted."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pack_builders import NOW, _customer, _issue, fourth_quarter

from ledgerdesk.cli import main
from ledgerdesk.domain.ec_sales_list import ec_sales_list
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.period import Period, PeriodError
from ledgerdesk.domain.sales_journal import JournalRow
from ledgerdesk.services import invoicing
from ledgerdesk.services.ec_sales_list import listing


def _with_services(book, tmp_path) -> dict[str, object]:
    facts = fourth_quarter(book, tmp_path)
    with book.db.transaction() as s:
        nl = _customer(
            s, name="Bakker BV", vat="NL004495445B01", country="NL", postcode="1011", city="Amsterdam", street="Dam 1"
        )
        fr_again = _customer(
            s,
            name="Boulangerie Martin (services)",
            vat="FR40 303 265 045",
            country="FR",
            postcode="75001",
            city="Paris",
            street="Rue de Rivoli 1",
        )
        invoice_id, _ = _issue(
            s, nl, date(2026, 10, 20), LineInput.of("Consulting", 8, "125", "0", unit="h", exemption="eu_services")
        )
        _issue(s, fr_again, date(2026, 12, 2), LineInput.of("Training", 1, "400", "0", exemption="eu_services"))
        note = invoicing.create_credit_note(
            s,
            invoice_id,
            issue_date=date(2026, 12, 10),
            lines=[LineInput.of("Consulting", 2, "125", "0", unit="h", exemption="eu_services")],
            now=NOW,
        )
        invoicing.issue(s, note, on=date(2026, 12, 10), now=NOW)
        _issue(s, nl, date(2027, 1, 3), LineInput.of("Next quarter", 1, "999", "0", exemption="eu_services"))
    return facts


def test_goods_and_services_per_customer_with_the_credit_note_deducted(book, tmp_path):
    facts = _with_services(book, tmp_path)
    with book.db.reading() as s:
        lines = listing(s, Period.parse("2026-Q4"))
    # Hand-computed: FR goods 2000.00 (the intra-EU machine); FR services 400.00 under the same number written
    # with spaces; NL services 8 h x 125 = 1000.00 minus the 2 h credit note = 750.00. Belgian, US and
    # next-quarter documents are not in it.
    assert [(x.country, x.vat_number, x.code, x.amount_cents) for x in lines] == [
        ("FR", "40303265045", "L", 200000),
        ("FR", "40303265045", "S", 40000),
        ("NL", "004495445B01", "S", 75000),
    ]
    assert lines[0].documents == (facts["intra"],)
    assert len(lines[2].documents) == 2


def test_a_year_is_refused(book):
    with pytest.raises(PeriodError, match="month or a quarter"):
        ec_sales_list(Period.parse("2026"), [])


def _row(day: date, vat: str, goods: int, services: int) -> JournalRow:
    return JournalRow(
        day, "invoice", "N", "X", vat, vat[:2], {"intra_eu": goods, "eu_services": services}, {}, 0, 0, 0, {}, (), ""
    )


@given(
    st.lists(
        st.tuples(st.sampled_from(["NL1", "DE2", "FR3"]), st.integers(-(10**6), 10**6), st.integers(-(10**6), 10**6)),
        max_size=30,
    )
)
def test_the_listing_total_is_the_sum_of_the_intra_eu_bases(rows):
    journal = [_row(date(2026, 8, 1), vat, goods, services) for vat, goods, services in rows]
    lines = ec_sales_list(Period.parse("2026-Q3"), journal)
    assert sum(x.amount_cents for x in lines) == sum(goods + services for _, goods, services in rows)
    assert all(x.amount_cents != 0 for x in lines)
    assert len({(x.country, x.vat_number, x.code) for x in lines}) == len(lines)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_the_command_prints_json_and_writes_csv(book, tmp_path):
    _with_services(book, tmp_path)
    data_dir = str(book.paths.folder)
    book.close()
    target = tmp_path / "ec.csv"
    code, out, err = run("--data-dir", data_dir, "ec-sales-list", "--period", "2026-Q4", "-o", str(target), "--json")
    assert code == 0, err
    assert [(x["country"], x["code"], x["amount"]) for x in json.loads(out)] == [
        ("FR", "L", "2000.00"),
        ("FR", "S", "400.00"),
        ("NL", "S", "750.00"),
    ]
    rows = target.read_bytes().decode("utf-8-sig").splitlines()
    assert rows[0] == "country,vat_number,code,amount,name,documents" and rows[1].startswith(
        "FR,40303265045,L,2000.00,"
    )
    code, out, err = run("--data-dir", data_dir, "ec-sales-list", "--period", "2026-Q4")
    assert code == 0 and "3 lines, total 3150.00" in out
    code, out, err = run("--data-dir", data_dir, "ec-sales-list", "--period", "2026-Q4", "-o", str(tmp_path / "x.xml"))
    # The Intervat XML is written; without the official schemas installed it says it was not checked.
    assert code == 0 and "not checked against the official Intervat schema" in err and (tmp_path / "x.xml").exists()


def test_the_window_shows_last_quarter_in_dutch_and_saves_csv(qtbot, book, tmp_path):
    from pack_builders import TODAY

    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.ec_sales_list import EcSalesListDialog

    _with_services(book, tmp_path)
    target = tmp_path / "opgave"
    dialog = EcSalesListDialog(AppContext(book, language="nl", today=lambda: TODAY), ask=lambda *a: (str(target), ""))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Intracommunautaire opgave"
    assert dialog.period() == Period.parse("2026-Q4")
    assert dialog.model.rowCount() == 3
    assert dialog.model.data(dialog.model.index(0, 1)) == "L — goederen"
    assert dialog.status.text().startswith("3 regels in de intracommunautaire opgave van 2026-Q4, totaal")
    dialog.ask_and_save()
    assert target.with_suffix(".csv").read_bytes().decode("utf-8-sig").startswith("country,vat_number,code")
    dialog.picker.kind.setCurrentIndex(1)  # months: November holds only the goods
    dialog.picker.part.setCurrentIndex(10)
    assert [dialog.model.row_at(i).code for i in range(dialog.model.rowCount())] == ["L"]
