"""Every invoice and credit note of the demo book exports to a valid Peppol BIS 3.0 e-invoice (OpenPeppol's own
rules), except those of customers without a VAT number: they have no Peppol address, and only R010 says so."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from ledgerdesk.persistence.models import Invoice
from ledgerdesk.services import demo, einvoicing


@pytest.mark.parametrize("franchise", [False, True], ids=["standard", "franchise"])
def test_every_demo_document_exports_valid(empty_book, franchise):
    with empty_book.db.transaction() as s:
        demo.generate(s, demo.DemoSpec(years=2, customers=40, seed=3, as_of=date(2026, 11, 23), franchise=franchise))
    failures: list[str] = []
    kinds: Counter[str] = Counter()
    with empty_book.db.transaction() as s:
        for invoice_id in s.scalars(select(Invoice.id).where(Invoice.status == "issued")):
            exported = einvoicing.export_einvoice(s, invoice_id, on=date(2026, 11, 23))
            invoice = s.get(Invoice, invoice_id)
            kinds[invoice.kind] += 1
            allowed = set() if invoice.customer.vat else {"PEPPOL-EN16931-R010"}
            kinds["no Peppol address"] += not invoice.customer.vat
            failures += [
                f"{exported.number} {f.rule}: {f.message}" for f in exported.report.fatal if f.rule not in allowed
            ]
    assert not failures, "\n".join(failures[:20])
    assert kinds["invoice"] > 100 and kinds["credit_note"] >= 1 and kinds["no Peppol address"] >= 1
