"""Company VAT regimes: standard, franchise with its € 25,000 threshold watched, art. 44 exempt without a VAT return."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from builders import customer, invoice
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from ledgerdesk.cli import main
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.period import Period, PeriodError
from ledgerdesk.domain.vat import Exemption, exemption_mention
from ledgerdesk.domain.vat_regime import FRANCHISE_THRESHOLD_CENTS, FranchiseStatus, VatRegime, check_lines
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.i18n import gettext
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import book_io, documents, einvoicing, invoicing
from ledgerdesk.services import company as company_service
from ledgerdesk.services.franchise import franchise_status
from ledgerdesk.services.vat_return import preview

ON = date(2026, 11, 2)
X = {"cac": NS["cac"], "cbc": NS["cbc"]}


def _regime(book, regime: str) -> None:  # type: ignore[no-untyped-def]
    with book.db.transaction() as s:
        company_service.get_company(s).vat_regime = regime


def _customer(book) -> int:  # type: ignore[no-untyped-def]
    return customer(
        book,
        "Familie Claes",
        kind="consumer",
        street="Rue 1",
        postcode="5000",
        city="Namur",
        language="fr",
        email="claes@example.be",
    )


def _issue(book, customer: int, on: date, price: str, case: str) -> int:  # type: ignore[no-untyped-def]
    return invoice(book, customer, on, lines=[LineInput.of("Séance", "1", price, "0", exemption=case)])


@pytest.mark.parametrize(
    "cents, approaching, exceeded",
    [(19_999_99, False, False), (20_000_00, True, False), (25_000_00, True, False), (25_000_01, False, True)],
)
def test_the_franchise_warns_from_80_percent_and_when_the_threshold_is_exceeded(cents, approaching, exceeded):
    status = FranchiseStatus(2026, cents)
    assert (status.approaching, status.exceeded) == (approaching, exceeded)
    text = status.message().translated(gettext("fr"))
    assert "25 000,00 €" in text.replace("\u202f", " ").replace("\xa0", " ")
    assert ("dépassé" in text) == exceeded and ("bientôt atteint" in text) == approaching


@given(st.integers(min_value=0, max_value=10 * FRANCHISE_THRESHOLD_CENTS))
def test_a_turnover_is_below_approaching_or_over_the_threshold_never_two(cents):
    status = FranchiseStatus(2026, cents)
    assert not (status.approaching and status.exceeded)
    assert status.exceeded == (cents > FRANCHISE_THRESHOLD_CENTS)
    assert status.approaching == (Decimal(cents) >= Decimal("0.8") * FRANCHISE_THRESHOLD_CENTS and not status.exceeded)


def test_the_years_turnover_counts_issued_invoices_less_credit_notes(book, tmp_path):
    customer = _customer(book)
    assert franchise_status_of(book) is None  # standard regime: nothing to watch
    _regime(book, "franchise")
    _issue(book, customer, date(2025, 12, 30), "9000", "franchise")  # last year: not counted
    first = _issue(book, customer, date(2026, 2, 1), "12000", "franchise")
    _issue(book, customer, date(2026, 10, 1), "9000", "franchise")
    with book.db.transaction() as s:
        correction = [LineInput.of("Correction", "1", "1000", "0", exemption="franchise")]
        note = invoicing.create_credit_note(s, first, issue_date=date(2026, 10, 5), lines=correction)
        invoicing.issue(s, note)
    status = franchise_status_of(book)
    assert status == FranchiseStatus(2026, 20_000_00) and status.approaching
    # the command line says it too
    data_dir = str(book.paths.folder)
    book.close()
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", data_dir, "kpi", "--as-of", "2026-11-02", "--json"], out=out, err=err) == 0, err
    assert json.loads(out.getvalue())["franchise"] == {
        "year": 2026,
        "turnover": "20000.00",
        "threshold": "25000.00",
        "approaching": True,
        "exceeded": False,
    }


def franchise_status_of(book):  # type: ignore[no-untyped-def]
    with book.db.reading() as s:
        return franchise_status(s, ON)


def test_an_art44_business_charges_no_vat_prints_the_mention_and_files_no_return(book):
    customer = _customer(book)
    _regime(book, "art44")
    with book.db.transaction() as s:
        with pytest.raises(DomainError) as caught:
            invoicing.create_draft(
                s, invoicing.DraftData(customer_id=customer, issue_date=ON, lines=[LineInput.of("Séance", "1", "60")])
            )
    assert str(caught.value) == "line 'Séance': a business exempt under art. 44 charges no VAT on any line"
    invoice_id = _issue(book, customer, ON, "60", "art44")
    with book.db.reading() as s:
        buffer = io.BytesIO()
        documents.write_invoice_pdf(s, invoice_id, buffer, as_of=ON)
        doc = einvoicing.document_of(s, s.get(Invoice, invoice_id))
        with pytest.raises(PeriodError, match="exempt under art. 44 files no periodic VAT return"):
            preview(s, Period.parse("2026-Q4"))
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(buffer.getvalue())).pages).split())
    assert " ".join(exemption_mention(Exemption.ART44, "fr", ON).split()) in text
    assert doc.vat_cents == 0
    xml = build_ubl(doc)
    fatal = [f.rule for f in validate(xml).findings if f.is_fatal]
    # A patient without a VAT number has no Peppol address (R010 alone); the file is otherwise valid.
    assert fatal in ([[]] if doc.buyer.vat else [[], ["PEPPOL-EN16931-R010"]])
    tree = etree.fromstring(xml)
    assert tree.xpath("//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()", namespaces=X) == ["E"]
    data_dir = str(book.paths.folder)
    book.close()
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", data_dir, "vat-return", "--period", "2026-Q4"], out=out, err=err)
    assert code == 1 and err.getvalue() == "ledgerdesk: A business exempt under art. 44 files no periodic VAT return\n"


def test_regimes_check_every_line_and_the_book_file_keeps_art44(book, tmp_path):
    lines = [("Séance", LineInput.of("Séance", "1", "60", "0", exemption="art44").vat)]
    check_lines(VatRegime.ART44, lines)
    check_lines(VatRegime.STANDARD, lines)
    with pytest.raises(DomainError, match="franchise"):
        check_lines(VatRegime.FRANCHISE, lines)
    customer = _customer(book)
    _regime(book, "art44")
    _issue(book, customer, ON, "60", "art44")
    with book.db.reading() as s:
        exported = book_io.export_book(s)
    assert exported["company"]["vat_regime"] == "art44"
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book

    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        bad = json.loads(json.dumps(exported))
        bad["invoices"][0]["lines"][0]["vat_rate"] = "21"
        bad["invoices"][0]["lines"][0].pop("vat_exemption")
        with pytest.raises(book_io.BookFileError) as caught:
            with copy.db.transaction() as s:
                book_io.import_book(s, bad)
        assert any(
            str(p).startswith("$.invoices[0].lines[0]") and "art. 44" in str(p) for p in caught.value.problems
        ), caught.value.problems
        plain = json.loads(json.dumps(exported))
        plain["invoices"][0]["lines"][0].pop("vat_exemption")  # a 0 % line of an art. 44 business is art. 44
        with copy.db.transaction() as s:
            book_io.import_book(s, plain)
        with copy.db.reading() as s:
            assert book_io.export_book(s)["invoices"] == exported["invoices"]
    finally:
        copy.close()


def test_the_kpi_tab_and_the_company_page_show_the_franchise_threshold(qtbot, book):
    from ledgerdesk.ui.context import AppContext
    from ledgerdesk.ui.dialogs.company_setup import CompanySetup
    from ledgerdesk.ui.tabs.kpi_tab import KpiTab

    customer = _customer(book)
    _regime(book, "franchise")
    _issue(book, customer, date(2026, 3, 1), "26000", "franchise")
    ctx = AppContext(book, language="nl", today=lambda: ON)
    tab = KpiTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.franchise_label.isVisible(), timeout=5000)
    assert "overschreden" in tab.franchise_label.text() and "26.000,00" in tab.franchise_label.text()
    tab.dispose()
    page = CompanySetup(ctx, first_start=False)
    qtbot.addWidget(page)
    assert "overschreden" in page.franchise_label.text() and not page.franchise_label.isHidden()
    assert page.regime.findData("art44") >= 0
    ctx.wait_idle()
