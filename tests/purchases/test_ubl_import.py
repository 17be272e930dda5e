"""Every UBL invoice and credit note example of the CEN set in the repository imports as a bill with the
totals per VAT rate it states; broken files are refused whole, naming the rule and the field, storing nothing.

OpenPeppol's own examples are not in the repository (we may not ship copies); `supplier_ubl` writes a
Belgian supplier's Peppol BIS invoice for the Peppol cases."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from builders import new_book
from lxml import etree

from ledgerdesk.einvoice.validate import warm_up
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.persistence.models import Purchase, PurchaseFile, Supplier
from ledgerdesk.services.purchase_import import UblRefused, import_ubl

from .supplier_ubl import broken, invoice

HERE = Path(__file__).parent
CEN = HERE.parent / "einvoice" / "cen-en16931" / "ubl" / "examples"
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
EXAMPLES = sorted(CEN.iterdir())
TODAY = date(2026, 12, 6)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A book with a company, made once; each test works on its own copy of the file."""
    warm_up()
    folder = tmp_path_factory.mktemp("template")

    new_book(folder, iban=None, bic=None, email="").close()
    return folder


@pytest.fixture
def fresh(template, tmp_path):
    shutil.copytree(template, tmp_path / "book")
    book = open_book(BookPaths.in_dir(tmp_path / "book"))
    yield book
    book.close()


def stated(xml: bytes) -> list[tuple[str, Decimal, int, int]]:
    """The VAT breakdown the document states, read independently of the importer."""
    root = etree.fromstring(xml)
    currency = root.findtext("cbc:DocumentCurrencyCode", namespaces=NS)
    out = []
    for total in root.iterfind("cac:TaxTotal", NS):
        if total.find("cbc:TaxAmount", NS).get("currencyID") != currency:
            continue
        for sub in total.iterfind("cac:TaxSubtotal", NS):
            out.append(
                (
                    sub.findtext("cac:TaxCategory/cbc:ID", namespaces=NS),
                    Decimal(sub.findtext("cac:TaxCategory/cbc:Percent", namespaces=NS) or "0"),
                    int(Decimal(sub.findtext("cbc:TaxableAmount", namespaces=NS)) * 100),
                    int(Decimal(sub.findtext("cbc:TaxAmount", namespaces=NS)) * 100),
                )
            )
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_imports_with_the_totals_per_vat_rate_it_states(fresh, path):
    xml = path.read_bytes()
    with fresh.db.transaction() as s:
        imported = import_ubl(s, xml, name=path.name, on=TODAY)
    expected = stated(xml)
    assert [(c, Decimal(r), b, v) for c, r, b, v in imported.rates] == expected
    with fresh.db.reading() as s:
        p = s.get(Purchase, imported.recorded.id)
        per_rate: dict[Decimal, tuple[int, int]] = {}
        for _category, rate, base, vat in expected:
            old = per_rate.get(rate, (0, 0))
            per_rate[rate] = (old[0] + base, old[1] + vat)
        from ledgerdesk.domain.document import DocumentKind, line_of
        from ledgerdesk.domain.invoicing import totals_of

        totals = totals_of([line_of(x) for x in p.lines])
        got: dict[Decimal, tuple[int, int]] = {}
        for v in totals.breakdown:
            old = got.get(v.rate, (0, 0))
            got[v.rate] = (old[0] + v.base_cents, old[1] + v.vat_cents)
        assert got == per_rate
        assert p.total_cents == sum(b + v for _, _, b, v in expected)
        root = etree.fromstring(xml)
        assert p.payable_cents == int(
            Decimal(root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=NS)) * 100
        )
        assert p.number == root.findtext("cbc:ID", namespaces=NS)
        credit = (
            etree.QName(root).localname == "CreditNote" or root.findtext("cbc:InvoiceTypeCode", namespaces=NS) == "381"
        )
        assert DocumentKind(p.kind) is (DocumentKind.PURCHASE_CREDIT_NOTE if credit else DocumentKind.PURCHASE_INVOICE)
        assert (p.status, p.source) == ("received", "ubl")
        assert s.query(PurchaseFile).one().content == xml  # kept byte for byte
    # the same file twice is the same bill twice: refused
    with pytest.raises(Exception, match="already in the book"), fresh.db.transaction() as s:
        import_ubl(s, xml, name=path.name, on=TODAY)


def test_a_file_that_breaks_the_ubl_schema_is_refused_whole_with_the_rule_and_the_line(fresh):
    xml, line = broken()
    with pytest.raises(UblRefused) as refused, fresh.db.transaction() as s:
        import_ubl(s, xml, name="moved.xml", on=TODAY)
    first = refused.value.findings[0]
    assert (first.rule, first.location) == ("UBL-XSD", f"line {line}")
    assert "AdditionalDocumentReference" in str(refused.value)
    with fresh.db.reading() as s:
        assert s.query(Purchase).count() == 0 and s.query(Supplier).count() == 0


def test_a_tampered_vat_amount_is_refused_naming_the_rule_and_the_field(fresh):
    xml = invoice().replace(b'currencyID="EUR">870.00<', b'currencyID="EUR">870.01<')  # with VAT and payable
    with pytest.raises(UblRefused) as refused, fresh.db.transaction() as s:
        import_ubl(s, xml, name="tampered.xml", on=TODAY)
    rules = {f.rule for f in refused.value.findings}
    assert "BR-CO-15" in rules, rules  # the total with VAT is no longer the total without VAT plus the VAT
    assert all(f.location.startswith("/Invoice") for f in refused.value.findings)
    assert str(refused.value).startswith("tampered.xml is refused: BR-CO-15 (/Invoice")
    with fresh.db.reading() as s:
        assert s.query(Purchase).count() == 0


def test_an_e_fff_file_is_held_to_the_european_rules_not_peppols(fresh):
    xml = invoice()
    efff = xml.replace(
        b"urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
        b"urn:cen.eu:en16931:2017#conformant#urn:UBL.BE:1.0.0.20180214",
    )
    assert efff != xml
    with fresh.db.transaction() as s:
        imported = import_ubl(s, efff, name="efff.xml", on=TODAY)
    assert imported.rates == (("S", "21", 50000, 10500), ("S", "6", 25000, 1500))


def test_a_belgian_bill_brings_its_structured_communication_and_iban(fresh):
    xml = invoice()
    root = etree.fromstring(xml)
    means = root.find("cac:PaymentMeans", NS)
    means.find("cbc:PaymentID", NS).text = "+++090/9337/55493+++"
    means.find("cac:PayeeFinancialAccount/cbc:ID", NS).text = "BE71096123456769"
    with fresh.db.transaction() as s:
        imported = import_ubl(s, etree.tostring(root, xml_declaration=True, encoding="UTF-8"), name="be.xml", on=TODAY)
    with fresh.db.reading() as s:
        p = s.get(Purchase, imported.recorded.id)
        assert (p.structured_communication, p.iban) == ("090933755493", "BE71096123456769")
        assert p.supplier.name == "Drukkerij Peeters"


def test_the_reader_itself_refuses_a_rate_whose_vat_is_not_base_times_rate():
    from ledgerdesk.einvoice.bill_reader import Refused, read_bill

    root = etree.fromstring(invoice())
    sub = root.find("cac:TaxTotal/cac:TaxSubtotal", NS)
    sub.find("cbc:TaxAmount", NS).text = "105.01"
    with pytest.raises(Refused) as refused:
        read_bill(etree.tostring(root))
    assert refused.value.rule == "BR-CO-17"
    assert refused.value.location == "/Invoice/cac:TaxTotal/cac:TaxSubtotal[1]"
