"""The customer's references (BT-10, BT-13, BT-12): printed, in a valid UBL, in the book file, and required by some customers."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from builders import customer, invoice
from doc_helpers import pdf_text
from lxml import etree

from ledgerdesk.domain.customer_refs import CustomerReferences
from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.einvoice.codes import NS
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import validate
from ledgerdesk.i18n.sentences import sentence
from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import book_io, documents, einvoicing, invoice_forms, invoicing

X = {"cac": NS["cac"], "cbc": NS["cbc"]}
ON = date(2026, 3, 2)
REFS = CustomerReferences.of(" PO-AB/2026/117 ", "4500012345", "Framework agreement 2025-07")
LINES = [LineInput.of("Consultancy", "8", "95", unit="HUR")]


class _Rollback(Exception):
    pass


def _values(xml: bytes, xpath: str) -> list[str]:
    return [str(v) for v in etree.fromstring(xml).xpath(xpath, namespaces=X)]


def _customer(book, language="nl", **extra) -> int:  # type: ignore[no-untyped-def]
    return customer(
        book,
        name="Stad Gent",
        vat="BE0207451227",
        street="Botermarkt 1",
        postcode="9000",
        city="Gent",
        language=language,
        **extra,
    )


def test_references_are_one_trimmed_line_each():
    assert REFS == CustomerReferences("PO-AB/2026/117", "4500012345", "Framework agreement 2025-07")
    assert CustomerReferences.of(order_reference="7").identifies_purchase
    assert not CustomerReferences.of(contract_reference="K-1").identifies_purchase
    with pytest.raises(ValidationError) as caught:
        CustomerReferences.of(order_reference="x" * 201)
    assert sentence(caught.value, "nl") == "Het bestelnummer moet één regel van hoogstens 200 tekens zijn"
    with pytest.raises(ValidationError):
        CustomerReferences.of(buyer_reference="two\nlines")


@pytest.mark.parametrize(
    "language, labels",
    [
        ("nl", ("Uw referentie", "Uw bestelling", "Contract")),
        ("fr", ("Votre référence", "Votre commande", "Contrat")),
        ("en", ("Your reference", "Your order", "Contract")),
    ],
)
def test_the_references_are_printed_and_written_to_a_valid_ubl_invoice_and_credit_note(book, language, labels):
    customer = _customer(book, language)
    invoice_id = invoice(book, customer, lines=LINES, references=REFS)
    with book.db.transaction() as s:
        credit_id = invoicing.create_credit_note(s, invoice_id, issue_date=ON)
        invoicing.issue(s, credit_id)
    for document_id in (invoice_id, credit_id):
        with book.db.reading() as s:
            buffer = io.BytesIO()
            documents.write_invoice_pdf(s, document_id, buffer, as_of=ON)
            doc = einvoicing.document_of(s, s.get(Invoice, document_id))
        assert doc.customer_references == REFS
        text = " ".join(pdf_text(buffer.getvalue()).split())
        for label, value in zip(labels, ("PO-AB/2026/117", "4500012345", "Framework agreement 2025-07"), strict=True):
            assert f"{label} {value}" in text.replace("\xa0", " "), text
        xml = build_ubl(doc)
        assert [(f.rule, f.message) for f in validate(xml).findings if f.is_fatal] == []
        assert _values(xml, "/*/cbc:BuyerReference/text()") == ["PO-AB/2026/117"]
        assert _values(xml, "/*/cac:OrderReference/cbc:ID/text()") == ["4500012345"]
        assert _values(xml, "/*/cac:ContractDocumentReference/cbc:ID/text()") == ["Framework agreement 2025-07"]


def test_an_order_number_alone_routes_the_invoice_and_without_references_the_number_stands_in(book):
    customer = _customer(book)
    only_order = invoice(book, customer, lines=LINES, references=CustomerReferences.of(order_reference="4500012345"))
    none = invoice(book, customer, lines=LINES)
    with book.db.reading() as s:
        order_xml = build_ubl(einvoicing.document_of(s, s.get(Invoice, only_order)))
        plain_xml = build_ubl(einvoicing.document_of(s, s.get(Invoice, none)))
    assert _values(order_xml, "/*/cbc:BuyerReference/text()") == []
    assert _values(order_xml, "/*/cac:OrderReference/cbc:ID/text()") == ["4500012345"]
    assert _values(plain_xml, "/*/cbc:BuyerReference/text()") == ["2026-0002"]
    for xml in (order_xml, plain_xml):
        assert [f.rule for f in validate(xml).findings if f.is_fatal] == []


def test_a_customer_who_requires_a_reference_gets_no_invoice_without_one(book):
    customer = _customer(book, "fr", requires_buyer_reference=True)
    with book.db.transaction() as s:
        draft = invoicing.create_draft(s, invoicing.DraftData(customer_id=customer, issue_date=ON, lines=LINES))
    with book.db.transaction() as s:
        with pytest.raises(DomainError) as caught:
            invoicing.issue(s, draft)
    assert str(caught.value) == (
        "Stad Gent requires a buyer reference or an order number on every invoice: enter it before issuing"
    )
    assert sentence(caught.value, "fr").startswith("Stad Gent exige une référence ou un numéro de commande")
    data = invoicing.DraftData(customer_id=customer, issue_date=ON, lines=LINES)
    with book.db.reading() as s:
        assert invoice_forms.invoice_defaults(s, customer).requires_buyer_reference
        with pytest.raises(DomainError, match="requires a buyer reference"):
            invoice_forms.issue_question(s, draft, data)  # the editor is told before it asks
        with_ref = invoicing.DraftData(
            customer_id=customer, issue_date=ON, lines=LINES, references=CustomerReferences.of("PO-1")
        )
        assert invoice_forms.issue_question(s, draft, with_ref).number == "2026-0001"
    with book.db.transaction() as s:
        invoicing.update_draft(s, draft, with_ref)
        assert invoicing.issue(s, draft) == "2026-0001"


def test_the_book_file_carries_the_references_and_the_requirement(book, tmp_path):
    customer = _customer(book, requires_buyer_reference=True)
    invoice(book, customer, lines=LINES, references=REFS)
    with book.db.reading() as s:
        exported = book_io.export_book(s)
    assert exported["customers"][0]["requires_buyer_reference"] is True
    row = exported["invoices"][0]
    assert (row["buyer_reference"], row["order_reference"], row["contract_reference"]) == (
        "PO-AB/2026/117",
        "4500012345",
        "Framework agreement 2025-07",
    )
    from ledgerdesk.paths import BookPaths
    from ledgerdesk.persistence.book import open_book

    copy = open_book(BookPaths.in_dir(tmp_path / "copy"))
    try:
        with pytest.raises(_Rollback):
            with copy.db.transaction() as s:
                book_io.import_book(s, json.loads(json.dumps(exported)))
                again = book_io.export_book(s)
                assert again["invoices"] == exported["invoices"] and again["customers"] == exported["customers"]
                raise _Rollback

        def refused(change) -> list[str]:  # type: ignore[no-untyped-def]
            doc = json.loads(json.dumps(exported))
            change(doc["invoices"][0])
            with pytest.raises(book_io.BookFileError) as caught:
                with copy.db.transaction() as s:
                    book_io.import_book(s, doc)
            return [str(p) for p in caught.value.problems]

        def drop_references(item):  # type: ignore[no-untyped-def]
            item.pop("buyer_reference")
            item.pop("order_reference")

        assert any(
            "$.invoices[0].buyer_reference" in p and "requires a buyer reference" in p for p in refused(drop_references)
        )
        assert any(
            "$.invoices[0].order_reference" in p and "at most 200 characters" in p
            for p in refused(lambda i: i.update(order_reference="9" * 201))
        )
    finally:
        copy.close()
