"""An imported e-invoice keeps the supplier's lines (description, quantity, unit, price, VAT category and rate,
line total) and its allowances and charges, each with the supplier's default cost category; per VAT category
the lines add up to the taxable amount stated, and a document whose lines disagree with its totals is refused
whole, naming the rule and the field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from ledgerdesk.einvoice.bill_reader import Refused, read_bill
from ledgerdesk.persistence.models import Purchase, Supplier
from ledgerdesk.services.purchase_import import UblRefused, import_ubl

from .supplier_ubl import invoice
from .test_ubl_import import EXAMPLES, NS, TODAY, fresh, template  # noqa: F401  (fixtures)


def _document_lines(root) -> list[tuple[str, int, str]]:
    """(name, line total in cents, VAT category) of each line, then each document allowance or charge."""
    tag = "cac:CreditNoteLine" if etree.QName(root).localname == "CreditNote" else "cac:InvoiceLine"
    out = [
        (
            line.findtext("cac:Item/cbc:Name", namespaces=NS),
            int(Decimal(line.findtext("cbc:LineExtensionAmount", namespaces=NS)) * 100),
            line.findtext("cac:Item/cac:ClassifiedTaxCategory/cbc:ID", namespaces=NS),
        )
        for line in root.iterfind(tag, NS)
    ]
    for ac in root.iterfind("cac:AllowanceCharge", NS):
        sign = 1 if ac.findtext("cbc:ChargeIndicator", namespaces=NS) == "true" else -1
        reason = ac.findtext("cbc:AllowanceChargeReason", namespaces=NS) or ac.findtext(
            "cbc:AllowanceChargeReasonCode", namespaces=NS
        )
        out.append(
            (
                reason,
                sign * int(Decimal(ac.findtext("cbc:Amount", namespaces=NS)) * 100),
                ac.findtext("cac:TaxCategory/cbc:ID", namespaces=NS),
            )
        )
    return out


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_keeps_the_suppliers_lines_with_a_cost_category_each(fresh, path):  # noqa: F811
    xml = path.read_bytes()
    with fresh.db.transaction() as s:
        imported = import_ubl(s, xml, name=path.name, on=TODAY)
    with fresh.db.reading() as s:
        bill = s.get(Purchase, imported.recorded.id)
        supplier = s.get(Supplier, bill.supplier_id)
        got = [(line.description, line.net_cents, line.vat_category) for line in bill.lines]
        assert got == [
            (" ".join(name.split())[:500], cents, category)
            for name, cents, category in _document_lines(etree.fromstring(xml))
        ]
        assert {line.category for line in bill.lines} == {supplier.default_category}
        for line in bill.lines:  # what is stored gives the line total again
            from ledgerdesk.domain.document import line_of

            assert line_of(line).net_cents == line.net_cents


def test_quantity_unit_and_price_are_kept_when_they_give_the_line_total():
    by_name = {p.name: p for p in EXAMPLES}
    bill = read_bill(by_name["ubl-tc434-example8.xml"].read_bytes())
    first = bill.received_lines[0].line
    assert (first.quantity, first.unit, first.unit_price, first.net_cents) == (
        Decimal(16000),
        "KWH",
        Decimal("0.00880"),
        14080,
    )
    # a line allowance makes quantity x price differ from the total: the price per unit the total gives
    second = read_bill(by_name["ubl-tc434-example2.xml"].read_bytes()).received_lines[0].line
    assert (second.quantity, second.unit_price, second.net_cents) == (Decimal(2), Decimal("636.5"), 127300)


def _tampered(change) -> bytes:
    root = etree.fromstring(invoice())
    change(root)
    return etree.tostring(root)


def test_a_line_total_that_is_not_the_stated_sum_of_lines_is_refused_with_br_co_10():
    def change(root):
        root.find("cac:InvoiceLine/cbc:LineExtensionAmount", NS).text = "1.00"

    with pytest.raises(Refused) as refused:
        read_bill(_tampered(change))
    assert refused.value.rule == "BR-CO-10"
    assert refused.value.location == "/Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount"


def test_lines_that_do_not_add_up_to_their_vat_categorys_taxable_amount_are_refused_with_its_rule(fresh):  # noqa: F811
    def change(root):  # the first line and the document's line total both 10.00 more: the S base no longer fits
        line = root.find("cac:InvoiceLine/cbc:LineExtensionAmount", NS)
        line.text = f"{Decimal(line.text) + 10:.2f}"
        total = root.find("cac:LegalMonetaryTotal/cbc:LineExtensionAmount", NS)
        total.text = f"{Decimal(total.text) + 10:.2f}"

    xml = _tampered(change)
    with pytest.raises(Refused) as refused:
        read_bill(xml)
    assert refused.value.rule == "BR-S-08"
    assert refused.value.location == "/Invoice/cac:TaxTotal/cac:TaxSubtotal[1]/cbc:TaxableAmount"
    with pytest.raises(UblRefused), fresh.db.transaction() as s:  # refused whole: nothing stored
        import_ubl(s, xml, name="tampered.xml", on=TODAY)
    with fresh.db.reading() as s:
        assert s.query(Purchase).count() == 0
