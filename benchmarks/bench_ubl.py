"""Benchmark: export and validate 1,000 invoices as Peppol BIS 3.0 UBL; prints the time per invoice.

Run: uv run python benchmarks/bench_ubl.py [COUNT]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from lxml import etree

from ledgerdesk.domain.customer_refs import CustomerReferences
from ledgerdesk.domain.invoicing import LineInput
from ledgerdesk.domain.supply import ServicePeriod
from ledgerdesk.einvoice import peppol_rules
from ledgerdesk.einvoice.ubl_writer import build_ubl
from ledgerdesk.einvoice.validate import check_xsd, run_cen, warm_up
from ledgerdesk.paths import BookPaths
from ledgerdesk.persistence.book import open_book
from ledgerdesk.services import company, einvoicing, invoicing

VATS = ["BE0202239951", "BE0403170701", "BE0417497106", "BE0477472701", "NL004495445B01", "DE136695976"]


def main(count: int = 1000) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        book = open_book(BookPaths.in_dir(Path(tmp)))
        with book.db.transaction() as s:
            company.save_company(
                s,
                company.CompanyData(
                    name="Atelier Janssens",
                    street="Kerkstraat 1",
                    postcode="9000",
                    city="Gent",
                    vat="BE0403170701",
                    iban="BE71096123456769",
                    bic="GKCCBEBB",
                ),
            )
            customers = [
                company.create_customer(
                    s,
                    company.CustomerData(
                        name=f"Klant {i}",
                        vat=VATS[i % len(VATS)],
                        street=f"Straat {i}",
                        postcode="1000",
                        city="Brussel",
                        country=VATS[i % len(VATS)][:2],
                        receives_einvoice=True,
                    ),
                    today=date(2026, 1, 1),
                ).id
                for i in range(30)
            ]
            ids = []
            for n in range(count):
                customer = customers[n % len(customers)]
                eu = VATS[customers.index(customer) % len(VATS)][:2] != "BE"
                lines = [
                    LineInput.of(
                        f"Service {k}",
                        str(rng.randint(1, 40)),
                        f"{rng.randint(100, 99999) / 100:.2f}",
                        "0" if eu else rng.choice(["21", "12", "6"]),
                        exemption="intra_eu" if eu else None,
                        discount_pct=rng.choice(["0", "0", "10"]),
                        unit=rng.choice(["uur", "", "dag"]),
                    )
                    for k in range(rng.randint(1, 6))
                ]
                day = date(2026, 1, 1) + timedelta(days=n % 300)
                # every other invoice names its service period and the customer's references (BT-73/74,
                # BT-10/13/12), so their elements are built and validated too (no random draw: same lines)
                extra = {}
                if n % 2:
                    last = day.replace(day=1) - timedelta(days=1)
                    extra = {
                        "service_period": ServicePeriod(last.replace(day=1), last),
                        "references": CustomerReferences.of(f"REF-{n}", f"PO-{n:05d}", "K-2026"),
                    }
                invoice_id = invoicing.create_draft(
                    s, invoicing.DraftData(customer_id=customer, issue_date=day, lines=lines, **extra)
                )
                invoicing.issue(s, invoice_id, on=day)
                ids.append(invoice_id)
        t0 = time.perf_counter()
        warm_up()
        compile_s = time.perf_counter() - t0

        build = xsd = cen = peppol = 0.0
        with book.db.reading() as s:
            for invoice_id in ids:
                a = time.perf_counter()
                xml = build_ubl(einvoicing.document_of(s, s.get(invoicing.Invoice, invoice_id)))
                b = time.perf_counter()
                tree = etree.ElementTree(etree.fromstring(xml))
                bad = check_xsd(tree)
                c = time.perf_counter()
                bad += [f for f in run_cen(xml) if f.is_fatal]
                d = time.perf_counter()
                bad += [f for f in peppol_rules.check(tree.getroot()) if f.is_fatal]
                e = time.perf_counter()
                assert not bad, (invoice_id, bad)
                build, xsd, cen, peppol = build + b - a, xsd + c - b, cen + d - c, peppol + e - d

        a = time.perf_counter()
        with book.db.transaction() as s:
            for invoice_id in ids:
                exported = einvoicing.export_einvoice(s, invoice_id, on=date(2026, 12, 31))
                assert exported.report.valid and exported.archived_now
            with_pdf = b"EmbeddedDocumentBinaryObject" in exported.xml
        end_to_end = time.perf_counter() - a
        book.close()

    def per(seconds):
        return f"{seconds / count * 1000:.2f} ms"

    print(f"invoices: {count} (1-6 lines, BE 21/12/6 % and intra-EU), all valid")
    print(f"compile XSD + CEN schematron once: {compile_s:.2f} s")
    print(f"per invoice: build {per(build)}, XSD {per(xsd)}, CEN schematron {per(cen)}, Peppol checks {per(peppol)}")
    print(
        f"per invoice, service export (build + validate + archive, one transaction, "
        f"{'with' if with_pdf else 'without'} the invoice PDF embedded): {per(end_to_end)}"
    )
    print(f"total for {count}: {end_to_end:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
