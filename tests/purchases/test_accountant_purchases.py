"""The accountant's pack carries the period's bills: the supplier's files as received and a purchase journal."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from builders import bill_line, supplier

from ledgerdesk.domain.period import Period
from ledgerdesk.services import purchases
from ledgerdesk.services.accountant_pack import build_pack
from ledgerdesk.services.purchase_import import import_ubl

from .supplier_ubl import invoice


def test_the_pack_holds_each_bill_as_received_and_the_purchase_journal(book):
    xml = invoice()
    photo = b"\xff\xd8\xff photo of a receipt"
    with book.db.transaction() as s:
        import_ubl(s, xml, name="peeters.xml", on=date(2026, 11, 20))
        sid = supplier(s, "Garage Dubois", default_category="car")
        draft = purchases.BillDraft(sid, "G/7", date(2026, 11, 5), (bill_line("100", "21", "car", "50"),))
        purchases.record_bill(s, draft, on=date(2026, 11, 5), attachments=[purchases.Attachment("receipt.JPG", photo)])
        rejected = purchases.record_bill(
            s, purchases.BillDraft(sid, "G/8", date(2026, 11, 6), (bill_line("5"),)), on=date(2026, 11, 6)
        )
        purchases.reject_bill(s, rejected.id, "double", on=date(2026, 11, 6))
        data, pack = build_pack(s, Period.parse("2026-11"), today=date(2026, 12, 1), now=datetime(2026, 12, 1, 9))
    assert pack.purchases == 2
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        assert z.read("purchases/invoices/Drukkerij_Peeters-DP-2026-117.xml") == xml
        assert z.read("purchases/invoices/Garage_Dubois-G_7.jpg") == photo
        rows = list(csv.DictReader(io.StringIO(z.read("purchase_journal.csv").decode("utf-8-sig"))))
    assert "purchase_journal.csv" in names
    assert [
        (r["number"], r["net"], r["vat"], r["deductible_vat"], r["non_deductible_vat"], r["categories"]) for r in rows
    ] == [
        ("G/7", "100.00", "21.00", "10.50", "10.50", "car"),
        ("DP-2026-117", "750.00", "120.00", "120.00", "0.00", "other"),
    ]
    assert rows[1]["bases_per_rate"] == "21%=500.00 6%=250.00"
