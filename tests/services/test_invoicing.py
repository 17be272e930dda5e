"""Scenarios of writing, issuing, crediting and paying invoices on a real book file."""

import threading
from datetime import date

import pytest
from builders import draft_invoice
from sqlalchemy import select

from ledgerdesk.domain.errors import DomainError, ImmutableError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.db import Database
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import company, history, invoicing, payments


def _draft(s, customer_id, day=date(2026, 3, 2), lines=None):
    default = [LineInput.of("Webdesign", "10", "80", "21"), LineInput.of("Boek", "2", "25", "6")]
    return draft_invoice(s, customer_id, day, lines=lines or default)


def test_a_draft_has_no_number_until_it_is_issued(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = _draft(s, customer_id)
        invoice = s.get(Invoice, invoice_id)
        assert invoice.number is None and invoice.structured_communication is None
        assert (invoice.net_cents, invoice.vat_cents, invoice.total_cents) == (85000, 16800 + 300, 85000 + 17100)
        number = invoicing.issue(s, invoice_id)
        assert number == "2026-0001"
        assert invoice.due_date == date(2026, 4, 1)
        assert invoice.structured_communication == "202600000102"[:10] + invoice.structured_communication[10:]
        assert invoice.buyer["name"] == "Bakkerij Peeters" and invoice.seller["vat"] == "BE0403170701"
    with book.db.reading() as s:
        assert [e.kind for e in history.events_of(s, invoice_id)] == ["created", "issued"]


def test_issued_invoices_are_immutable_in_the_domain(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = _draft(s, customer_id)
        invoicing.issue(s, invoice_id)
    with book.db.transaction() as s:
        with pytest.raises(ImmutableError, match="credit note"):
            invoicing.update_draft(
                s, invoice_id, invoicing.DraftData(customer_id, date(2026, 3, 2), [LineInput.of("x", 1, 1)])
            )
        with pytest.raises(ImmutableError, match="never be deleted"):
            invoicing.delete_draft(s, invoice_id)
        with pytest.raises(ImmutableError, match="already issued"):
            invoicing.issue(s, invoice_id)


def test_numbering_per_year_and_credit_notes_have_their_own_series(book, customer_id):
    with book.db.transaction() as s:
        a = _draft(s, customer_id, date(2025, 12, 30))
        b = _draft(s, customer_id, date(2026, 1, 2))
        c = _draft(s, customer_id, date(2026, 1, 3))
        assert [invoicing.issue(s, i) for i in (a, b, c)] == ["2025-0001", "2026-0001", "2026-0002"]
        cn = invoicing.create_credit_note(s, b, issue_date=date(2026, 1, 10))
        assert invoicing.issue(s, cn) == "CN2026-0001"
        assert s.get(Invoice, cn).structured_communication != s.get(Invoice, b).structured_communication


def test_deleting_a_draft_leaves_no_gap(book, customer_id):
    with book.db.transaction() as s:
        a = _draft(s, customer_id)
        b = _draft(s, customer_id)
        invoicing.delete_draft(s, a)
        assert invoicing.issue(s, b) == "2026-0001"


def test_numbers_stay_gapless_and_unique_under_concurrent_issuing(book, customer_id):
    with book.db.transaction() as s:
        drafts = [_draft(s, customer_id) for _ in range(24)]
    errors = []

    def worker(ids):
        db = Database(book.paths.book)  # its own connections, like a second window would have
        try:
            for invoice_id in ids:
                with db.transaction() as s:
                    invoicing.issue(s, invoice_id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=worker, args=(drafts[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with book.db.reading() as s:
        numbers = sorted(s.scalars(select(Invoice.number_seq).where(Invoice.kind == "invoice")))
    assert numbers == list(range(1, 25))


def test_a_credit_note_cannot_exceed_what_is_left_to_credit(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = _draft(s, customer_id)
        invoicing.issue(s, invoice_id)
        invoice = s.get(Invoice, invoice_id)
        first_line = invoice.lines[0].id
        cn1 = invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 5), line_ids=[first_line])
        invoicing.issue(s, cn1)
        with pytest.raises(DomainError, match="exceeds what is left to credit"):
            invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 6))
        cn2 = invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 6), line_ids=[invoice.lines[1].id])
        invoicing.issue(s, cn2)
        row = queries.invoice_row(s, invoice_id, date(2026, 3, 31))
        assert row.status == "credited" and row.open_cents == 0


