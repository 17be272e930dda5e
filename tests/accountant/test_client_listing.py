"""The annual client listing: Belgian VAT customers above € 250 in the year, credit notes deducted."""

from __future__ import annotations

import io
import json
from datetime import date

from builders import customer, invoice
from pack_builders import NOW, TODAY, fourth_quarter

from ledgerdesk.cli import main
from ledgerdesk.services.client_listing import listing


def _with_small_customers(book, tmp_path) -> dict[str, object]:
    facts = fourth_quarter(book, tmp_path)
    with book.db.transaction() as s:
        for name, vat, net, day in (
            ("Juist 250", "BE0403170701", "250.00", date(2026, 5, 4)),
            ("Vorig jaar", "BE0897223670", "900", date(2025, 12, 31)),
        ):
            who = customer(s, name, vat=vat, street="Markt 1")
            invoice(s, who, day, net, what="x", now=NOW)
        who = customer(s, "Net erover", vat="BE0417497106", street="Markt 2")
        invoice(s, who, date(2026, 6, 1), "250.01", vat="6", what="x", now=NOW)
    return facts


def test_only_belgian_vat_customers_above_250_in_the_year_are_listed(book, tmp_path):
    facts = _with_small_customers(book, tmp_path)
    with book.db.reading() as s:
        clients = listing(s, 2026)
    # Bakkerij Peeters: 300 + 1250 + 800 - 100 = 2250.00, VAT 63 + 237 - 21 = 279.00; 250.00 exactly is not
    # more than 250; last year's, the French and the American customers are not in it.
    assert [(c.vat_number, c.name, c.turnover_cents, c.vat_cents) for c in clients] == [
        ("BE0202239951", "Bakkerij Peeters", 225000, 27900),
        ("BE0417497106", "Net erover", 25001, 1500),
    ]
    assert clients[0].documents[-1] == facts["credit"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_the_command_prints_the_listing_and_writes_its_csv(book, tmp_path):
    _with_small_customers(book, tmp_path)
    data_dir = str(book.paths.folder)
    book.close()
    target = tmp_path / "listing.csv"
    code, out, err = run("--data-dir", data_dir, "client-listing", "--year", "2026", "-o", str(target), "--json")
    assert code == 0, err
    assert [(c["vat_number"], c["turnover"], c["vat"]) for c in json.loads(out)] == [
        ("BE0202239951", "2250.00", "279.00"),
        ("BE0417497106", "250.01", "15.00"),
    ]
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "vat_number,name,turnover,vat,documents" and lines[1].startswith(
        "0202239951,Bakkerij Peeters,2250.00,279.00,"
    )
    code, out, err = run("--data-dir", data_dir, "client-listing", "--year", "1999")
    assert code == 1 and "is not a period" in err


def test_the_window_shows_last_year_and_saves_the_csv(qtbot, qtmodeltester, book, tmp_path):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.client_listing import ClientListingDialog

    _with_small_customers(book, tmp_path)
    target = tmp_path / "lijst"
    dialog = ClientListingDialog(AppContext(book, language="nl", today=lambda: TODAY), ask=lambda *a: (str(target), ""))
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.year.value() == 2026 and dialog.model.rowCount() == 2
    assert dialog.status.text() == "2 klanten in de listing van 2026."
    dialog.ask_and_save()
    assert (tmp_path / "lijst.csv").is_file() and dialog.status.text().startswith("Bewaard in ")
    dialog.year.setValue(2025)
    assert [dialog.model.index(0, c).data() for c in (0, 1)] == ["BE0897223670", "Vorig jaar"]
