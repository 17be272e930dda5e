"""The final invoice under the Belgian rule and EN 16931: advance invoices are deducted by negative lines
per VAT rate (the VAT breakdown is the remainder: the advance's VAT was invoiced already), and money
received for the job on no VAT invoice is PrepaidAmount (BT-113), so that payable = total − prepaid
(BR-CO-16). Both stories end in a UBL file valid against the XSD, CEN and Peppol rules; the totals per rate
are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from builders import QUOTE_TIME as NOW
from builders import sent_quote
from lxml import etree
from quote_helpers import pdf_text

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.persistence.models import Invoice, Payment
from ledgerdesk.persistence.queries import open_cents
from ledgerdesk.services import bank_import, einvoicing, invoicing, payments, quote_deposits, quotes, work

LINES = [
    LineInput.of("Renovatie badkamer: arbeid", "40", "55.00", "21", unit="h"),  # 2,200.00 + 462.00
    LineInput.of("Tegels en lijm", "1", "300.00", "6"),  # 300.00 + 18.00 → quote total 2,980.00
]
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def _totals(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml)
    found = root.find("{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}LegalMonetaryTotal")
    return {child.tag.removeprefix(CBC): child.text for child in found}


def _by_rate(invoice) -> set[tuple[str, int, int]]:
    from ledgerdesk.domain.document import document_of

    return {(str(v.rate), v.base_cents, v.vat_cents) for v in document_of(invoice).breakdown}


def _statement(tmp_path, ogm: str, amount: int, day: date):
    path = tmp_path / f"{day.isoformat()}.cod"
    tx = Tx(amount, ogm=ogm, ref="D1", name="Bakkerij Peeters", iban="BE68539007547034", day=day)
    path.write_bytes(coda([Stmt(day=day, txs=[tx])]))
    return path


def test_deposit_by_coda_advance_invoice_work_slips_and_the_final_invoice(book, customer_id, tmp_path):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES, deposit_cents=50_000, valid_until=date(2026, 4, 1))
        ogm = quotes.load_quote(s, quote_id, date(2026, 3, 2)).document.structured_communication
    with book.db.transaction() as s:  # the deposit arrives: accepted, advance invoice 2026-0001 for 500.00
        bank_import.import_file(s, _statement(tmp_path, ogm, 50_000, date(2026, 3, 9)), today=date(2026, 3, 9), now=NOW)
        assert quotes.status_of(s, quote_id, date(2026, 3, 9)) is QuoteStatus.ACCEPTED
        advance = s.query(Invoice).filter(Invoice.number == "2026-0001").one()
        # 500.00 spread as the quote's totals: 21 % 446.64 = 369.12 + 77.52; 6 % 53.36 = 50.34 + 3.02
        assert _by_rate(advance) == {("21", 36_912, 7_752), ("6", 5_034, 302)}
    with book.db.transaction() as s:  # two weeks of work logged from the quote's lines
        work.slip_from_quote(s, quote_id, day=date(2026, 3, 16), quantities={0: "20"}, note="Week 1")
        work.slip_from_quote(s, quote_id, day=date(2026, 3, 23), quantities={0: "20", 1: "1"}, note="Week 2")
        final_id = work.invoice_slips(s, customer_id, on=date(2026, 3, 27))
        invoicing.issue(s, final_id, on=date(2026, 3, 27), now=NOW)
        final = s.get(Invoice, final_id)
        # 21 %: 2,200.00 − 369.12 = 1,830.88 → VAT 384.48; 6 %: 300.00 − 50.34 = 249.66 → VAT 14.98
        assert _by_rate(final) == {("21", 183_088, 38_448), ("6", 24_966, 1_498)}
        assert final.total_cents == 248_000 == 298_000 - 50_000 and final.total_cents > 0
        assert quotes.status_of(s, quote_id, date(2026, 3, 27)) is QuoteStatus.CONVERTED
        xml = build_ubl(einvoicing.document_of(s, final))
    report = validate(xml)
    assert report.valid, [str(f) for f in report.findings]
    # every deposit payment is on a VAT invoice: nothing prepaid, all that is left is payable
    assert _totals(xml) == {
        "LineExtensionAmount": "2080.54",
        "TaxExclusiveAmount": "2080.54",
        "TaxInclusiveAmount": "2480.00",
        "PrepaidAmount": "0.00",
        "PayableAmount": "2480.00",
    }


def test_advance_invoice_before_payment_then_paid_more_the_rest_is_prepaid(book, customer_id, tmp_path):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES, deposit_cents=50_000, valid_until=date(2026, 4, 1))
        quotes.accept(s, quote_id, on=date(2026, 3, 3), now=NOW)
        advance_id, advance_number = quote_deposits.advance_before_payment(s, quote_id, on=date(2026, 3, 3), now=NOW)
        advance = s.get(Invoice, advance_id)
        assert advance.status == "issued" and advance.total_cents == 50_000
        assert "Recht op aftrek ontstaat na de betaling van het voorschot" in advance.notes
        assert "Vermoedelijke datum van opeisbaarheid van de btw" in advance.notes
        ogm = quotes.load_quote(s, quote_id, date(2026, 3, 3)).document.structured_communication
    with book.db.reading() as s:
        pdf = tmp_path / "advance.pdf"
        from ledgerdesk.services import documents

        documents.write_invoice_pdf(s, advance_id, pdf, as_of=date(2026, 3, 3))
    assert "opeisbaarheid" in pdf_text(pdf.read_bytes())
    with book.db.transaction() as s:  # the customer pays 600.00 with the quote's communication
        bank_import.import_file(s, _statement(tmp_path, ogm, 60_000, date(2026, 3, 9)), today=date(2026, 3, 9), now=NOW)
        assert open_cents(s, advance_id) == 0  # the advance invoice is paid; 100.00 is on no VAT invoice
        payment = s.query(Payment).one()
    with book.db.transaction() as s:
        final_id = quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 27), now=NOW)
        invoicing.issue(s, final_id, on=date(2026, 3, 27), now=NOW)
        payments.allocate(s, payment.id, final_id, 10_000, now=NOW)  # the 100.00 left settles the final invoice
        final = s.get(Invoice, final_id)
        # the same remainder per rate as above: the 100.00 had no VAT invoice, so its VAT is in this one
        assert _by_rate(final) == {("21", 183_088, 38_448), ("6", 24_966, 1_498)}
        assert open_cents(s, final_id) == 238_000
        xml = build_ubl(einvoicing.document_of(s, final))
    report = validate(xml)
    assert report.valid, [str(f) for f in report.findings]
    assert _totals(xml)["PrepaidAmount"] == "100.00" and _totals(xml)["PayableAmount"] == "2380.00"
    assert Decimal(_totals(xml)["TaxInclusiveAmount"]) - Decimal("100.00") == Decimal("2380.00")  # BR-CO-16


def test_a_final_invoice_never_becomes_a_credit_note(book, customer_id):
    import pytest

    from ledgerdesk.domain.errors import DomainError

    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES, deposit_cents=298_000)
        quotes.accept(s, quote_id, on=date(2026, 3, 3), now=NOW)
        quote_deposits.advance_before_payment(s, quote_id, on=date(2026, 3, 3), now=NOW)
        with pytest.raises(DomainError, match=f"the advances of quote {number} are more than what is left"):
            quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 27), now=NOW)
        with pytest.raises(DomainError, match="already has an advance invoice waiting for payment"):
            quote_deposits.advance_before_payment(s, quote_id, on=date(2026, 3, 3), now=NOW)