def test_the_document_list_shows_credit_notes_beside_invoices_but_never_as_owed(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = _draft(s, customer_id)
        invoicing.issue(s, invoice_id)
        invoice = s.get(Invoice, invoice_id)
        note = invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 5), line_ids=[invoice.lines[1].id])
        invoicing.issue(s, note)
        draft_note = invoicing.create_credit_note(
            s, invoice_id, issue_date=date(2026, 3, 6), line_ids=[invoice.lines[0].id]
        )
        on = date(2026, 3, 31)
        kinds = lambda **f: sorted((r.kind, r.status, r.open_cents) for r in queries.list_invoices(s, on, **f))  # noqa: E731
        assert kinds() == [("invoice", "open", 102100 - 5300)]  # the services' default: invoices only
        assert kinds(kind="all") == [
            ("credit_note", "credit_note", 0),
            ("credit_note", "draft", 0),
            ("invoice", "open", 102100 - 5300),
        ]
        assert kinds(kind="credit_note", status="draft") == [("credit_note", "draft", 0)]
        for status in ("open", "overdue", "paid", "credited"):  # what is owed: invoices alone
            assert all(kind == "invoice" for kind, _, _ in kinds(kind="all", status=status))
        with pytest.raises(ValueError, match="document kind"):
            queries.list_invoices(s, on, kind="quote")
        assert draft_note


def test_drafts_cannot_be_credited_or_paid(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = _draft(s, customer_id)
        with pytest.raises(DomainError, match="only an issued invoice"):
            invoicing.create_credit_note(s, invoice_id, issue_date=date(2026, 3, 5))
        pid = payments.register_payment(s, payments.PaymentData(date(2026, 3, 3), 1000, customer_id=customer_id))
        with pytest.raises(DomainError, match="issued invoice"):
            payments.allocate(s, pid, invoice_id, 1000)


def test_franchise_regime_refuses_vat_lines(book, customer_id):
    with book.db.transaction() as s:
        data = company.CompanyData(name="Klein", vat="BE0202239951", vat_regime="franchise", iban="BE71096123456769")
        company.save_company(s, data)
        with pytest.raises(DomainError, match="franchise regime"):
            _draft(s, customer_id)
        _draft(s, customer_id, lines=[LineInput.of("Les", 1, "40", "0", exemption="franchise")])


def test_partial_payments_open_amount_as_of_and_customer_credit(book, customer_id):
    with book.db.transaction() as s:
        invoice_id = _draft(s, customer_id, lines=[LineInput.of("Werk", 1, "100", "21")])
        invoicing.issue(s, invoice_id)
        p1 = payments.register_payment(
            s, payments.PaymentData(date(2026, 3, 10), 5000, customer_id=customer_id), [(invoice_id, 5000)]
        )
        p2 = payments.register_payment(
            s, payments.PaymentData(date(2026, 4, 20), 10000, method="bank", customer_id=customer_id)
        )
        with pytest.raises(DomainError, match="exceeds the invoice's open amount"):
            payments.allocate(s, p2, invoice_id, 9000)
        payments.allocate(s, p2, invoice_id, 7100)
        assert queries.unallocated_cents(s, p2) == 2900
        assert queries.customer_credit_cents(s, customer_id) == 2900
        assert queries.open_cents(s, invoice_id, date(2026, 3, 31)) == 7100
        assert queries.open_cents(s, invoice_id, date(2026, 4, 30)) == 0
        assert queries.invoice_row(s, invoice_id, date(2026, 4, 10)).status == "overdue"
        assert queries.invoice_row(s, invoice_id, date(2026, 4, 30)).status == "paid"
        other = _draft(s, customer_id, lines=[LineInput.of("Meer werk", 1, "50", "21")])
        invoicing.issue(s, other)
        with pytest.raises(DomainError, match="left of the payment"):
            payments.register_payment(
                s, payments.PaymentData(date(2026, 3, 10), 100, customer_id=customer_id), [(other, 200)]
            )
        assert [e.kind for e in history.events_of(s, invoice_id)][-2:] == ["partly_paid", "paid"]
        payments.unallocate(s, s.get(payments.Payment, p1).allocations[0].id, on=date(2026, 5, 1))
        assert queries.open_cents(s, invoice_id) == 5000


def test_a_failed_action_changes_nothing(book, customer_id):
    with pytest.raises(DomainError):
        with book.db.transaction() as s:
            _draft(s, customer_id)
            payments.register_payment(s, payments.PaymentData(date(2026, 3, 3), 0, customer_id=customer_id))
    with book.db.reading() as s:
        assert queries.list_invoices(s, date(2026, 12, 31)) == []


def test_customer_validation_and_warnings(book):
    with book.db.transaction() as s:
        saved = company.create_customer(s, company.CustomerData(name="Zonder BTW BV"), today=date(2026, 1, 1))
        assert saved.warnings == ["Zonder BTW BV is a Belgian business without a VAT number"]
        assert (
            company.create_customer(
                s, company.CustomerData(name="Jan", kind="consumer"), today=date(2026, 1, 1)
            ).warnings
            == []
        )
        with pytest.raises(DomainError, match="not a valid VAT number"):
            company.create_customer(s, company.CustomerData(name="X", vat="BE0123456789"), today=date(2026, 1, 1))
        with pytest.raises(DomainError, match="nl, fr, en"):
            company.create_customer(s, company.CustomerData(name="X", language="de"), today=date(2026, 1, 1))
