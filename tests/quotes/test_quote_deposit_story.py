"""The story of issue 18 as far as it is built: a quote with a deposit, the deposit paid by a CODA line,
the quote accepted by that payment, the advance invoice for the amount received (VAT per rate, paid), the
final invoice deducting the advance per rate (totals checked by hand, UBL valid against CEN and Peppol
rules); a refused and an expired quote beside it."""

from __future__ import annotations

from datetime import date

from builders import QUOTE_TIME, sent_quote

from ledgerdesk.banking.samples import Stmt, Tx, coda
from ledgerdesk.domain import deposits
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.quotes import QuoteStatus
from ledgerdesk.domain.vat import VatTreatment
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.persistence.models import Invoice, Payment
from ledgerdesk.services import bank_import, einvoicing, invoicing, quotes


def quotes_breakdown(invoice):
    from ledgerdesk.domain.document import document_of

    return document_of(invoice).breakdown


def invoicing_open(session, invoice_id: int) -> int:
    from ledgerdesk.persistence.queries import open_cents

    return open_cents(session, invoice_id, date(2026, 3, 10))


LINES = [
    LineInput.of("Renovatie badkamer: arbeid", "40", "55.00", "21", unit="h"),  # 2,200.00 + 462.00
    LineInput.of("Tegels en lijm", "1", "300.00", "6"),  # 300.00 + 18.00 → quote total 2,980.00
]


def test_split_and_net_for_gross_by_hand():
    assert deposits.split(50_000, [266_200, 31_800]) == [44_664, 5_336]  # 446.64 + 53.36 = 500.00
    assert deposits.net_for_gross(44_664, VatTreatment.parse("21")) == 36_912  # 369.12 + 77.52 = 446.64
    assert deposits.net_for_gross(5_336, VatTreatment.parse("6")) == 5_034  # 50.34 + 3.02 = 53.36


def test_quote_deposit_paid_by_coda_accepted_advance_and_final_invoice(book, customer_id, tmp_path):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id, lines=LINES, deposit_cents=50_000, valid_until=date(2026, 4, 1))
        refused, _ = sent_quote(s, customer_id, lines=LINES)
        quotes.refuse(s, refused, on=date(2026, 3, 3), reason="Te duur", now=QUOTE_TIME)
        expired, _ = sent_quote(s, customer_id, lines=LINES, deposit_cents=10_000, valid_until=date(2026, 3, 5))
        ogm = quotes.load_quote(s, quote_id, date(2026, 3, 2)).document.structured_communication
        late_ogm = quotes.load_quote(s, expired, date(2026, 3, 2)).document.structured_communication
    statement = tmp_path / "deposit.cod"
    statement.write_bytes(
        coda(
            [
                Stmt(
                    day=date(2026, 3, 9),
                    txs=[
                        Tx(
                            50_000,
                            ogm=ogm,
                            ref="D1",
                            name="Bakkerij Peeters",
                            iban="BE68539007547034",
                            day=date(2026, 3, 9),
                        ),
                        Tx(10_000, ogm=late_ogm, ref="D2", name="Bakkerij Peeters", day=date(2026, 3, 9)),
                    ],
                )
            ]
        )
    )
    with book.db.transaction() as s:
        result = bank_import.import_file(s, statement, today=date(2026, 3, 10), now=QUOTE_TIME)
    assert [(d.quote_number, d.advance_number, d.amount_cents) for d in result.deposits] == [
        (number, "2026-0001", 50_000)
    ]

    with book.db.reading() as s:
        view = quotes.load_quote(s, quote_id, date(2026, 3, 10))
        assert view.status is QuoteStatus.ACCEPTED and view.decided_on == date(2026, 3, 9)
        assert [e.kind for e in view.history][-2:] == ["accepted", "deposit_received"]
        advance = s.query(Invoice).filter(Invoice.number == "2026-0001").one()
        by_rate = {(str(v.rate), v.base_cents, v.vat_cents) for v in quotes_breakdown(advance)}
        assert by_rate == {("21", 36_912, 7_752), ("6", 5_034, 302)}  # 446.64 + 53.36 = 500.00 received
        assert advance.total_cents == 50_000 and advance.status == "issued"
        assert s.query(Payment).one().amount_cents == 50_000
        assert invoicing_open(s, advance.id) == 0  # settled by the deposit
        # the expired quote's deposit stays for review: the user decides
        assert quotes.load_quote(s, expired, date(2026, 3, 10)).status is QuoteStatus.EXPIRED
        assert quotes.load_quote(s, refused, date(2026, 3, 10)).status is QuoteStatus.REFUSED

    with book.db.transaction() as s:  # the work is done: the final invoice deducts the advance per rate
        final_id = quotes.convert_to_invoice(s, quote_id, on=date(2026, 3, 31), now=QUOTE_TIME)
        final_number = invoicing.issue(s, final_id, on=date(2026, 3, 31), now=QUOTE_TIME)
        final = s.get(Invoice, final_id)
        by_rate = {(str(v.rate), v.base_cents, v.vat_cents) for v in quotes_breakdown(final)}
        # 21 %: 2,200.00 − 369.12 = 1,830.88 → VAT 384.48; 6 %: 300.00 − 50.34 = 249.66 → VAT 14.98
        assert by_rate == {("21", 183_088, 38_448), ("6", 24_966, 1_498)}
        assert final.total_cents == 183_088 + 38_448 + 24_966 + 1_498 == 248_000 == 298_000 - 50_000
        assert quotes.load_quote(s, quote_id, date(2026, 3, 31)).status is QuoteStatus.CONVERTED
        xml = build_ubl(einvoicing.document_of(s, final))
    assert final_number == "2026-0002"
    report = validate(xml)
    assert report.valid, [str(f) for f in report.findings]
    # the whole story travels in the book file: advances and what deducts them come back the same
    import json

    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book
    from ledgerdesk.services import book_io

    with book.db.reading() as s:
        first = book_io.export_book(s)
    assert [q.get("advances") for q in first["quotes"] if q.get("number") == number] == [
        [{"invoice": "I1", "deducted_in": "I2"}]
    ]
    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with copy.db.transaction() as s:
            book_io.import_book(s, json.loads(json.dumps(first)))
        with copy.db.reading() as s:
            assert book_io.export_book(s) == first
    finally:
        copy.close()
