"""Done when (issue 18): a new user quotes a job, sees the deposit arrive through the bank import, invoices
the deposit, logs the work over two weeks, invoices the rest with the deposit deducted, and watches the
month's forecast move at each step."""

from __future__ import annotations

from datetime import date

from builders import QUOTE_TIME, sent_quote

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import bank_import, einvoicing, invoicing, kpis, quotes, work

LINES = [
    LineInput.of("Renovatie badkamer: arbeid", "40", "55.00", "21", unit="HUR"),
    LineInput.of("Tegels en lijm", "1", "300.00", "6"),
]  # net 2,500.00; total 2,980.00


def forecast(book, day):
    with book.db.reading() as s:
        snap = kpis.compute(s, day, compare=False, payments=False)
    return snap.forecast_month


def test_quote_deposit_work_over_two_weeks_and_the_final_invoice(book, customer_id, tmp_path):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES, deposit_cents=50_000, valid_until=date(2026, 4, 1))
        ogm = quotes.load_quote(s, quote_id, date(2026, 3, 2)).document.structured_communication
    assert forecast(book, date(2026, 3, 8)) == 0  # a quote sent is not yet planned work

    statement = tmp_path / "march.cod"
    statement.write_bytes(coda([Stmt(day=date(2026, 3, 9), txs=[Tx(50_000, ogm=ogm, ref="D1", day=date(2026, 3, 9))])]))
    with book.db.transaction() as s:
        result = bank_import.import_file(s, statement, today=date(2026, 3, 10), now=QUOTE_TIME)
    advance_number = result.deposits[0].advance_number
    with book.db.reading() as s:
        assert quotes.load_quote(s, quote_id, date(2026, 3, 10)).status is QuoteStatus.ACCEPTED
        advance_net = s.query(Invoice).filter(Invoice.number == advance_number).one().net_cents
    assert advance_net == 36_912 + 5_034
    # the advance is revenue now, the rest of the accepted quote is planned: the whole job, once
    assert forecast(book, date(2026, 3, 10)) == 250_000

    with book.db.transaction() as s:  # two weeks of work on the quote's lines
        work.slip_from_quote(s, quote_id, day=date(2026, 3, 16), quantities={0: "20"})
        work.slip_from_quote(s, quote_id, day=date(2026, 3, 23), quantities={0: "20", 1: None})
    with book.db.reading() as s:
        assert work.uninvoiced_cents(s, date(2026, 3, 27)) == 250_000
    assert forecast(book, date(2026, 3, 27)) == 250_000  # delivered instead of planned: still counted once

    with book.db.transaction() as s:  # the rest, invoiced from the work slips, with the deposit deducted
        final_id = work.invoice_slips(s, customer_id, on=date(2026, 3, 31), now=QUOTE_TIME)
        final_number = invoicing.issue(s, final_id, on=date(2026, 3, 31), now=QUOTE_TIME)
        final = s.get(Invoice, final_id)
        by_rate = sorted((str(v.rate), v.base_cents, v.vat_cents) for v in einvoicing.document_of(s, final).breakdown)
        xml = build_ubl(einvoicing.document_of(s, final))
        assert quotes.load_quote(s, quote_id, date(2026, 3, 31)).status is QuoteStatus.CONVERTED
        assert quotes.left_to_invoice(s, quote_id) == {}
    # 21 %: 2,200.00 − 369.12 = 1,830.88, VAT 384.48; 6 %: 300.00 − 50.34 = 249.66, VAT 14.98
    assert by_rate == [("21", 183_088, 38_448), ("6", 24_966, 1_498)]
    assert final.total_cents == 298_000 - 50_000 and final_number != advance_number
    assert validate(xml).valid
    assert forecast(book, date(2026, 3, 31)) == 250_000  # all revenue now
    with book.db.transaction() as s:  # nothing of the quote can be invoiced a second time
        import pytest

        from ledgerdesk.domain.errors import DomainError

        with pytest.raises(DomainError, match="already converted"):
            quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 31))
