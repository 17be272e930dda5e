"""Service periods: the invoice's (BT-73/74) and a line's own (BG-26), printed, in the UBL, in the book file."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from builders import customer, invoice
from doc_helpers import pdf_text
from lxml import etree

from ledgerdesk.domain.errors import ValidationError
from ledgerdesk.domain.invoicing import LineInput, totals_of
from ledgerdesk.domain.supply import ServicePeriod, check_line_periods, supply_day
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.i18n import format_money
from ledgerdesk.i18n.sentences import sentence
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import book_io, documents, einvoicing, invoice_forms, invoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}
MARCH = ServicePeriod(date(2026, 3, 1), date(2026, 3, 31))
LATE_MARCH = ServicePeriod(date(2026, 3, 16), date(2026, 3, 31))
ON = date(2026, 4, 2)


class _Rollback(Exception):
    pass


def _values(xml: bytes, xpath: str) -> list[str]:
    return [str(v) for v in etree.fromstring(xml).xpath(xpath, namespaces=X)]


def _lines() -> list[LineInput]:
    return [
        LineInput.of("Consultancy", "20", "95", unit="HUR"),
        LineInput.of("Hosting, second half", "1", "40", discount_pct="10", period=LATE_MARCH),
    ]


def test_a_period_ends_on_or_after_its_start_and_a_lines_period_lies_inside_the_invoices():
    with pytest.raises(ValidationError, match="cannot end"):
        ServicePeriod(date(2026, 3, 31), date(2026, 3, 1))
    assert ServicePeriod.of(None, None) is None
    with pytest.raises(ValidationError, match="both its first and its last day"):
        ServicePeriod.of(date(2026, 3, 1), None)
    assert supply_day(None, MARCH) == date(2026, 3, 31)  # a period is supplied when it ends
    assert supply_day(date(2026, 3, 5), MARCH) == date(2026, 3, 5)
    check_line_periods(MARCH, [("Hosting", LATE_MARCH), ("Consultancy", None)])
    check_line_periods(None, [("Hosting", ServicePeriod(date(2025, 1, 1), date(2025, 1, 2)))])
    with pytest.raises(ValidationError) as caught:
        check_line_periods(LATE_MARCH, [("Hosting", MARCH)])
    assert str(caught.value) == (
        "line 'Hosting': its service period (2026-03-01 – 2026-03-31) lies outside the invoice's "
        "(2026-03-16 – 2026-03-31)"
    )
    assert sentence(caught.value, "fr") == (
        "Ligne 'Hosting' : sa période de prestation (01/03/2026 – 31/03/2026) sort de celle de la facture "
        "(16/03/2026 – 31/03/2026)"
    )


@pytest.mark.parametrize(
    "language, label, line_label",
    [
        ("nl", "Dienstperiode", "Periode:"),
        ("fr", "Période de prestation", "Période :"),
        ("en", "Service period", "Period:"),
    ],
)
def test_the_period_is_printed_and_written_to_a_valid_ubl_invoice_and_its_credit_note(
    book, language, label, line_label
):
    who = customer(
        book, name="Klant", vat="BE0202239951", street="Markt 5", postcode="2000", city="Antwerpen", language=language
    )
    lines = _lines()
    invoice_id = invoice(book, who, lines=lines, on=ON, service_period=MARCH)
    with book.db.transaction() as s:
        credit_id = invoicing.create_credit_note(s, invoice_id, issue_date=ON)
        invoicing.issue(s, credit_id)
    for document_id in (invoice_id, credit_id):
        with book.db.reading() as s:
            buffer = io.BytesIO()
            printed = documents.write_invoice_pdf(s, document_id, buffer, as_of=ON)
            doc = einvoicing.document_of(s, s.get(Invoice, document_id))
        assert doc.service_period == MARCH and doc.lines[1].period == LATE_MARCH and doc.lines[0].period is None
        text = " ".join(pdf_text(buffer.getvalue()).split())
        assert f"{label} 01/03/2026 – 31/03/2026" in text, text
        assert f"{line_label} 16/03/2026 – 31/03/2026" in text, text
        xml = build_ubl(doc)
        report = validate(xml)
        assert [(f.rule, f.message) for f in report.findings if f.is_fatal] == []
        assert _values(xml, "/*/cac:InvoicePeriod/cbc:StartDate/text()") == ["2026-03-01"]
        assert _values(xml, "/*/cac:InvoicePeriod/cbc:EndDate/text()") == ["2026-03-31"]
        line_periods = "/*/cac:InvoiceLine/cac:InvoicePeriod/cbc:StartDate/text()"
        if document_id == credit_id:
            line_periods = line_periods.replace("InvoiceLine", "CreditNoteLine")
        assert _values(xml, line_periods) == ["2026-03-16"]
        # one total: editor, PDF and UBL
        editor = totals_of(lines)
        assert printed.document.total_cents == editor.total_cents == doc.total_cents
        assert " ".join(format_money(editor.total_cents, language).split()) in text
        assert _values(xml, "/*/cac:LegalMonetaryTotal/cbc:PayableAmount/text()") == [
            format(editor.total_cents / 100, ".2f")
        ]


def test_peppol_refuses_a_line_period_outside_the_invoice_period(book):
    who = customer(book, name="Klant", vat="BE0202239951", street="Markt 5", postcode="2000", city="Gent")
    invoice_id = invoice(book, who, lines=[LineInput.of("Hosting", "1", "40", period=LATE_MARCH)], on=ON)
    with book.db.reading() as s:
        doc = einvoicing.document_of(s, s.get(Invoice, invoice_id))
    from dataclasses import replace

    # written by hand (the services refuse it): the line's period starts and ends outside the invoice's
    outside = replace(doc, service_period=ServicePeriod(date(2026, 3, 20), date(2026, 3, 25)))
    rules = {f.rule for f in validate(build_ubl(outside)).findings if f.is_fatal}
    assert {"PEPPOL-EN16931-R110", "PEPPOL-EN16931-R111"} <= rules
    assert not {f.rule for f in validate(build_ubl(doc)).findings if f.is_fatal}


def test_saving_a_line_period_outside_the_invoice_period_is_refused_and_the_late_warning_counts_from_its_end(book):
    who = customer(book, name="Klant", vat="BE0202239951", street="Markt 5", postcode="2000", city="Gent")
    with book.db.transaction() as s:
        with pytest.raises(ValidationError, match="lies outside the invoice's"):
            invoicing.create_draft(
                s,
                invoicing.DraftData(
                    customer_id=who,
                    issue_date=ON,
                    lines=_lines(),
                    service_period=LATE_MARCH.__class__(date(2026, 3, 1), date(2026, 3, 20)),
                ),
            )
    late = invoicing.DraftData(customer_id=who, issue_date=date(2026, 4, 16), lines=_lines(), service_period=MARCH)
    in_time = invoicing.DraftData(customer_id=who, issue_date=date(2026, 4, 15), lines=_lines(), service_period=MARCH)
    with book.db.reading() as s:
        warnings = [str(w) for w in invoice_forms.issue_question(s, None, late).warnings]
        assert "the supply of 31/03/2026 had to be invoiced by 15/04/2026; this invoice is issued late" in warnings
        assert not invoice_forms.issue_question(s, None, in_time).warnings


def test_the_book_file_carries_periods_and_refuses_a_broken_one_by_its_path(book, tmp_path):
    who = customer(book, name="Klant", vat="BE0202239951", street="Markt 5", postcode="2000", city="Gent")
    invoice(book, who, lines=_lines(), on=ON, service_period=MARCH)
    with book.db.reading() as s:
        exported = book_io.export_book(s)
    row = exported["invoices"][0]
    assert (row["period_start"], row["period_end"]) == ("2026-03-01", "2026-03-31")
    assert "period_start" not in row["lines"][0]
    assert (row["lines"][1]["period_start"], row["lines"][1]["period_end"]) == ("2026-03-16", "2026-03-31")

    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book

    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with pytest.raises(_Rollback):  # imported whole, then undone: the refusals below need an empty book
            with copy.db.transaction() as s:
                book_io.import_book(s, json.loads(json.dumps(exported)))
                assert book_io.export_book(s)["invoices"] == exported["invoices"]
                raise _Rollback

        def refused(change) -> list[str]:  # type: ignore[no-untyped-def]
            doc = json.loads(json.dumps(exported))
            change(doc["invoices"][0])
            with pytest.raises(book_io.BookFileError) as caught:
                with copy.db.transaction() as s:
                    book_io.import_book(s, doc)
            return [str(p) for p in caught.value.problems]

        assert any(
            "$.invoices[0].period_end" in p and "both its first and its last day" in p
            for p in refused(lambda i: i.pop("period_end"))
        )
        assert any(
            "$.invoices[0].lines[1].period_end" in p and "cannot end" in p
            for p in refused(lambda i: i["lines"][1].update(period_end="2026-03-01"))
        )
        assert any(
            "$.invoices[0].lines[1].period_start" in p and "lies outside the invoice's" in p
            for p in refused(lambda i: i["lines"][1].update(period_start="2026-02-20"))
        )
        assert any(
            "$.invoices[0].period_start" in p and "is not a date" in p
            for p in refused(lambda i: i.update(period_start="1 March"))
        )
    finally:
        copy.close()
