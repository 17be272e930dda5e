"""The VAT return preview: grids equal to a hand-computed quarter, each traced to its documents."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pack_builders import Q4_GRIDS, fourth_quarter
from PySide6.QtCore import Qt

from ledgerdesk.cli import main
from ledgerdesk.domain.document import CommercialDocument, DocumentKind, Party
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.period import Period, PeriodError
from ledgerdesk.domain.sales_journal import journal_row
from ledgerdesk.domain.vat_return import GRIDS, vat_return
from ledgerdesk.services.vat_return import preview


def test_the_quarter_fills_the_hand_computed_grids_and_each_grid_names_its_documents(book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    with book.db.reading() as s:
        result = preview(s, Period.parse("2026-Q4"))
    assert result.filled == {**Q4_GRIDS, "71": 23700 - 2100}
    assert result.cents("72") == 0 and [line.grid for line in result.lines] == list(GRIDS)
    by_grid = {line.grid: line.documents for line in result.lines}
    assert by_grid["03"] == by_grid["02"] == by_grid["01"] == (facts["first"],)
    assert by_grid["54"] == (facts["first"],) and by_grid["64"] == by_grid["49"] == (facts["credit"],)
    assert (by_grid["45"], by_grid["46"], by_grid["47"]) == ((facts["reverse"],), (facts["intra"],), (facts["export"],))
    with book.db.reading() as s:
        november = preview(s, Period.parse("2026-11"))
    assert november.filled == {"46": 200000, "47": 50000}


def test_a_year_is_no_return_period_and_a_franchise_files_none(book):
    with book.db.reading() as s, pytest.raises(PeriodError, match="monthly or quarterly"):
        preview(s, Period.parse("2026"))
    with book.db.transaction() as s:
        from ledgerdesk.persistence.models import Company

        s.get(Company, 1).vat_regime = "franchise"
    with book.db.reading() as s, pytest.raises(PeriodError, match="franchise"):
        preview(s, Period.parse("2026-Q1"))


SELLER = Party("Atelier Janssens", vat="BE0403170701")
CASES = [
    ("21", None),
    ("12", None),
    ("6", None),
    ("0", None),
    ("0", "reverse_charge"),
    ("0", "intra_eu"),
    ("0", "export"),
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.booleans(), st.lists(st.tuples(st.sampled_from(CASES), st.integers(1, 10**7)), min_size=1, max_size=4)
        ),
        max_size=12,
    )
)
def test_what_is_payable_is_the_vat_of_the_invoices_less_that_of_the_credit_notes(documents):
    rows = []
    for n, (credit, lines) in enumerate(documents):
        doc = CommercialDocument(
            DocumentKind.CREDIT_NOTE if credit else DocumentKind.INVOICE,
            f"N{n}",
            "nl",
            date(2026, 11, 2),
            SELLER,
            Party("Klant"),
            tuple(LineInput.of("x", 1, Decimal(cents) / 100, rate, exemption=why) for (rate, why), cents in lines),
        )
        rows.append(journal_row(doc))
    result = vat_return(Period.parse("2026-11"), rows)
    vat = sum(r.vat_cents for r in rows)  # signed: credit notes negative
    assert result.cents("71") - result.cents("72") == vat == result.cents("54") - result.cents("64")
    bases = sum(result.cents(g) for g in ("00", "01", "02", "03", "45", "46", "47"))
    assert bases - result.cents("48") - result.cents("49") == sum(r.net_cents for r in rows)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_the_vat_return_command_prints_the_grids_and_their_documents(book, tmp_path):
    facts = fourth_quarter(book, tmp_path)
    data_dir = str(book.paths.folder)
    book.close()
    code, out, err = run("--data-dir", data_dir, "vat-return", "--period", "2026-Q4", "--json")
    assert code == 0, err
    grids = json.loads(out)["grids"]
    assert grids["46"] == {"amount": "2000.00", "documents": [facts["intra"]]} and grids["71"]["amount"] == "216.00"
    code, out, err = run("--data-dir", data_dir, "vat-return", "--period", "2026-Q4")
    assert code == 0 and "  54        237.00  VAT due on the operations of grids 01, 02 and 03  (documents: 1)" in out
    code, out, err = run("--data-dir", data_dir, "vat-return", "--period", "2026")
    assert code == 1 and err == "ledgerdesk: A VAT return is monthly or quarterly; 2026 is neither\n"


def test_the_window_shows_last_quarter_and_the_documents_behind_a_grid(qtbot, qtmodeltester, book, tmp_path):
    from pack_builders import TODAY

    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.vat_return import VatReturnDialog
    from ledgerdesk.ui.models.rows import SORT_ROLE

    facts = fourth_quarter(book, tmp_path)
    dialog = VatReturnDialog(AppContext(book, language="fr", today=lambda: TODAY))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    rows = {dialog.model.index(r, 0).data(): r for r in range(dialog.model.rowCount())}
    assert dialog.model.index(rows["54"], 2).data(SORT_ROLE) == 23700
    assert dialog.model.index(rows["46"], 1).data() == "Livraisons intracommunautaires exemptées de biens"
    # A list like every other (RowTableModel): sorting by the amount sorts by the cents, not the text.
    dialog.model.sort(2, Qt.SortOrder.DescendingOrder)
    amounts = [dialog.model.row_at(r).cents for r in range(dialog.model.rowCount())]
    assert amounts == sorted(amounts, reverse=True)
    dialog.model.sort(0)
    assert dialog.status.text().startswith("À payer pour 2026-Q4 : ")
    dialog.select_grid("64")
    assert [dialog.documents.item(i).text() for i in range(dialog.documents.count())] == [facts["credit"]]
    dialog.picker.kind.setCurrentIndex(1)  # months
    dialog.picker.part.setCurrentIndex(10)
    assert dialog.vat.period.name == "2026-11" and dialog.vat.filled == {"46": 200000, "47": 50000}
    assert dialog.documents_title.text() == "Choisissez une grille pour voir ses documents."
