"""Work delivered: slips per customer (from a quote's lines too), the queue and the figure per customer,
several slips into one invoice, invoiced slips locked, the warning before the 15th; the CLI."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from builders import QUOTE_TIME, sent_quote
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ledgerdesk.cli import main
from ledgerdesk.domain import work as rules
from ledgerdesk.domain.errors import DomainError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import invoicing, quotes, work


def _slip(s, customer_id, day, hours="8", description="Plaatsing tegels"):
    return work.create_slip(
        s,
        work.SlipData(customer_id, day, [LineInput.of(description, hours, "55.00", "21", unit="HUR")]),
        now=QUOTE_TIME,
    )


def test_the_invoice_deadline_and_the_warning_before_the_15th():
    assert rules.invoice_deadline(date(2026, 3, 31)) == date(2026, 4, 15)
    assert rules.invoice_deadline(date(2026, 12, 2)) == date(2027, 1, 15)
    assert rules.deadline_warning(date(2026, 3, 10), 44_000, date(2026, 4, 7)) is None
    soon = rules.deadline_warning(date(2026, 3, 10), 44_000, date(2026, 4, 8))
    assert str(soon) == "work delivered since 2026-03-10 (440.00) must be invoiced by 2026-04-15"
    late = rules.deadline_warning(date(2026, 3, 10), 44_000, date(2026, 4, 16))
    assert str(late) == "work delivered since 2026-03-10 (440.00) is not invoiced: its invoice was due by 2026-04-15"


def test_slips_over_two_weeks_become_one_invoice_and_are_locked(book, customer_id):
    with book.db.transaction() as s:
        quote_id, _ = sent_quote(s, customer_id)
        quotes.accept(s, quote_id, on=date(2026, 3, 10), now=QUOTE_TIME)
        first = _slip(s, customer_id, date(2026, 3, 16))
        second = _slip(s, customer_id, date(2026, 3, 23), hours="6")
        from_quote = work.slip_from_quote(s, quote_id, day=date(2026, 3, 27), quantities={1: "1"})
        later = _slip(s, customer_id, date(2026, 4, 2))
        assert work.uninvoiced_cents(s, date(2026, 3, 31)) == 44_000 + 33_000 + 30_000
        assert [(c.slips, c.net_cents) for c in work.uninvoiced_by_customer(s)] == [
            (4, 44_000 + 33_000 + 30_000 + 44_000)
        ]
        assert str(work.deadline_warning(s, date(2026, 4, 10))).startswith("work delivered since 2026-03-16 (1070.00)")
        invoice_id = work.invoice_slips(s, customer_id, on=date(2026, 3, 31))
        invoice = s.get(Invoice, invoice_id)
        assert invoice.net_cents == 107_000 and invoice.delivery_date == date(2026, 3, 27)
        assert [line.description for line in invoice.lines] == [
            "16/03/2026 – Plaatsing tegels",
            "23/03/2026 – Plaatsing tegels",
            "27/03/2026 – Tegels en lijm",
        ]
        assert [r.id for r in work.list_slips(s, uninvoiced=True)] == [later]
        assert work.deadline_warning(s, date(2026, 4, 10)) is None  # April's work is due by 15 May
        with pytest.raises(DomainError, match="cannot be deleted"):
            work.delete_slip(s, first)
    for statement in (
        f"UPDATE work_slips SET net_cents = 1 WHERE id = {second}",
        f"DELETE FROM work_slips WHERE id = {from_quote}",
        f"UPDATE work_slip_lines SET quantity = '1' WHERE slip_id = {first}",
    ):
        with book.db.transaction() as s, pytest.raises(IntegrityError, match="invoiced work slip"):
            s.execute(text(statement))
    with book.db.transaction() as s:  # the draft deleted: its slips are in the queue again, nothing lost
        invoicing.delete_draft(s, invoice_id)
    with book.db.reading() as s:
        assert len(work.list_slips(s, uninvoiced=True)) == 4


def run(book, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    folder = book.paths.folder
    book.close()
    try:
        code = main(["--data-dir", str(folder), *argv], out=out, err=err)
    finally:
        book._lock.acquire()
    return code, out.getvalue(), err.getvalue()


def test_work_from_the_command_line(book, customer_id, monkeypatch):
    monkeypatch.setenv("LEDGERDESK_LANG", "nl")
    for day in ("2026-03-16", "2026-03-20"):
        add = ["work", "add", "--customer", "Bakkerij Peeters", "--description", "Onderhoud", "--quantity", "7.5"]
        assert run(book, *add, "--unit", "HUR", "--price", "60", "--date", day)[0] == 0
    code, out, err = run(book, "work", "list", "--uninvoiced", "--as-of", "2026-04-09", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [s["net"] for s in data["slips"]] == ["450.00", "450.00"] and data["uninvoiced"] == "900.00"
    assert data["warning"] == "work delivered since 2026-03-16 (900.00) must be invoiced by 2026-04-15"
    code, out, _ = run(book, "work", "list", "--as-of", "2026-04-09")
    assert "Werk geleverd sinds 16/03/2026 (€\xa0900,00) moet gefactureerd zijn tegen 15/04/2026" in out
    code, out, err = run(
        book, "work", "invoice", "--customer", "Bakkerij Peeters", "--until", "2026-03-31", "--on", "2026-04-01"
    )
    assert code == 0, err
    code, _, err = run(book, "work", "invoice", "--customer", "Bakkerij Peeters", "--on", "2026-04-01")
    assert (code, err) == (1, "ledgerdesk: Bakkerij Peeters heeft geen geleverd werk dat nog niet gefactureerd is\n")


def test_work_on_a_quote_needs_it_accepted_and_never_exceeds_it(book, customer_id):
    with book.db.transaction() as s:
        quote_id, number = sent_quote(s, customer_id)
        with pytest.raises(DomainError, match=f"quote {number} must be accepted"):
            work.slip_from_quote(s, quote_id, day=date(2026, 3, 10))
        quotes.accept(s, quote_id, on=date(2026, 3, 10), now=QUOTE_TIME)
        work.slip_from_quote(s, quote_id, day=date(2026, 3, 11), quantities={0: "30"})
        work.slip_from_quote(s, quote_id, day=date(2026, 3, 12), quantities={0: "15"})  # 45 of 40 hours
        with pytest.raises(DomainError, match=f"line 1 of quote {number} has 40 left to invoice, not 45"):
            work.invoice_slips(s, customer_id, on=date(2026, 3, 31))
