"""A recurring invoice of a customer with a mandate announces its direct debit, and the collection file collects it."""

from __future__ import annotations

import io
from datetime import date, datetime

import pypdf
import pytest
from dd_helpers import CREDITOR_ID, NOW, belgian_iban, customer_with_mandate, monthly_template, set_up_creditor
from lxml import etree

from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.persistence import queries
from ledgerdesk.persistence.models import Invoice, Mandate
from ledgerdesk.sepa import schema
from ledgerdesk.services import direct_debit, direct_debit_collect, documents, einvoicing, history, recurring

BUSINESS_VAT = "BE0477000171"  # a valid enterprise number (mod 97)
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"}


def _month(session, day: date) -> list[int]:
    made = recurring.generate(session, day, now=NOW)
    return [invoice_id for _occ, invoice_id, _number in made.created]


def test_the_monthly_invoice_announces_the_debit_and_the_file_collects_it(book):
    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, mandate = customer_with_mandate(
            s, "Jan Peeters", reference="LD-0001", kind="business", vat=BUSINESS_VAT
        )
        monthly_template(s, customer, "50.00")
        (invoice_id,) = _month(s, date(2026, 1, 1))
    with book.db.reading() as s:
        invoice = s.get(Invoice, invoice_id)
        terms = direct_debit_collect.terms_of(s, invoice_id)
        assert terms is not None
        assert terms.mandate_reference == "LD-0001" and terms.creditor_id == CREDITOR_ID
        assert terms.collect_on == date(2026, 1, 15)  # issued 1 January, 14 days' pre-notification
        buffer = io.BytesIO()
        documents.write_invoice_pdf(s, invoice_id, buffer, as_of=date(2026, 1, 1))
        text = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
        assert "LD-0001" in text and CREDITOR_ID in text and "15/01/2026" in text
        assert "domiciliëring" in text.lower() or "europese domiciliëring" in text.lower()
        assert "Gestructureerde mededeling" not in text  # no "please pay" block: nothing to transfer
        exported = einvoicing.export_einvoice(s, invoice_id, on=date(2026, 1, 1))
        report = validate(exported.xml)
        assert report.valid, [str(f) for f in report.findings]
        ubl = etree.fromstring(exported.xml)
        cac = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
        cbc = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
        means = ubl.find(f"{cac}PaymentMeans")
        assert means.findtext(f"{cbc}PaymentMeansCode") == "59"
        assert means.findtext(f"{cac}PaymentMandate/{cbc}ID") == "LD-0001"  # BT-89
        assert means.findtext(f"{cac}PaymentMandate/{cac}PayerFinancialAccount/{cbc}ID") == belgian_iban(
            "734", customer
        )
        supplier_ids = ubl.findall(f"{cac}AccountingSupplierParty/{cac}Party/{cac}PartyIdentification/{cbc}ID")
        assert [(e.text, e.get("schemeID")) for e in supplier_ids] == [(CREDITOR_ID, "SEPA")]  # BT-90
        assert invoice.number

    written: dict[str, bytes] = {}
    with book.db.transaction() as s:
        result = direct_debit_collect.collect(
            s, date(2026, 1, 15), today=date(2026, 1, 10), now=datetime(2026, 1, 10, 8), write=written.update
        )
    assert set(written) == {"CORE"} and result.invoices == [(invoice.number, "CORE", "FRST", 6050)]
    xml = written["CORE"]
    assert schema.problems(xml) == ()
    root = etree.fromstring(xml)
    assert root.findtext(".//p:PmtInf/p:PmtTpInf/p:SeqTp", namespaces=NS) == "FRST"
    assert root.findtext(".//p:DrctDbtTxInf/p:InstdAmt", namespaces=NS) == "60.50"
    assert root.findtext(".//p:Dbtr/p:PstlAdr/p:BldgNb", namespaces=NS) == "12 bus 3"
    assert root.findtext(".//p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS) == CREDITOR_ID
    assert root.findtext(".//p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", namespaces=NS) == invoice.structured_communication
    with book.db.reading() as s:
        assert queries.open_cents(s, invoice_id) == 0
        assert s.get(Mandate, mandate).next_sequence == "RCUR"
        kinds = [e.kind for e in history.events_of(s, invoice_id)]
        assert "direct_debit_announced" in kinds and "direct_debit_collected" in kinds and "paid" in kinds

    # February: the same mandate is recurrent now; January is not collected twice.
    with book.db.transaction() as s:
        _month(s, date(2026, 2, 1))
        result = direct_debit_collect.collect(s, date(2026, 2, 16), today=date(2026, 2, 10), now=datetime(2026, 2, 10))
    assert [(seq, cents) for _n, _sch, seq, cents in result.invoices] == [("RCUR", 6050)]


def test_core_and_b2b_go_in_separate_files_and_the_fallback_version_is_valid(book):
    with book.db.transaction() as s:
        set_up_creditor(s, core=True, b2b=True, version="pain.008.001.02")
        for name, scheme, kind in (
            ("Jan", "CORE", "consumer"),
            ("Bakkerij NV", "B2B", "business"),
            ("Els", "CORE", "consumer"),
        ):
            customer, _ = customer_with_mandate(s, name, scheme=scheme, kind=kind)
            monthly_template(s, customer, start=date(2026, 3, 1))
        _month(s, date(2026, 3, 1))
        written: dict[str, bytes] = {}
        result = direct_debit_collect.collect(s, date(2026, 3, 20), today=date(2026, 3, 2), write=written.update)
    assert set(written) == {"CORE", "B2B"} and len(result.invoices) == 3
    for scheme, xml in written.items():
        assert schema.message_of(xml) == "pain.008.001.02"
        assert schema.problems(xml) == ()
        assert set(etree.fromstring(xml).xpath("//*[local-name()='LclInstrm']/*/text()")) == {scheme}
    assert direct_debit_collect.file_names("march.xml", ["B2B", "CORE"]) == {
        "B2B": "march-B2B.xml",
        "CORE": "march-CORE.xml",
    }
    assert direct_debit_collect.file_names("march.xml", ["CORE"]) == {"CORE": "march.xml"}


def test_nothing_is_collected_before_its_announced_date_nor_without_setup(book):
    with book.db.transaction() as s:
        with pytest.raises(DomainError, match="not set up"):
            direct_debit_collect.collect(s, date(2026, 1, 20), today=date(2026, 1, 1))
    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, _ = customer_with_mandate(s, "Jan")
        monthly_template(s, customer)
        _month(s, date(2026, 1, 1))
        assert direct_debit_collect.collect(s, date(2026, 1, 14), today=date(2026, 1, 2)).invoices == []
        with pytest.raises(ValidationError, match="in the past"):
            direct_debit_collect.collect(s, date(2026, 1, 1), today=date(2026, 1, 2))


def test_an_invoice_without_a_mandate_or_not_recurring_is_an_ordinary_invoice(book):
    from builders import issued_invoice

    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, _ = customer_with_mandate(s, "Jan")
        one_off, _ogm, _total = issued_invoice(s, customer, day=date(2026, 1, 10))
        assert direct_debit_collect.terms_of(s, one_off) is None
        printed = documents.invoice_document(s, one_off, as_of=date(2026, 1, 10))
        assert printed.payment is not None  # the QR code and the transfer details as before


def test_a_mandate_takes_one_first_collection_at_a_time(book):
    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, _ = customer_with_mandate(s, "Jan")
        monthly_template(s, customer)  # from January: catching up in March makes three invoices
        _month(s, date(2026, 3, 1))
        result = direct_debit_collect.collect(s, date(2026, 3, 20), today=date(2026, 3, 2))
        assert [seq for _n, _s, seq, _c in result.invoices] == ["FRST"]
        assert [k.reason for k in result.skipped] == ["waits until the first collection of its mandate"] * 2
        result = direct_debit_collect.collect(s, date(2026, 3, 27), today=date(2026, 3, 21))
        assert [seq for _n, _s, seq, _c in result.invoices] == ["RCUR", "RCUR"]


def test_a_revoked_mandate_is_not_collected_and_says_why(book):
    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, mandate = customer_with_mandate(s, "Jan")
        monthly_template(s, customer)
        _month(s, date(2026, 1, 1))
        direct_debit.revoke_mandate(s, mandate, on=date(2026, 1, 5), reason="customer asked")
        result = direct_debit_collect.collect(s, date(2026, 1, 20), today=date(2026, 1, 6))
    assert result.invoices == [] and [k.reason for k in result.skipped] == ["the mandate is revoked"]


def test_an_announced_invoice_is_not_reminded_while_its_collection_is_pending(book):
    from ledgerdesk.services.collection import holds_for

    with book.db.transaction() as s:
        set_up_creditor(s)
        customer, _ = customer_with_mandate(s, "Jan")
        monthly_template(s, customer)
        (invoice_id,) = _month(s, date(2026, 1, 1))
    with book.db.reading() as s:
        assert holds_for(s, date(2026, 1, 20))[invoice_id].holding  # announced for the 15th: a few days late
        assert invoice_id not in holds_for(s, date(2026, 1, 23))  # a week late: forgotten, reminders may go
    with book.db.transaction() as s:
        direct_debit_collect.collect(s, date(2026, 1, 20), today=date(2026, 1, 16))
        assert invoice_id not in holds_for(s, date(2026, 1, 20))  # collected: paid, nothing to hold
