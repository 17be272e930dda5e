"""A year of monthly invoices for 50 customers collected by direct debit, with three refusals in the statements.

Every invoice ends paid or reopened as the bank said; a refused first collection is presented as FRST
again the next month, a refused recurrent one stays RCUR; a debtor who changed bank gets FRST with
SMNDA, a changed reference RCUR with the original reference; every file is schema-valid; the reopened
invoices are proposed for a reminder under the consumer rules.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from dd_helpers import CREDITOR_ID, belgian_iban, customer_with_mandate, monthly_template, set_up_creditor
from dd_statements import Refused, camt_returns, coda_returns
from lxml import etree
from sqlalchemy import func, select

from ledgerdesk.domain import direct_debit as dd
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.models import Collection, Invoice, Mandate
from ledgerdesk.sepa import schema
from ledgerdesk.services import bank_import, direct_debit, direct_debit_collect, history, recurring, reminders
from ledgerdesk.services.reminders import Edits

CUSTOMERS = 50
NS = {"p": schema.namespace("pain.008.001.08")}


def _sequences(xml: bytes) -> dict[str, str]:
    """Mandate reference -> sequence type in a collection file."""
    root = etree.fromstring(xml)
    out = {}
    for info in root.iterfind(".//p:PmtInf", NS):
        sequence = info.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS)
        for tx in info.iterfind("p:DrctDbtTxInf", NS):
            out[tx.findtext(".//p:MndtId", namespaces=NS)] = sequence
    return out


def _end_to_end(session, reference: str, month: int) -> tuple[str, int]:
    row = session.execute(
        select(Collection.end_to_end, Collection.amount_cents)
        .join(Mandate, Mandate.id == Collection.mandate_id)
        .where(Mandate.reference == reference, func.strftime("%m", Collection.collect_on) == f"{month:02d}")
    ).one()
    return row[0], row[1]


@pytest.mark.slow
def test_a_year_of_direct_debits_with_three_refusals(book, tmp_path):
    refs = [f"LD-{n:04d}" for n in range(CUSTOMERS)]
    with book.db.transaction() as s:
        set_up_creditor(s)
        mandates = {}
        for n, ref in enumerate(refs):
            customer, mandates[ref] = customer_with_mandate(
                s, f"Klant {n:02d}", reference=ref, iban=belgian_iban("734", n + 1)
            )
            monthly_template(s, customer, price=f"{40 + n}.00")
    files: dict[int, bytes] = {}
    reopened: set[str] = set()

    def statement(month: int, name: str, data: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(data)
        with book.db.transaction() as s:
            result = bank_import.import_file(s, path, today=date(2026, month, 25), now=datetime(2026, month, 25))
        for applied in result.returned:
            reopened.add(applied.number)
        return result

    for month in range(1, 13):
        with book.db.transaction() as s:
            recurring.generate(s, date(2026, month, 1), now=datetime(2026, month, 1))
            out: dict[str, bytes] = {}
            result = direct_debit_collect.collect(
                s,
                dd.next_settlement_day(date(2026, month, 15)),  # the 15th, or the next day the clearing settles
                today=date(2026, month, 10),
                now=datetime(2026, month, 10),
                write=out.update,
            )
            assert len(result.invoices) == CUSTOMERS and result.skipped == []
            files[month] = out["CORE"]
        assert schema.problems(files[month]) == ()
        seq = _sequences(files[month])
        if month == 1:
            assert set(seq.values()) == {"FRST"}
            with book.db.reading() as s:
                e2e, cents = _end_to_end(s, refs[0], 1)
            first = statement(
                1, "jan.coda", coda_returns([Refused(e2e, refs[0], cents, "AM04", date(2026, 1, 20), "2", CREDITOR_ID)])
            )
            assert [(a.reason, a.next_sequence) for a in first.returned] == [("AM04", "FRST")]
            again = statement(1, "jan.coda", (tmp_path / "jan.coda").read_bytes())  # the same file again: nothing twice
            assert again.returned == []
        if month == 2:
            assert seq[refs[0]] == "FRST"  # its first collection was refused: FRST again
            assert {seq[r] for r in refs[1:]} == {"RCUR"}
        if month == 5:
            with book.db.reading() as s:
                e2e, cents = _end_to_end(s, refs[1], 5)
            statement(5, "may.xml", camt_returns([Refused(e2e, refs[1], cents, "MD06", date(2026, 5, 25), "3")]))
        if month == 6:
            assert seq[refs[1]] == "RCUR"  # a refused recurrent collection leaves the mandate recurrent
            with book.db.transaction() as s:
                direct_debit.amend_mandate(
                    s, mandates[refs[2]], on=date(2026, 6, 20), debtor_iban=belgian_iban("001", 3)
                )
        if month == 7:
            assert seq[refs[2]] == "FRST"
            tx = etree.fromstring(files[7]).xpath(f"//p:DrctDbtTxInf[.//p:MndtId='{refs[2]}']", namespaces=NS)[0]
            assert tx.findtext(".//p:AmdmntInd", namespaces=NS) == "true"
            assert tx.findtext(".//p:OrgnlDbtrAcct/p:Id/p:Othr/p:Id", namespaces=NS) == "SMNDA"
            with book.db.transaction() as s:
                direct_debit.amend_mandate(s, mandates[refs[3]], on=date(2026, 7, 20), reference="LD-0003-B")
        if month == 8:
            assert seq[refs[2]] == "RCUR" and seq["LD-0003-B"] == "RCUR"
            tx = etree.fromstring(files[8]).xpath("//p:DrctDbtTxInf[.//p:MndtId='LD-0003-B']", namespaces=NS)[0]
            assert tx.findtext(".//p:OrgnlMndtId", namespaces=NS) == refs[3]
            tx2 = etree.fromstring(files[8]).xpath(f"//p:DrctDbtTxInf[.//p:MndtId='{refs[2]}']", namespaces=NS)[0]
            assert tx2.findtext(".//p:AmdmntInd", namespaces=NS) == "false"  # told once, in July
        if month == 11:
            with book.db.reading() as s:
                e2e, cents = _end_to_end(s, refs[4], 11)
            statement(
                11,
                "nov.coda",
                coda_returns(
                    [Refused(e2e, refs[4], cents, "AC04", date(2026, 11, 18), "1", CREDITOR_ID)], number="002"
                ),
            )
        if month == 12:
            assert seq[refs[4]] == "RCUR"

    with book.db.reading() as s:
        invoices = s.scalars(select(Invoice).where(Invoice.kind == "invoice")).all()
        assert len(invoices) == 12 * CUSTOMERS
        open_numbers = {i.number for i in invoices if queries.open_cents(s, i.id) > 0}
        assert open_numbers == reopened and len(open_numbers) == 3
        for invoice in invoices:
            if invoice.number in reopened:
                assert queries.open_cents(s, invoice.id) == invoice.total_cents
                returned = [e for e in history.events_of(s, invoice.id) if e.kind == "direct_debit_returned"]
                assert [e.detail["reason"] for e in returned] in (["AM04"], ["MD06"], ["AC04"])
        proposal = reminders.propose(s, date(2026, 12, 31), Edits(override_bank_check=True)).to_json()
    proposed = {i["number"] for letter in proposal["letters"] for i in letter["invoices"]}
    assert reopened <= proposed  # the reopened invoices are in the reminder flow


def test_the_refusal_reads_in_the_invoice_history_in_the_users_language(book, tmp_path):
    from dd_statements import Refused, coda_returns

    from ledgerdesk.i18n import gettext
    from ledgerdesk.services import reminder_views
    from ledgerdesk.ui.models.reminders import _event_text

    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, _ = customer_with_mandate(s, "Jan", reference="LD-0001")
        monthly_template(s, customer)
        [(_occ, invoice_id, _n)] = recurring.generate(s, date(2026, 1, 1)).created
        direct_debit_collect.collect(s, date(2026, 1, 15), today=date(2026, 1, 2))
        e2e = s.scalar(select(Collection.end_to_end))
    path = tmp_path / "r.coda"
    path.write_bytes(coda_returns([Refused(e2e, "LD-0001", 6050, "AM04", date(2026, 1, 20), "2", CREDITOR_ID)]))
    with book.db.transaction() as s:
        bank_import.import_file(s, path, today=date(2026, 1, 21))
    with book.db.reading() as s:
        rows = reminder_views.invoice_events(s, invoice_id)
    texts = [_event_text(gettext("nl"), r.what, "nl") for r in rows]
    assert any("teruggestort door de bank (AM04): onvoldoende saldo" in t for t in texts), texts
    assert any("te innen via domiciliëring op 15/01/2026" in t for t in texts), texts
