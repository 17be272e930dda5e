"""`peppol lookup` and the customer's Peppol page: 0208 first then 9925, the answer kept with its day."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from builders import customer
from peppol_registry_standin import INVOICE, LocalRegistry
from peppol_standin import StandIn

from ledgerdesk.cli import main
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import peppol_lookup
from ledgerdesk.services.bookfile import export_book, import_book
from ledgerdesk.ui.context import AppContext
from ledgerdesk.ui.widgets.peppol_registration import CustomerPeppol


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def add_customer(book, name: str, vat: str | None) -> int:
    return customer(book, name, vat=vat, street="", postcode="", city="", since=date(2026, 1, 1))


@pytest.fixture
def local(monkeypatch):
    with LocalRegistry() as registry:
        for name, value in registry.environment().items():
            monkeypatch.setenv(name, value)
        yield registry


def test_lookup_tries_the_enterprise_number_then_the_vat_number_and_remembers_it(book, local):
    customer = add_customer(book, "Bakkerij Peeters", "BE0202239951")
    data_dir = str(book.paths.folder)
    book.close()
    local.register("9925:BE0202239951", INVOICE)
    code, out, err = run("--data-dir", data_dir, "peppol", "lookup", "BE0202239951", "--json")
    assert code == 0, err
    answer = json.loads(out)
    assert answer["tried"] == ["0208:0202239951", "9925:BE0202239951"]
    assert answer["participant"] == "9925:BE0202239951" and answer["invoices"] and not answer["credit_notes"]
    assert answer["customers_updated"] == 1 and answer["source"] == "sml"
    with open_book(BookPaths.in_dir(data_dir), for_writing=False) as again, again.db.reading() as s:
        found = peppol_lookup.registration_of(s, customer)
    assert found.participant == "9925:BE0202239951" and found.checked_on == date.today()


def test_someone_not_on_peppol_is_said_so_and_remembered_as_such(book, local):
    customer = add_customer(book, "Bakkerij Peeters", "BE0202239951")
    data_dir = str(book.paths.folder)
    book.close()
    code, out, err = run("--data-dir", data_dir, "peppol", "lookup", "0208:0202239951")
    assert code == 0, err
    assert "not on Peppol (asked 0208:0202239951 via sml)" in out
    with open_book(BookPaths.in_dir(data_dir), for_writing=False) as again, again.db.reading() as s:
        assert peppol_lookup.registration_of(s, customer).participant is None


def test_the_access_points_own_lookup_can_be_used(book, tmp_keyring, monkeypatch):
    from ledgerdesk.peppol import settings_for
    from ledgerdesk.services import peppol_setup

    with StandIn("peppyrus") as ap:
        ap.register("0208:0202239951")
        with book.db.transaction() as s:
            peppol_setup.save_access_point(s, settings_for("peppyrus", base_url=ap.base_url), ap.api_key)
        data_dir = str(book.paths.folder)
        book.close()
        code, out, err = run("--data-dir", data_dir, "peppol", "lookup", "BE 0202.239.951", "--via", "access-point")
    assert code == 0, err
    assert "on Peppol as 0208:0202239951 via peppyrus; receives invoices" in out


def test_a_bad_id_is_one_sentence(book, local, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    data_dir = str(book.paths.folder)
    book.close()
    code, out, err = run("--data-dir", data_dir, "peppol", "lookup", "BE0202239952")
    assert code == 1 and out == "" and err.count("\n") == 1 and "btw-nummer" in err


def test_the_registration_travels_in_the_book_file(book, tmp_path):
    customer = add_customer(book, "Bakkerij Peeters", "BE0202239951")
    lookup = peppol_lookup.Lookup(
        "BE0202239951", ("0208:0202239951",), "0208:0202239951", True, True, (INVOICE,), "sml"
    )
    with book.db.transaction() as s:
        peppol_lookup.remember(s, lookup, on=date(2026, 12, 1), customer_id=customer)
        exported = export_book(s)
    assert exported["peppol_registrations"][0]["participant"] == "0208:0202239951"
    with open_book(BookPaths.in_dir(tmp_path / "other")) as other:
        with other.db.transaction() as s:
            import_book(s, json.loads(json.dumps(exported)))
        with other.db.reading() as s:
            assert export_book(s)["peppol_registrations"] == exported["peppol_registrations"]


def test_the_customer_page_checks_on_request_and_shows_the_day(book, local, qtbot):
    customer = add_customer(book, "Bakkerij Peeters", "BE0202239951")
    local.register("0208:0202239951")
    ctx = AppContext(book, language="nl", today=lambda: date(2026, 12, 6))
    page = CustomerPeppol(ctx, customer)
    qtbot.addWidget(page)
    assert "Nog niet opgezocht" in page.state.text()
    page.check_now()
    qtbot.waitUntil(lambda: page.check.isEnabled(), timeout=5000)
    assert page.state.text() == (
        "Op Peppol als 0208:0202239951, ontvangt facturen en creditnota's (nagegaan op 06/12/2026 via het Peppol-register)."
    )
    ctx.wait_idle()
