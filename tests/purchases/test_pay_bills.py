"""Paying bills: a pain.001.001.09 file valid against ISO's XSD, structured addresses, the EPC character set,
the structured communication as a SCOR / BBA reference; refusals name the bill; the CLI and the tab write it."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from builders import bill, bill_line, supplier
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ledgerdesk.cli import main
from ledgerdesk.domain.document import Party
from ledgerdesk.domain.errors import DomainError, ValidationError
from ledgerdesk.persistence.models import PurchaseEvent
from ledgerdesk.sepa import pain001, schema
from ledgerdesk.services import purchases
from ledgerdesk.services.purchase_payments import due_bill_ids, payment_file

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}
NOW = datetime(2026, 12, 7, 9, 30)


def _approved(book) -> dict[str, int]:
    with book.db.transaction() as s:
        dubois = supplier(s, street="Rue de l'Église 12 bte 3", city="Liège", postcode="4000")
        fils = supplier(
            s, "Société Générale & Fils", vat="BE0403170701", iban="FR1420041010050500013M02606", country="FR",
            street="16, rue de la Paix", postcode="75002", city="Paris",
        )  # fmt: skip
        ids = {
            "OGM": bill(s, dubois, "D-1", bill_line("100"), structured_communication="090933755493").id,
            "FREE": bill(s, fils, "SG/2026/77", bill_line("50", "0")).id,
            "LATER": bill(s, dubois, "D-2", bill_line("10"), due_date=date(2027, 3, 1)).id,
            "RECEIVED": bill(s, dubois, "D-3", bill_line("20")).id,
        }
        for key in ("OGM", "FREE", "LATER"):
            purchases.approve_bill(s, ids[key], "Ann", on=date(2026, 12, 2))
        purchases.mark_paid(s, ids["OGM"], on=date(2026, 12, 3), amount_cents=2100)  # partly paid already
    return ids


def test_the_file_pays_whats_left_with_structured_references_and_addresses(book):
    ids = _approved(book)
    with book.db.transaction() as s:
        chosen = due_bill_ids(s, date(2026, 12, 31))
        assert chosen == [ids["OGM"], ids["FREE"]]
        made = payment_file(s, chosen, execution_date=date(2026, 12, 8), now=NOW)
    assert schema.problems(made.xml, "pain.001.001.09") == ()
    assert (made.count, made.total_cents) == (2, 10000 + 5000)
    root = etree.fromstring(made.xml)
    assert root.findtext("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "150.00"
    txs = root.findall(".//p:CdtTrfTxInf", NS)
    first, second = txs
    assert first.findtext("p:Amt/p:InstdAmt", namespaces=NS) == "100.00"
    reference = first.find("p:RmtInf/p:Strd/p:CdtrRefInf", NS)
    assert reference.findtext("p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS) == "SCOR"
    assert reference.findtext("p:Tp/p:Issr", namespaces=NS) == "BBA"
    assert reference.findtext("p:Ref", namespaces=NS) == "090933755493"
    address = first.find("p:Cdtr/p:PstlAdr", NS)
    assert [(etree.QName(e).localname, e.text) for e in address] == [
        ("StrtNm", "Rue de l'Eglise"),
        ("BldgNb", "12 bte 3"),
        ("PstCd", "4000"),
        ("TwnNm", "Liege"),
        ("Ctry", "BE"),
    ]
    assert first.findtext("p:CdtrAgt/p:FinInstnId/p:BICFI", namespaces=NS) == "GKCCBEBB"
    assert second.findtext("p:Cdtr/p:Nm", namespaces=NS) == "Societe Generale + Fils"
    assert second.findtext("p:RmtInf/p:Ustrd", namespaces=NS) == "SG/2026/77"
    assert second.find("p:CdtrAgt", NS) is None  # no BIC known: IBAN only
    assert root.findtext(".//p:Dbtr/p:PstlAdr/p:TwnNm", namespaces=NS) == "Gent"
    with book.db.reading() as s:
        events = s.query(PurchaseEvent).filter_by(kind="payment_file").all()
        assert sorted(e.detail["amount_cents"] for e in events) == [5000, 10000]


def test_bills_that_cannot_be_paid_by_transfer_are_refused_by_name(book):
    ids = _approved(book)
    with pytest.raises(DomainError, match="not approved yet"), book.db.transaction() as s:
        payment_file(s, [ids["RECEIVED"]], execution_date=date(2026, 12, 8), now=NOW)
    with book.db.transaction() as s:
        sid = supplier(s, "Zonder Rekening", vat="BE0417497106", iban="")
        no_iban = bill(s, sid, "Z-1", bill_line("5")).id
        purchases.approve_bill(s, no_iban, "Ann", on=date(2026, 12, 2))
    with pytest.raises(ValidationError, match="bill Z-1 has no IBAN"), book.db.transaction() as s:
        payment_file(s, [no_iban], execution_date=date(2026, 12, 8), now=NOW)
    with book.db.reading() as s:
        assert s.query(PurchaseEvent).filter_by(kind="payment_file").count() == 0


def test_a_name_in_a_script_the_bank_cannot_carry_is_refused_naming_the_supplier():
    transfer = pain001.Transfer(
        "E1", 100, Party("Ελληνική Εταιρεία", city="Athens", country="GR"), "BE71096123456769", None, None, "1"
    )
    file = pain001.CreditTransferFile(
        "M1", NOW, date(2026, 12, 8), Party("Atelier", city="Gent"), "BE71096123456769", None, (transfer,)
    )
    with pytest.raises(ValidationError, match="the supplier Ελληνική Εταιρεία \\(name\\): the character 'Ε'"):
        pain001.build(file)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 99_999_999_999),
            st.text(alphabet="abcdéèçàÀ &'-/0123456789", min_size=1, max_size=80).filter(lambda t: t.strip(" &'-/")),
            st.sampled_from(["Kerkstraat 1", "Rue de la Loi 16 bus 2", "Marktplein", "3, Place du Jeu de Balle"]),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_payment_file_follows_the_iso_schema(items):
    transfers = tuple(
        pain001.Transfer(f"E{i}", cents, Party(name, street=street, postcode="1000", city="Brussel"),
                         "BE71096123456769", "GKCCBEBB" if i % 2 else None, "090933755493" if i % 3 else None, f"N{i}")
        for i, (cents, name, street) in enumerate(items)
    )  # fmt: skip
    file = pain001.CreditTransferFile(
        "M1", NOW, date(2026, 12, 8), Party("Atelier Janssens", street="Kerkstraat 1", postcode="9000", city="Gent"),
        "BE71096123456769", "GKCCBEBB", transfers,
    )  # fmt: skip
    xml = pain001.build(file)
    assert schema.problems(xml, "pain.001.001.09") == ()
    root = etree.fromstring(xml)
    cents = sum(c for c, _, _ in items)
    assert root.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS) == f"{cents // 100}.{cents % 100:02d}"
    total = sum(int(e.text.replace(".", "")) for e in root.iterfind(".//p:InstdAmt", NS))
    assert total == sum(c for c, _, _ in items)


def test_purchases_pay_writes_the_file_for_the_bills_due(book, tmp_path, monkeypatch):
    _approved(book)
    folder = str(book.paths.folder)
    book.close()
    monkeypatch.setenv("LEDGERDESK_LANG", "en")
    target = tmp_path / "pay.xml"
    out, err = io.StringIO(), io.StringIO()
    code = main(["--data-dir", folder, "purchases", "pay", "--due-by", "2026-12-31", "--execution-date", "2026-12-08",
                 "-o", str(target)], out=out, err=err)  # fmt: skip
    assert code == 0, err.getvalue()
    assert out.getvalue() == f"{target}: 2 transfers, 150.00 EUR (D-1, SG/2026/77)\n"
    assert schema.problems(target.read_bytes(), "pain.001.001.09") == ()
    code = main(["--data-dir", folder, "purchases", "pay", "--due-by", "2026-01-01", "-o", str(tmp_path / "x.xml")],
                out=out, err=err)  # fmt: skip
    assert code == 1 and err.getvalue().endswith("ledgerdesk: there is nothing to pay\n")
    assert not (tmp_path / "x.xml").exists()
