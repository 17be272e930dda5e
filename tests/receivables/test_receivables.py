"""Receivables service: open items and aging as of a date, statement of account (PDF), payment behaviour."""

from __future__ import annotations

from datetime import date

import pypdf
from builders import credit_note, customer, issued_invoice, payment

from ledgerdesk.reports.statement_pdf import render
from ledgerdesk.services import receivables


def setup(book):
    with book.db.transaction() as s:
        cid = customer(s, "Café Zoë", language="fr")
        a = issued_invoice(s, cid, "100", date(2026, 1, 5))  # 121.00 due 2026-02-04
        b = issued_invoice(s, cid, "200", date(2026, 2, 10))  # 242.00 due 2026-03-12
        payment(s, a[0], date(2026, 2, 20), 12100)
        payment(s, b[0], date(2026, 3, 20), 10000, method="cash")
        credit_note(s, b[0], date(2026, 3, 25))
    return cid, a, b


def test_open_items_and_aging_ignore_later_allocations(book):
    cid, a, b = setup(book)
    with book.db.reading() as s:
        early = receivables.open_items(s, date(2026, 2, 15))
        assert [r.number for r in early.rows] == ["2026-0001", "2026-0002"]
        assert early.open_cents == 36300 and early.overdue_cents == 12100
        assert early.buckets["1_30"] == 12100 and early.buckets["not_due"] == 24200
        assert receivables.aging(s, date(2026, 2, 15)) == early.buckets
        overdue = receivables.open_items(s, date(2026, 3, 15), overdue_only=True)
        assert [r.open_cents for r in overdue.rows] == [24200]
        assert receivables.open_items(s, date(2026, 3, 15), bucket="over_90").rows == []
        assert receivables.open_items(s, date(2026, 4, 1)).open_cents == 0  # paid 100 + credited 242 > 242


def test_statement_of_account_and_pdf_in_the_customers_language(book, artifacts_dir):
    cid, a, b = setup(book)
    with book.db.reading() as s:
        st = receivables.statement_of_account(s, cid, date(2026, 2, 1), date(2026, 3, 31))
    assert st.opening_cents == 12100
    assert [(e.kind, e.debit_cents, e.credit_cents) for e in st.entries] == [
        ("invoice", 24200, 0),
        ("payment", 0, 12100),
        ("payment", 0, 10000),
        ("credit_note", 0, 24200),
    ]
    assert st.closing_cents == 12100 + 24200 - 12100 - 10000 - 24200
    with book.db.reading() as s:
        document = receivables.statement_document(s, cid, date(2026, 2, 1), date(2026, 3, 31))
    render(document, artifacts_dir / "statement_of_account_fr.pdf")
    text = pypdf.PdfReader(artifacts_dir / "statement_of_account_fr.pdf").pages[0].extract_text()
    assert "Relevé de compte" in text and "Solde initial" in text and "Note de crédit" in text
    assert "121,00" in text and "-100,00" in text
    assert "Café Zoë" in text and "Atelier Janssens" in text


def test_payment_behaviour(book):
    cid, a, b = setup(book)
    with book.db.reading() as s:
        pb = receivables.payment_behaviour(s, cid, date(2026, 4, 1))
    # a: issued 5/1, due 4/2, paid 20/2 → 46 days, 16 late; b: settled by the credit note 25/3 after 100 paid 20/3
    assert pb.paid_invoices == 2
    assert pb.avg_days_to_pay == (46 + 38) / 2 and pb.avg_days_late == (16 + 8) / 2 and pb.share_paid_late == 1.0
    assert (pb.open_cents, pb.overdue_cents) == (0, 0)
